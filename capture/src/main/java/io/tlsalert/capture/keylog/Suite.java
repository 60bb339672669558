package io.tlsalert.capture.keylog;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The AEAD cipher suites that can be decrypted: their cipher, key and IV lengths and the hash of their KDF. */
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

    private static void tls13(int id, String name, Aead aead, int keyLength, int tag, String hmac) {
        SUITES.put(id, new Suite(id, name, true, aead, keyLength, 12, 0, tag, hmac));
    }

    private static void tls12(int id, String name) {
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

    static {
        tls13(0x1301, "TLS_AES_128_GCM_SHA256", Aead.GCM, 16, 16, "HmacSHA256");
        tls13(0x1302, "TLS_AES_256_GCM_SHA384", Aead.GCM, 32, 16, "HmacSHA384");
        tls13(0x1303, "TLS_CHACHA20_POLY1305_SHA256", Aead.CHACHA20_POLY1305, 32, 16, "HmacSHA256");
        tls13(0x1304, "TLS_AES_128_CCM_SHA256", Aead.CCM, 16, 16, "HmacSHA256");
        tls13(0x1305, "TLS_AES_128_CCM_8_SHA256", Aead.CCM, 16, 8, "HmacSHA256");

        // RFC 5288, RFC 5487
        tls12(0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256");
        tls12(0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384");
        tls12(0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
        tls12(0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
        tls12(0x00A0, "TLS_DH_RSA_WITH_AES_128_GCM_SHA256");
        tls12(0x00A1, "TLS_DH_RSA_WITH_AES_256_GCM_SHA384");
        tls12(0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256");
        tls12(0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384");
        tls12(0x00A4, "TLS_DH_DSS_WITH_AES_128_GCM_SHA256");
        tls12(0x00A5, "TLS_DH_DSS_WITH_AES_256_GCM_SHA384");
        tls12(0x00A6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256");
        tls12(0x00A7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384");
        tls12(0x00A8, "TLS_PSK_WITH_AES_128_GCM_SHA256");
        tls12(0x00A9, "TLS_PSK_WITH_AES_256_GCM_SHA384");
        tls12(0x00AA, "TLS_DHE_PSK_WITH_AES_128_GCM_SHA256");
        tls12(0x00AB, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384");
        tls12(0x00AC, "TLS_RSA_PSK_WITH_AES_128_GCM_SHA256");
        tls12(0x00AD, "TLS_RSA_PSK_WITH_AES_256_GCM_SHA384");
        // RFC 5289
        tls12(0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        tls12(0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        tls12(0xC02D, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256");
        tls12(0xC02E, "TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384");
        tls12(0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        tls12(0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        tls12(0xC031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256");
        tls12(0xC032, "TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384");
        // RFC 7905
        tls12(0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        tls12(0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        tls12(0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        tls12(0xCCAB, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256");
        tls12(0xCCAC, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256");
        tls12(0xCCAD, "TLS_DHE_PSK_WITH_CHACHA20_POLY1305_SHA256");
        tls12(0xCCAE, "TLS_RSA_PSK_WITH_CHACHA20_POLY1305_SHA256");
        // RFC 6655, RFC 7251
        tls12(0xC09C, "TLS_RSA_WITH_AES_128_CCM");
        tls12(0xC09D, "TLS_RSA_WITH_AES_256_CCM");
        tls12(0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM");
        tls12(0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM");
        tls12(0xC0A0, "TLS_RSA_WITH_AES_128_CCM_8");
        tls12(0xC0A1, "TLS_RSA_WITH_AES_256_CCM_8");
        tls12(0xC0A2, "TLS_DHE_RSA_WITH_AES_128_CCM_8");
        tls12(0xC0A3, "TLS_DHE_RSA_WITH_AES_256_CCM_8");
        tls12(0xC0A4, "TLS_PSK_WITH_AES_128_CCM");
        tls12(0xC0A5, "TLS_PSK_WITH_AES_256_CCM");
        tls12(0xC0A6, "TLS_DHE_PSK_WITH_AES_128_CCM");
        tls12(0xC0A7, "TLS_DHE_PSK_WITH_AES_256_CCM");
        tls12(0xC0A8, "TLS_PSK_WITH_AES_128_CCM_8");
        tls12(0xC0A9, "TLS_PSK_WITH_AES_256_CCM_8");
        tls12(0xC0AA, "TLS_PSK_DHE_WITH_AES_128_CCM_8");
        tls12(0xC0AB, "TLS_PSK_DHE_WITH_AES_256_CCM_8");
        tls12(0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM");
        tls12(0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM");
        tls12(0xC0AE, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
        tls12(0xC0AF, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8");
        // RFC 8442
        tls12(0xD001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256");
        tls12(0xD002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384");
        tls12(0xD003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256");
        tls12(0xD005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256");
    }

    static Optional<Suite> of(int id) {
        return Optional.ofNullable(SUITES.get(id));
    }

    static String describe(int id) {
        Suite s = SUITES.get(id);
        return s != null ? s.name + String.format(" (0x%04X)", id) : String.format("0x%04X", id);
    }
}
