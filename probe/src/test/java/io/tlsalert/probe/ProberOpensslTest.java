package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.probe.OfferFamilies.Registry;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import io.tlsalert.wire.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real misconfigured {@code openssl s_server}s on 127.0.0.1, each diagnosed: the alert, its sender, the cause. */
@Timeout(60)
class ProberOpensslTest {
    private static final List<Integer> SUITES_ECDHE_ECDSA =
            OfferFamilies.family(Registry.CIPHER_SUITE, "ECDHE-ECDSA").codes();
    private static final List<Integer> SUITES_ECDHE_RSA =
            OfferFamilies.family(Registry.CIPHER_SUITE, "ECDHE-RSA").codes();
    private static final List<Integer> SIGS_RSA_PSS =
            OfferFamilies.family(Registry.SIGNATURE_SCHEME, "RSA-PSS").codes();
    private static final List<Integer> SIGS_RSA_PKCS1 =
            OfferFamilies.family(Registry.SIGNATURE_SCHEME, "RSA-PKCS1").codes();
    private static final ProtocolVersion TLS13 = ProtocolVersion.TLS_1_3, TLS12 = ProtocolVersion.TLS_1_2;
    private static final int X25519 = TlsParameters.get().groupCode("x25519").getAsInt();
    private static final int SECP256R1 =
            TlsParameters.get().groupCode("secp256r1").getAsInt();
    private static final int FALLBACK_SCSV = Offer.FALLBACK_SCSV;

    @TempDir
    static Path dir;

    static Pki pki;
    static Pki.Leaf good, goodRsa, viaInter, selfSigned, expired, otherName, sniDefault;
    static Prober prober;

