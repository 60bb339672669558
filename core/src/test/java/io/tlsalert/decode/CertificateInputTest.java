package io.tlsalert.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.testkit.Pki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates fed to decode, made by openssl: recognised and summarised; other PEM objects named, never shown. */
class CertificateInputTest {
    private static CertificateInput.Certificates certificates(CertificateInput.Result r) {
        assertThat(r).isInstanceOf(CertificateInput.Certificates.class);
        return (CertificateInput.Certificates) r;
    }

    @Test
    void aPemChainIsSummarisedCertificateByCertificate(@TempDir Path dir) throws Exception {
        Pki.Leaf ca = Pki.selfSigned(dir.resolve("ca.pem"), dir.resolve("ca.key"), "/CN=Test CA", Pki.KeyType.EC, 30);
        Pki.Leaf leaf =
                Pki.signedBy(ca, dir.resolve("leaf.pem"), dir.resolve("leaf.key"), "leaf.test", Pki.KeyType.RSA, 30);
        String chain = "subject=CN = leaf.test\n" + Files.readString(leaf.cert()) + Files.readString(ca.cert());
        CertificateInput.Certificates c =
                certificates(CertificateInput.fromPem(chain).orElseThrow());
        assertThat(c.format()).isEqualTo("pem");
        assertThat(c.certificates()).hasSize(2);
        Handshake.CertificateInfo first = c.certificates().get(0).info().orElseThrow();
        assertThat(first.subject()).isEqualTo("CN=leaf.test");
        assertThat(first.issuer()).isEqualTo("CN=Test CA");
        assertThat(first.publicKey()).isEqualTo("RSA 2048 bits");
        assertThat(first.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        Handshake.CertificateInfo second = c.certificates().get(1).info().orElseThrow();
        assertThat(second.subject()).isEqualTo("CN=Test CA");
        assertThat(second.publicKey()).isEqualTo("EC secp256r1");
    }

    @Test
    void derAndTrustedCertificateToo(@TempDir Path dir) throws Exception {
        Pki.Leaf leaf = Pki.selfSigned(
                dir.resolve("s.pem"),
                dir.resolve("s.key"),
                "/CN=localhost",
                Pki.KeyType.RSA,
                30,
                "subjectAltName=DNS:localhost");
        Pki.openssl(dir, List.of("x509", "-in", "s.pem", "-outform", "DER", "-out", "s.der"));
        byte[] der = Files.readAllBytes(dir.resolve("s.der"));
        CertificateInput.Certificates d =
                certificates(CertificateInput.fromDer(der).orElseThrow());
        assertThat(d.format()).isEqualTo("der");
        assertThat(d.certificates())
                .singleElement()
                .satisfies(e ->
                        assertThat(e.info().orElseThrow().subjectAltNames()).containsExactly("localhost"));
        // two DER certificates back to back
        byte[] two = new byte[der.length * 2];
        System.arraycopy(der, 0, two, 0, der.length);
        System.arraycopy(der, 0, two, der.length, der.length);
        assertThat(certificates(CertificateInput.fromDer(two).orElseThrow()).certificates())
                .hasSize(2);

        Pki.openssl(dir, List.of("x509", "-in", "s.pem", "-trustout", "-addtrust", "serverAuth", "-out", "t.pem"));
        String trusted = Files.readString(dir.resolve("t.pem"));
        assertThat(trusted).startsWith("-----BEGIN TRUSTED CERTIFICATE-----");
        CertificateInput.Certificates t =
                certificates(CertificateInput.fromPem(trusted).orElseThrow());
        assertThat(t.certificates()).singleElement().satisfies(e -> {
            assertThat(e.error()).isEmpty();
            assertThat(e.info().orElseThrow().subject()).isEqualTo("CN=localhost");
        });
    }

    @Test
    void tlsRecordsAreNotTakenForDer() {
        assertThat(CertificateInput.fromDer(new byte[] {0x15, 3, 3, 0, 2, 2, 40}))
                .isEmpty();
        // a DER SEQUENCE that is not a certificate is left to the record decoder, which says what is wrong
        byte[] seq = new byte[300];
        seq[0] = 0x30;
        seq[1] = (byte) 0x82;
        seq[2] = 0x01;
        seq[3] = 0x28;
        assertThat(CertificateInput.fromDer(seq)).isEmpty();
    }

    @Test
    void aPrivateKeyOrARequestIsNamedAndNotRead(@TempDir Path dir) throws Exception {
        Pki.Leaf leaf = Pki.selfSigned(dir.resolve("s.pem"), dir.resolve("s.key"), "/CN=x", Pki.KeyType.EC, 30);
        String key = Files.readString(leaf.key());
        assertThat(CertificateInput.fromPem(key)).contains(new CertificateInput.NotCertificate("PRIVATE KEY", 1, true));
        Pki.openssl(dir, List.of("req", "-new", "-key", "s.key", "-subj", "/CN=x", "-out", "s.csr"));
        String csr = "some text first\n" + Files.readString(dir.resolve("s.csr"));
        assertThat(CertificateInput.fromPem(csr))
                .contains(new CertificateInput.NotCertificate("CERTIFICATE REQUEST", 2, false));
    }

    @Test
    void aBrokenPemCertificateNamesTheLine() {
        String pem = "-----BEGIN CERTIFICATE-----\nMIIB\nMI!B\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> CertificateInput.fromPem(pem))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("line 3, column 3")
                .hasMessageContaining("'!' is not a base64 character");
        String open = "-----BEGIN CERTIFICATE-----\n" + Base64.getEncoder().encodeToString(new byte[30]) + "\n";
        assertThatThrownBy(() -> CertificateInput.fromPem(open))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("no -----END CERTIFICATE----- line");
    }
}
