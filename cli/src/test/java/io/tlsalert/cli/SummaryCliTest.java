package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --summary} as a user meets it: the views, languages, exit codes, bad input, the progress line. */
class SummaryCliTest {
    @TempDir
    static Path dir;

    static Path log;

    static final String NGINX_48 =
            " [info] 812#812: *5 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: ";

    @BeforeAll
    static void log() throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            b.append("2026/11/22 10:00:")
                    .append(String.format("%02d", i))
                    .append(NGINX_48)
                    .append("10.0.0.")
                    .append(i % 2)
                    .append(", server: 0.0.0.0:443\n");
            b.append("2026/11/22 10:00:")
                    .append(String.format("%02d", i))
                    .append(" http: TLS handshake error from [2001:DB8::0:1]:4000")
                    .append(i % 10)
                    .append(": remote error: tls: bad certificate\n");
            b.append(
                    "2026/11/22 10:00:00 [error] 812#812: *6 open() \"/srv/x\" failed (2: No such file or directory)\n");
        }
        log = dir.resolve("error.log");
        Files.writeString(log, b);
    }

    @Test
    void textViewGroupsByAlertDirectionStackAndPeer() {
        CliTest.Run r = CliTest.run("explain", "--summary", log.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out())
                .contains(log + ": 150 lines", "100 alerts and 0 failures without an alert, in 3 groups")
                .contains("count", "alert / failure", "direction", "stack", "peer", "first", "last")
                .contains("What they mean", "The certificate chain does not lead to a CA the receiver trusts.");
        // The two nginx clients, each 25 times, and the Go client's IPv6 address in RFC 5952 form (ports left out).
        assertThat(r.out()
                        .lines()
                        .filter(l ->
                                l.matches("\\s*25  unknown_ca \\(48\\)\\s+received\\s+nginx\\s+10\\.0\\.0\\.[01] .*")))
                .hasSize(2);
        assertThat(r.out())
                .containsPattern(
                        "50  bad_certificate \\(42\\)\\s+received\\s+go\\s+2001:db8::1\\s+2026-11-22T10:00:00 \\(line 2\\)\\s+2026-11-22T10:00:49 \\(line 149\\)");
    }

    @Test
    void standardInputBriefAndChinese() throws Exception {
        byte[] bytes = Files.readAllBytes(log);
        CliTest.Run r = CliTest.runWithStdin(bytes, "explain", "--summary", "--brief", "--lang", "zh", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("标准输入：150 行", "次数", "告警 / 失败", "收到", "首次所在行", "末次所在行");
        // Brief: counts and line numbers, no times and no legend.
        assertThat(r.out()).doesNotContain("2026-11-22T", "含义");
        assertThat(r.out()).containsPattern("50  bad_certificate \\(42\\)\\s+收到\\s+go\\s+2001:db8::1\\s+2\\s+149");
    }

    @Test
    void jsonHasTheDocumentedKeys() throws Exception {
        CliTest.Run r = CliTest.run("explain", "--summary", "--json", "--file", log.toString());
        assertThat(r.code()).isZero();
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(m)
                .containsKeys(
                        "groups",
                        "other",
                        "lines",
                        "bytes",
                        "occurrences",
                        "alerts",
                        "failures",
                        "maxGroups",
                        "maxOtherPeerGroups",
                        "lang")
                .containsEntry("lines", 150)
                .containsEntry("occurrences", 100)
                .containsEntry("alerts", 100)
                .containsEntry("failures", 0)
                .containsEntry("other", null)
                .containsEntry("lang", "en");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> gs = (List<Map<String, Object>>) m.get("groups");
        assertThat(gs).hasSize(3);
        Map<String, Object> go = gs.get(0);
        assertThat(go)
                .containsEntry("kind", "alert")
                .containsEntry("code", 42)
                .containsEntry("name", "bad_certificate")
                .containsEntry("direction", "received")
                .containsEntry("evidence", "alert")
                .containsEntry("stack", "go")
                .containsEntry("peer", "2001:db8::1")
                .containsEntry("peerRole", "client")
                .containsEntry("otherPeers", false)
                .containsEntry("count", 50)
                .containsEntry("firstLine", 2)
                .containsEntry("lastLine", 149)
                .containsEntry("firstTime", "2026-11-22T10:00:00")
                .containsEntry("lastTime", "2026-11-22T10:00:49")
                .containsKeys("stackName", "summary", "text", "pattern");
    }

    @Test
    void failuresWithoutAnAlertOnlyAreExitFourAndGroupedByClass() throws Exception {
        Path p = dir.resolve("closed.log");
        String line = "2026/11/22 10:00:0%d [info] 1#1: *%d peer closed connection in SSL handshake while SSL"
                + " handshaking, client: 10.0.0.%d, server: 0.0.0.0:443\n";
        Files.writeString(p, String.format(line, 1, 1, 7) + String.format(line, 2, 2, 7));
        CliTest.Run r = CliTest.run("explain", "--summary", "--json", p.toString());
        assertThat(r.code()).isEqualTo(ExplainCommand.FAILURE_WITHOUT_ALERT);
        assertThat(r.out()).contains("\"failureClass\" : \"peer-closed\"").contains("\"count\" : 2");
    }

    @Test
    void noAlertIsExitOne() throws Exception {
        Path p = dir.resolve("quiet.log");
        Files.writeString(p, "2026/11/22 10:00:00 [notice] 1#1: start worker processes\n");
        CliTest.Run r = CliTest.run("explain", "--summary", p.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("No TLS alert or failure found in " + p + " (1 lines).");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.log"), "");
        Path binary = Files.write(dir.resolve("bin.log"), new byte[] {'a', 0, 'b', '\n'});
        List<String[]> cases = List.of(
                new String[] {"explain", "--summary", empty.toString()},
                new String[] {"explain", "--summary", binary.toString()},
                new String[] {"explain", "--summary", dir.resolve("missing.log").toString()},
                new String[] {"explain", "--summary", dir.toString()},
                new String[] {"explain", "--summary", "two", "words"});
        List<String> said = new ArrayList<>();
        for (String[] c : cases) {
            CliTest.Run r = CliTest.run(c);
            assertThat(r.code()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("tlsalert: ").doesNotContain("Exception", "\tat ");
            said.add(r.err());
        }
        assertThat(said.get(0)).contains("is empty");
        assertThat(said.get(1)).contains("looks binary (NUL byte at offset 1)");
        assertThat(said.get(2)).contains("no such file");
        assertThat(said.get(3)).contains("is a directory");
        assertThat(said.get(4)).contains("--summary reads one log");
    }

    @Test
    void invalidUtf8IsReadWithAWarning() throws Exception {
        byte[] b = ("\u00ff\u00fe" + "2026/11/22 10:00:00" + NGINX_48 + "10.0.0.1, server: x\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path p = Files.write(dir.resolve("latin1.log"), b);
        CliTest.Run r = CliTest.run("explain", "--summary", p.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("warning: ", "is not valid UTF-8");
        assertThat(r.out()).contains("unknown_ca (48)");
    }

    /**
     * The progress line, on a real terminal: {@code script} gives the command a pseudo-terminal, and the log arrives
     * through a pipe over about three seconds. Standard output goes to a file; what reaches the terminal is stderr.
     */
    @Test
    void progressLineOnATerminalOnlyAndWithoutEscapesUnderNoColor() throws Exception {
        assertThat(new File("/usr/bin/script")).as("script (util-linux)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Six copies a second apart: the JVM may take a while to start on a loaded machine.
        String cmd = "(cat " + log + "; for i in 1 2 3 4 5; do sleep 1; cat " + log + "; done) | " + java
                + " -cp " + System.getProperty("java.class.path") + " io.tlsalert.cli.Main explain --summary - > "
                + dir.resolve("out.txt");
        String tty = pty(cmd, false);
        assertThat(tty).contains("\rreading standard input: ", "\033[K");
        assertThat(Files.readString(dir.resolve("out.txt")))
                .contains("standard input: 900 lines")
                .doesNotContain("reading");
        String plain = pty(cmd, true);
        assertThat(plain).contains("\rreading standard input: ").doesNotContain("\033");
        // Not a terminal: no progress line at all.
        Process p = new ProcessBuilder("sh", "-c", cmd)
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(dir.resolve("err.txt"))).isEmpty();
    }

    private static String pty(String cmd, boolean noColor) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("script", "-qefc", cmd, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("tty.txt").toFile());
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm");
        if (noColor) {
            pb.environment().put("NO_COLOR", "1");
        }
        Process p = pb.start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue())
                    .as(Files.readString(dir.resolve("tty.txt")))
                    .isZero();
        } finally {
            io.tlsalert.testkit.PeerProcess.stop(p);
        }
        return Files.readString(dir.resolve("tty.txt"));
    }
}
