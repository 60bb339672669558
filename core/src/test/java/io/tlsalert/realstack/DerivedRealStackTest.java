package io.tlsalert.realstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Finding;
import io.tlsalert.testkit.Pki;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived row checked against the real stack: OpenSSL's server, offered only signature algorithms its ECDSA key
 * cannot make, prints {@code no suitable signature algorithm}, which no hand-written pattern knows; the derived table
 * says handshake_failure (40) sent, and the client's own line shows that alert arriving.
 */
class DerivedRealStackTest {
    @TempDir
    Path dir;

    @Test
    void opensslNoSuitableSignatureAlgorithmIsHandshakeFailureSent() throws Exception {
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path serverOut = dir.resolve("server.out");
        Process server = new ProcessBuilder(
                        "openssl",
                        "s_server",
                        "-accept",
                        String.valueOf(port),
                        "-cert",
                        "c.pem",
                        "-key",
                        "k.pem",
                        "-quiet")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(serverOut.toFile())
                .start();
        try {
            waitForPort(port);
            String client =
                    run(dir, "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-sigalgs", "rsa_pss_rsae_sha256");
            Finding received = single(TlsAlerts.explainer().explain(client));
            assertThat(received.code()).isEqualTo(40);
            assertThat(received.direction()).isEqualTo(Direction.RECEIVED);

            String serverText = waitForText(serverOut, "no suitable signature algorithm");
            Finding sent = single(TlsAlerts.explainer().explain(serverText));
            assertThat(sent.code()).isEqualTo(40);
            assertThat(sent.direction()).isEqualTo(Direction.SENT);
            assertThat(sent.patternId()).isEqualTo("derived-openssl");
        } finally {
            server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static Finding single(Explanation e) {
        assertThat(e.findings()).hasSize(1);
        return e.findings().get(0);
    }

    static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(Peers.PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("%s finishes", cmd[1])
                .isTrue();
        return out;
    }

    static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return; // s_server -quiet counts this probe as a connection and keeps serving
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("s_server did not listen on " + port);
    }

    static String waitForText(Path file, String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            String s = Files.exists(file) ? Files.readString(file) : "";
            if (s.contains(text)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + text + "' in " + Files.readString(file));
    }
}
