package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.testkit.Nginx;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.Ports;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Summaries of logs written by real servers: Debian's nginx and a JDK server logging through java.util.logging, each
 * made to fail handshakes by openssl s_client (over IPv4 and IPv6 loopback). The expected counts, lines and times are
 * read from the logs by the test itself, line by line.
 */
@Timeout(180)
class SummaryRealLogTest {
    @TempDir
    static Path dir;

    static Pki pki;
    static Pki.Leaf leaf;

    @BeforeAll
    static void pki() {
        assertThat(Files.isExecutable(Nginx.BINARY))
                .as("nginx (apt-get install nginx-light)")
                .isTrue();
        pki = new Pki(dir);
        leaf = pki.leaf("localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1", "IP:::1");
    }

    /** Runs s_client to its end (it fails: that is the point), stopped by pid if it hangs. */
    static void sClient(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("s_client.out").toFile())
                .start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("s_client ended").isTrue();
        } finally {
            PeerProcess.stop(p);
        }
    }

    static Summary summarize(Path log) throws Exception {
        try (InputStream in = Files.newInputStream(log)) {
            return new Summarizer(TlsAlerts.explainer(), LogFormats.load()).summarize(in, b -> {});
        }
    }

    static Optional<Summary.Group> group(Summary s, int code, Direction d, String stack, String peer) {
        return s.groups().stream()
                .filter(g -> g.subject() instanceof Subject.Alert a && a.code() == code && a.direction() == d)
                .filter(g -> g.stack().equals(stack))
                .filter(g -> g.peer().map(Peer::toString).orElse("-").equals(peer))
                .findFirst();
    }

    /** The 1-based numbers of the lines holding all of {@code words}. */
    static List<Integer> linesWith(List<String> lines, String... words) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String x = lines.get(i);
            if (List.of(words).stream().allMatch(x::contains)) {
                l.add(i + 1);
            }
        }
        return l;
    }

    @Test
    void nginxErrorLog() throws Exception {
        String server = "server {\n listen 127.0.0.1:%PORT% ssl;\n listen [::1]:%PORT% ssl;\n ssl_certificate "
                + leaf.cert() + "; ssl_certificate_key " + leaf.key() + ";\n ssl_protocols TLSv1.2 TLSv1.3;\n"
                + " location / { return 200 \"hello\\n\"; }\n}\n";
        try (Nginx n = Nginx.start(dir, server)) {
            String port = String.valueOf(n.port());
            // s_client trusting no CA rejects nginx's certificate and sends unknown_ca (48): nginx logs it received.
            for (int i = 0; i < 3; i++) {
                sClient(
                        "-connect",
                        "127.0.0.1:" + port,
                        "-verify_return_error",
                        "-no-CAfile",
                        "-no-CApath",
                        "-no-CAstore");
            }
            for (int i = 0; i < 2; i++) {
                sClient("-connect", "[::1]:" + port, "-verify_return_error", "-no-CAfile", "-no-CApath", "-no-CAstore");
            }
            // A TLS 1.1 client: nginx refuses the version (and sends protocol_version).
            for (int i = 0; i < 2; i++) {
                sClient("-connect", "127.0.0.1:" + port, "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0");
            }
            Path log = n.home().resolve("error.log");
            List<String> lines = Files.readAllLines(log);
            Summary s = summarize(log);
            assertThat(s.lines()).isEqualTo(lines.size());

            List<Integer> v4 = linesWith(lines, "alert number 48", "client: 127.0.0.1");
            List<Integer> v6 = linesWith(lines, "alert number 48", "client: ::1");
            assertThat(v4).as(String.join("\n", lines)).hasSize(3);
            assertThat(v6).as(String.join("\n", lines)).hasSize(2);
            check(group(s, 48, Direction.RECEIVED, "nginx", "127.0.0.1"), v4, lines, this::nginxTime);
            check(group(s, 48, Direction.RECEIVED, "nginx", "::1"), v6, lines, this::nginxTime);

            List<Integer> old = linesWith(lines, "unsupported protocol", "client: 127.0.0.1");
            assertThat(old).as(String.join("\n", lines)).hasSize(2);
            check(group(s, 70, Direction.SENT, "nginx", "127.0.0.1"), old, lines, this::nginxTime);
        }
    }

    /** nginx's "2026/11/22 10:00:00" at the start of the line, as ISO 8601. */
    String nginxTime(List<String> lines, int line) {
        return LocalDateTime.parse(
                        lines.get(line - 1).substring(0, 19), DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"))
                .toString()
                .replaceAll("T(\\d\\d:\\d\\d)$", "T$1:00");
    }

    interface TimeOf {
        String at(List<String> lines, int line);
    }

    static void check(Optional<Summary.Group> g, List<Integer> expected, List<String> lines, TimeOf time) {
        assertThat(g).as("group for lines %s", expected).isPresent();
        Summary.Span sp = g.get().span();
        assertThat(sp.count()).isEqualTo((long) expected.size());
        assertThat(sp.firstLine()).isEqualTo((long) expected.get(0));
        assertThat(sp.lastLine()).isEqualTo((long) expected.get(expected.size() - 1));
        assertThat(sp.firstTime()).contains(time.at(lines, expected.get(0)));
        assertThat(sp.lastTime()).contains(time.at(lines, expected.get(expected.size() - 1)));
    }

    @Test
    void jdkServerLoggingThroughJavaUtilLogging() throws Exception {
        Path p12 = dir.resolve("server.p12");
        Pki.openssl(
                dir,
                List.of(
                        "pkcs12",
                        "-export",
                        "-in",
                        leaf.cert().toString(),
                        "-inkey",
                        leaf.key().toString(),
                        "-out",
                        p12.toString(),
                        "-passout",
                        "pass:secret"));
        Path src = dir.resolve("LoggingTlsServer.java");
        try (InputStream in = getClass().getResourceAsStream("LoggingTlsServer.java")) {
            Files.write(src, in.readAllBytes());
        }
        int port = Ports.free();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("jdk-server.log");
        try (PeerProcess server = PeerProcess.start(
                dir,
                log,
                List.of(
                        java,
                        "-Duser.language=en",
                        "-Duser.country=US",
                        src.toString(),
                        String.valueOf(port),
                        p12.toString(),
                        "secret"))) {
            assertThat(server.awaitListening(port, Duration.ofSeconds(60)))
                    .as(server.log())
                    .isTrue();
            // TLS 1.2: the client's alert comes before the keys change, so the JDK reads it (with TLS 1.3 OpenSSL's
            // alert is encrypted under keys the JDK server has not switched to yet, and the JDK logs a decryption
            // error).
            for (int i = 0; i < 3; i++) {
                sClient(
                        "-connect",
                        "127.0.0.1:" + port,
                        "-tls1_2",
                        "-verify_return_error",
                        "-no-CAfile",
                        "-no-CApath",
                        "-no-CAstore");
            }
            // Wait for the server to log the last failure (it logs after the client is gone).
            for (int k = 0;
                    k < 100
                            && linesWith(Files.readAllLines(log), "Received fatal alert: unknown_ca")
                                            .size()
                                    < 3;
                    k++) {
                Thread.sleep(100);
            }
        }
        List<String> lines = Files.readAllLines(log);
        List<Integer> alerts = linesWith(lines, "Received fatal alert: unknown_ca");
        assertThat(alerts).as(String.join("\n", lines)).hasSize(3);
        Summary s = summarize(log);
        // The exception line has no time: it is the time of its log entry, two lines up (java.util.logging's format).
        check(group(s, 48, Direction.RECEIVED, "jdk", "-"), alerts, lines, (l, at) -> {
            String head = l.get(at - 3);
            return LocalDateTime.parse(
                            head.substring(0, head.indexOf(" LoggingTlsServer")),
                            DateTimeFormatter.ofPattern("MMM d, yyyy h:mm:ss a", Locale.US))
                    .toString()
                    .replaceAll("T(\\d\\d:\\d\\d)$", "T$1:00");
        });
    }
}
