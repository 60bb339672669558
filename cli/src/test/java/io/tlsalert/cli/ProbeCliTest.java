package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsalert probe} against real openssl s_server instances on 127.0.0.1. */
class ProbeCliTest {
    @TempDir
    static Path dir;

    static final List<Process> servers = new ArrayList<>();
    static int tls13Only;
    static int healthy;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }

    static int server(String... extra) throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                "openssl",
                "s_server",
                "-accept",
                "127.0.0.1:" + port,
                "-cert",
                "cert.pem",
                "-key",
                "key.pem",
                "-quiet",
                "-naccept",
                "100"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        servers.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return port;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("s_server did not start on " + port);
    }

    @BeforeAll
    static void start() throws Exception {
        run(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "key.pem",
                "-out",
                "cert.pem",
                "-days",
                "3",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost");
        tls13Only = server("-tls1_3");
        healthy = server();
    }

    @AfterAll
    static void stop() {
        for (Process p : servers) {
            p.destroyForcibly();
        }
    }

    @Test
    void findsTheCauseAndSaysSo() {
        CliTest.Run r = CliTest.run(
                "probe",
                "127.0.0.1:" + tls13Only,
                "--tls",
                "1.2",
                "--sni",
                "localhost",
                "--trust",
                dir.resolve("cert.pem").toString(),
                "--timeout",
                "5",
                "--rate",
                "0");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("server-requires-newer-tls", "protocol_version (70)", "from the server", "fix:", "jvm:");
    }

    @Test
    void jsonHasTheDocumentedKeys() throws Exception {
        CliTest.Run r = CliTest.run(
                "probe",
                "--json",
                "127.0.0.1:" + tls13Only,
                "--tls",
                "1.2",
                "--sni",
                "localhost",
                "--trust",
                dir.resolve("cert.pem").toString(),
                "--rate",
                "0");
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(m).containsKeys("target", "cause", "alert", "handshakes", "attempts", "jvm");
        @SuppressWarnings("unchecked")
        Map<String, Object> cause = (Map<String, Object>) m.get("cause");
        assertThat(cause).containsEntry("id", "server-requires-newer-tls").containsKeys("evidence", "accepts", "fix");
        @SuppressWarnings("unchecked")
        Map<String, Object> alert = (Map<String, Object>) m.get("alert");
        assertThat(alert).containsEntry("code", 70).containsEntry("sender", "server");
        assertThat(((Number) m.get("handshakes")).intValue()).isBetween(2, 25);
    }

    @Test
    void aHealthyServerIsOk() {
        CliTest.Run r = CliTest.run(
                "probe",
                "127.0.0.1:" + healthy,
                "--sni",
                "localhost",
                "--trust",
                dir.resolve("cert.pem").toString(),
                "--no-jvm");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains(": ok");
    }

    @Test
    void fleetModePrintsALineATargetAndASummary() throws Exception {
        Path targets = dir.resolve("targets.txt");
        Files.writeString(
                targets, "# two servers\n127.0.0.1:" + healthy + " localhost\n127.0.0.1:" + tls13Only + " localhost\n");
        CliTest.Run r = CliTest.run(
                "probe",
                "--targets",
                targets.toString(),
                "--json",
                "--tls",
                "1.2",
                "--no-jvm",
                "--rate",
                "0",
                "--trust",
                dir.resolve("cert.pem").toString());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(2);
        for (String l : lines) {
            assertThat(JSON.std.mapFrom(l)).containsKeys("target", "cause");
        }
        assertThat(r.err()).contains("causes:");
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void badUsageIsExitTwo() {
        assertThat(CliTest.run("probe").code()).isEqualTo(2);
        assertThat(CliTest.run("probe", "127.0.0.1:1", "--tls", "2.0").code()).isEqualTo(2);
        assertThat(CliTest.run("probe", "127.0.0.1:1", "--sni", "a", "--no-sni").code())
                .isEqualTo(2);
        assertThat(CliTest.run("probe", "127.0.0.1:1", "--ciphers", "NOT_A_SUITE")
                        .code())
                .isEqualTo(2);
        CliTest.Run r = CliTest.run("probe", "127.0.0.1:1", "--timeout", "1", "--no-jvm");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("connection-reset");
    }
}
