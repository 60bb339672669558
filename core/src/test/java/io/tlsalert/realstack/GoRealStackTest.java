package io.tlsalert.realstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Finding;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go crypto/tls (Debian's golang-go, Go 1.19) as a client against openssl s_server on 127.0.0.1: what Go prints is
 * explained, and s_server's -msg shows the same alert on the wire.
 */
class GoRealStackTest {
    @TempDir
    Path dir;

    Path client;

    @BeforeEach
    void setUp() throws Exception {
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        client = dir.resolve("client.go");
        try (InputStream in = GoRealStackTest.class.getResourceAsStream("/realstack/go_client.go")) {
            Files.write(client, in.readAllBytes());
        }
    }

    /** Runs the Go client against a fresh s_server with these arguments; Go's output and s_server's. */
    private String[] run(List<String> serverArgs, String... clientArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cert", "c.pem", "-key", "k.pem", "-msg"));
        args.addAll(serverArgs);
        try (OpensslServer s = OpensslServer.start(dir, dir.resolve("s_server.log"), args)) {
            List<String> cmd = new ArrayList<>(List.of("go", "run", client.toString(), "127.0.0.1:" + s.port()));
            cmd.addAll(List.of(clientArgs));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("GOCACHE", dir.resolve("gocache").toString());
            pb.environment().put("GOFLAGS", "-mod=mod");
            Process p = pb.start();
            try {
                assertThat(p.waitFor(120, TimeUnit.SECONDS))
                        .as("go run finished")
                        .isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Thread.sleep(300); // s_server prints the alert it read after the client has gone
                return new String[] {out, s.log()};
            } finally {
                PeerProcess.stop(p);
            }
        }
    }

    private static Finding only(String text) {
        Explanation e = TlsAlerts.explainer().explain(text);
        assertThat(e.findings()).as("findings of %s", text).hasSize(1);
        return e.findings().get(0);
    }

    @Test
    void goRejectsTheServersCertificateAndSendsBadCertificate() throws Exception {
        String[] r = run(List.of(), "any");
        assertThat(r[1]).as("s_server saw").contains("Alert [length 0002], fatal bad_certificate");
        Finding f = only(r[0]);
        assertThat(f.code()).as(r[0]).isEqualTo(42);
        assertThat(f.direction()).isEqualTo(Direction.SENT);
    }

    @Test
    void aTls13OnlyServerAnswersGosTls12HelloWithProtocolVersion() throws Exception {
        String[] r = run(List.of("-tls1_3"), "tls12", dir.resolve("c.pem").toString());
        assertThat(r[1]).as("s_server sent").contains(">>> TLS 1.2, Alert [length 0002], fatal protocol_version");
        assertThat(r[0]).contains("remote error: tls: protocol version not supported");
        Finding f = only(r[0]);
        assertThat(f.code()).isEqualTo(70);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo("go");
    }
}
