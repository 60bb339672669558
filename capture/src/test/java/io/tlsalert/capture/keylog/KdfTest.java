package io.tlsalert.capture.keylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;

/** Published test vectors for the hand-written parts: HKDF-Expand-Label, the TLS 1.2 PRF, AES-CCM. */
class KdfTest {
    static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfExpandLabelMatchesRfc8448() {
        // RFC 8448 §3 (Simple 1-RTT Handshake): server_handshake_traffic_secret and its write key and IV.
        byte[] secret = HEX.parseHex("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
        assertThat(HEX.formatHex(Kdf.hkdfExpandLabel("HmacSHA256", secret, "key", new byte[0], 16)))
                .isEqualTo("3fce516009c21727d0f2e4e86ee403bc");
        assertThat(HEX.formatHex(Kdf.hkdfExpandLabel("HmacSHA256", secret, "iv", new byte[0], 12)))
                .isEqualTo("5d313eb2671276ee13000b30");
    }

    @Test
    void hkdfExpandMatchesRfc5869() {
        // RFC 5869 A.1: PRK and info of test case 1, L = 42 (more than one HMAC block).
        byte[] prk = HEX.parseHex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(HEX.formatHex(Kdf.hkdfExpand("HmacSHA256", prk, info, 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void prfMatchesTheTls12Sha256Vector() {
        // The TLS 1.2 PRF (SHA-256) vector published on the IETF TLS list, 100 bytes of output.
        byte[] out = Kdf.prf(
                "HmacSHA256",
                HEX.parseHex("9bbe436ba940f017b17652849a71db35"),
                "test label",
                HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c"),
                100);
        assertThat(HEX.formatHex(out))
                .isEqualTo("e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                        + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa4"
                        + "8082d122ee42c5a72e5a5110fff70187347b66");
    }

    @Test
    void ccmMatchesNistSp80038cExample3() throws Exception {
        // NIST SP 800-38C Appendix C, Example 3: 12-byte nonce, 20-byte AAD, 24-byte payload, 8-byte tag.
        AeadOpener ccm8 =
                new AeadOpener(Suite.of(0x1305).orElseThrow(), HEX.parseHex("404142434445464748494a4b4c4d4e4f"));
        byte[] nonce = HEX.parseHex("101112131415161718191a1b");
        byte[] aad = HEX.parseHex("000102030405060708090a0b0c0d0e0f10111213");
        byte[] c = HEX.parseHex("e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951");
        assertThat(HEX.formatHex(ccm8.open(nonce, aad, c, 0, c.length)))
                .isEqualTo("202122232425262728292a2b2c2d2e2f3031323334353637");
        c[3] ^= 1;
        assertThatThrownBy(() -> ccm8.open(nonce, aad, c, 0, c.length)).isInstanceOf(AEADBadTagException.class);
    }

    @Test
    void suiteTable() {
        assertThat(Suite.of(0x1302).orElseThrow()).satisfies(s -> {
            assertThat(s.keyLength()).isEqualTo(32);
            assertThat(s.hashLength()).isEqualTo(48);
        });
        assertThat(Suite.of(0xC030).orElseThrow().hmac()).isEqualTo("HmacSHA384");
        assertThat(Suite.of(0xCCA8).orElseThrow().fixedIvLength()).isEqualTo(12);
        assertThat(Suite.of(0xC0A3).orElseThrow().tagLength()).isEqualTo(8);
        assertThat(Suite.of(0xC02F).orElseThrow().explicitNonceLength()).isEqualTo(8);
        assertThat(Suite.of(0x002F)).as("CBC").isEmpty();
    }
}
