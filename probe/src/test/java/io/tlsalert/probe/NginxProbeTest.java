package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.probe.OfferFamilies.Registry;
import io.tlsalert.testkit.Nginx;
import io.tlsalert.testkit.Pki;
import io.tlsalert.wire.ProtocolVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real misconfigured nginx servers (Debian's {@code /usr/sbin/nginx}, run in the foreground as a child process with its
 * own prefix, config, pid and logs in a temporary directory), each diagnosed: the alert, its sender, the cause.
 * Skipped when nginx is not installed.
 */
@Timeout(60)
class NginxProbeTest {
    private static final List<Integer> SUITES_ECDHE_ECDSA =
            OfferFamilies.family(Registry.CIPHER_SUITE, "ECDHE-ECDSA").codes();
    private static final List<Integer> SUITES_ECDHE_RSA =
            OfferFamilies.family(Registry.CIPHER_SUITE, "ECDHE-RSA").codes();
    private static final ProtocolVersion TLS13 = ProtocolVersion.TLS_1_3, TLS12 = ProtocolVersion.TLS_1_2;
    private static final List<Integer> SUITES_RSA =
            OfferFamilies.family(Registry.CIPHER_SUITE, "RSA key exchange").codes();

    static final Path NGINX = Nginx.BINARY;

    @TempDir
    static Path dir;

    static Pki pki;
    static Pki.Leaf ec, rsa, goodTest;
    static Prober prober;

    @BeforeAll
    static void pki() throws Exception {
        // No skipping: .ci/run installs nginx-light; without it these tests fail, as they should.
        org.assertj.core.api.Assertions.assertThat(Files.isExecutable(NGINX))
                .as("nginx is not installed at " + NGINX + " (apt-get install nginx-light)")
                .isTrue();
        pki = new Pki(dir);
        ec = pki.leaf("ec-localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        rsa = pki.leaf("rsa-localhost", Pki.KeyType.RSA, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        goodTest = pki.leaf("good.test", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:good.test");
        prober = new Prober(Duration.ofSeconds(5), Duration.ofMillis(20))
                .withTrustStore(TrustStore.load(pki.caPem, null));
    }

    static Diagnosis show(Diagnosis d) {
        System.out.println(d.summary());
        return d;
    }

    static Offer offer() {
        return Offer.broad().withSni("localhost");
    }

    /** One server block's TLS directives for a certificate and key. */
    static String certs(Pki.Leaf leaf) {
        return "ssl_certificate " + leaf.cert() + "; ssl_certificate_key " + leaf.key() + ";\n";
    }

    /** A {@code server { listen 127.0.0.1:PORT ssl ...; body; location / { return 200 } }} block. */
    static String server(String listenExtra, String body) {
        return "server {\n listen 127.0.0.1:%PORT% ssl" + listenExtra + ";\n" + body
                + " location / { return 200 \"hello\\n\"; }\n}\n";
    }

    static Nginx nginx(String... servers) throws Exception {
        return Nginx.start(dir, servers);
    }

    static Target target(Nginx n) {
        return new Target("127.0.0.1", n.port(), Optional.empty());
    }

    @Test
    void healthyServerIsOk() throws Exception {
        try (Nginx n = nginx(server("", certs(ec)))) {
            Diagnosis d = show(prober.diagnose(target(n), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("ok");
            assertThat(d.alert()).isEmpty();
            // the baseline and the new client's handshake
            assertThat(d.handshakes()).isEqualTo(2);
            // nginx 1.22 (Debian 12) defaults to ssl_protocols TLSv1 TLSv1.1 TLSv1.2; TLSv1.3 joined the default in
            // 1.23.4.
            assertThat(d.baseline().outcome().version().orElseThrow()).isIn(TLS12, TLS13);
            assertThat(d.certificateCheck().get().ok()).isTrue();
        }
    }

    @Test
    void tls13OnlyServerVersusTls12Offer() throws Exception {
        try (Nginx n = nginx(server("", certs(ec) + "ssl_protocols TLSv1.3;\n"))) {
            Diagnosis d = show(prober.diagnose(target(n), offer().withVersions(TLS12)));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(70);
            assertThat(a.name()).isEqualTo("protocol_version");
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.after()).isEqualTo("ClientHello");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-requires-newer-tls");
            assertThat(d.cause().accepts()).isEqualTo("only TLS 1.3");
        }
    }

    @Test
    void rsaKeyExchangeOnlyServerVersusEcdheOffer() throws Exception {
        try (Nginx n = nginx(server("", certs(rsa) + "ssl_protocols TLSv1.2;\nssl_ciphers AES256-SHA256;\n"))) {
            List<Integer> ecdhe = new ArrayList<>(SUITES_ECDHE_ECDSA);
            ecdhe.addAll(SUITES_ECDHE_RSA);
            Diagnosis d =
                    show(prober.diagnose(target(n), offer().withVersions(TLS12).withCipherSuites(ecdhe)));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(40);
            assertThat(a.name()).isEqualTo("handshake_failure");
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.after()).isEqualTo("ClientHello");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("no-shared-cipher-suite");
            assertThat(d.cause().accepts()).contains("TLS_RSA_WITH_AES_256_CBC_SHA256");
        }
    }

