package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server degrades, never dies (issue 10, item 6), against the real server on 127.0.0.1. */
class DegradeTest {
    static AlertServer server;
    static int port;
    static String host;

    @BeforeAll
    static void start() throws Exception {
        server = AlertServer.start(AlertServer.Config.defaults().withPort(0));
        port = server.address().getPort();
        host = "Host: 127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anyAcceptLanguageIsAnswered() throws Exception {
        for (String value : new String[] {";", ",", ";;", ",;,", "q=;", ";q=0.5", "zh;", "", " ", "\t;\t", "*"}) {
            for (String path : new String[] {"/healthz", "/api/alerts/40", "/", "/api/texts", "/nothing"}) {
                RawHttp.Answer a = RawHttp.get(port, path, host, "Accept-Language: " + value);
                assertThat(a.status())
                        .as(path + " with Accept-Language '" + value + "'")
                        .isIn(200, 404);
            }
        }
        // The JDK server itself answers 400 to a request line that is no URI; past it, a bad escape is no language.
        assertThat(RawHttp.get(port, "/api/alerts/40?lang=%zz", host).status()).isIn(200, 400);
        assertThat(RawHttp.get(port, "/api/alerts/%zz", host).status()).isIn(400, 404);
        // Without a body: the JDK server refuses this request line before reading one, and a body still unread when
        // it closes the connection turns into a TCP reset that can reach the client before the 400 (a flaky test).
        assertThat(RawHttp.post(port, "/api/decode?format=%zz", "", host, "Content-Type: text/plain")
                        .status())
                .isIn(200, 400);
    }

    @Test
    void anAnswerOverTheLimitIs422NotHundredsOfMegabytes() throws Exception {
        // 74,000 alert records in just under 1 MiB of hex: the report would be tens of MB.
        String body = "15030300020228".repeat(74_000);
        RawHttp.Answer a = RawHttp.post(port, "/api/decode", body, host, "Content-Type: text/plain");
        assertThat(a.status()).isIn(413, 422);
        assertThat(a.body().length()).isLessThan(2_000);
        assertThat(JSON.std.mapFrom(a.body())).containsKey("error");
        assertThat(RawHttp.get(port, "/healthz", host).status()).isEqualTo(200);
    }

