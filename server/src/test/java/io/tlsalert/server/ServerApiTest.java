package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import io.tlsalert.report.Views;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server on 127.0.0.1, spoken to with the JDK's HTTP client and a raw socket. */
class ServerApiTest {
    static AlertServer server;
    static StringWriter accessLog = new StringWriter();
    static HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String base;

    @BeforeAll
    static void start() throws Exception {
        AlertServer.Config c = AlertServer.Config.defaults().withPort(0).withAccessLog(accessLog);
        server = AlertServer.start(new AlertServer.Config(c.host(), 0, c.threads(), 2, c.maxBodyBytes(), accessLog));
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        return JSON.std.mapFrom(r.body());
    }

    @Test
    void healthz() throws Exception {
        HttpResponse<String> r = get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r)).containsEntry("status", "ok");
    }

    @Test
    void listsTheWholeRegistry() throws Exception {
        HttpResponse<String> r = get("/api/alerts");
        assertThat(r.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> alerts = (List<Map<String, Object>>) json(r).get("alerts");
        assertThat(alerts).hasSize(36);
        assertThat(alerts)
                .extracting(a -> a.get("name"))
                .contains("close_notify", "unsupported_extension", "ech_required");
    }

    @Test
    void oneAlertByCodeOrAnyName() throws Exception {
        for (String key : new String[] {
            "40", "0x28", "handshake_failure", "HandshakeFailure", "sslv3%20alert%20handshake%20failure"
        }) {
            HttpResponse<String> r = get("/api/alerts/" + key);
            assertThat(r.statusCode()).as(key).isEqualTo(200);
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) json(r).get("alert");
            assertThat(a).as(key).containsEntry("code", 40).containsEntry("name", "handshake_failure");
        }
    }

    @Test
    void notAnAlertIs404WithTheNote() throws Exception {
        HttpResponse<String> r = get("/api/alerts/255");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r)).containsEntry("status", 404).containsKey("error");
        assertThat((String) json(r).get("note")).contains("110");
        assertThat(get("/api/alerts/no-such-alert").statusCode()).isEqualTo(404);
    }

    @Test
    void explainAnswersTheSameJsonAsTheCli() throws Exception {
        String text = "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure";
        HttpResponse<String> r = post("/api/explain", text, "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> expected = JSON.std.mapFrom(JSON.std
                .with(JSON.Feature.WRITE_NULL_PROPERTIES)
                .asString(Views.explanation(
                        TlsAlerts.explain(text), TlsAlerts.registry(), TlsAlerts.explainer(), Lang.EN)));
        assertThat(json(r)).isEqualTo(expected);
        HttpResponse<String> j =
                post("/api/explain", "{\"text\": \"remote error: tls: bad certificate\"}", "application/json");
        @SuppressWarnings("unchecked")
        Map<String, Object> f = ((List<Map<String, Object>>) json(j).get("findings")).get(0);
        assertThat(f)
                .containsEntry("code", 42)
                .containsEntry("direction", "received")
                .containsEntry("stack", "go");
    }

    @Test
    void decodeAnswersRecordsAndAlerts() throws Exception {
        HttpResponse<String> r = post("/api/decode", "15 03 03 00 02 02 30", "text/plain");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Object> m = json(r);
        assertThat(m).containsKeys("records", "problem", "alerts");
        @SuppressWarnings("unchecked")
        Map<String, Object> a = ((List<Map<String, Object>>) m.get("alerts")).get(0);
        assertThat(a).containsEntry("code", 48).containsEntry("name", "unknown_ca");
        HttpResponse<String> b64 =
                post("/api/decode", "{\"data\": \"FQMDAAICKA==\", \"format\": \"base64\"}", "application/json");
        assertThat(b64.body()).contains("handshake_failure");
        HttpResponse<String> bad = post("/api/decode", "15 03 0", "text/plain");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat((String) json(bad).get("error")).contains("odd number of hex digits");
    }

    @Test
    void languageFromQueryThenAcceptLanguage() throws Exception {
        assertThat(get("/api/alerts/48?lang=zh").body())
                .contains("\"lang\":\"zh\"")
                .containsPattern("\\p{IsHan}");
        assertThat(get("/api/alerts/48", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
                        .body())
                .contains("\"lang\":\"zh\"");
        assertThat(get("/api/alerts/48", "Accept-Language", "fr-FR,en;q=0.5").body())
                .contains("\"lang\":\"en\"");
        assertThat(get("/api/alerts/48?lang=en", "Accept-Language", "zh-CN").body())
                .contains("\"lang\":\"en\"");
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        HttpResponse<String> wrongMethod = get("/api/explain");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).contains("POST");
        assertThat(json(wrongMethod)).containsEntry("status", 405);
        assertThat(get("/api/nothing").statusCode()).isEqualTo(404);
        assertThat(post("/api/explain", "", "text/plain").statusCode()).isEqualTo(400);
        assertThat(post("/api/explain", "{not json", "application/json").statusCode())
                .isEqualTo(400);
        HttpResponse<String> tooBig = post("/api/explain", "x".repeat((1 << 20) + 10), "text/plain");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(json(tooBig)).containsEntry("status", 413);
    }

    @Test
    void openApiDocumentsEveryEndpoint() throws Exception {
        HttpResponse<String> r = get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> paths = (Map<String, Object>) json(r).get("paths");
        assertThat(paths)
                .containsKeys("/api/alerts", "/api/alerts/{codeOrName}", "/api/explain", "/api/decode", "/healthz");
    }

    @Test
    void thePageAndDeepLinksAreServedWithAContentSecurityPolicy() throws Exception {
        for (String p : new String[] {"/", "/alerts/40"}) {
            HttpResponse<String> r = get(p);
            assertThat(r.statusCode()).as(p).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
            assertThat(r.headers().firstValue("Content-Security-Policy"))
                    .get()
                    .asString()
                    .contains("script-src 'self'");
        }
        assertThat(get("/static/..%2f..%2fpom.xml").statusCode()).isEqualTo(404);
    }

    @Test
    void aSlowClientIsCutOff() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n"
                    .getBytes(StandardCharsets.US_ASCII)); // never finishes the headers
            out.flush();
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            int b = in.read();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(b).as("the server closes the connection").isEqualTo(-1);
            assertThat(ms)
                    .as("closed by the read timeout, not by the socket's 15 s timeout")
                    .isLessThan(14_000);
        }
    }

    @Test
    void aSlowBodyIsCutOffToo() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1:"
                            + server.address().getPort()
                            + "\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            s.setSoTimeout(100);
            int got = 0;
            try {
                while (System.nanoTime() - t0 < 12_000_000_000L) {
                    out.write('x'); // one byte of body every 100 ms: 100 s for the whole body
                    out.flush();
                    try {
                        got = in.read();
                        break; // an answer or the end of the stream
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        // nothing yet
                    }
                }
            } catch (java.io.IOException e) {
                got = -1; // reset while writing: cut off as well
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(got).as("the server closes the connection").isEqualTo(-1);
            assertThat(ms).as("closed by the read deadline (2 s here)").isLessThan(10_000);
        }
    }

    @Test
    void everyRequestIsInTheAccessLog() throws Exception {
        get("/healthz?probe=accesslog");
        server.close();
        assertThat(accessLog.toString()).contains("\"GET /healthz\" 200");
        start();
    }
}
