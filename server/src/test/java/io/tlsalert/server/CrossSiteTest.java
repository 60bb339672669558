package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bypasses of issue 10 against the real server on 127.0.0.1: a foreign page's text/plain POST, a foreign Origin,
 * a rebound Host. Each refused, and the server's own page and plain clients still served.
 */
class CrossSiteTest {
    static AlertServer server;
    static int port;
    static String own;

    static final String EXPLAIN = "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure";

    @BeforeAll
    static void start() throws Exception {
        server = AlertServer.start(AlertServer.Config.defaults()
                .withPort(0)
                .withProbePolicy(new ProbePolicy(List.of("*.example.com")))
                .withAllowedHosts(List.of("tlsalert.test"))
                .withAllowedOrigins(List.of("https://tools.example.com")));
        port = server.address().getPort();
        own = "Host: 127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aForeignPageCannotProbeWithTextPlain() throws Exception {
        String probe = "{\"target\": \"127.0.0.1:443\"}";
        RawHttp.Answer foreign = RawHttp.post(
                port, "/api/probe", probe, own, "Origin: https://evil.example", "Content-Type: text/plain");
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"status\":403").contains("--allowed-origin");
        RawHttp.Answer plain = RawHttp.post(port, "/api/probe", probe, own, "Content-Type: text/plain");
        assertThat(plain.status())
                .as("/api/probe takes JSON only, Origin or not")
                .isEqualTo(415);
        assertThat(plain.body()).contains("application/json");
        assertThat(RawHttp.post(port, "/api/probe", probe, own).status())
                .as("no Content-Type")
                .isEqualTo(415);
        assertThat(RawHttp.post(port, "/api/probe", probe, own, "Content-Type: application/x-www-form-urlencoded")
                        .status())
                .isEqualTo(415);
        RawHttp.Answer allowedPageText = RawHttp.post(
                port, "/api/probe", probe, own, "Origin: https://tools.example.com", "Content-Type: text/plain");
        assertThat(allowedPageText.status()).isEqualTo(415);
        RawHttp.Answer json = RawHttp.post(port, "/api/probe", probe, own, "Content-Type: application/json");
        assertThat(json.status()).as("through to the policy").isEqualTo(403);
        assertThat(json.body()).contains("not allowed by --probe-allow");
    }

    @Test
    void explainAndDecodeTakeTextOnlyWithoutAForeignOrigin() throws Exception {
        assertThat(RawHttp.post(port, "/api/explain", EXPLAIN, own, "Content-Type: text/plain")
                        .status())
                .isEqualTo(200);
        assertThat(RawHttp.post(
                                port,
                                "/api/explain",
                                EXPLAIN,
                                own,
                                "Origin: http://127.0.0.1:" + port,
                                "Content-Type: text/plain; charset=utf-8")
                        .status())
                .as("the server's own page")
                .isEqualTo(200);
        assertThat(RawHttp.post(port, "/api/decode", "15 03 03 00 02 02 28", own, "Content-Type: text/plain")
                        .status())
                .isEqualTo(200);
        assertThat(RawHttp.post(
                                port,
                                "/api/explain",
                                EXPLAIN,
                                own,
                                "Origin: https://tools.example.com",
                                "Content-Type: text/plain")
                        .status())
                .as("an allowed foreign page must send JSON (text/plain skips the CORS preflight)")
                .isEqualTo(415);
        assertThat(RawHttp.post(port, "/api/explain", EXPLAIN, own, "Content-Type: application/x-www-form-urlencoded")
                        .status())
                .isEqualTo(415);
        assertThat(RawHttp.post(port, "/api/explain", EXPLAIN, own, "Origin: null", "Content-Type: text/plain")
                        .status())
                .as("a sandboxed or file: page")
                .isEqualTo(403);
    }

    @Test
    void anAllowedOriginGetsCorsForJson() throws Exception {
        RawHttp.Answer pre = RawHttp.send(
                port,
                "OPTIONS /api/explain HTTP/1.1\r\n" + own
                        + "\r\nOrigin: https://tools.example.com\r\nAccess-Control-Request-Method: POST"
                        + "\r\nAccess-Control-Request-Headers: content-type",
                "");
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.header("Access-Control-Allow-Origin")).isEqualTo("https://tools.example.com");
        RawHttp.Answer r = RawHttp.post(
                port,
                "/api/explain",
                "{\"text\": \"remote error: tls: bad certificate\"}",
                own,
                "Origin: https://tools.example.com",
                "Content-Type: application/json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("https://tools.example.com");
        RawHttp.Answer other = RawHttp.send(
                port,
                "OPTIONS /api/explain HTTP/1.1\r\n" + own
                        + "\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST",
                "");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void dnsRebindingFailsOnTheHostHeader() throws Exception {
        for (String host : new String[] {
            "evil.example:" + port,
            "evil.example",
            "127.0.0.1:" + (port == 1 ? 2 : port - 1),
            "127.0.0.1",
            "localhost.evil.example:" + port,
            "127.0.0.1:" + port + "@evil",
            "[::2]:" + port
        }) {
            RawHttp.Answer a = RawHttp.get(port, "/api/alerts/40", "Host: " + host);
            assertThat(a.status()).as(host).isEqualTo(421);
            assertThat(a.body()).as(host).contains("\"status\":421").contains("--allowed-host");
            RawHttp.Answer p = RawHttp.post(
                    port,
                    "/api/probe",
                    "{\"target\": \"x.example.com\"}",
                    "Host: " + host,
                    "Content-Type: application/json");
            assertThat(p.status()).as(host).isEqualTo(421);
        }
        for (String host : new String[] {
            "127.0.0.1:" + port,
            "localhost:" + port,
            "[::1]:" + port,
            "LOCALHOST:" + port,
            "tlsalert.test",
            "tlsalert.test:443"
        }) {
            assertThat(RawHttp.get(port, "/api/alerts/40", "Host: " + host).status())
                    .as(host)
                    .isEqualTo(200);
        }
        assertThat(RawHttp.send(port, "GET /api/alerts/40 HTTP/1.0", "").status())
                .as("no Host")
                .isEqualTo(400);
        assertThat(RawHttp.get(port, "/api/alerts/40", "Host: a", "Host: b").status())
                .as("two Hosts")
                .isIn(400, 421);
        assertThat(RawHttp.get(port, "/healthz", "Host: 10.0.0.5:" + port).status())
                .as("health checks come with any Host")
                .isEqualTo(200);
    }

    @Test
    void aWildcardBindStillAnswersOnlyToItsNames() throws Exception {
        try (AlertServer wide = AlertServer.start(
                AlertServer.Config.defaults().withHost("0.0.0.0").withPort(0))) {
            int p = wide.address().getPort();
            assertThat(RawHttp.get(p, "/api/alerts/40", "Host: 127.0.0.1:" + p).status())
                    .isEqualTo(200);
            assertThat(RawHttp.get(p, "/api/alerts/40", "Host: 0.0.0.0:" + p).status())
                    .isEqualTo(421);
            assertThat(RawHttp.get(p, "/api/alerts/40", "Host: attacker.example:" + p)
                            .status())
                    .isEqualTo(421);
        }
    }
}
