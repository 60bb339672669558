package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.decode.TlsParameters;
import io.tlsalert.testkit.Dumpcap;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.Ports;
import io.tlsalert.testkit.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * QUIC v1 between real peers (netty's QUIC over quiche and BoringSSL, see {@link QuicPeers}) on 127.0.0.1, recorded
 * by dumpcap, scanned, and compared with tshark: every ClientHello tshark finds is a QUIC connection with the same
 * SNI; the ServerHello's suite is tshark's; every CONNECTION_CLOSE carrying a TLS alert (CRYPTO_ERROR 0x0100 + alert)
 * that tshark reads is an alert in the scan with the same frame, sender and description — from the Initial packets
 * without secrets, and from the Handshake packets too with the client's key log. The files stay under
 * {@code target/quic-live} for inspection.
 */
class QuicAgainstTsharkTest {
    /** The cases, each against its own server port. */
    enum Case {
        /** Handshake, a stream echoed, closed. */
        HEALTHY,
        /** The same after a Retry (the server checks the client's address with a token first). */
        RETRY,
        /** The client offers an ALPN the server does not: no_application_protocol (120) from the server. */
        ALPN_MISMATCH,
        /** The client trusts another certificate: it refuses the server's. */
        CERT_REJECTED,
        /** The server requires a client certificate the client does not have: it refuses in a Handshake packet. */
        CLIENT_CERT_REQUIRED,
        /** Headless Chromium forced onto QUIC: it offers h3, the server only tla: no_application_protocol (120). */
        CHROMIUM
    }

    static Path dir;
    static Path pcap;
    static Path keys;
    static final Map<Case, Integer> ports = new LinkedHashMap<>();
    static final Map<Case, Throwable> clientResult = new LinkedHashMap<>();

    @BeforeAll
    static void record() throws Exception {
        dir = Live.target().resolve("quic-live");
        Files.createDirectories(dir);
        for (String f : new String[] {"quic.pcapng", "keys.log"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
        pcap = dir.resolve("quic.pcapng");
        keys = dir.resolve("keys.log");
        Pki.Leaf server = Pki.selfSigned(
                dir.resolve("server.pem"),
                dir.resolve("server.key"),
                "/CN=quic.test",
                Pki.KeyType.EC,
                2,
                "subjectAltName=DNS:quic.test");
        Pki.Leaf other =
                Pki.selfSigned(dir.resolve("other.pem"), dir.resolve("other.key"), "/CN=other.test", Pki.KeyType.EC, 2);
        List<Integer> taken = new ArrayList<>();
        for (Case c : Case.values()) {
            int p = Ports.freeBelowEphemeral(taken);
            taken.add(p);
            ports.put(c, p);
        }
        String filter = "udp and (" + taken.stream().map(p -> "port " + p).collect(Collectors.joining(" or ")) + ")";
        try (QuicPeers peers = new QuicPeers();
                Dumpcap cap = Dumpcap.loopback(pcap, filter)) {
            for (Case c : Case.values()) {
                peers.server(
                        ports.get(c),
                        server.cert().toFile(),
                        server.key().toFile(),
                        "tla",
                        c == Case.RETRY,
                        c == Case.CLIENT_CERT_REQUIRED ? other.cert().toFile() : null);
            }
            for (Case c : Case.values()) {
                if (c == Case.CHROMIUM) {
                    clientResult.put(c, chromium(ports.get(c)));
                    continue;
                }
                clientResult.put(
                        c,
                        peers.client(
                                ports.get(c),
                                "quic.test",
                                c == Case.ALPN_MISMATCH ? "other" : "tla",
                                (c == Case.CERT_REJECTED ? other : server)
                                        .cert()
                                        .toFile(),
                                keys));
            }
            Thread.sleep(500); // the last packets reach the capture
        }
    }

    /** Debian's Chromium, headless, forced onto QUIC for https://quic.test:PORT/ (mapped to 127.0.0.1). */
    private static Throwable chromium(int port) throws Exception {
        Process p = new ProcessBuilder(
                        "/usr/bin/chromium",
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--no-first-run",
                        "--user-data-dir=" + dir.resolve("chromium-profile"),
                        "--enable-quic",
                        "--origin-to-force-quic-on=quic.test:" + port,
                        "--host-resolver-rules=MAP quic.test 127.0.0.1",
                        "--dump-dom",
                        "https://quic.test:" + port + "/")
                .redirectOutput(dir.resolve("chromium.out").toFile())
                .redirectError(dir.resolve("chromium.err").toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                return new AssertionError("chromium did not finish in 60 s");
            }
            return null;
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static List<Connection> scan(KeyLog k, List<String> warnings) throws Exception {
        return Live.scan(pcap, k, warnings);
    }

    private static Case caseOf(Connection c) {
        int port = Live.port(c.server());
        return ports.entrySet().stream()
                .filter(e -> e.getValue() == port)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("a connection to an unknown port: " + c));
    }

    @Test
    void thePeersDidWhatEachCaseSays() {
        assertThat(clientResult.get(Case.HEALTHY)).isNull();
        assertThat(clientResult.get(Case.RETRY)).isNull();
        assertThat(clientResult.get(Case.ALPN_MISMATCH)).isNotNull();
        assertThat(clientResult.get(Case.CERT_REJECTED)).isNotNull();
        assertThat(clientResult.get(Case.CLIENT_CERT_REQUIRED)).isNotNull();
        assertThat(clientResult.get(Case.CHROMIUM)).isNull(); // it finished (its page: an error)
    }

    @Test
    void everyClientHelloTsharkSeesIsAQuicConnectionWithItsSni() throws Exception {
        List<String> warnings = new ArrayList<>();
        List<Connection> scanned = scan(null, warnings);
        List<String[]> hellos = Tshark.fields(
                pcap,
                List.of("-Y", "quic && tls.handshake.type == 1"),
                List.of("frame.number", "udp.dstport", "tls.handshake.extensions_server_name", "quic.version"),
                ",");
        // Per server port: tshark's SNIs (a Retry makes the client send its ClientHello twice).
        Map<Integer, Set<String>> shark = new LinkedHashMap<>();
        for (String[] r : hellos) {
            shark.computeIfAbsent(Integer.parseInt(r[1]), k -> new TreeSet<>()).add(r[2]);
            assertThat(r[3]).isEqualTo("0x00000001");
        }
        assertThat(shark.keySet()).containsExactlyInAnyOrderElementsOf(ports.values());
        assertThat(scanned).as("%s\n%s", Live.describe(scanned), warnings).hasSize(Case.values().length);
        for (Connection c : scanned) {
            assertThat(c.transport()).isEqualTo(Transport.QUIC);
            assertThat(Set.of(c.sni().orElse("-"))).as("%s", c).isEqualTo(shark.get(Live.port(c.server())));
            assertThat(c.offeredVersions()).containsExactly("TLS 1.3");
            assertThat(c.offeredSuites()).isPositive();
        }
    }

    @Test
    void theServerHelloSuiteIsTsharksAndTheOutcomesFollowTheCases() throws Exception {
        List<Connection> scanned = scan(null, new ArrayList<>());
        List<String[]> sh = Tshark.fields(
                pcap,
                List.of("-Y", "quic && tls.handshake.type == 2"),
                List.of("udp.srcport", "tls.handshake.ciphersuite"),
                ",");
        Map<Integer, String> suites = new LinkedHashMap<>();
        for (String[] r : sh) {
            suites.put(Integer.parseInt(r[0]), TlsParameters.get().cipherSuite(Integer.decode(r[1])));
        }
        for (Connection c : scanned) {
            Case k = caseOf(c);
            String expected = suites.get(Live.port(c.server()));
            assertThat(c.cipherSuite().orElse(null)).as("%s %s", k, c).isEqualTo(expected);
            if (expected != null) {
                assertThat(c.version()).contains("TLS 1.3");
            }
            // Without secrets the refusal of the client's certificate cannot be read: a handshake that never got to
            // 1-RTT packets both ways, still open (no close read) when the capture ended.
            Outcome o = k == Case.HEALTHY || k == Case.RETRY
                    ? Outcome.HEALTHY
                    : k == Case.CLIENT_CERT_REQUIRED ? Outcome.UNFINISHED : Outcome.FAILED;
            assertThat(c.outcome()).as("%s %s", k, c).isEqualTo(o);
            assertThat(c.warnings().stream().anyMatch(w -> w.contains("Retry")))
                    .as("%s %s", k, c.warnings())
                    .isEqualTo(k == Case.RETRY);
        }
    }

    /** tshark's TLS alerts in CONNECTION_CLOSE frames: frame, sender's port, alert. */
    private static List<Live.Row> sharkAlerts(boolean withKeys) {
        List<String> opts = new ArrayList<>(List.of("-Y", "quic.cc.error_code"));
        if (withKeys) {
            opts.addAll(List.of("-o", "tls.keylog_file:" + keys));
        }
        List<Live.Row> rows = new ArrayList<>();
        for (String[] r :
                Tshark.fields(pcap, opts, List.of("frame.number", "udp.srcport", "quic.cc.error_code"), ",")) {
            for (String code : r[2].split(",")) {
                long v = Long.decode(code);
                if (v >= 0x100 && v <= 0x1ff) {
                    rows.add(new Live.Row(Long.parseLong(r[0]), 2, (int) (v - 0x100), Integer.parseInt(r[1])));
                }
            }
        }
        rows.sort(null);
        return rows;
    }

    private static List<Live.Row> scanAlerts(List<Connection> scanned) {
        List<Live.Row> rows = new ArrayList<>();
        for (Connection c : scanned) {
            for (AlertEvent a : c.alerts()) {
                rows.add(Live.row(c, a));
            }
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void withoutSecretsTheAlertsOfInitialPacketsAreTsharks() throws Exception {
        List<String> warnings = new ArrayList<>();
        List<Connection> scanned = scan(null, warnings);
        List<Live.Row> shark = sharkAlerts(false);
        // The ALPN refusal is there: no_application_protocol (120) from the server.
        assertThat(shark).anyMatch(r -> r.code() == 120 && r.srcPort() == ports.get(Case.ALPN_MISMATCH));
        assertThat(scanAlerts(scanned))
                .as("%s\n%s", Live.describe(scanned), warnings)
                .isEqualTo(shark);
        Connection alpn = scanned.stream()
                .filter(c -> caseOf(c) == Case.ALPN_MISMATCH)
                .findFirst()
                .orElseThrow();
        AlertEvent a = alpn.alerts().get(0);
        assertThat(a.from()).isEqualTo(Peer.SERVER);
        assertThat(a.name()).isEqualTo("no_application_protocol");
        assertThat(a.level()).hasValueSatisfying(l -> assertThat(l.isFatal()).isTrue());
        assertThat(a.evidence())
                .hasValueSatisfying(e -> assertThat(e).contains("CONNECTION_CLOSE in an Initial packet"));
    }

    @Test
    void withTheKeyLogTheAlertsOfHandshakePacketsAreTsharksToo() throws Exception {
        KeyLog k = KeyLog.read(keys);
        List<String> warnings = new ArrayList<>();
        List<Connection> scanned = scan(k, warnings);
        List<Live.Row> shark = sharkAlerts(true);
        // The server's refusal of the client (no certificate), readable only with the secrets.
        List<Live.Row> plain = sharkAlerts(false);
        assertThat(shark).anyMatch(r -> r.srcPort() == ports.get(Case.CLIENT_CERT_REQUIRED) && !plain.contains(r));
        assertThat(scanAlerts(scanned))
                .as("%s\n%s", Live.describe(scanned), warnings)
                .isEqualTo(shark);
        Connection refused = scanned.stream()
                .filter(c -> caseOf(c) == Case.CLIENT_CERT_REQUIRED)
                .findFirst()
                .orElseThrow();
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.closedBy()).isEqualTo(ClosedBy.CONNECTION_CLOSE);
        assertThat(refused.alerts()).anySatisfy(a -> {
            assertThat(a.from()).isEqualTo(Peer.SERVER);
            assertThat(a.encrypted()).isTrue();
            assertThat(a.evidence().orElse("")).contains("Handshake packet");
        });
    }

    @Test
    void theViewsSayQuicInBothLanguages() throws Exception {
        List<Connection> scanned = scan(null, new ArrayList<>());
        Connection alpn = scanned.stream()
                .filter(c -> caseOf(c) == Case.ALPN_MISMATCH)
                .findFirst()
                .orElseThrow();
        assertThat(io.tlsalert.capture.report.ScanJson.connection("quic.pcapng", alpn))
                .containsEntry("transport", "quic")
                .containsEntry("closedBy", "connection-close");
        io.tlsalert.capture.report.ScanTable t = new io.tlsalert.capture.report.ScanTable();
        t.add(alpn);
        String en = print(t, io.tlsalert.registry.Lang.EN);
        assertThat(en).contains(alpn.server() + "  over QUIC").contains("fatal no_application_protocol (120)");
        assertThat(print(t, io.tlsalert.registry.Lang.ZH)).contains(alpn.server() + "  经由 QUIC");
    }

    private static String print(io.tlsalert.capture.report.ScanTable t, io.tlsalert.registry.Lang lang) {
        java.io.StringWriter s = new java.io.StringWriter();
        t.print(
                new java.io.PrintWriter(s),
                "quic.pcapng",
                new Scanner.Totals(),
                1,
                1,
                io.tlsalert.TlsAlerts.registry().texts(),
                lang);
        return s.toString();
    }
}
