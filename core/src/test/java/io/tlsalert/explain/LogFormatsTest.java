package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of log_formats.tsv reads what it says from its own example; addresses come out in RFC 5952 form. */
class LogFormatsTest {
    static final LogFormats F = LogFormats.load();

    @Test
    void everyRowReadsItsExample() {
        assertThat(F.rows()).hasSizeGreaterThan(10);
        for (LogFormats.Row r : F.rows()) {
            Optional<String> got = switch (r.kind()) {
                case TIME -> F.time(r.example());
                case PEER -> F.peer(r.example()).map(Peer::toString);
                case SESSION -> F.session(r.example()).map(k -> k.substring(k.indexOf(':') + 1));
            };
            assertThat(got).as("row %s (%s)", r.id(), r.example()).contains(r.expect());
        }
    }

    @Test
    void everyRowsExampleIsFoundByThatRowFirst() {
        // The order of the file is the order of trial: a row whose example an earlier row of its kind also reads
        // (with another answer) would never be reached.
        for (LogFormats.Row r : F.rows()) {
            if (r.kind() != LogFormats.Kind.PEER) {
                continue;
            }
            assertThat(F.peer(r.example()).orElseThrow().role()).as(r.id()).isEqualTo(r.role());
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // RFC 5952 §4.1 leading zeros, §4.2.1 longest run, §4.2.2 not one group, §4.2.3 first of equal runs,
                // §4.3 lower case, §5 IPv4-mapped
                "2001:0db8::0001|2001:db8::1",
                "2001:db8:0:0:0:0:2:1|2001:db8::2:1",
                "2001:db8:0:1:1:1:1:1|2001:db8:0:1:1:1:1:1",
                "2001:0:0:1:0:0:0:1|2001:0:0:1::1",
                "2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
                "2001:DB8::AB|2001:db8::ab",
                "0:0:0:0:0:ffff:c000:0201|::ffff:192.0.2.1",
                "::ffff:192.0.2.1|::ffff:192.0.2.1",
                "0:0:0:0:0:0:0:0|::",
                "::1|::1",
                "[fe80::1]|fe80::1",
                "1::|1::",
                "192.0.2.1|192.0.2.1"
            })
    void addressesAreCanonical(String in, String out) {
        assertThat(Peer.canonical(in)).contains(out);
    }

    @ParameterizedTest
    @CsvSource({
        "1.2.3",
        "1.2.3.256",
        "1.2.3.4.5",
        "::1::",
        "1:2:3:4:5:6:7:8:9",
        "12345::",
        "g::1",
        ":",
        "...",
        "::1.2.3"
    })
    void notAddressesAreRefused(String in) {
        assertThat(Peer.canonical(in)).isEmpty();
    }

    @Test
    void aServersPortIsKeptAClientsIsNot() {
        assertThat(F.peer("... upstream: \"https://[2001:db8::0:1]:8443/x\", host: \"a\"")
                        .map(Peer::toString))
                .contains("[2001:db8::1]:8443");
        assertThat(F.peer("http: TLS handshake error from 10.1.2.3:40000: EOF").map(Peer::toString))
                .contains("10.1.2.3");
        // nginx puts client before upstream on the line; the upstream is the TLS peer of an upstream handshake.
        assertThat(F.peer(
                                "while SSL handshaking to upstream, client: 1.1.1.1, server: _, upstream: \"https://2.2.2.2:443/\"")
                        .map(Peer::role))
                .contains("server");
    }

    @Test
    void timesOutOfRangeAreNotTimes() {
        assertThat(F.time("2026-13-22 10:00:00 x")).isEmpty();
        assertThat(F.time("Foo 22 10:00:00 x")).isEmpty();
        assertThat(F.time("2026/11/22 25:00:00 x")).isEmpty();
        assertThat(F.time("2026-11-22T10:00:00+0100 x")).contains("2026-11-22T10:00:00+01:00");
        assertThat(F.time("2026-11-22T10:00:00.5Z x")).contains("2026-11-22T10:00:00.5Z");
        assertThat(F.time("Nov 22, 2026 12:00:01 AM x")).contains("2026-11-22T00:00:01");
    }
}
