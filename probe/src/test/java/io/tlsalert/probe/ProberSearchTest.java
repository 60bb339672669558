package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.registry.Lang;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import io.tlsalert.wire.ProtocolVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search for what a server accepts (issue 12 items 1, 2, 6): real {@code openssl s_server}s on 127.0.0.1 that
 * accept one suite of a family the default offer lacks, or that the user's pinned offer misses. Each diagnosis must
 * name the cause, the exact suite or version the server needs, stay within the handshake budget, and read in Chinese.
 */
@Timeout(60)
class ProberSearchTest {
    @TempDir
    static Path dir;

    static Pki pki;
    static Pki.Leaf ec, rsa;
    static Prober prober;

    @BeforeAll
    static void pki() throws Exception {
        pki = new Pki(dir);
        ec = pki.leaf("localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        rsa = pki.leaf("rsa-localhost", Pki.KeyType.RSA, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        prober = new Prober(Duration.ofSeconds(5), Duration.ofMillis(20))
                .withTrustStore(TrustStore.load(pki.caPem, null));
    }

    static Target target(OpensslServer s) {
        return new Target("127.0.0.1", s.port(), Optional.empty());
    }

    static Offer offer() {
        return Offer.broad().withSni("localhost");
    }

    static int suite(String iana) {
        return TlsParameters.get().cipherSuiteCode(iana).getAsInt();
    }

    /** Diagnoses, prints, and checks what every search verdict must have. */
    static Diagnosis diagnose(OpensslServer s, Offer o) {
        Diagnosis d = prober.diagnose(target(s), o);
        System.out.println(d.summary());
        assertThat(d.handshakes()).isLessThanOrEqualTo(Prober.MAX_HANDSHAKES);
        assertThat(d.attempts()).hasSize(d.handshakes());
        return d;
    }

    /** The default offer has no CAMELLIA suite, and no suite of its families is accepted. */
    static void assertOnlySuite(Diagnosis d, String suite, String version) {
        assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("no-shared-cipher-suite");
        assertThat(d.cause().accepts()).contains("only " + suite).contains("in " + version);
        assertThat(d.cause().fix())
                .contains("The server accepts only " + suite)
                .contains("the client's offer has none of it");
        // the last handshake is the client's offer with the suite added, and it was accepted
        Attempt last = d.attempts().get(d.attempts().size() - 1);
        assertThat(last.ok()).as(last.outcome().describe()).isTrue();
        assertThat(last.outcome().cipherSuite()).contains(suite(suite));
    }

    @Test
    void camelliaOnlyServer() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, rsa, "-tls1_2", "-cipher", "ECDHE-RSA-CAMELLIA256-SHA384")) {
            Diagnosis d = diagnose(s, offer());
            assertThat(d.alert().orElseThrow().code()).isEqualTo(40);
            assertOnlySuite(d, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384", "TLS 1.2");
            String zh = d.cause().fix(Lang.ZH);
            assertThat(zh)
                    .contains("TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384")
                    .contains("密码套件");
            assertThat(d.cause().title(Lang.ZH)).isEqualTo("没有共同的密码套件");
        }
    }

    @Test
    void ccmOnlyServer() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, ec, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-CCM")) {
            assertOnlySuite(diagnose(s, offer()), "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", "TLS 1.2");
        }
    }

    @Test
    void ariaOnlyServer() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, rsa, "-tls1_2", "-cipher", "ECDHE-ARIA256-GCM-SHA384")) {
            assertOnlySuite(diagnose(s, offer()), "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384", "TLS 1.2");
        }
    }

    @Test
    void dheOnlyServerWithASuiteOutsideTheDefaultOffer() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, rsa, "-tls1_2", "-cipher", "DHE-RSA-CAMELLIA128-SHA256")) {
            assertOnlySuite(diagnose(s, offer()), "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", "TLS 1.2");
        }
    }

    @Test
    void pinnedAeadOnlyCiphersAgainstACbcOnlyServer() throws Exception {
        // --ciphers with AEAD suites only (a modern client's list) against a server left with one CBC suite
        List<Integer> aead = List.of(
                suite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                suite("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                suite("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"));
        try (OpensslServer s = OpensslServer.www(dir, rsa, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA")) {
            Diagnosis d =
                    diagnose(s, offer().withVersions(ProtocolVersion.TLS_1_2).withCipherSuites(aead));
            assertOnlySuite(d, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS 1.2");
            // the fixed offer is the pinned one plus that suite: the pins were what was diagnosed
            Attempt last = d.attempts().get(d.attempts().size() - 1);
            assertThat(last.offer().cipherSuites())
                    .startsWith(aead.toArray(Integer[]::new))
                    .hasSize(4);
            assertThat(last.offer().versions()).containsExactly(ProtocolVersion.TLS_1_2);
        }
    }

    @Test
    void pinnedDheOnlyCiphersAgainstAnEcdheOnlyServer() throws Exception {
        List<Integer> dhe =
                List.of(suite("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), suite("TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"));
        try (OpensslServer s = OpensslServer.www(dir, rsa, "-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384")) {
            Diagnosis d =
                    diagnose(s, offer().withVersions(ProtocolVersion.TLS_1_2).withCipherSuites(dhe));
            assertOnlySuite(d, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS 1.2");
        }
    }

    @Test
    void pinnedTls12AgainstATls13OnlyServer() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, ec, "-tls1_3")) {
            Diagnosis d = diagnose(s, offer().withVersions(ProtocolVersion.TLS_1_2));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-requires-newer-tls");
            assertThat(d.cause().accepts()).isEqualTo("only TLS 1.3");
            assertThat(d.cause().fix()).contains("enable TLS 1.3 on the client");
            assertThat(d.cause().fix(Lang.ZH)).contains("TLS 1.3").contains("客户端");
        }
    }
}
