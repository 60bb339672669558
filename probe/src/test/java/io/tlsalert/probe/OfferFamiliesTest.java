package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.probe.OfferFamilies.Family;
import io.tlsalert.probe.OfferFamilies.Registry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** offer_families.tsv as the diagnosis reads it. */
class OfferFamiliesTest {
    @Test
    void suiteFamiliesAreTriedInOrderAndMakeUpTheBaseline() {
        List<Family> tried = OfferFamilies.tried(Registry.CIPHER_SUITE);
        assertThat(tried.stream().map(Family::label))
                .containsExactly("ECDHE-ECDSA", "ECDHE-RSA", "RSA key exchange", "DHE-RSA");
        List<Integer> all = new ArrayList<>(OfferFamilies.tls13Suites());
        tried.forEach(f -> all.addAll(f.codes()));
        assertThat(OfferFamilies.baseline(Registry.CIPHER_SUITE)).isEqualTo(all);
        assertThat(OfferFamilies.tls13Suites().stream().map(TlsParameters.get()::cipherSuite))
                .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void groupsAreTriedOneByOneByTheirIanaName() {
        assertThat(OfferFamilies.tried(Registry.GROUP).stream().map(Family::label))
                .containsExactly("x25519", "secp256r1", "secp384r1", "secp521r1", "ffdhe2048", "ffdhe3072");
        assertThat(OfferFamilies.baseline(Registry.GROUP).stream().map(TlsParameters.get()::group))
                .containsExactly("x25519", "secp256r1", "secp384r1", "ffdhe2048");
    }

    @Test
    void ecdsaWithSha1IsLastInTheOfferButPartOfTheEcdsaFamily() {
        assertThat(OfferFamilies.tried(Registry.SIGNATURE_SCHEME).stream().map(Family::label))
                .containsExactly("ECDSA", "RSA-PSS", "RSA-PKCS1", "EdDSA");
        assertThat(OfferFamilies.family(Registry.SIGNATURE_SCHEME, "ECDSA").codes().stream()
                        .map(TlsParameters.get()::signatureScheme))
                .containsExactly(
                        "ecdsa_secp256r1_sha256", "ecdsa_secp384r1_sha384", "ecdsa_secp521r1_sha512", "ecdsa_sha1");
        List<Integer> baseline = OfferFamilies.baseline(Registry.SIGNATURE_SCHEME);
        assertThat(TlsParameters.get().signatureScheme(baseline.get(baseline.size() - 1)))
                .isEqualTo("ecdsa_sha1");
        assertThat(baseline).hasSize(16).doesNotHaveDuplicates();
    }
}
