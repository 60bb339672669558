package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.capture.pcap.Tools;
import io.tlsalert.wire.AlertLevel;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scan of a real loopback capture (see {@link Live}) against tshark: the same plaintext alerts, frame by frame;
 * TLS 1.3's encrypted alert found by its size; with the peers' key log, the same decrypted alerts as tshark's; and the
 * same result from every format the capture converts to.
 */
class ScanAgainstTsharkTest {
    static Live live;
    static List<Connection> scanned;
    static List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void scanOnce() throws Exception {
        live = Live.get();
        scanned = Live.scan(live.pcapng, null, warnings);
    }

    private static Connection connection(String caseId) {
        int port = live.serverPort(caseId);
        List<Connection> cs =
                scanned.stream().filter(c -> Live.port(c.server()) == port).collect(Collectors.toList());
        assertThat(cs)
                .as(
                        "connections to the %s server (port %d) in %s:\n%s",
                        caseId, port, live.pcapng, Live.describe(scanned))
                .hasSize(1);
        return cs.get(0);
    }

    private static String context() {
        return "capture " + live.pcapng + "\nscan:\n" + Live.describe(scanned) + "warnings: " + warnings;
    }

    @Test
    void everyPlaintextAlertTsharkSeesIsScannedWithTheSameFrameLevelDescriptionAndSender() {
        List<Live.Row> shark = Live.tshark(live.pcapng, null);
        List<Live.Row> sharkPlain = shark.stream().filter(r -> r.code() >= 0).collect(Collectors.toList());
        // The cases really produced their plaintext alerts (tshark agrees they are there).
        assertThat(sharkPlain).extracting(Live.Row::code).contains(70, 40, 48, 112, 46);
        assertThat(Live.rows(scanned, true)).as(context()).isEqualTo(sharkPlain);
        // Each tshark row's sender is the listening port exactly when the scan says "server".
        for (Connection c : scanned) {
            for (AlertEvent a : c.alerts()) {
                int sender = Live.port(a.from() == Peer.SERVER ? c.server() : c.client());
                assertThat(live.ports.containsValue(sender))
                        .as("%s in %s", a, c)
                        .isEqualTo(a.from() == Peer.SERVER);
            }
        }
        // Alerts tshark sees but cannot read (TLS 1.2 after ChangeCipherSpec) are encrypted alerts in the scan, same
        // frame and sender.
        for (Live.Row r : shark) {
            if (r.code() < 0) {
                assertThat(scanned.stream()
                                .flatMap(c -> c.alerts().stream()
                                        .filter(a -> a.encrypted())
                                        .map(a -> Live.row(c, a))))
                        .as("encrypted alert of tshark %s\n%s", r, context())
                        .anyMatch(x -> x.frame() == r.frame() && x.srcPort() == r.srcPort());
            }
        }
    }

    @Test
    void aTls13ClientRefusingTheCertificateSendsAPlaintextAlertAsTsharkShowsIt() {
        Connection c = connection(Live.CLIENT_UNKNOWN_CA_13);
        assertThat(c.version()).hasValue("TLS 1.3");
        assertThat(c.alerts()).as(context()).hasSize(1);
        AlertEvent a = c.alerts().get(0);
        // Not "encrypted ... after ChangeCipherSpec": in TLS 1.3 a record of outer type 21 is plaintext.
        assertThat(a.encrypted()).as("%s", a).isFalse();
        assertThat(a.from()).isEqualTo(Peer.CLIENT);
        assertThat(a.level()).hasValue(AlertLevel.FATAL);
        assertThat(a.code()).hasValue(48);
        assertThat(a.name()).isEqualTo("unknown_ca");
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(Live.tshark(live.pcapng, null))
                .as("tshark's alerts")
                .contains(new Live.Row(a.frame(), AlertLevel.FATAL.value(), 48, Live.port(c.client())));
        // With the key log the same plaintext alert, and nothing that failed to decrypt.
        List<String> w = new ArrayList<>();
        Connection k = keyed(w).stream()
                .filter(x -> x.server().equals(c.server()))
                .findFirst()
                .orElseThrow();
        assertThat(k.alerts()).singleElement().satisfies(x -> {
            assertThat(x.frame()).isEqualTo(a.frame());
            assertThat(x.from()).isEqualTo(Peer.CLIENT);
            assertThat(x.code()).hasValue(48);
            assertThat(x.encrypted()).isFalse();
            // Without keys the server's flight is "encrypted_handshake"; with them its last message is read.
            assertThat(x.after()).isEqualTo("finished");
        });
        assertThat(k.warnings()).as("%s", k).noneMatch(x -> x.contains("decrypt"));
    }

