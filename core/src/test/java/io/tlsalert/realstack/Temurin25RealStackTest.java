package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Finding;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.SServerRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** Runs the client against a fresh s_server with these arguments until s_server printed {@code serverSays}. */
    private SServerRun.Sides run(List<String> serverArgs, String serverSays, String mode) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cert", "c.pem", "-key", "k.pem", "-msg"));
        args.addAll(serverArgs);
        SServerRun.Client java = SServerRun.Client.of(
                "java25",
                Duration.ofSeconds(60),
                port -> List.of(JAVA.toString(), client.toString(), String.valueOf(port), mode));
        return SServerRun.run(dir, args, java, serverSays);
    }

    @Test
    void anUntrustedServerIsCertificateUnknownSentByTheJdk() throws Exception {
        String saw = "Alert [length 0002], fatal certificate_unknown";
        SServerRun.Sides r = run(List.of(), saw, "any");
        assertThat(r.server()).as("s_server saw").contains(saw);
        Finding f = single(r.client());
        assertThat(f.code()).as(r.client()).isEqualTo(46);
        assertThat(f.direction()).isEqualTo(Direction.SENT);
        assertThat(f.stack()).isEqualTo("jdk");
    }

    @Test
    void aTls13OnlyServerAnswersATls12HelloWithProtocolVersion() throws Exception {
        String sent = ">>> TLS 1.2, Alert [length 0002], fatal protocol_version";
        SServerRun.Sides r = run(List.of("-tls1_3"), sent, "tls12");
        assertThat(r.server()).as("s_server sent").contains(sent);
        Finding f = single(r.client());
        assertThat(f.code()).as(r.client()).isEqualTo(70);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
    }
}