    @Test
    void serialisingStopsAtTheAnswerLimit() {
        Map<String, Object> big = new java.util.LinkedHashMap<>();
        big.put("text", "x".repeat(Reply.MAX_BODY_BYTES));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Reply.bytes(big))
                .isInstanceOf(ResponseTooLarge.class);
        big.put("text", "x".repeat(1000));
        assertThat(Reply.bytes(big)).hasSizeLessThan(1100);
    }

    @Test
    void sixtyFourSlowClientsDoNotStarveHealthz() throws Exception {
        for (int i = 0; i < 30; i++) {
            RawHttp.get(port, "/healthz", host); // warm: JIT, classes
        }
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream()
                        .write(("GET /healthz HTTP/1.1\r\n" + host + "\r\nX-Slow: ")
                                .getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long worst = 0;
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int samples = 0;
            while (System.nanoTime() < end) {
                for (Socket s : slow) {
                    OutputStream out = s.getOutputStream();
                    out.write('a'); // one byte of headers every second
                    out.flush();
                }
                for (int k = 0; k < 5; k++) {
                    long t0 = System.nanoTime();
                    RawHttp.Answer a = RawHttp.get(port, "/healthz", host);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(a.status()).isEqualTo(200);
                    worst = Math.max(worst, ms);
                    samples++;
                    Thread.sleep(200);
                }
            }
            assertThat(samples).isGreaterThanOrEqualTo(20);
            System.out.println("slowest /healthz of " + samples + " with 64 slow clients: " + worst + " ms");
            assertThat(worst).as("slowest /healthz with 64 slow clients, ms").isLessThan(100);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aLongProbeIsAnswered504WithinTheServersLimit() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                AlertServer s = AlertServer.start(AlertServer.Config.defaults()
                        .withPort(0)
                        .withProbePolicy(new ProbePolicy(List.of("127.0.0.1")))
                        .withLimits(Limits.defaults().withProbeDeadline(Duration.ofSeconds(1))))) {
            // Accepts and never answers: the probe waits for a ServerHello that does not come.
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            int p = s.address().getPort();
            long t0 = System.nanoTime();
            RawHttp.Answer a = RawHttp.post(
                    p,
                    "/api/probe",
                    "{\"target\": \"127.0.0.1:" + silent.getLocalPort() + "\"}",
                    "Host: 127.0.0.1:" + p,
                    "Content-Type: application/json");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(a.status()).as(a.body()).isEqualTo(504);
            assertThat(a.body()).contains("\"status\":504").contains("cancelled");
            assertThat(ms).isLessThan(4_000);
        }
    }

    @Test
    void probeFieldsAreCheckedAndNamed() throws Exception {
        try (AlertServer s = AlertServer.start(
                AlertServer.Config.defaults().withPort(0).withProbePolicy(new ProbePolicy(List.of("*.example.com"))))) {
            int p = s.address().getPort();
            String[][] cases = {
                {"{\"target\": \"x.example.com\", \"alpn\": [\"" + "a".repeat(256) + "\"]}", "alpn"},
                {"{\"target\": \"x.example.com\", \"alpn\": [\"\"]}", "alpn"},
                {"{\"target\": \"x.example.com\", \"alpn\": [1]}", "alpn"},
                {"{\"target\": \"x.example.com\", \"alpn\": \"h2\"}", "alpn"},
                {"{\"target\": \"x.example.com:70000\"}", "target"},
                {"{\"target\": \"x.example.com:0\"}", "target"},
                {"{\"target\": \"x.example.com\\u001b[31m\"}", "target"},
                {"{\"target\": \"x.exa\\nmple.com\"}", "target"},
                {"{\"target\": 7}", "target"},
                {"{\"target\": \"x.example.com\", \"tls\": \"1.9\"}", "tls"},
                {"{\"target\": \"x.example.com\", \"tls\": \"tls9\"}", "tls"},
                {"{\"target\": \"x.example.com\", \"tls\": 12}", "tls"},
                {"{\"target\": \"x.example.com\", \"sni\": \"a\\u0000b\"}", "sni"},
                {"[1, 2]", "body"},
            };
            for (String[] c : cases) {
                RawHttp.Answer a =
                        RawHttp.post(p, "/api/probe", c[0], "Host: 127.0.0.1:" + p, "Content-Type: application/json");
                assertThat(a.status()).as(c[0]).isEqualTo(400);
                Map<String, Object> m = JSON.std.mapFrom(a.body());
                assertThat(m).as(c[0]).containsEntry("field", c[1]).containsEntry("status", 400);
            }
        }
    }

    @Test
    void aNameWhoseAaaaIsMappedLoopbackIsRefusedAndNotConnectedTo() throws Exception {
        byte[] mapped = IpPrefix.parseAddress("::ffff:127.0.0.1").orElseThrow();
        try (ServerSocket victim = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
                AlertServer s = AlertServer.start(AlertServer.Config.defaults()
                        .withPort(0)
                        .withProbePolicy(new ProbePolicy(
                                List.of("*.example.com"),
                                name -> List.of(Inet6Address.getByAddress(name, mapped, -1)))))) {
            int p = s.address().getPort();
            RawHttp.Answer a = RawHttp.post(
                    p,
                    "/api/probe",
                    "{\"target\": \"evil.example.com:" + victim.getLocalPort() + "\"}",
                    "Host: 127.0.0.1:" + p,
                    "Content-Type: application/json");
            assertThat(a.status()).as(a.body()).isEqualTo(403);
            assertThat(a.body()).contains("loopback");
            victim.setSoTimeout(300);
            boolean connected;
            try (Socket ignored = victim.accept()) {
                connected = true;
            } catch (SocketTimeoutException e) {
                connected = false;
            }
            assertThat(connected).as("the probe connected to 127.0.0.1").isFalse();
        }
    }

    @Test
    void anAccessLogThatCannotBeWrittenIsReportedOnceAndDropped() throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (AlertServer s = AlertServer.start(AlertServer.Config.defaults()
                .withPort(0)
                .withAccessLog(Files.newBufferedWriter(Path.of("/dev/full"))))) {
            int p = s.address().getPort();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 300; i++) {
                    RawHttp.get(p, "/healthz", "Host: 127.0.0.1:" + p);
                }
                Thread.sleep(1_200); // a flush
            }
            AccessLog log = s.accessLog().orElseThrow();
            assertThat(log.broken()).isTrue();
            assertThat(log.buffered()).as("nothing kept after the failure").isZero();
            assertThat(RawHttp.get(p, "/healthz", "Host: 127.0.0.1:" + p).status())
                    .isEqualTo(200);
        } finally {
            System.setErr(stderr);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertThat(err.split("access log cannot be written", -1)).as(err).hasSize(2);
    }

    @Test
    void theAccessLogBufferIsBounded() {
        AccessLog log = new AccessLog(new java.io.StringWriter(), System.err);
        for (int i = 0; i < 100_000; i++) {
            log.log("/127.0.0.1:1", "GET", "/healthz", 200, 15, 1000);
        }
        assertThat(log.buffered()).isLessThanOrEqualTo(AccessLog.MAX_BUFFERED_CHARS);
        assertThat(log.dropped()).isPositive();
        log.close();
    }
}
