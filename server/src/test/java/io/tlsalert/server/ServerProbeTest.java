package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/probe: off by default, and when on, only to allowed targets, checked after resolving. */
class ServerProbeTest {
    @TempDir
    static Path dir;

    static OpensslServer tlsServer;
    static int tlsPort;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTlsServer() throws Exception {
        Pki.Leaf leaf =
                Pki.selfSigned(dir.resolve("cert.pem"), dir.resolve("key.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        tlsServer = OpensslServer.start(
                dir,
                dir.resolve("s_server.log"),
                List.of("-cert", leaf.cert().toString(), "-key", leaf.key().toString(), "-tls1_3", "-quiet"));
        tlsPort = tlsServer.port();
    }

    @AfterAll
    static void stop() {
        tlsServer.close();
    }

    static HttpResponse<String> post(AlertServer s, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + s.address().getPort() + "/api/probe"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void offByDefault() throws Exception {
        try (AlertServer s = AlertServer.start(AlertServer.Config.defaults().withPort(0))) {
            HttpResponse<String> r = post(s, "{\"target\": \"127.0.0.1:" + tlsPort + "\"}");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("--allow-probe");
        }
    }

    @Test
    void probesAnExplicitlyAllowedLoopbackTarget() throws Exception {
        try (AlertServer s = AlertServer.start(
                AlertServer.Config.defaults().withPort(0).withProbePolicy(new ProbePolicy(List.of("127.0.0.1"))))) {
            HttpResponse<String> r = post(s, "{\"target\": \"127.0.0.1:" + tlsPort + "\", \"tls\": \"1.2\"}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Map<String, Object> m = JSON.std.mapFrom(r.body());
            @SuppressWarnings("unchecked")
            Map<String, Object> cause = (Map<String, Object>) m.get("cause");
            assertThat(cause).containsEntry("id", "server-requires-newer-tls");
        }
    }

    @Test
    void refusesWhatThePatternsDoNotAllow() throws Exception {
        try (AlertServer s = AlertServer.start(AlertServer.Config.defaults()
                .withPort(0)
                .withProbePolicy(new ProbePolicy(List.of("*.example.com", "localhost"))))) {
            HttpResponse<String> ip = post(s, "{\"target\": \"127.0.0.1:" + tlsPort + "\"}");
            assertThat(ip.statusCode()).isEqualTo(403);
            // The name is allowed, but it resolves to loopback, which needs an explicit IP pattern.
            HttpResponse<String> name = post(s, "{\"target\": \"localhost:" + tlsPort + "\"}");
            assertThat(name.statusCode()).isEqualTo(403);
            assertThat(name.body()).contains("loopback");
            assertThat(post(s, "{\"nope\": 1}").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void policyClassifiesPrivateLinkLocalAndMetadataAddresses() {
        ProbePolicy p = new ProbePolicy(List.of("*.example.com", "10.1.0.0/16"));
        assertThat(p.check("169.254.169.254").address()).isEmpty();
        assertThat(p.check("10.2.3.4").address()).isEmpty();
        assertThat(p.check("10.1.2.3").address()).isPresent();
        assertThat(p.check("::1").address()).isEmpty();
        ProbePolicy meta = new ProbePolicy(List.of("169.254.169.254"));
        assertThat(meta.check("169.254.169.254").address()).isPresent();
    }
}
