package io.tlsalert.realstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Evidence;
import io.tlsalert.explain.Explanation;
import io.tlsalert.realstack.Peers.Certs;
import io.tlsalert.realstack.Peers.WireAlert;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived tables of curl, openssl s_client/s_server, Python ssl and Node against the real programs: each runs
 * against a real peer on 127.0.0.1 in a failing configuration, what it prints is given to explain, and the alert and
 * direction found are checked against what {@code openssl -msg} saw on the wire. Where no alert goes on the wire
 * (the peer just closes the TCP connection) explain must report a note and claim no alert.
 */
class ToolTracesRealStackTest {
    @TempDir
    static Path tmp;

    static Certs certs;

    @BeforeAll
    static void makeCerts() throws Exception {
        certs = Peers.makeCerts(tmp.resolve("certs"));
    }

    // ------------------------------------------------------------------ curl -v

    @Test
    void curlVerboseShowsTheAlertItSends() throws Exception {
        Result r = againstServer(serverArgs(certs.serverPem(), certs.serverKey()), curl(certs.otherCa()));
        assertWire(r, 48, "client");
        assertThat(r.text()).contains("(OUT), TLS alert, unknown CA (560)");
        assertFinding(r, 48, Direction.SENT, Evidence.ALERT, "derived-curl", "curl");
    }

    @Test
    void curlVerboseShowsTheAlertItReceives() throws Exception {
        List<String> server = serverArgs(certs.serverPem(), certs.serverKey());
        server.add("-tls1_3");
        List<String> client = curl(certs.ca());
        client.addAll(List.of("--tls-max", "1.2"));
        Result r = againstServer(server, client);
        assertWire(r, 70, "server");
        assertFinding(r, 70, Direction.RECEIVED, Evidence.ALERT, "derived-curl", "curl");
    }

