package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Evidence;
import io.tlsalert.explain.Explanation;
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
 * it prints is explained, and s_server's -msg shows the same alert on the wire; so is the javax.net.debug log of both
 * JDKs. (The JDK 8, 11 and 21 sources are read for derived/jdk*.tsv, but no such runtime is on the machine.)
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

    @Test
    void theDebugLogsOfJdk17And25NameTheAlertTheWireCarries() throws Exception {
        // javax.net.debug's SSLLogger format (derived/jdk-debug.tsv): TransportContext's "Fatal (CERTIFICATE_UNKNOWN):
        // ..." and the record layer's "WRITE: TLSv1.3 alert(certificate_unknown), length = 2", among thousands of
        // other lines; every finding of the whole log must be the alert s_server read.
        List<Path> javas = List.of(Path.of(System.getProperty("java.home"), "bin", "java"), JAVA);
        for (int i = 0; i < javas.size(); i++) {
            Path java = javas.get(i);
            String saw = "Alert [length 0002], fatal certificate_unknown";
            SServerRun.Client debug = SServerRun.Client.of(
                    "java-debug-" + i,
                    Duration.ofSeconds(60),
                    port -> List.of(
                            java.toString(),
                            "-Djavax.net.debug=ssl:record",
                            client.toString(),
                            String.valueOf(port),
                            "any"));
            SServerRun.Sides r = SServerRun.run(dir, List.of("-cert", "c.pem", "-key", "k.pem", "-msg"), debug, saw);
            assertThat(r.server()).as("s_server saw").contains(saw);
            assertThat(r.client())
                    .as(java.toString())
                    .contains("|Fatal (CERTIFICATE_UNKNOWN): ")
                    .contains("WRITE: TLSv1.3 alert(certificate_unknown), length = 2");
            Explanation e = TlsAlerts.explainer().explain(r.client());
            assertThat(e.findings()).as("%s: findings", java).isNotEmpty().allSatisfy(f -> {
                assertThat(f.code()).isEqualTo(46);
                assertThat(f.direction()).isEqualTo(Direction.SENT);
                assertThat(f.stack()).isEqualTo("jdk");
            });
            // Each of the two lines alone names the alert (in the whole log, findings of one alert merge into one).
            for (String marker : List.of("|Fatal (", " alert(certificate_unknown), length = 2")) {
                String line = r.client()
                        .lines()
                        .filter(l -> l.contains(marker))
                        .findFirst()
                        .orElseThrow();
                Finding f = single(line);
                assertThat(f.code()).as(line).isEqualTo(46);
                assertThat(f.direction()).isEqualTo(Direction.SENT);
                assertThat(f.evidence()).isEqualTo(Evidence.ALERT);
            }
        }
    }
}
