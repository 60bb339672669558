package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsalert probe} against real openssl s_server instances on 127.0.0.1. */
class ProbeCliTest {
    @TempDir
    static Path dir;

    static final List<OpensslServer> servers = new ArrayList<>();
    static Pki.Leaf leaf;
    static int tls13Only;
    static int healthy;

    static int server(String... extra) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("-cert", leaf.cert().toString(), "-key", leaf.key().toString(), "-quiet", "-naccept", "100"));
        args.addAll(List.of(extra));
        OpensslServer s = OpensslServer.start(dir, dir.resolve("s_server-" + servers.size() + ".log"), args);
        servers.add(s);
        return s.port();
    }

    @BeforeAll
    static void start() throws Exception {
        leaf = Pki.selfSigned(
                dir.resolve("cert.pem"),
                dir.resolve("key.pem"),
                "/CN=localhost",
                Pki.KeyType.EC,
                3,
                "subjectAltName=DNS:localhost");
        tls13Only = server("-tls1_3");
        healthy = server();
    }

    @AfterAll
    static void stop() {
        servers.forEach(OpensslServer::close);
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
        assertThat(r.out()).contains("connection-refused");
    }
}