    @Test
    void curlVerboseShowsAnAlertOpensslHasNoNameForByItsNumber() throws Exception {
        // OpenSSL 3.0's SSL_alert_desc_string_long has no name for certificate_required: "unknown (628)" = 2 x 256 +
        // 116.
        List<String> server = serverArgs(certs.serverPem(), certs.serverKey());
        server.addAll(List.of("-tls1_3", "-Verify", "1", "-CAfile", certs.ca().toString(), "-verify_return_error"));
        Result r = againstServer(server, curl(certs.ca()));
        assertWire(r, 116, "server");
        assertThat(r.text()).contains("(IN), TLS alert, unknown (628)");
        assertFinding(r, 116, Direction.RECEIVED, Evidence.ALERT, null, "curl");
        // The trace line alone (curl also prints OpenSSL's "tlsv13 alert certificate required" later).
        String line = r.text()
                .lines()
                .filter(l -> l.contains("(IN), TLS alert, unknown (628)"))
                .findFirst()
                .orElseThrow();
        assertThat(TlsAlerts.explain(line).findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(116);
            assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
            assertThat(f.patternId()).isEqualTo("derived-curl");
        });
    }

    @Test
    void curlVerboseShowsCertificateExpiredSent() throws Exception {
        Result r = againstServer(serverArgs(certs.expiredPem(), certs.expiredKey()), curl(certs.ca()));
        assertWire(r, 45, "client");
        assertFinding(r, 45, Direction.SENT, Evidence.ALERT, "derived-curl", "curl");
    }

    @Test
    void curlChecksTheNameAfterTheHandshakeAndSendsOnlyCloseNotify() throws Exception {
        Result r = againstServer(serverArgs(certs.serverPem(), certs.serverKey()), curl(certs.ca()), "bad.test");
        assertThat(r.wire())
                .as("only close_notify from curl:\n%s", r.serverText())
                .filteredOn(w -> w.sender().equals("client"))
                .allMatch(w -> w.code() == 0);
        assertThat(r.text()).contains("SSL: no alternative certificate subject name matches target host name");
        Explanation e = TlsAlerts.explain(r.text());
        assertThat(e.findings())
                .as("%s\n%s", r.text(), describe(e))
                .noneMatch(f -> f.code() != 0 && f.direction() != Direction.UNKNOWN);
        assertThat(e.notes())
                .as("%s\n%s", r.text(), describe(e))
                .anyMatch(n -> n.patternId().equals("derived-curl"));
    }

    // ------------------------------------------------------------------ openssl s_client / s_server -msg, -trace

    @Test
    void sClientMsgShowsTheAlertItWritesAndSServerTheOneItReads() throws Exception {
        Result r = againstServer(serverArgs(certs.serverPem(), certs.serverKey()), sClient("-msg", certs.otherCa()));
        assertWire(r, 48, "client");
        assertThat(r.text()).contains(">>> TLS 1.3, Alert [length 0002], fatal unknown_ca");
        assertFinding(r, 48, Direction.SENT, Evidence.ALERT, "derived-openssl", "openssl");
        Explanation server = TlsAlerts.explain(r.serverText());
        assertThat(server.findings())
                .as("s_server -msg:\n%s\n%s", r.serverText(), describe(server))
                .anyMatch(f -> f.code() == 48
                        && f.direction() == Direction.RECEIVED
                        && f.evidence() == Evidence.ALERT
                        && f.patternId().equals("derived-openssl"))
                .noneMatch(f -> f.code() != 48 && f.direction() != Direction.UNKNOWN);
    }

    @Test
    void sClientMsgShowsTheAlertItReads() throws Exception {
        List<String> server = serverArgs(certs.serverPem(), certs.serverKey());
        server.addAll(List.of("-no_tls1_3", "-cipher", "ECDHE-RSA-AES128-SHA"));
        List<String> client = sClient("-msg", certs.ca());
        client.addAll(List.of("-no_tls1_3", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"));
        Result r = againstServer(server, client);
        assertWire(r, 40, "server");
        assertFinding(r, 40, Direction.RECEIVED, Evidence.ALERT, "derived-openssl", "openssl");
    }

    @Test
    void sClientMsgReadsAnAlertItHasNoNameForFromTheHexBelow() throws Exception {
        // OpenSSL 3.0's msg_cb table stops at certificate_required (116): no_application_protocol prints " ???".
        List<String> server = serverArgs(certs.serverPem(), certs.serverKey());
        server.addAll(List.of("-alpn", "h2"));
        List<String> client = sClient("-msg", certs.ca());
        client.addAll(List.of("-alpn", "http/1.1"));
        Result r = againstServer(server, client);
        assertWire(r, 120, "server");
        assertFinding(r, 120, Direction.RECEIVED, Evidence.ALERT, null, "openssl");
        Explanation e = TlsAlerts.explain(r.serverText());
        assertThat(e.findings())
                .as("s_server -msg:\n%s\n%s", r.serverText(), describe(e))
                .anyMatch(f -> f.code() == 120
                        && f.direction() == Direction.SENT
                        && f.evidence() == Evidence.ALERT
                        && f.patternId().equals("openssl-msg-unnamed-sent"))
                .noneMatch(f -> f.code() != 120 && f.direction() != Direction.UNKNOWN);
    }

    @Test
    void sClientTraceGivesTheDirectionFromTheRecordLineAbove() throws Exception {
        // Sent: the description is five lines (TLS 1.3: six) below "Sent Record".
        Result sent =
                againstServer(serverArgs(certs.serverPem(), certs.serverKey()), sClient("-trace", certs.otherCa()));
        assertWire(sent, 48, "client");
        assertThat(sent.text()).contains("description=unknown CA(48)");
        assertFinding(sent, 48, Direction.SENT, Evidence.ALERT, "openssl-trace-sent", "openssl");

        List<String> server = serverArgs(certs.serverPem(), certs.serverKey());
        server.addAll(List.of("-no_tls1_3", "-cipher", "ECDHE-RSA-AES128-SHA"));
        List<String> client = sClient("-trace", certs.ca());
        client.addAll(List.of("-no_tls1_3", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384"));
        Result received = againstServer(server, client);
        assertWire(received, 40, "server");
        assertFinding(received, 40, Direction.RECEIVED, Evidence.ALERT, "openssl-trace-received", "openssl");
    }

    // ------------------------------------------------------------------ Python ssl

    @Test
    void pythonHostnameMismatchIsBadCertificateSent() throws Exception {
        Result r = againstServer(
                serverArgs(certs.serverPem(), certs.serverKey()),
                List.of(
                        "python3",
                        script("client.py"),
                        new Peers.Spec().ca(certs.ca()).sni("bad.test").json(null)));
        assertWire(r, 42, "client");
        assertThat(r.text()).contains("Hostname mismatch, certificate is not valid for 'bad.test'.");
        assertFinding(r, 42, Direction.SENT, Evidence.IMPLIED, null, "python");
    }

    // ------------------------------------------------------------------ Node

    @Test
    void nodeChecksTheNameAfterTheHandshakeAndSendsNoAlert() throws Exception {
        Result r = againstServer(
                serverArgs(certs.serverPem(), certs.serverKey()),
                List.of(
                        "node",
                        script("client.js"),
                        new Peers.Spec().ca(certs.ca()).sni("bad.test").json(null)));
        assertThat(r.wire())
                .as("no alert from the Node client:\n%s", r.serverText())
                .noneMatch(w -> w.sender().equals("client") && w.code() != 0);
        assertThat(r.text()).contains("ERR_TLS_CERT_ALTNAME_INVALID");
        Explanation e = TlsAlerts.explain(r.text());
        assertThat(e.findings()).as("%s\n%s", r.text(), describe(e)).noneMatch(f -> f.direction() != Direction.UNKNOWN);
        assertThat(e.notes()).as("%s", r.text()).isNotEmpty();
    }

    // ------------------------------------------------------------------ no alert: the peer closes the connection

    @Test
    void aPeerThatClosesSendsNoAlertAndEachToolSaysSo() throws Exception {
        try (ClosingServer s = new ClosingServer()) {
            List<List<String>> clients = List.of(
                    List.of(
                            "curl",
                            "-q",
                            "-sS",
                            "-v",
                            "--noproxy",
                            "*",
                            "--max-time",
                            "10",
                            "--cacert",
                            certs.ca().toString(),
                            "https://127.0.0.1:" + s.port() + "/"),
                    List.of(
                            "python3",
                            script("client.py"),
                            new Peers.Spec().ca(certs.ca()).json(s.port())),
                    List.of(
                            "node",
                            script("client.js"),
                            new Peers.Spec().ca(certs.ca()).json(s.port())));
            List<String> expected = List.of(
                    "SSL_ERROR_SYSCALL in connection to",
                    "EOF occurred in violation of protocol",
                    "Client network socket disconnected before secure TLS connection was established");
            for (int i = 0; i < clients.size(); i++) {
                String text = run(clients.get(i));
                assertThat(text).as(clients.get(i).get(0)).contains(expected.get(i));
                Explanation e = TlsAlerts.explain(text);
                assertThat(e.findings())
                        .as("%s printed:\n%s\n%s", clients.get(i).get(0), text, describe(e))
                        .noneMatch(f -> f.direction() != Direction.UNKNOWN);
                assertThat(e.notes())
                        .as("%s printed:\n%s", clients.get(i).get(0), text)
                        .isNotEmpty();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** What the client printed, what the s_server printed, and the alerts its -msg saw. */
    record Result(String text, String serverText, List<WireAlert> wire) {}

    private static List<String> serverArgs(Path cert, Path key) {
        return new ArrayList<>(List.of("-naccept", "1", "-msg", "-cert", cert.toString(), "-key", key.toString()));
    }

    private static List<String> curl(Path ca) {
        return new ArrayList<>(
                List.of("curl", "-q", "-sS", "-v", "--noproxy", "*", "--max-time", "10", "--cacert", ca.toString()));
    }

    private static List<String> sClient(String traceOption, Path ca) {
        return new ArrayList<>(List.of(
                "openssl",
                "s_client",
                traceOption,
                "-CAfile",
                ca.toString(),
                "-verify_return_error",
                "-servername",
                "localhost"));
    }

    /** Runs the client against a fresh s_server; curl gets the URL, s_client -connect, scripts their port. */
    private static Result againstServer(List<String> serverArgs, List<String> client) throws Exception {
        return againstServer(serverArgs, client, "localhost");
    }

    private static Result againstServer(List<String> serverArgs, List<String> client, String host) throws Exception {
        try (OpensslServer srv =
                OpensslServer.start(PeerProcess.Options.inWorkingDirectory().separateErrors(), serverArgs)) {
            List<String> cmd = new ArrayList<>(client);
            switch (cmd.get(0)) {
                case "curl" -> {
                    cmd.addAll(List.of("--resolve", host + ":" + srv.port() + ":127.0.0.1"));
                    cmd.add("https://" + host + ":" + srv.port() + "/");
                }
                case "openssl" -> cmd.addAll(List.of("-connect", "127.0.0.1:" + srv.port()));
                default -> cmd.set(2, cmd.get(2).replaceFirst("^\\{", "{\"port\":" + srv.port() + ","));
            }
            String text = run(cmd);
            srv.process().awaitExit(java.time.Duration.ofSeconds(5));
            String serverText = srv.log() + "\n" + srv.process().errors();
            return new Result(text, serverText, Peers.wireAlerts(srv.log(), "server"));
        }
    }

    private static String run(List<String> cmd) throws Exception {
        try (PeerProcess p = PeerProcess.start(
                PeerProcess.Options.inWorkingDirectory().separateErrors().stdinAtEof(), cmd)) {
            assertThat(p.awaitExit(Peers.PROCESS_TIMEOUT))
                    .as("%s finishes", cmd)
                    .isTrue();
            return (p.log() + "\n" + p.errors()).strip();
        }
    }

    private static void assertWire(Result r, int code, String sender) {
        assertThat(r.wire())
                .as("s_server -msg saw %d from the %s:\n%s", code, sender, r.serverText())
                .anyMatch(w -> w.code() == code && w.sender().equals(sender));
    }

    /** The alert is found as told, and no finding claims another alert crossed the wire. */
    private static void assertFinding(
            Result r, int code, Direction d, Evidence evidence, String pattern, String stack) {
        Explanation e = TlsAlerts.explain(r.text());
        String ctx = r.text() + "\n-----\n" + describe(e);
        assertThat(e.findings())
                .as("%s", ctx)
                .anyMatch(f -> f.code() == code
                        && f.direction() == d
                        && f.evidence() == evidence
                        && (pattern == null || f.patternId().equals(pattern))
                        && f.stack().equals(stack))
                .noneMatch(f -> f.code() != code && f.direction() != Direction.UNKNOWN);
    }

    private static String describe(Explanation e) {
        return e.findings().stream()
                        .map(f -> f.direction() + " " + f.code() + " " + f.evidence() + " " + f.stack() + " "
                                + f.patternId() + ": " + f.text())
                        .collect(Collectors.joining("\n"))
                + "\nnotes: "
                + e.notes().stream().map(n -> n.patternId() + ": " + n.text()).collect(Collectors.joining("; "));
    }

    private static String script(String name) throws Exception {
        return Path.of(ToolTracesRealStackTest.class
                        .getResource("/realstack/" + name)
                        .toURI())
                .toString();
    }

    /** A TCP server on 127.0.0.1 that accepts each connection and closes it at once: no TLS, no alert. */
    static final class ClosingServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        ClosingServer() throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            thread = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try (Socket s = socket.accept()) {
                                s.getInputStream().read(); // the ClientHello's first byte, then close
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "closing-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }
}
