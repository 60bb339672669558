package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.testkit.Pki;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates from PEM and PKCS12 files made by the real openssl. */
class ClientCredentialsTest {
    @TempDir
    Path dir;

    @Test
    void pkcs12AndPemGiveTheSameCredentials() throws Exception {
        Pki pki = new Pki(dir);
        Pki.Leaf leaf = pki.leaf("client", Pki.KeyType.EC, Pki.Issuer.INTERMEDIATE, 2, "DNS:client.test");
        Path p12 = dir.resolve("client.p12");
        Pki.openssl(
                dir,
                java.util.List.of(
                        "pkcs12",
                        "-export",
                        "-in",
                        leaf.cert().toString(),
                        "-inkey",
                        leaf.key().toString(),
                        "-out",
                        p12.toString(),
                        "-passout",
                        "pass:s3cret"));
        ClientCredentials pem = ClientCredentials.fromPem(leaf.cert(), leaf.key());
        ClientCredentials pkcs12 = ClientCredentials.fromPkcs12(p12, "s3cret".toCharArray());
        assertThat(pkcs12.chain()).isEqualTo(pem.chain());
        assertThat(pkcs12.key().getEncoded()).isEqualTo(pem.key().getEncoded());
        assertThat(ClientCredentials.isPkcs12(p12)).isTrue();
        assertThat(ClientCredentials.isPkcs12(dir.resolve("ME.PFX"))).isTrue();
        assertThat(ClientCredentials.isPkcs12(leaf.cert())).isFalse();
        assertThatThrownBy(() -> ClientCredentials.fromPkcs12(p12, "wrong".toCharArray()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read the PKCS12 file");
    }
}
