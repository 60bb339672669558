package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.assertFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Explanation;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.Ports;
import io.tlsalert.testkit.SServerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GnuTLS for real: gnutls-cli (Debian's gnutls-bin) as a client of OpenSSL's s_server, and lighttpd's mod_gnutls as a
 * server for OpenSSL's s_client, in failing configurations. What each side prints is explained, and the alert and
 * direction must agree with the other side's view of the same connection.
 */
class GnutlsRealStackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Pki pki;

    @BeforeEach
    void pki() {
        pki = new Pki(dir);
    }

    // ------------------------------------------------------------------ gnutls-cli against s_server

    @Test
    void gnutlsCliRejectsAnUntrustedServerWithBadCertificate() throws Exception {
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        // No --x509cafile: the system's CAs, which do not hold the test root.
        SServerRun.Sides s = gnutlsCli(serverArgs(leaf), List.of(), "Fatal error", "SSL alert number 42");
        assertThat(s.client()).contains("*** Fatal error: Error in the certificate.");
        assertFinding(s.client(), 42, Direction.SENT, "derived-gnutls");
        assertFinding(s.server(), 42, Direction.RECEIVED, null);
    }

    @Test
    void gnutlsCliRejectsAnExpiredServerCertificate() throws Exception {
        Pki.Leaf leaf = pki.leaf("expired", Pki.KeyType.EC, Pki.Issuer.ROOT, -1, "DNS:localhost", "IP:127.0.0.1");
        SServerRun.Sides s = gnutlsCli(
                serverArgs(leaf), List.of("--x509cafile", pki.caPem.toString()), "Fatal error", "SSL alert number 42");
        assertThat(s.client()).contains("expired");
        assertFinding(s.client(), 42, Direction.SENT, "derived-gnutls");
        assertFinding(s.server(), 42, Direction.RECEIVED, null);
    }

    @Test
    void gnutlsCliWithoutTls13AgainstATls13OnlyServer() throws Exception {
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        List<String> server = new ArrayList<>(serverArgs(leaf));
        server.add("-tls1_3");
        SServerRun.Sides s = gnutlsCli(
                server,
                List.of("--x509cafile", pki.caPem.toString(), "--priority", "NORMAL:-VERS-TLS1.3"),
                "Received alert",
                "unsupported protocol");
        assertThat(s.client()).contains("*** Received alert [70]: Error in protocol version");
        assertFinding(s.client(), 70, Direction.RECEIVED, null);
        assertFinding(s.server(), 70, Direction.SENT, null);
    }

    @Test
    void gnutlsCliWithNoCipherTheServerAccepts() throws Exception {
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        List<String> server = new ArrayList<>(serverArgs(leaf));
        server.addAll(List.of("-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"));
        SServerRun.Sides s = gnutlsCli(
                server,
                List.of("--x509cafile", pki.caPem.toString(), "--priority", "NORMAL:-VERS-TLS1.3:-AES-256-GCM"),
                "Received alert",
                "no shared cipher");
        assertThat(s.client()).contains("*** Received alert [40]: Handshake failed");
        assertFinding(s.client(), 40, Direction.RECEIVED, null);
        assertFinding(s.server(), 40, Direction.SENT, null);
    }

    @Test
    void gnutlsCliWithoutTheClientCertificateTheServerRequires() throws Exception {
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        List<String> server = new ArrayList<>(serverArgs(leaf));
        server.addAll(List.of("-Verify", "1", "-CAfile", pki.caPem.toString()));
        SServerRun.Sides s = gnutlsCli(
                server,
                List.of("--x509cafile", pki.caPem.toString()),
                "Received alert",
                "peer did not return a certificate");
        assertThat(s.client()).contains("*** Received alert [116]: Certificate is required");
        assertFinding(s.client(), 116, Direction.RECEIVED, null);
        assertFinding(s.server(), 116, Direction.SENT, null);
    }

    private static List<String> serverArgs(Pki.Leaf leaf) {
        return List.of("-cert", leaf.cert().toString(), "-key", leaf.key().toString(), "-quiet");
    }

    /**
     * Runs gnutls-cli against s_server until the client printed {@code clientSays} and the server {@code serverSays}
     * (s_server also logs the readiness probe's connection, as an EOF): gnutls-cli's stdout and stderr, s_server's.
     */
    private SServerRun.Sides gnutlsCli(
            List<String> serverArgs, List<String> clientArgs, String clientSays, String serverSays) throws Exception {
        SServerRun.Client cli = SServerRun.Client.of("gnutls-cli", TIMEOUT, port -> {
            List<String> cmd = new ArrayList<>(List.of("gnutls-cli", "--port", String.valueOf(port)));
            cmd.addAll(clientArgs);
            cmd.add("127.0.0.1");
            return cmd;
        });
        SServerRun.Sides s = SServerRun.run(dir, serverArgs, cli, serverSays);
        assertThat(s.clientExit()).as("gnutls-cli fails: %s", s.client()).isNotZero();
        assertThat(s.client()).contains(clientSays);
        return s;
    }

    // ------------------------------------------------------------------ s_client against lighttpd + mod_gnutls

    @Test
    void lighttpdWithoutTheClientCertificateItRequiresSendsNoAlert() throws Exception {
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        SServerRun.Sides s = lighttpd(
                leaf, true, List.of("-CAfile", pki.caPem.toString(), "-tls1_2"), "(GNUTLS_E_NO_CERTIFICATE_FOUND)");
        assertThat(s.server()).contains("(GNUTLS_E_NO_CERTIFICATE_FOUND) No certificate was found.");
        // mod_gnutls logs GnuTLS's error and closes: the client sees EOF, not an alert.
        assertThat(s.client()).contains("unexpected eof while reading");
        Explanation server = TlsAlerts.explainer().explain(s.server());
        assertThat(server.findings()).isEmpty();
        assertThat(server.notes()).anySatisfy(n -> {
            assertThat(n.stack()).isEqualTo("lighttpd");
            assertThat(n.textKey()).isEqualTo("stack.lighttpd.no-alert");
        });
        assertThat(TlsAlerts.explainer().explain(s.client()).findings()).isEmpty();
    }

    @Test
    void lighttpdRejectsAnUntrustedClientCertificateWithAccessDenied() throws Exception {
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        Pki.Leaf stranger = pki.leaf("stranger", Pki.KeyType.EC, Pki.Issuer.SELF, 2, "DNS:client");
        SServerRun.Sides s = lighttpd(
                leaf,
                true,
                List.of(
                        "-CAfile",
                        pki.caPem.toString(),
                        "-cert",
                        stranger.cert().toString(),
                        "-key",
                        stranger.key().toString(),
                        // TLS 1.2: the server's verdict arrives in the handshake (in 1.3 only after it completed).
                        "-tls1_2"),
                "(GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR)");
        assertFinding(s.client(), 49, Direction.RECEIVED, null);
        assertFinding(s.server(), 49, Direction.SENT, "lighttpd-gnutls-client-verify");
    }

    @Test
    void lighttpdLogsTheAlertOfAClientThatDistrustsIt() throws Exception {
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.SELF, 2, "DNS:localhost", "IP:127.0.0.1");
        SServerRun.Sides s = lighttpd(
                leaf,
                false,
                List.of("-CAfile", pki.caPem.toString(), "-verify_return_error", "-tls1_2"),
                "alert CA is unknown");
        assertFinding(s.client(), 48, Direction.SENT, null);
        assertThat(s.server()).contains("mod_gnutls_read_err(): alert CA is unknown");
        assertFinding(s.server(), 48, Direction.RECEIVED, "lighttpd-gnutls-alert");
    }

    /** lighttpd with mod_gnutls on 127.0.0.1 (requiring a client certificate from the test root), and one s_client. */
    private SServerRun.Sides lighttpd(Pki.Leaf leaf, boolean clientCert, List<String> clientArgs, String serverSays)
            throws Exception {
        Files.createDirectories(dir.resolve("www"));
        Path errorLog = dir.resolve("lighttpd-error.log");
        int port = Ports.free();
        Path conf = Files.writeString(
                dir.resolve("lighttpd.conf"),
                String.join(
                        "\n",
                        "server.modules = (\"mod_gnutls\")",
                        "server.bind = \"127.0.0.1\"",
                        "server.port = " + port,
                        "server.document-root = \"" + dir.resolve("www") + "\"",
                        "server.errorlog = \"" + errorLog + "\"",
                        "ssl.engine = \"enable\"",
                        "ssl.pemfile = \"" + leaf.cert() + "\"",
                        "ssl.privkey = \"" + leaf.key() + "\"",
                        "ssl.ca-file = \"" + pki.caPem + "\"",
                        "ssl.verifyclient.activate = \"" + (clientCert ? "enable" : "disable") + "\"",
                        "ssl.verifyclient.enforce = \"" + (clientCert ? "enable" : "disable") + "\"",
                        // Log every alert (mod_gnutls leaves unknown_ca, bad_certificate ... out as "noise" otherwise).
                        "debug.log-ssl-noise = \"enable\"",
                        ""));
        try (PeerProcess server = PeerProcess.start(
                PeerProcess.Options.in(dir, dir.resolve("lighttpd.out")),
                List.of("lighttpd", "-D", "-f", conf.toString()))) {
            assertThat(server.awaitListening(port, TIMEOUT))
                    .as("lighttpd listens: %s", server.log())
                    .isTrue();
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
            cmd.addAll(clientArgs);
            try (PeerProcess client = PeerProcess.start(
                    PeerProcess.Options.in(dir, dir.resolve("s_client.log")).stdinAtEof(), cmd)) {
                assertThat(client.awaitExit(TIMEOUT)).as("s_client exits").isTrue();
                String log = "";
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (System.nanoTime() < deadline) {
                    log = Files.exists(errorLog) ? Files.readString(errorLog) : "";
                    if (log.contains(serverSays)) {
                        break;
                    }
                    Thread.sleep(50);
                }
                assertThat(log).as("lighttpd's error log").contains(serverSays);
                return new SServerRun.Sides(client.log(), log, client.exitValue());
            }
        }
    }
}
