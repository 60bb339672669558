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
 * Temurin 25's SunJSSE (beside the JDK 17 the build runs on) as a client against openssl s_server on 127.0.0.1: what
 * it prints is explained, and s_server's -msg shows the same alert on the wire.
 */
class Temurin25RealStackTest {
    static final Path JAVA = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    @TempDir
    Path dir;

    Path client;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(JAVA).as("Temurin 25 (the machine's second JDK)").isExecutable();
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        client = dir.resolve("Temurin25Client.java");
        try (InputStream in = Temurin25RealStackTest.class.getResourceAsStream("/realstack/Temurin25Client.java")) {
            Files.write(client, in.readAllBytes());
        }
    }

    private String[] run(List<String> serverArgs, String mode) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cert", "c.pem", "-key", "k.pem", "-msg"));
        args.addAll(serverArgs);
        try (OpensslServer s = OpensslServer.start(dir, dir.resolve("s_server.log"), args)) {
            Process p = new ProcessBuilder(JAVA.toString(), client.toString(), String.valueOf(s.port()), mode)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS))
                        .as("client finished")
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
    void anUntrustedServerIsCertificateUnknownSentByTheJdk() throws Exception {
        String[] r = run(List.of(), "any");
        assertThat(r[1]).as("s_server saw").contains("Alert [length 0002], fatal certificate_unknown");
        Finding f = only(r[0]);
        assertThat(f.code()).as(r[0]).isEqualTo(46);
        assertThat(f.direction()).isEqualTo(Direction.SENT);
        assertThat(f.stack()).isEqualTo("jdk");
    }

    @Test
    void aTls13OnlyServerAnswersATls12HelloWithProtocolVersion() throws Exception {
        String[] r = run(List.of("-tls1_3"), "tls12");
        assertThat(r[1]).as("s_server sent").contains(">>> TLS 1.2, Alert [length 0002], fatal protocol_version");
        Finding f = only(r[0]);
        assertThat(f.code()).as(r[0]).isEqualTo(70);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
    }
}
