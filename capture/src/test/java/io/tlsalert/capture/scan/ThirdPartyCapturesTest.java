package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsalert.testkit.Commands;
import io.tlsalert.wire.AlertLevel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Captures nobody here made — the TLS test traces that Zeek and nDPI publish (see {@code thirdparty/SOURCES.md}) —
 * scanned and set against tshark: every alert record tshark shows, TLS and DTLS, plaintext or encrypted, is in the
 * scan with the same frame and sender (and level and description where tshark reads it), the scan shows no plaintext
 * alert tshark does not, and every connection whose ClientHello tshark shows (SSL 2.0 and SSL 3.0 included) is
 * scanned with its offer read.
 */
class ThirdPartyCapturesTest {
    static final Path DIR = Path.of(System.getProperty("basedir", "."), "src/test/resources/thirdparty");

    /** Each capture's comparison, by its path under {@link #DIR}. */
    static final Map<String, TsharkParity.Result> results = new TreeMap<>();
    /** Each capture's scan. */
    static final Map<String, List<Connection>> scans = new TreeMap<>();

    private static ExecutorService pool;

    @BeforeAll
    static void scanAll() throws Exception {
        assumeTrue(Commands.has("tshark"), "needs tshark");
        List<Path> files;
        try (var s = Files.walk(DIR)) {
            files = s.filter(p -> p.toString().matches(".*\\.(pcap|pcapng)(\\.gz)?$"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        // tshark takes most of the time: two at a time, on the machine's two cores.
        pool = Executors.newFixedThreadPool(2);
        Map<String, Future<TsharkParity.Result>> running = new TreeMap<>();
        for (Path f : files) {
            running.put(DIR.relativize(f).toString(), pool.submit(() -> {
                List<Connection> cs = scan(f);
                synchronized (scans) {
                    scans.put(DIR.relativize(f).toString(), cs);
                }
                return TsharkParity.compare(f, TsharkParity.tshark(f), cs);
            }));
        }
        for (Map.Entry<String, Future<TsharkParity.Result>> e : running.entrySet()) {
            results.put(e.getKey(), e.getValue().get());
        }
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static List<Connection> scan(Path f) {
        try {
            return Live.scan(f, null, new ArrayList<>());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyAlertRecordTsharkShowsIsScannedWithTheSameFrameSenderLevelAndDescription() {
        int alerts = 0;
        int found = 0;
        for (TsharkParity.Result r : results.values()) {
            alerts += r.alerts().size();
            found += r.alertsFound();
        }
        System.out.printf("third-party captures: %d files, alerts %d of %d found%n", results.size(), found, alerts);
        assertThat(results).as("captures under %s", DIR).hasSizeGreaterThanOrEqualTo(30);
        assertThat(alerts).as("tshark's alerts in all the captures").isGreaterThanOrEqualTo(40);
        for (Map.Entry<String, TsharkParity.Result> e : results.entrySet()) {
            assertThat(e.getValue().missedAlerts())
                    .as("alerts tshark shows in %s that the scan lacks\nscan:\n%s", e.getKey(), describe(e.getKey()))
                    .isEmpty();
            assertThat(e.getValue().extraPlaintext())
                    .as("plaintext alerts in %s that tshark does not show\nscan:\n%s", e.getKey(), describe(e.getKey()))
                    .isEmpty();
        }
    }

    @Test
    void everyConnectionWhoseClientHelloTsharkShowsIsScannedWithItsOffer() {
        int hellos = 0;
        int found = 0;
        for (TsharkParity.Result r : results.values()) {
            hellos += r.hellos().size();
            found += r.hellosFound();
        }
        System.out.printf("third-party captures: ClientHellos %d of %d found%n", found, hellos);
        assertThat(hellos).as("connections with a ClientHello in tshark").isGreaterThanOrEqualTo(60);
        for (Map.Entry<String, TsharkParity.Result> e : results.entrySet()) {
            assertThat(e.getValue().missedHellos())
                    .as(
                            "ClientHellos tshark shows in %s that the scan lacks\nscan:\n%s",
                            e.getKey(), describe(e.getKey()))
                    .isEmpty();
        }
    }

    @Test
    void sslv2HellosAreRead() {
        // A pure SSL 2.0 CLIENT-HELLO answered by an SSL 2.0 SERVER-HELLO.
        Connection v2 = only("zeek/ssl-v2.pcap");
        assertThat(v2.offeredVersions()).containsExactly("SSL 2.0");
        assertThat(v2.offeredSuites()).isEqualTo(7);
        assertThat(v2.version()).hasValue("SSL 2.0");
        // The SSL 2.0-compatible CLIENT-HELLO that offers TLS 1.0 (RFC 5246 Appendix E.2): tshark's "SSLv2 Client
        // Hello"; the records after it are TLS 1.0's, and the alert at the end is encrypted.
        Connection compat = only("ndpi/google_ssl.pcap");
        assertThat(compat.offeredVersions()).containsExactly("TLS 1.0");
        assertThat(compat.alerts()).hasSize(1);
        assertThat(compat.alerts().get(0).encrypted()).isTrue();
    }

    @Test
    void dtlsHellosInFragmentsAndEncryptedDtlsAlertsAreRead() {
        // The ClientHello comes in two fragments (two datagrams) twice, around a HelloVerifyRequest.
        Connection c = only("zeek/dtls1_2.pcap");
        assertThat(c.transport()).isEqualTo(Transport.UDP);
        assertThat(c.offeredVersions()).containsExactly("DTLS 1.2");
        assertThat(c.version()).hasValue("DTLS 1.2");
        assertThat(c.alerts()).hasSize(1);
        AlertEvent a = c.alerts().get(0);
        assertThat(a.frame()).isEqualTo(16);
        assertThat(a.from()).isEqualTo(Peer.CLIENT);
        assertThat(a.encrypted()).isTrue();
        assertThat(a.evidence()).hasValueSatisfying(x -> assertThat(x).contains("epoch 1"));
    }

    @Test
    void anEncryptedAlertWhereTheCaptureMissedTheHandshakeIsReported() {
        // tls_alert.pcap's second connection starts mid-stream: a 26-byte alert record, no handshake before it.
        List<Connection> cs = scans.get("ndpi/tls_alert.pcap");
        Connection mid = cs.stream()
                .filter(x -> x.offeredVersions().isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(mid.alerts()).hasSize(1);
        AlertEvent a = mid.alerts().get(0);
        assertThat(a.frame()).isEqualTo(12);
        assertThat(a.encrypted()).isTrue();
        assertThat(a.evidence())
                .hasValueSatisfying(
                        x -> assertThat(x).contains("26-byte record").contains("handshake not in the capture"));
        assertThat(mid.warnings()).noneMatch(w -> w.contains("not 2"));
        // The other one has its plaintext protocol_version from the server, as tshark reads it.
        assertThat(cs.stream().flatMap(x -> x.alerts().stream()).filter(x -> !x.encrypted()))
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.code()).hasValue(70);
                    assertThat(x.level()).hasValue(AlertLevel.FATAL);
                    assertThat(x.from()).isEqualTo(Peer.SERVER);
                });
    }

    private static Connection only(String file) {
        List<Connection> cs = scans.get(file);
        assertThat(cs).as("%s\n%s", file, describe(file)).hasSize(1);
        return cs.get(0);
    }

    private static String describe(String file) {
        List<Connection> cs = scans.get(file);
        return cs == null ? "(not scanned)" : Live.describe(cs);
    }
}