    /** The live capture scanned with the peers' key log. */
    private static List<Connection> keyed(List<String> warnings) {
        try {
            return Live.scan(live.pcapng, KeyLog.read(live.keys), warnings);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyAlertAndClientHelloTsharkShowsInTheLiveCaptureIsScanned() {
        TsharkParity.Result r = TsharkParity.compare(live.pcapng, TsharkParity.tshark(live.pcapng), scanned);
        assertThat(r.alerts()).as("tshark's alerts").hasSizeGreaterThanOrEqualTo(Live.CASES.size() - 2);
        assertThat(r.missedAlerts()).as(context()).isEmpty();
        assertThat(r.extraPlaintext()).as(context()).isEmpty();
        assertThat(r.hellos()).as("tshark's ClientHellos").hasSizeGreaterThanOrEqualTo(Live.CASES.size());
        assertThat(r.missedHellos()).as(context()).isEmpty();
    }

    @Test
    void eachCaseIsWhatItShouldBe() {
        assertServerAlert(Live.PROTOCOL_VERSION, 70, "protocol_version");
        assertServerAlert(Live.HANDSHAKE_FAILURE, 40, "handshake_failure");
        assertServerAlert(Live.HANDSHAKE_FAILURE_JDK, 40, "handshake_failure");
        assertServerAlert(Live.UNKNOWN_CA, 48, "unknown_ca");
        assertServerAlert(Live.UNRECOGNIZED_NAME, 112, "unrecognized_name");

        assertClientAlert(Live.CLIENT_UNKNOWN_CA, 48, "unknown_ca");
        assertClientAlert(Live.CLIENT_CERTIFICATE_UNKNOWN_JDK, 46, "certificate_unknown");

        Connection pv = connection(Live.PROTOCOL_VERSION);
        assertThat(pv.offeredVersions()).containsExactly("TLS 1.2");
        assertThat(pv.version()).isEmpty();
        assertThat(pv.alerts().get(0).after()).isEqualTo("client_hello");

        Connection un = connection(Live.UNRECOGNIZED_NAME);
        assertThat(un.sni()).hasValue("bad.test");

        Connection uca = connection(Live.UNKNOWN_CA);
        assertThat(uca.version()).hasValue("TLS 1.2");
        assertThat(uca.cipherSuite()).isPresent();

        // TLS 1.3 certificate_required: encrypted; found as the server's last record, 19 bytes.
        Connection cr = connection(Live.CERTIFICATE_REQUIRED);
        assertThat(cr.version()).hasValue("TLS 1.3");
        assertThat(cr.alerts()).as(context()).hasSize(1);
        AlertEvent e = cr.alerts().get(0);
        assertThat(e.from()).isEqualTo(Peer.SERVER);
        assertThat(e.encrypted()).isTrue();
        assertThat(e.level()).isEmpty();
        assertThat(e.code()).isEmpty();
        assertThat(e.name()).isEqualTo("encrypted");
        assertThat(e.evidence()).hasValueSatisfying(x -> assertThat(x).contains("19-byte record"));
        // tshark (no keys) shows no readable alert in that connection.
        assertThat(Live.tshark(live.pcapng, null))
                .noneMatch(r -> r.code() >= 0 && r.srcPort() == live.serverPort(Live.CERTIFICATE_REQUIRED));

        // close_notify under TLS 1.2 AES-GCM without keys: two encrypted alerts (26-byte records), client's first.
        Connection cn = connection(Live.CLOSE_NOTIFY);
        assertThat(cn.outcome()).isEqualTo(Outcome.HEALTHY);
        assertThat(cn.alerts()).as(context()).hasSize(2).allSatisfy(a -> {
            assertThat(a.encrypted()).isTrue();
            assertThat(a.evidence()).hasValueSatisfying(x -> assertThat(x).contains("26-byte record"));
            assertThat(a.after()).isEqualTo("application_data");
        });
        assertThat(cn.alerts().get(0).from()).isEqualTo(Peer.CLIENT);
        assertThat(cn.alerts().get(1).from()).isEqualTo(Peer.SERVER);

        Connection ok = connection(Live.HEALTHY_13);
        assertThat(ok.version()).hasValue("TLS 1.3");
        assertThat(ok.outcome()).as(context()).isEqualTo(Outcome.HEALTHY);
        assertThat(ok.alerts()).noneMatch(a -> !a.encrypted());

        for (Connection c : scanned) {
            assertThat(c.transport()).isEqualTo(Transport.TCP);
            assertThat(c.client()).startsWith("127.0.0.1:");
            assertThat(c.closedBy()).isIn(ClosedBy.FIN, ClosedBy.RST);
            assertThat(c.warnings()).as(c.toString()).isEmpty();
        }
        assertThat(warnings).isEmpty();
    }

    @Test
    void aTls13HandshakeEndedByAnEncryptedAlertIsFailedNotHealthy() {
        // No application data flowed: the client sent its second flight (ChangeCipherSpec, Certificate, Finished) and
        // the server's only answer was the 19-byte alert; then FIN. Connection's javadoc: healthy = "application data
        // flowed, no fatal alert"; failed = "a handshake that ended without application data".
        Connection cr = connection(Live.CERTIFICATE_REQUIRED);
        assertThat(cr.outcome())
                .as("outcome of the TLS 1.3 certificate_required connection\n%s", context())
                .isEqualTo(Outcome.FAILED);
        assertThat(cr.alerts().get(0).after())
                .as("what the encrypted alert followed\n%s", context())
                .isNotEqualTo("application_data");
    }

    private static void assertClientAlert(String caseId, int code, String name) {
        Connection c = connection(caseId);
        assertThat(c.alerts()).as("%s\n%s", caseId, context()).hasSize(1);
        AlertEvent a = c.alerts().get(0);
        assertThat(a.code()).hasValue(code);
        assertThat(a.name()).isEqualTo(name);
        assertThat(a.level()).hasValue(AlertLevel.FATAL);
        assertThat(a.from()).isEqualTo(Peer.CLIENT);
        assertThat(a.encrypted()).isFalse();
        assertThat(c.version()).hasValue("TLS 1.2");
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void afterNamesTheHandshakeStepAsTheJavadocDoes() {
        // The client refused the certificate once the server's flight (... ServerHelloDone) was in.
        for (String id : List.of(Live.CLIENT_UNKNOWN_CA, Live.CLIENT_CERTIFICATE_UNKNOWN_JDK)) {
            AlertEvent a = connection(id).alerts().get(0);
            assertThat(a.after()).as("%s: %s", id, a).isEqualTo("server_hello_done");
        }
    }

    private static void assertServerAlert(String caseId, int code, String name) {
        Connection c = connection(caseId);
        assertThat(c.alerts()).as("%s\n%s", caseId, context()).hasSize(1);
        AlertEvent a = c.alerts().get(0);
        assertThat(a.code()).hasValue(code);
        assertThat(a.name()).isEqualTo(name);
        assertThat(a.level()).hasValue(AlertLevel.FATAL);
        assertThat(a.from()).isEqualTo(Peer.SERVER);
        assertThat(a.encrypted()).isFalse();
        assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void withTheKeyLogTheEncryptedAlertsAreReadAsTsharkReadsThem() throws Exception {
        KeyLog keys = KeyLog.read(live.keys);
        List<String> w = new ArrayList<>();
        List<Connection> decrypted = Live.scan(live.pcapng, keys, w);
        String ctx = "capture " + live.pcapng + " keys " + live.keys + "\n" + Live.describe(decrypted) + w;

        List<Live.Row> shark = Live.tshark(live.pcapng, live.keys).stream()
                .filter(r -> r.code() >= 0)
                .collect(Collectors.toList());
        // tshark decrypted certificate_required (116) and both close_notify alerts.
        assertThat(shark).filteredOn(r -> r.code() == 116).hasSize(1);
        assertThat(shark).filteredOn(r -> r.code() == 0).hasSizeGreaterThanOrEqualTo(2);
        // Every alert tshark reads, the scan reads: same frame, level, description, sender; and none tshark does not.
        List<Live.Row> ours = decrypted.stream()
                .flatMap(c ->
                        c.alerts().stream().filter(a -> a.code().isPresent()).map(a -> Live.row(c, a)))
                .sorted()
                .collect(Collectors.toList());
        assertThat(ours).as(ctx).isEqualTo(shark);

        Connection cr = decrypted.stream()
                .filter(c -> Live.port(c.server()) == live.serverPort(Live.CERTIFICATE_REQUIRED))
                .findFirst()
                .orElseThrow();
        assertThat(cr.alerts()).as(ctx).hasSize(1);
        AlertEvent a = cr.alerts().get(0);
        assertThat(a.code()).hasValue(116);
        assertThat(a.name()).isEqualTo("certificate_required");
        assertThat(a.level()).hasValue(AlertLevel.FATAL);
        assertThat(a.from()).isEqualTo(Peer.SERVER);
        assertThat(a.encrypted()).isTrue();

        Connection cn = decrypted.stream()
                .filter(c -> Live.port(c.server()) == live.serverPort(Live.CLOSE_NOTIFY))
                .findFirst()
                .orElseThrow();
        assertThat(cn.alerts()).as(ctx).hasSize(2).allSatisfy(x -> {
            assertThat(x.code()).hasValue(0);
            assertThat(x.name()).isEqualTo("close_notify");
            assertThat(x.level()).hasValue(AlertLevel.WARNING);
            assertThat(x.encrypted()).isTrue();
        });
        assertThat(cn.outcome()).isEqualTo(Outcome.HEALTHY);
        for (Connection c : decrypted) {
            assertThat(c.warnings()).as(ctx).isEmpty();
        }
        // Same frames as without keys: decrypting changes what is known of an alert, never where it is.
        assertThat(decrypted.stream()
                        .flatMap(c -> c.alerts().stream())
                        .filter(x -> x.code().isPresent() || !x.encrypted())
                        .map(AlertEvent::frame)
                        .collect(Collectors.toSet()))
                .containsAll(scanned.stream()
                        .flatMap(c -> c.alerts().stream())
                        .filter(x -> !x.encrypted())
                        .map(AlertEvent::frame)
                        .collect(Collectors.toSet()));
    }

    @Test
    void theSameAlertsFromEveryFormat() throws Exception {
        Path dir = live.dir;
        Path pcap = dir.resolve("live.pcap");
        Path nsec = dir.resolve("live.nsec.pcap");
        Tools.run("editcap", "-F", "pcap", live.pcapng.toString(), pcap.toString());
        Tools.run("editcap", "-F", "nsecpcap", live.pcapng.toString(), nsec.toString());
        Path ngGz = gzip(live.pcapng, dir.resolve("live.pcapng.gz"));
        Path pcapGz = gzip(pcap, dir.resolve("live.pcap.gz.bin")); // by magic, not by name
        Path nsecGz = gzip(nsec, dir.resolve("live.nsec.pcap.gz"));
        List<String> expected = summary(scanned, false);
        for (Path f : List.of(pcap, nsec, ngGz, pcapGz, nsecGz)) {
            List<String> w = new ArrayList<>();
            List<Connection> cs = Live.scan(f, null, w);
            boolean micro = f.getFileName().toString().startsWith("live.pcap");
            assertThat(summary(cs, micro)).as(f.toString()).isEqualTo(micro ? summary(scanned, true) : expected);
            assertThat(w).as(f.toString()).isEmpty();
            assertThat(Live.rows(cs, true))
                    .as(f.toString())
                    .isEqualTo(Live.tshark(f, null).stream()
                            .filter(r -> r.code() >= 0)
                            .collect(Collectors.toList()));
        }
    }

    /** Everything the scan says of the alerts; times in microseconds for the microsecond pcap. */
    private static List<String> summary(List<Connection> cs, boolean micro) {
        List<String> s = new ArrayList<>();
        for (Connection c : cs) {
            s.add(c.client() + ">" + c.server() + " " + c.sni() + " " + c.version() + " " + c.cipherSuite() + " "
                    + c.outcome() + " " + c.closedBy() + " " + c.firstFrame() + " "
                    + (micro ? c.startNanos() / 1000 : c.startNanos()));
            for (AlertEvent a : c.alerts()) {
                s.add("  " + a.frame() + " " + (micro ? a.timeNanos() / 1000 : a.timeNanos()) + " " + a.from() + " "
                        + a.level() + " " + a.code() + " " + a.name() + " " + a.encrypted() + " " + a.after() + " "
                        + a.evidence());
            }
        }
        s.sort(null);
        return s;
    }

    private static Path gzip(Path in, Path out) throws Exception {
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out))) {
            Files.copy(in, o);
        }
        return out;
    }
}
