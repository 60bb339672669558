package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.testkit.HostileServer;
import io.tlsalert.testkit.Ports;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsalert probe} against hostile servers written here (ServerSockets on 127.0.0.1): each target gets its
 * result line and the run goes on, within the deadline {@code --timeout} sets, and nothing a server sends reaches the
 * terminal as a control character.
 */
@Timeout(120)
class ProbeFleetHostileTest {
    /** --timeout 1.5 --rate 0: a diagnosis with the JVM's view ends within 26 × 1.5 s. */
    static final Duration DEADLINE = Duration.ofMillis(26 * 1500);

    @TempDir
    Path dir;

    final List<HostileServer> servers = new ArrayList<>();

    /** A server whose every connection reads the ClientHello, then gets {@code b}, then is closed. */
    int server(HostileServer.Behaviour b) throws IOException {
        HostileServer hs = new HostileServer(sock -> {
            try (sock) {
                HostileServer.readSome(sock);
                b.serve(sock);
            }
        });
        servers.add(hs);
        return hs.port();
    }

    @AfterEach
    void stop() throws Exception {
        for (HostileServer s : servers) {
            s.close();
        }
    }

    /** warning(1) user_canceled(90) records, without end. */
    static void alertFlood(Socket s) throws IOException {
        byte[] chunk = new byte[7 * 2048];
        for (int i = 0; i < chunk.length; i += 7) {
            System.arraycopy(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x5a}, 0, chunk, i, 7);
        }
        OutputStream out = s.getOutputStream();
        while (true) {
            out.write(chunk);
        }
    }

    static void fatal255(Socket s) throws Exception {
        s.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) 0xff});
        s.getOutputStream().flush();
        Thread.sleep(5000);
    }

    /** Plain text with terminal escape sequences: a window title and a screen clear. */
    static void escapes(Socket s) throws Exception {
        s.getOutputStream()
                .write("HTTP/1.1 400 \u001b]0;pwned\u0007\u001b[2J Bad Request\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        Thread.sleep(200);
    }

    /** The start of a ServerHello, a byte every 300 ms: no read ever times out. */
    static void drip(Socket s) throws Exception {
        byte[] b = new byte[79];
        byte[] head = {0x16, 0x03, 0x03, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x46, 0x03, 0x03};
        System.arraycopy(head, 0, b, 0, head.length);
        OutputStream out = s.getOutputStream();
        for (byte x : b) {
            out.write(x);
            out.flush();
            Thread.sleep(300);
        }
    }

    private Path targets() throws Exception {
        Path f = dir.resolve("targets.txt");
        Files.writeString(
                f,
                "127.0.0.1:" + server(ProbeFleetHostileTest::alertFlood) + " flood.example\n"
                        + "127.0.0.1:" + server(ProbeFleetHostileTest::fatal255) + " evil\u001b[2J.example\n"
                        + "127.0.0.1:" + server(ProbeFleetHostileTest::escapes) + "\n"
                        + "127.0.0.1:" + server(ProbeFleetHostileTest::drip) + " drip.example\n");
        return f;
    }

    private static CliTest.Run within(Duration deadline, String... args) {
        long t0 = System.nanoTime();
        CliTest.Run r = CliTest.run(args);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the deadline").isLessThan(deadline);
        assertThat(r.out() + r.err())
                .as("no control character reaches the terminal")
                .doesNotContain("\u001b", "\u0007");
        return r;
    }

    @Test
    void everyHostileTargetGetsItsLineAndTheRunGoesOn() throws Exception {
        CliTest.Run r = within(
                DEADLINE,
                "probe",
                "--targets",
                targets().toString(),
                "--timeout",
                "1.5",
                "--rate",
                "0",
                "--lang",
                "en");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out())
                .contains(": server-misbehaves", "alerts, over the limit of 16 a handshake")
                .contains("fatal unassigned (255) from the server", "tlsalert explain 255`")
                .doesNotContain("(-1)")
                .contains(": not-tls", "\\x1b]0;pwned\\x07\\x1b[2J")
                .contains(": no-response", "did not finish the handshake within the timeout");
        assertThat(r.out().lines().filter(l -> l.startsWith("127.0.0.1:"))).hasSize(4);
    }

    @Test
    void everyHostileTargetGetsItsJsonLine() throws Exception {
        CliTest.Run r = within(
                DEADLINE, "probe", "--json", "--targets", targets().toString(), "--timeout", "1.5", "--rate", "0");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        List<String> causes = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            Map<String, Object> m = JSON.std.mapFrom(line);
            causes.add((String) ((Map<?, ?>) m.get("cause")).get("id"));
            Object alert = m.get("alert");
            if (alert != null) {
                assertThat(((Number) ((Map<?, ?>) alert).get("code")).intValue())
                        .isBetween(0, 255);
            }
        }
        assertThat(causes).containsExactlyInAnyOrder("server-misbehaves", "unknown", "not-tls", "no-response");
    }

    /** The case: one flooding server among 41 targets used to end the run with exit 3 and one result. */
    @Test
    void oneHostileServerAmongFortyOneTargetsEndsOnlyItsOwnProbe() throws Exception {
        StringBuilder lines = new StringBuilder();
        lines.append("127.0.0.1:")
                .append(server(ProbeFleetHostileTest::alertFlood))
                .append('\n');
        for (int i = 0; i < 40; i++) {
            lines.append("127.0.0.1:").append(Ports.free()).append('\n'); // nothing listens
        }
        Path f = dir.resolve("targets-41.txt");
        Files.writeString(f, lines);
        CliTest.Run r = within(DEADLINE, "probe", "--targets", f.toString(), "--timeout", "1.5", "--rate", "0");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out().lines().filter(l -> l.startsWith("127.0.0.1:"))).hasSize(41);
        assertThat(r.out()).contains("1  server-misbehaves", "40  connection-refused");
    }

    @Test
    void theJvmViewOfADripEndsAtTheTimeout() throws Exception {
        int port = server(ProbeFleetHostileTest::drip);
        CliTest.Run r =
                within(DEADLINE, "probe", "127.0.0.1:" + port, "--sni", "localhost", "--timeout", "1.5", "--rate", "0");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("no-response", "jvm: ", "did not finish within 1500 ms");
    }

    @Test
    void aFloodEndsInACauseNotAStackTrace() throws Exception {
        int port = server(ProbeFleetHostileTest::alertFlood);
        CliTest.Run r =
                within(DEADLINE, "probe", "--json", "127.0.0.1:" + port, "--timeout", "1.5", "--rate", "0", "--no-jvm");
        assertThat(r.code()).isEqualTo(1);
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(((Map<?, ?>) m.get("cause")).get("id")).isEqualTo("server-misbehaves");
        assertThat(m.get("handshakes")).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }
}
