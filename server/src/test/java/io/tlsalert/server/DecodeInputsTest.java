package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.testkit.Commands;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /api/decode reads what decode reads, in the CLI's order (core's DecodeInput): a trace a real openssl printed,
 * PEM certificates made by openssl, and a refused private key whose content is never echoed.
 */
class DecodeInputsTest {
    static AlertServer server;
    static int port;
    static String host;

    @TempDir
    static Path dir;

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

    private static Map<String, Object> post(String body, int status) throws Exception {
        RawHttp.Answer a = RawHttp.post(port, "/api/decode", body, host, "Content-Type: text/plain");
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        return JSON.std.mapFrom(a.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOpensslMsgTraceIsDecodedWithTheDirectionOfItsAlert() throws Exception {
        Pki.Leaf leaf =
                Pki.selfSigned(dir.resolve("trace.pem"), dir.resolve("trace.key"), "/CN=localhost", Pki.KeyType.EC, 30);
        try (OpensslServer s = OpensslServer.www(dir, leaf)) {
            // A self-signed server certificate: the verifying client sends unknown_ca (48), and -msg prints it.
            String trace = Commands.stdout(
                    dir,
                    Duration.ofSeconds(20),
                    "sh",
                    "-c",
                    "openssl s_client -connect 127.0.0.1:" + s.port()
                            + " -servername localhost -verify_return_error -msg 2>&1; true");
            assertThat(trace).contains(">>> ").contains("Alert");
            Map<String, Object> m = post(trace, 200);
            assertThat((Map<String, Object>) m.get("trace")).containsEntry("format", "openssl-msg");
            List<Map<String, Object>> alerts = (List<Map<String, Object>>) m.get("alerts");
            assertThat(alerts).extracting(x -> x.get("code")).contains(48);
            Map<String, Object> a48 = alerts.stream()
                    .filter(x -> x.get("code").equals(48))
                    .findFirst()
                    .orElseThrow();
            assertThat(a48).containsEntry("direction", "sent");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPemCertificateIsSummarisedAndAKeyIsRefusedUnread() throws Exception {
        Pki.Leaf leaf =
                Pki.selfSigned(dir.resolve("cert.pem"), dir.resolve("cert.key"), "/CN=decode.test", Pki.KeyType.EC, 30);
        Map<String, Object> m = post(Files.readString(leaf.cert()), 200);
        assertThat(m).containsEntry("input", "certificates").containsEntry("records", List.of());
        List<Map<String, Object>> certs = (List<Map<String, Object>>) m.get("certificates");
        assertThat(certs).hasSize(1);
        assertThat((String) certs.get(0).get("subject")).contains("decode.test");

        String key = Files.readString(leaf.key());
        RawHttp.Answer a = RawHttp.post(port, "/api/decode", key, host, "Content-Type: text/plain");
        assertThat(a.status()).isEqualTo(400);
        // Not one line of the key's base64 comes back.
        for (String line : key.lines().filter(l -> !l.startsWith("-----")).toList()) {
            assertThat(a.body()).doesNotContain(line);
        }
    }
}
