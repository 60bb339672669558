package io.tlsalert.capture.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.scan.AlertEvent;
import io.tlsalert.capture.scan.ClosedBy;
import io.tlsalert.capture.scan.Connection;
import io.tlsalert.capture.scan.Outcome;
import io.tlsalert.capture.scan.Peer;
import io.tlsalert.capture.scan.Transport;
import io.tlsalert.wire.AlertLevel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The scan's JSON and CSV views of a connection built by hand: keys, aliases, nulls, cells. */
class ScanViewsTest {
    static final AlertEvent READ = new AlertEvent(
            4,
            1_715_000_000_004_000_000L,
            Peer.SERVER,
            Optional.of(new AlertEvent.Read(AlertLevel.FATAL, 70)),
            false,
            "client_hello",
            Optional.empty());
    static final AlertEvent UNREAD = new AlertEvent(
            9,
            1_715_000_000_009_000_000L,
            Peer.CLIENT,
            Optional.empty(),
            true,
            "server_hello",
            Optional.of("19-byte record"));
    static final Connection C = new Connection(
            "10.0.0.1:50000",
            "10.0.0.9:443",
            Transport.TCP,
            1,
            1_715_000_000_001_000_000L,
            Optional.of("a,\"b\".test"),
            List.of("TLS 1.3", "TLS 1.2"),
            17,
            Optional.empty(),
            Optional.empty(),
            List.of(READ, UNREAD),
            Outcome.FAILED,
            ClosedBy.END_OF_CAPTURE,
            List.of(),
            0);

    @Test
    void jsonKeysAreCamelCaseWithTheSnakeCaseAliasesHoldingTheSameValues() {
        Map<String, Object> m = ScanJson.connection("x.pcap", C);
        assertThat(m)
                .containsEntry("transport", "tcp")
                .containsEntry("firstFrame", 1L)
                .containsEntry("offeredVersions", List.of("TLS 1.3", "TLS 1.2"))
                .containsEntry("offeredSuites", 17)
                .containsEntry("version", null)
                .containsEntry("cipherSuite", null)
                .containsEntry("outcome", "failed")
                .containsEntry("closedBy", "end-of-capture");
        assertThat(ScanJson.SNAKE_CASE_ALIASES).hasSize(5);
        ScanJson.SNAKE_CASE_ALIASES.forEach((alias, key) -> {
            assertThat(m).containsKey(alias).containsKey(key);
            assertThat(m.get(alias)).as(alias).isEqualTo(m.get(key));
        });
    }

    @Test
    void anAlertNotDecryptedHasNullLevelAndCode() {
        assertThat(ScanJson.alert(READ))
                .containsEntry("from", "server")
                .containsEntry("level", "fatal")
                .containsEntry("code", 70)
                .containsEntry("name", "protocol_version")
                .containsEntry("evidence", null);
        assertThat(ScanJson.alert(UNREAD))
                .containsEntry("from", "client")
                .containsEntry("level", null)
                .containsEntry("code", null)
                .containsEntry("name", "encrypted")
                .containsEntry("evidence", "19-byte record");
    }

    @Test
    void csvHasOneRowPerAlertWithTheHeadersColumns() {
        List<String> rows = ScanCsv.rows("x.pcap", C);
        assertThat(rows)
                .containsExactly(
                        "x.pcap,10.0.0.1:50000,10.0.0.9:443,tcp,\"a,\"\"b\"\".test\",,,failed,4,2024-05-06T12:53:20.004Z,"
                                + "server,fatal,70,protocol_version,false,client_hello,,",
                        "x.pcap,10.0.0.1:50000,10.0.0.9:443,tcp,\"a,\"\"b\"\".test\",,,failed,9,2024-05-06T12:53:20.009Z,"
                                + "client,encrypted,-1,encrypted,true,server_hello,,");
        assertThat(ScanCsv.HEADER.split(",")).hasSize(18);
    }
}
