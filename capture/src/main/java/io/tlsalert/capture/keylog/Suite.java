package io.tlsalert.capture.keylog;

import io.tlsalert.decode.TlsParameters;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AEAD cipher suites that can be decrypted: their cipher, key and IV lengths and the hash of their KDF. Their
 * names are the IANA registry's ({@link TlsParameters}).
 */
record Suite(
        int id,
        String name,
        boolean tls13,
        Aead aead,
        int keyLength,
        int fixedIvLength,
        int explicitNonceLength,
        int tagLength,
        String hmac) {

    enum Aead {
        GCM,
        CHACHA20_POLY1305,
        CCM
    }

    /** The hash length of {@link #hmac}. */
    int hashLength() {
        return hmac.equals("HmacSHA384") ? 48 : 32;
    }

    private static final Map<Integer, Suite> SUITES = new HashMap<>();

    private static void tls13(int id, Aead aead, int keyLength, int tag, String hmac) {
        SUITES.put(id, new Suite(id, ianaName(id), true, aead, keyLength, 12, 0, tag, hmac));
    }

    /** A TLS 1.2 AEAD suite: its cipher, key length, hash and tag length follow from its IANA name. */
    private static void tls12(int id) {
        String name = ianaName(id);
        Aead aead = name.contains("CHACHA20") ? Aead.CHACHA20_POLY1305 : name.contains("GCM") ? Aead.GCM : Aead.CCM;
        int key = name.contains("AES_256") || aead == Aead.CHACHA20_POLY1305 ? 32 : 16;
        String hmac = name.endsWith("SHA384") ? "HmacSHA384" : "HmacSHA256";
        int tag = name.endsWith("CCM_8") || name.endsWith("CCM_8_SHA256") ? 8 : 16;
        if (aead == Aead.CHACHA20_POLY1305) {
            // RFC 7905 §2: a 12-byte fixed IV XORed with the sequence number, no explicit nonce.
            SUITES.put(id, new Suite(id, name, false, aead, key, 12, 0, tag, hmac));
        } else {
            // RFC 5288 §3 (GCM), RFC 6655 §3 (CCM): 4-byte salt from the key block, 8-byte explicit nonce per record.
            SUITES.put(id, new Suite(id, name, false, aead, key, 4, 8, tag, hmac));
        }
    }

    /** The name is the IANA registry's, held once in core. */
    private static String ianaName(int id) {
        return TlsParameters.get().cipherSuite(id);
    }

    static {
        tls13(0x1301, Aead.GCM, 16, 16, "HmacSHA256");
        tls13(0x1302, Aead.GCM, 32, 16, "HmacSHA384");
        tls13(0x1303, Aead.CHACHA20_POLY1305, 32, 16, "HmacSHA256");
        tls13(0x1304, Aead.CCM, 16, 16, "HmacSHA256");
        tls13(0x1305, Aead.CCM, 16, 8, "HmacSHA256");

        // RFC 5288, RFC 5487
        tls12(0x009C);
        tls12(0x009D);
        tls12(0x009E);
        tls12(0x009F);
        tls12(0x00A0);
        tls12(0x00A1);
        tls12(0x00A2);
        tls12(0x00A3);
        tls12(0x00A4);
        tls12(0x00A5);
        tls12(0x00A6);
        tls12(0x00A7);
        tls12(0x00A8);
        tls12(0x00A9);
        tls12(0x00AA);
        tls12(0x00AB);
        tls12(0x00AC);
        tls12(0x00AD);
        // RFC 5289
        tls12(0xC02B);
        tls12(0xC02C);
        tls12(0xC02D);
        tls12(0xC02E);
        tls12(0xC02F);
        tls12(0xC030);
        tls12(0xC031);
        tls12(0xC032);
        // RFC 7905
        tls12(0xCCA8);
        tls12(0xCCA9);
        tls12(0xCCAA);
        tls12(0xCCAB);
        tls12(0xCCAC);
        tls12(0xCCAD);
        tls12(0xCCAE);
        // RFC 6655, RFC 7251
        tls12(0xC09C);
        tls12(0xC09D);
        tls12(0xC09E);
        tls12(0xC09F);
        tls12(0xC0A0);
        tls12(0xC0A1);
        tls12(0xC0A2);
        tls12(0xC0A3);
        tls12(0xC0A4);
        tls12(0xC0A5);
        tls12(0xC0A6);
        tls12(0xC0A7);
        tls12(0xC0A8);
        tls12(0xC0A9);
        tls12(0xC0AA);
        tls12(0xC0AB);
        tls12(0xC0AC);
        tls12(0xC0AD);
        tls12(0xC0AE);
        tls12(0xC0AF);
        // RFC 8442
        tls12(0xD001);
        tls12(0xD002);
        tls12(0xD003);
        tls12(0xD005);
    }

    static Optional<Suite> of(int id) {
        return Optional.ofNullable(SUITES.get(id));
    }

    static String describe(int id) {
        Suite s = SUITES.get(id);
        return s != null ? s.name + String.format(" (0x%04X)", id) : String.format("0x%04X", id);
    }
}
