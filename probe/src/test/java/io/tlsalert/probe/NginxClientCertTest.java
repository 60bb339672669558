package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.Nginx;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client certificate enforced after the handshake, on a real nginx (issue 12 item 4): {@code ssl_verify_client on}
 * completes the handshake without a certificate and refuses at the HTTP level; {@code optional} serves the page;
 * a certificate sent is accepted; h2 chosen by ALPN is said, not spoken. On 127.0.0.1 and ::1. And an openssl
 * s_server that asks, completes and never answers the request: the check ends at its timeout.
 */
@Timeout(120)
class NginxClientCertTest {
    @TempDir
    static Path dir;

    static Pki pki;
    static Pki.Leaf server, client;
    static Prober prober;

    @BeforeAll
    static void pki() throws Exception {
        pki = new Pki(dir);
        server = pki.leaf("srv", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1", "IP:::1");
        client = pki.leaf("cli", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:client.test");
        prober = new Prober(Duration.ofSeconds(5), Duration.ofMillis(20))
                .withTrustStore(TrustStore.load(pki.caPem, null));
    }

    static Nginx nginx(String listen, String verify) throws Exception {
        return Nginx.start(
                dir,
                // Nginx.start waits for 127.0.0.1 to accept: an IPv6 server listens there too.
                "server {\n listen 127.0.0.1:%PORT% ssl http2;\n"
                        + (listen.equals("[::1]") ? " listen [::1]:%PORT% ssl http2;\n" : "")
                        + " ssl_certificate " + server.cert() + "; ssl_certificate_key " + server.key() + ";\n"
                        + " ssl_verify_client " + verify + "; ssl_client_certificate " + pki.caPem + ";\n"
                        + " location / { return 200 \"hello\\n\"; }\n}\n");
    }

    static Diagnosis show(Diagnosis d) {
        System.out.println(d.summary());
        return d;
    }

    @Test
    void verifyClientOnOverIpv6IsClientCertificateRequired() throws Exception {
        try (Nginx n = nginx("[::1]", "on")) {
            Target t = Target.parse("[::1]:" + n.port());
            Diagnosis d = show(prober.diagnose(t, Offer.broad().withSni("localhost")));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("client-certificate-required");
            HttpAnswer h = d.baseline().http().orElseThrow();
            assertThat(h.sent()).isTrue();
            assertThat(h.statusLine()).get().asString().startsWith("HTTP/1.1 400");
            assertThat(h.title()).contains("No required SSL certificate was sent");
            assertThat(d.baseline().steps()).extracting(Step::message).contains("HTTP request", "HTTP answer");
            assertThat(d.cause().fix()).contains("ssl_verify_client optional");
            assertThat(d.summary()).contains("http: GET / was answered HTTP/1.1 400");
            assertThat(d.handshakes()).isEqualTo(1);
            @SuppressWarnings("unchecked")
            Map<String, Object> first =
                    (Map<String, Object>) ((List<?>) ProbeJson.diagnosis(d).get("attempts")).get(0);
            assertThat((Map<String, Object>) first.get("http"))
                    .containsEntry("sent", true)
                    .containsEntry("status", 400)
                    .containsEntry("title", "400 No required SSL certificate was sent");
        }
    }

    @Test
    void verifyClientOptionalServesThePageAndIsOk() throws Exception {
        try (Nginx n = nginx("127.0.0.1", "optional")) {
            Diagnosis d = show(prober.diagnose(
                    new Target("127.0.0.1", n.port(), Optional.empty()),
                    Offer.broad().withSni("localhost")));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("ok");
            assertThat(d.baseline().http().orElseThrow().status()).isEqualTo(200);
            assertThat(d.cause().evidence()).contains("accepted none", "GET / was answered HTTP/1.1 200");
        }
    }

    @Test
    void aCertificateSentIsAcceptedAndNoRequestIsMade() throws Exception {
        ClientCredentials creds = ClientCredentials.fromPem(client.cert(), client.key());
        try (Nginx n = nginx("127.0.0.1", "on")) {
            Diagnosis d = show(prober.diagnose(
                    new Target("127.0.0.1", n.port(), Optional.empty()),
                    Offer.broad().withSni("localhost").withClientCert(Optional.of(creds))));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("ok");
            assertThat(d.baseline().http()).isEmpty();
        }
    }

    @Test
    void h2ChosenByAlpnIsSaidAndNoRequestIsSent() throws Exception {
        try (Nginx n = nginx("127.0.0.1", "on")) {
            Diagnosis d = show(prober.diagnose(
                    new Target("127.0.0.1", n.port(), Optional.empty()),
                    Offer.broad().withSni("localhost").withAlpn(List.of("h2", "http/1.1"))));
            HttpAnswer h = d.baseline().http().orElseThrow();
            assertThat(h.sent()).isFalse();
            assertThat(h.note()).contains("ALPN chose h2");
            assertThat(d.cause().id()).isEqualTo("ok");
        }
        try (Nginx n = nginx("127.0.0.1", "on")) {
            Diagnosis d = show(prober.diagnose(
                    new Target("127.0.0.1", n.port(), Optional.empty()),
                    Offer.broad().withSni("localhost").withAlpn(List.of("http/1.1"))));
            assertThat(d.baseline().outcome().alpn()).contains("http/1.1");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("client-certificate-required");
        }
    }

    @Test
    void aServerThatNeverAnswersTheRequestEndsAtTheTimeout() throws Exception {
        // s_server without -www asks for a certificate (-verify: optional), completes, and never answers HTTP.
        Prober quick = new Prober(Duration.ofSeconds(2), Duration.ofMillis(20))
                .withTrustStore(TrustStore.load(pki.caPem, null));
        try (OpensslServer s = OpensslServer.start(
                dir,
                dir.resolve("silent-http.log"),
                List.of(
                        "-cert",
                        server.cert().toString(),
                        "-key",
                        server.key().toString(),
                        "-verify",
                        "1",
                        "-tls1_2"))) {
            long t0 = System.nanoTime();
            Diagnosis d = show(quick.diagnose(
                    new Target("127.0.0.1", s.port(), Optional.empty()),
                    Offer.broad().withSni("localhost")));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            HttpAnswer h = d.baseline().http().orElseThrow();
            assertThat(h.sent()).isTrue();
            assertThat(h.status()).isZero();
            assertThat(h.note()).contains("got no answer", "within the timeout");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("ok");
            assertThat(d.baseline().millis()).isLessThan(2 * 2000 + 1000); // the handshake, then one timeout at most
            System.out.println("silent HTTP answer: the diagnosis took " + took.toMillis() + " ms");
        }
    }

    @Test
    void theRequestIsMinimal() {
        Target t = Target.parse("[2001:db8::1]:8443");
        assertThat(new String(HttpCheck.request(t, Optional.empty()), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("GET / HTTP/1.1\r\nHost: [2001:db8::1]:8443\r\nUser-Agent: tlsalert-probe\r\nAccept: */*\r\n"
                        + "Connection: close\r\n\r\n");
        assertThat(HttpCheck.skip(Target.parse("mail.test:993"), Optional.empty()))
                .get()
                .asString()
                .contains("imaps");
        assertThat(HttpCheck.skip(Target.parse("www.test"), Optional.empty())).isEmpty();
    }
}
