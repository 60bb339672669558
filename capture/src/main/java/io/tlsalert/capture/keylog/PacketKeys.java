package io.tlsalert.capture.keylog;

import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * QUIC packet protection for one direction and one packet number space (RFC 9001 §5): the AEAD key and IV and the
 * header protection key, each derived from a TLS 1.3 secret with HKDF-Expand-Label. The labels are the version's
 * ({@code quic key}, {@code quic iv}, {@code quic hp} in v1; {@code quicv2 ...} in v2, RFC 9369 §3.3.2). The key
 * derivation, the AEADs and the suites are this package's, shared with the TLS record decryption.
 */
public final class PacketKeys {
    /** TLS_AES_128_GCM_SHA256: the Initial packets' suite (RFC 9001 §5.2). */
    public static final int INITIAL_SUITE = 0x1301;

    private final Suite suite;
    private final AeadOpener aead;
    private final byte[] iv;
    private final Cipher hp;
    private final SecretKeySpec hpKey;

    private PacketKeys(Suite suite, byte[] secret, String labelPrefix) {
        this.suite = suite;
        String h = suite.hmac();
        byte[] none = new byte[0];
        this.aead =
                new AeadOpener(suite, Kdf.hkdfExpandLabel(h, secret, labelPrefix + " key", none, suite.keyLength()));
        this.iv = Kdf.hkdfExpandLabel(h, secret, labelPrefix + " iv", none, 12);
        byte[] hpBytes = Kdf.hkdfExpandLabel(h, secret, labelPrefix + " hp", none, suite.keyLength());
        try {
            if (suite.aead() == Suite.Aead.CHACHA20_POLY1305) {
                this.hpKey = new SecretKeySpec(hpBytes, "ChaCha20");
                this.hp = Cipher.getInstance("ChaCha20");
            } else {
                this.hpKey = new SecretKeySpec(hpBytes, "AES");
                this.hp = Cipher.getInstance("AES/ECB/NoPadding");
                this.hp.init(Cipher.ENCRYPT_MODE, hpKey);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the header protection cipher of " + suite.name(), e);
        }
    }

    /**
     * RFC 9001 §5.2: {@code initial_secret = HKDF-Extract(initial_salt, client_dst_connection_id)}, then
     * {@code HKDF-Expand-Label(initial_secret, "client in" | "server in", "", 32)}, then this side's keys.
     */
    public static PacketKeys initial(byte[] salt, byte[] clientDcid, boolean client, String labelPrefix) {
        Suite s = Suite.of(INITIAL_SUITE).orElseThrow();
        byte[] initial = Kdf.hkdfExtract(s.hmac(), salt, clientDcid);
        byte[] secret = Kdf.hkdfExpandLabel(s.hmac(), initial, client ? "client in" : "server in", new byte[0], 32);
        return new PacketKeys(s, secret, labelPrefix);
    }

    /** Keys from a logged TLS 1.3 traffic secret (e.g. CLIENT_HANDSHAKE_TRAFFIC_SECRET); empty for a suite not here. */
    public static Optional<PacketKeys> fromSecret(int cipherSuite, byte[] secret, String labelPrefix) {
        return Suite.of(cipherSuite)
                .filter(Suite::tls13)
                .filter(s -> s.aead() != Suite.Aead.CCM || s.tagLength() == 16)
                .filter(s -> secret.length == s.hashLength())
                .map(s -> new PacketKeys(s, secret, labelPrefix));
    }

    /** The suite's IANA name. */
    public String suiteName() {
        return suite.name();
    }

    /**
     * RFC 9001 §5.4.3 (AES: {@code mask = AES-ECB(hp_key, sample)}) and §5.4.4 (ChaCha20: counter = sample[0..3]
     * little-endian, nonce = sample[4..15], mask = ChaCha20(hp_key, counter, nonce, {0,0,0,0,0})): five mask bytes
     * from the 16-byte sample at {@code in[off]}.
     */
    public byte[] headerMask(byte[] in, int off) {
        try {
            if (suite.aead() == Suite.Aead.CHACHA20_POLY1305) {
                int counter = (in[off] & 0xff)
                        | (in[off + 1] & 0xff) << 8
                        | (in[off + 2] & 0xff) << 16
                        | (in[off + 3] & 0xff) << 24;
                byte[] nonce = java.util.Arrays.copyOfRange(in, off + 4, off + 16);
                hp.init(Cipher.ENCRYPT_MODE, hpKey, new ChaCha20ParameterSpec(nonce, counter));
                return hp.doFinal(new byte[5]);
            }
            return hp.doFinal(in, off, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("header protection failed", e);
        }
    }

    /**
     * RFC 9001 §5.3: the nonce is the IV XORed with the packet number (left-padded to the IV's 12 bytes), the AAD
     * the unprotected header. Throws {@link javax.crypto.AEADBadTagException} when the tag does not match.
     */
    public byte[] open(long packetNumber, byte[] aad, byte[] in, int off, int len) throws GeneralSecurityException {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[11 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        return aead.open(nonce, aad, in, off, len);
    }
}
