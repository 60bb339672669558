package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each certificate problem a client refuses, told apart on a real {@code openssl s_server} (127.0.0.1 and ::1): a
 * missing intermediate, a complete chain up to a private root, a self-signed leaf, a weak key, a SHA-1 signature;
 * each with what OpenSSL, the JDK and Go send (read by explain from what they print). And the JVM's view with the
 * user's trust store.
 */
@Timeout(120)
class CertificateCasesTest {
    @TempDir
    static Path dir;

    static Pki pki, other;
    static Pki.Leaf good, privateLeaf, privateDirect, withAia, self, weakKey, sha1;
    static Prober trusting, jdkTrust;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new Pki(dir);
        other = new Pki(dir, "Private");
        String[] sans = {"DNS:localhost", "IP:127.0.0.1", "IP:::1"};
        good = pki.leaf("good", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, sans);
        privateLeaf = other.leaf("private-leaf", Pki.KeyType.EC, Pki.Issuer.INTERMEDIATE, 30, sans);
        privateDirect = other.leaf("private-direct", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, sans);
        withAia = pki.leaf(
                "aia-leaf",
                Pki.KeyType.EC,
                Pki.Issuer.INTERMEDIATE,
                30,
                "sha256",
                List.of("authorityInfoAccess=caIssuers;URI:http://ca.test/inter.der"),
                sans);
        self = pki.leaf("self", Pki.KeyType.EC, Pki.Issuer.SELF, 30, sans);
        weakKey = pki.leaf("weak-key", Pki.KeyType.RSA_1024, Pki.Issuer.ROOT, 30, sans);
        sha1 = pki.leaf("sha1", Pki.KeyType.RSA, Pki.Issuer.ROOT, 30, "sha1", List.of(), sans);
        Prober p = new Prober(Duration.ofSeconds(5), Duration.ofMillis(20));
        trusting = p.withTrustStore(TrustStore.load(pki.caPem, null));
        jdkTrust = p;
    }

    static Target v4(OpensslServer s) {
        return new Target("127.0.0.1", s.port(), Optional.empty());
    }

    static Diagnosis show(Diagnosis d) {
        System.out.println(d.summary());
        return d;
    }

    static Offer offer() {
        return Offer.broad().withSni("localhost");
    }

    /** What each client does with the problem: all three named, with the alert explain reads from their words. */
    static void clientsSay(CertificateCheck c, String openssl, String jdk, String go) {
        assertThat(c.clients()).extracting(ClientAlert::client).containsExactly("OpenSSL 3.0", "JDK 17", "Go 1.19");
        assertThat(c.clients()).extracting(ClientAlert::alertName).containsExactly(openssl, jdk, go);
        assertThat(c.reason()).contains("Clients: OpenSSL 3.0 ");
    }

    @Test
    void aCompleteChainUpToAPrivateRootIsUntrustedNotIncomplete() throws Exception {
        // The server sends leaf and intermediate, as it should; the client trusts another root.
        try (OpensslServer s = OpensslServer.www(dir, privateLeaf, "-cert_chain", other.interPem.toString())) {
            Diagnosis d = show(trusting.diagnose(v4(s), offer()));
            assertThat(d.serverChain()).hasSize(2);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-untrusted");
            CertificateCheck c = d.certificateCheck().orElseThrow();
            assertThat(c.reason()).contains("complete up to", "Private Root CA", "Private Intermediate CA");
            assertThat(c.strictAlertName()).contains("unknown_ca");
            clientsSay(c, "unknown_ca", "certificate_unknown", "bad_certificate");
            assertThat(d.cause().fix()).contains("trust store");
            assertThat(ProbeJson.diagnosis(d).get("certificateCheck").toString())
                    .contains("client=Go 1.19", "alert=42", "alertName=bad_certificate");
        }
    }

    @Test
    void aLeafOfAPrivateRootOverIpv6IsUntrustedUnderTheJdkStore() throws Exception {
        try (OpensslServer s = OpensslServer.www6(dir, privateDirect)) {
            Target t = Target.parse("[::1]:" + s.port());
            assertThat(t.toString()).isEqualTo("[::1]:" + s.port());
            Diagnosis d = show(jdkTrust.diagnose(t, offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-untrusted");
            assertThat(d.certificateCheck().orElseThrow().reason())
                    .contains("Private Root CA", "JDK cacerts", "private CA");
        }
    }

    @Test
    void aMissingIntermediateIsNamedWithItsCaIssuersAddress() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, withAia)) {
            Diagnosis d = show(jdkTrust.diagnose(v4(s), offer()));
            assertThat(d.serverChain()).hasSize(1);
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-incomplete-chain");
            CertificateCheck c = d.certificateCheck().orElseThrow();
            assertThat(c.reason()).contains("Test Intermediate CA", "http://ca.test/inter.der");
            clientsSay(c, "unknown_ca", "certificate_unknown", "bad_certificate");
            assertThat(d.cause().fix()).contains("full chain");
        }
        // The same leaf with its intermediate sent: complete, and the trusted root ends it.
        try (OpensslServer s = OpensslServer.www(dir, withAia, "-cert_chain", pki.interPem.toString())) {
            assertThat(trusting.diagnose(v4(s), offer()).cause().id()).isEqualTo("ok");
        }
    }

    @Test
    void aSelfSignedLeafIsSelfSigned() throws Exception {
        try (OpensslServer s = OpensslServer.www6(dir, self)) {
            Diagnosis d = show(trusting.diagnose(Target.parse("[::1]:" + s.port()), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-self-signed");
            clientsSay(d.certificateCheck().orElseThrow(), "unknown_ca", "certificate_unknown", "bad_certificate");
        }
    }

    @Test
    void anRsa1024KeyIsWeak() throws Exception {
        // OpenSSL 3.0 will not even serve a 1024-bit key at its default security level: the server lowers it.
        try (OpensslServer s = OpensslServer.www(dir, weakKey, "-cipher", "DEFAULT:@SECLEVEL=0")) {
            Diagnosis d = show(trusting.diagnose(v4(s), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-weak-key");
            CertificateCheck c = d.certificateCheck().orElseThrow();
            assertThat(c.reason()).contains("1024 bits", "2048");
            assertThat(c.clients()).extracting(ClientAlert::accepts).containsExactly(false, true, true);
            assertThat(c.clients().get(0).alertName()).isEqualTo("bad_certificate");
        }
    }

    @Test
    void aSha1SignatureIsWeak() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, sha1, "-cipher", "DEFAULT:@SECLEVEL=0")) {
            Diagnosis d = show(trusting.diagnose(v4(s), offer()));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-weak-signature");
            CertificateCheck c = d.certificateCheck().orElseThrow();
            assertThat(c.reason()).containsIgnoringCase("sha1");
            assertThat(c.clients()).extracting(ClientAlert::accepts).containsExactly(false, true, false);
        }
    }

    @Test
    void theJvmViewOffersTheGivenClientCertificate() throws Exception {
        Pki.Leaf me = pki.leaf("jvm-client", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:client.test");
        ClientCredentials creds = ClientCredentials.fromPem(me.cert(), me.key());
        Optional<TrustStore> trust = Optional.of(TrustStore.load(pki.caPem, null));
        // -Verify: a certificate is required; TLS 1.2, so the JDK learns of the refusal within its handshake.
        try (OpensslServer s =
                OpensslServer.www(dir, good, "-Verify", "1", "-CAfile", pki.caPem.toString(), "-tls1_2")) {
            Target t = new Target("127.0.0.1", s.port(), Optional.of("localhost"));
            JvmView without = JvmView.of(t, Duration.ofSeconds(5), trust, Optional.empty());
            assertThat(without.connects()).as(without.describe()).isFalse();
            JvmView with = JvmView.of(t, Duration.ofSeconds(5), trust, Optional.of(creds));
            assertThat(with.connects()).as(with.describe()).isTrue();
            assertThat(with.clientCertificate()).isTrue();
            assertThat(with.describe()).contains("the client certificate given");
        }
    }

    @Test
    void theJvmViewUsesTheGivenTrustStoreAndSaysEachErrorOnce() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, good)) {
            Target t = new Target("127.0.0.1", s.port(), Optional.of("localhost"));
            JvmView with = JvmView.of(
                    t, Duration.ofSeconds(5), Optional.of(TrustStore.load(pki.caPem, null)), Optional.empty());
            assertThat(with.connects()).as(with.describe()).isTrue();
            assertThat(with.describe()).contains("the trust store " + pki.caPem);
            JvmView without = JvmView.of(t, Duration.ofSeconds(5));
            assertThat(without.connects()).isFalse();
            String line = without.describe();
            assertThat(line.split("PKIX path building failed", -1)).as(line).hasSize(2);
            assertThat(line.split("unable to find valid certification path", -1))
                    .as(line)
                    .hasSize(2);
        }
    }
}