    @BeforeAll
    static void pki() throws Exception {
        pki = new Pki(dir);
        good = pki.leaf("localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        goodRsa = pki.leaf("rsa-localhost", Pki.KeyType.RSA, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        viaInter = pki.leaf(
                "inter-localhost", Pki.KeyType.EC, Pki.Issuer.INTERMEDIATE, 30, "DNS:localhost", "IP:127.0.0.1");
        selfSigned = pki.leaf("self-localhost", Pki.KeyType.EC, Pki.Issuer.SELF, 30, "DNS:localhost", "IP:127.0.0.1");
        expired = pki.leaf("expired-localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, -1, "DNS:localhost", "IP:127.0.0.1");
        otherName = pki.leaf("other.test", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:other.test");
        sniDefault = pki.leaf("good.test", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:good.test");
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

    static OpensslServer server(Pki.Leaf leaf, String... extra) throws Exception {
        return OpensslServer.www(dir, leaf, extra);
    }

    static Target target(OpensslServer s) {
        return new Target("127.0.0.1", s.port(), Optional.empty());
    }

    @Test
    void healthyServerIsOk() throws Exception {
        try (OpensslServer s = server(good)) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("ok");
            // the baseline, then one handshake as a new client makes it (issue 12 item 5): accepted too
            assertThat(d.handshakes()).isEqualTo(2);
            Attempt modern = d.attempts().get(1);
            assertThat(modern.ok()).isTrue();
            assertThat(modern.clientHelloBytes()).isGreaterThan(1500);
            assertThat(modern.offer().groups().get(0)).isEqualTo(EngineOffer.X25519MLKEM768);
            assertThat(modern.offer().splitAt()).isPositive();
            assertThat(modern.offer().signatureSchemes()).noneMatch(NewClientChecks::isSha1);
            // s_server (OpenSSL 3.0) does not know X25519MLKEM768: it asks for x25519 in a HelloRetryRequest
            assertThat(modern.helloRetry()).isTrue();
            assertThat(d.cause().evidence()).contains("a new client's ClientHello");
            assertThat(d.baseline().outcome().version()).contains(TLS13);
            assertThat(d.baseline().outcome().group()).contains(X25519);
            assertThat(d.certificateCheck().get().ok()).isTrue();
            assertThat(d.baseline().steps())
                    .extracting(Step::message)
                    .containsSubsequence(
                            "ClientHello",
                            "ServerHello",
                            "EncryptedExtensions",
                            "Certificate",
                            "CertificateVerify",
                            "Finished",
                            "client Finished");
            // No certificate was requested, so the probe does not wait for what follows (tickets): nothing can refuse
            // it.
            assertThat(d.serverChain()).hasSize(1);
            assertThat(d.serverChain().get(0).dnsNames()).contains("localhost");
            assertThat(ProbeJson.diagnosis(d)).containsKeys("target", "cause", "alert", "attempts", "certificateCheck");
        }
    }

    @Test
    void tls13OnlyServerVersusTls12Offer() throws Exception {
        try (OpensslServer s = server(good, "-tls1_3")) {
            Diagnosis d = show(prober.diagnose(target(s), offer().withVersions(TLS12)));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(70);
            assertThat(a.name()).isEqualTo("protocol_version");
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.after()).isEqualTo("ClientHello");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-requires-newer-tls");
            assertThat(d.cause().accepts()).isEqualTo("only TLS 1.3");
            // the search: widest offer, then versions, the other versions, suites, groups, schemes narrowed back
            assertThat(d.handshakes()).isBetween(3, 8);
        }
    }

    @Test
    void tls12OnlyServerVersusTls13Offer() throws Exception {
        try (OpensslServer s = server(good, "-tls1_2")) {
            Diagnosis d = show(prober.diagnose(target(s), offer().withVersions(TLS13)));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(70);
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-requires-older-tls");
            assertThat(d.cause().accepts()).isEqualTo("only TLS 1.2");
            assertThat(d.handshakes()).isBetween(3, 8);
        }
    }

    @Test
    void tls10OnlyServerVersusTheBroadOffer() throws Exception {
        // OpenSSL 3.0 refuses TLS 1.0 at its default security level: the server lowers it for this legacy setup.
        try (OpensslServer s = server(good, "-tls1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(70);
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-requires-older-tls");
            assertThat(d.cause().accepts()).isEqualTo("only TLS 1.0");
            assertThat(d.handshakes()).isBetween(3, 8);
            assertThat(JvmView.of(target(s), java.time.Duration.ofSeconds(5)).connects())
                    .as("JDK 17 disables TLS 1.0 by default: the JVM's view must say it does not connect")
                    .isFalse();
        }
    }

    @Test
    void noSharedCipherSuite() throws Exception {
        try (OpensslServer s = server(goodRsa, "-tls1_2", "-cipher", "AES256-SHA256")) {
            List<Integer> ecdhe = new ArrayList<>(SUITES_ECDHE_ECDSA);
            ecdhe.addAll(SUITES_ECDHE_RSA);
            Diagnosis d =
                    show(prober.diagnose(target(s), offer().withVersions(TLS12).withCipherSuites(ecdhe)));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(40);
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.after()).isEqualTo("ClientHello");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("no-shared-cipher-suite");
            assertThat(d.cause().accepts())
                    .contains("RSA key exchange")
                    .contains("only TLS_RSA_WITH_AES_256_CBC_SHA256")
                    .contains("in TLS 1.2");
            assertThat(d.handshakes()).isBetween(3, 8);
        }
    }

    @Test
    void clientCertificateRequiredTls12() throws Exception {
        try (OpensslServer s = server(good, "-tls1_2", "-Verify", "1", "-CAfile", pki.caPem.toString())) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.after()).isEqualTo("client Finished");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("client-certificate-required");
            assertThat(d.certificateRequest().orElseThrow().certificateAuthorities())
                    .anyMatch(n -> n.contains("Test Root CA"));
            assertThat(d.certificateRequest().get().signatureSchemes()).isNotEmpty();
            assertThat(d.cause().accepts()).contains("Test Root CA");
            assertThat(d.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void clientCertificateRequiredTls13EncryptedAlert() throws Exception {
        try (OpensslServer s = server(good, "-tls1_3", "-Verify", "1", "-CAfile", pki.caPem.toString())) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(116);
            assertThat(a.name()).isEqualTo("certificate_required");
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.encrypted()).isTrue();
            assertThat(a.after()).isEqualTo("client Finished");
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("client-certificate-required");
            assertThat(d.certificateRequest().orElseThrow().certificateAuthorities())
                    .anyMatch(n -> n.contains("Test Root CA"));
        }
    }

    @Test
    void clientCertificateAcceptedAndRejected() throws Exception {
        Pki.Leaf client = pki.leaf("client", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:client.test");
        Pki.Leaf stranger = pki.leaf("stranger", Pki.KeyType.EC, Pki.Issuer.SELF, 30, "DNS:stranger.test");
        try (OpensslServer s =
                server(good, "-tls1_3", "-Verify", "1", "-verify_return_error", "-CAfile", pki.caPem.toString())) {
            Diagnosis ok = prober.diagnose(
                    target(s),
                    offer().withClientCert(Optional.of(ClientCredentials.fromPem(client.cert(), client.key()))));
            assertThat(ok.cause().id()).as(ok.cause().evidence()).isEqualTo("ok");
            Diagnosis bad = prober.diagnose(
                    target(s),
                    offer().withClientCert(Optional.of(ClientCredentials.fromPem(stranger.cert(), stranger.key()))));
            assertThat(bad.cause().id()).as(bad.cause().evidence()).isEqualTo("client-certificate-rejected");
            assertThat(bad.alert().get().sender()).isEqualTo(Side.SERVER);
            assertThat(bad.alert().get().name()).isEqualTo("unknown_ca");
            assertThat(bad.alert().get().encrypted()).isTrue();
        }
    }

    @Test
    void strictSniUnrecognized() throws Exception {
        try (OpensslServer s = server(
                good,
                "-servername",
                "good.test",
                "-servername_fatal",
                "-cert2",
                sniDefault.cert().toString(),
                "-key2",
                sniDefault.key().toString())) {
            Diagnosis d = show(prober.diagnose(target(s), offer().withSni("bad.test")));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(112);
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("sni-unrecognized");
        }
    }

    @Test
    void alpnMismatch() throws Exception {
        try (OpensslServer s = server(good, "-alpn", "h2")) {
            Diagnosis d = show(prober.diagnose(target(s), offer().withAlpn("http/1.1")));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(120);
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("alpn-mismatch");
            assertThat(d.cause().accepts()).startsWith("h2");
        }
    }

    @Test
    void noSharedGroup() throws Exception {
        try (OpensslServer s = server(good, "-groups", "P-384")) {
            Diagnosis d = show(prober.diagnose(target(s), offer().withGroups(List.of(X25519, SECP256R1))));
            assertThat(d.alert().orElseThrow().sender()).isEqualTo(Side.SERVER);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("no-shared-group");
            assertThat(d.cause().accepts()).isEqualTo("only secp384r1");
        }
    }

    @Test
    void noSharedSignatureAlgorithm() throws Exception {
        try (OpensslServer s = server(good)) {
            List<Integer> rsaOnly = new ArrayList<>(SIGS_RSA_PSS);
            rsaOnly.addAll(SIGS_RSA_PKCS1);
            Diagnosis d = show(prober.diagnose(target(s), offer().withSignatureSchemes(rsaOnly)));
            assertThat(d.alert().orElseThrow().sender()).isEqualTo(Side.SERVER);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("no-shared-signature-algorithm");
            assertThat(d.cause().accepts()).isEqualTo("only ecdsa_secp256r1_sha256 (ECDSA)");
        }
    }

    @Test
    void inappropriateFallback() throws Exception {
        try (OpensslServer s = server(good)) {
            List<Integer> suites = new ArrayList<>(offer().cipherSuites());
            suites.add(FALLBACK_SCSV);
            Diagnosis d =
                    show(prober.diagnose(target(s), offer().withVersions(TLS12).withCipherSuites(suites)));
            assertThat(d.alert().orElseThrow().code()).isEqualTo(86);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("inappropriate-fallback");
        }
    }

    @Test
    void untrustedRoot() throws Exception {
        try (OpensslServer s = server(selfSigned)) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            // A self-signed leaf is its own cause now (it was "untrusted"): the fix differs from a private CA's.
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-self-signed");
            assertThat(d.certificateCheck().get().strictAlertName()).contains("unknown_ca");
            assertThat(d.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void missingIntermediateAndCompleteChain() throws Exception {
        try (OpensslServer s = server(viaInter)) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-incomplete-chain");
            assertThat(d.certificateCheck().get().reason()).contains("Test Intermediate CA");
            assertThat(d.certificateCheck().get().strictAlertName()).contains("unknown_ca");
        }
        try (OpensslServer s = server(viaInter, "-cert_chain", pki.interPem.toString())) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("ok");
            assertThat(d.serverChain()).hasSize(2);
        }
    }

    @Test
    void expiredCertificate() throws Exception {
        try (OpensslServer s = server(expired)) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-expired");
            assertThat(d.certificateCheck().get().strictAlertName()).contains("certificate_expired");
        }
    }

    @Test
    void nameMismatch() throws Exception {
        try (OpensslServer s = server(otherName)) {
            Diagnosis d = show(prober.diagnose(target(s), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-name-mismatch");
            assertThat(d.certificateCheck().get().reason()).contains("other.test");
        }
    }
}