    @Test
    void ecdsaCertificateVersusRsaOnlySuites() throws Exception {
        // TLS 1.2 suites name the certificate's key type (ECDHE-RSA / RSA key exchange): an ECDSA-only server has
        // no usable suite among them, so OpenSSL rejects the ClientHello at cipher selection.
        try (Nginx n = nginx(server("", certs(ec) + "ssl_protocols TLSv1.2;\n"))) {
            List<Integer> rsaSuites = new ArrayList<>(SUITES_ECDHE_RSA);
            rsaSuites.addAll(SUITES_RSA);
            Diagnosis d =
                    show(prober.diagnose(target(n), offer().withVersions(TLS12).withCipherSuites(rsaSuites)));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(40);
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.after()).isEqualTo("ClientHello");
            // Not no-shared-signature-algorithm: the offer keeps its full signature_algorithms list (ECDSA included),
            // the mismatch is in the suites' authentication; the follow-up with ECDHE-ECDSA suites succeeds.
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("no-shared-cipher-suite");
            // the server takes both ECDSA AES-GCM suites: the search names the one it chose and the other one
            assertThat(d.cause().accepts())
                    .isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (ECDHE-ECDSA), and also"
                            + " TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (ECDHE-ECDSA) in TLS 1.2");
            assertThat(d.handshakes()).isBetween(3, 8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void verifyClientOnCompletesHandshake(String protocol) throws Exception {
        ProtocolVersion version = protocol.equals("TLSv1.3") ? TLS13 : TLS12;
        try (Nginx n = nginx(server(
                "",
                certs(ec) + "ssl_protocols " + protocol + ";\nssl_verify_client on;\n" + "ssl_client_certificate "
                        + pki.caPem + ";\n"))) {
            Diagnosis d = show(prober.diagnose(target(n), offer()));
            // nginx asks for a certificate but does not abort the handshake without one: it verifies after the
            // handshake and answers the HTTP request with 400 "No required SSL certificate was sent". No alert, so
            // the probe sends that request (HttpCheck) and names the refusal (it said "ok" before the HTTP check).
            assertThat(d.alert()).isEmpty();
            assertThat(d.baseline().outcome().version()).contains(version);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("client-certificate-required");
            assertThat(d.certificateRequest().orElseThrow().certificateAuthorities())
                    .anyMatch(c -> c.contains("Test Root CA"));
            HttpAnswer h = d.baseline().http().orElseThrow();
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.title()).isEqualTo("400 No required SSL certificate was sent");
            assertThat(d.cause().evidence()).contains("CertificateRequest", "No required SSL certificate was sent");
        }
    }

    @Test
    void strictSniUnrecognized() throws Exception {
        try (Nginx n = nginx(
                server(" default_server", "ssl_reject_handshake on;\n"),
                server("", "server_name good.test;\n" + certs(goodTest)))) {
            Diagnosis good = show(prober.diagnose(target(n), offer().withSni("good.test")));
            assertThat(good.cause().id()).as(good.cause().evidence()).isEqualTo("ok");
            Diagnosis d = show(prober.diagnose(target(n), offer().withSni("bad.test")));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(112);
            assertThat(a.name()).isEqualTo("unrecognized_name");
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.after()).isEqualTo("ClientHello");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("sni-unrecognized");
        }
    }
}
