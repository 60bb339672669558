package io.tlsalert.capture.keylog;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD decryption with one key: AES-GCM and ChaCha20-Poly1305 from the JDK; AES-CCM (which the JDK lacks) built here
 * over the JDK's AES block function (RFC 3610 / NIST SP 800-38C, 12-byte nonce, so a 3-byte length field).
 */
final class AeadOpener {
    private final Suite.Aead aead;
    private final int tagLength;
    private final SecretKeySpec key;
    private final Cipher cipher;

    AeadOpener(Suite suite, byte[] key) {
        this.aead = suite.aead();
        this.tagLength = suite.tagLength();
        try {
            switch (aead) {
                case GCM -> {
                    this.key = new SecretKeySpec(key, "AES");
                    this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
                }
                case CHACHA20_POLY1305 -> {
                    this.key = new SecretKeySpec(key, "ChaCha20");
                    this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
                }
                default -> {
                    this.key = new SecretKeySpec(key, "AES");
                    this.cipher = Cipher.getInstance("AES/ECB/NoPadding");
                    this.cipher.init(Cipher.ENCRYPT_MODE, this.key);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + aead, e);
        }
    }

    int tagLength() {
        return tagLength;
    }

    /** Decrypts {@code in[off, off+len)} (ciphertext then tag); throws {@link AEADBadTagException} if the tag is wrong. */
    byte[] open(byte[] nonce, byte[] aad, byte[] in, int off, int len) throws GeneralSecurityException {
        if (len < tagLength) {
            throw new AEADBadTagException("shorter than the tag");
        }
        switch (aead) {
            case GCM -> cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(tagLength * 8, nonce));
            case CHACHA20_POLY1305 -> cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
            default -> {
                return ccm(nonce, aad, in, off, len);
            }
        }
        cipher.updateAAD(aad);
        return cipher.doFinal(in, off, len);
    }

    private byte[] ccm(byte[] nonce, byte[] aad, byte[] in, int off, int len) throws GeneralSecurityException {
        int q = 15 - nonce.length; // length of the length field
        int n = len - tagLength;
        // Counter blocks A_i = flags(q-1) | N | i; S_0 masks the tag, S_1.. the payload.
        byte[] ctr = new byte[16];
        ctr[0] = (byte) (q - 1);
        System.arraycopy(nonce, 0, ctr, 1, nonce.length);
        byte[] s0 = cipher.doFinal(ctr);
        byte[] plain = new byte[n];
        for (int i = 0; i < n; i += 16) {
            long counter = i / 16 + 1;
            for (int j = 0; j < q; j++) {
                ctr[15 - j] = (byte) (counter >>> (8 * j));
            }
            byte[] s = cipher.doFinal(ctr);
            for (int j = 0; j < 16 && i + j < n; j++) {
                plain[i + j] = (byte) (in[off + i + j] ^ s[j]);
            }
        }
        // CBC-MAC over B_0 | encoded AAD | payload, each padded to 16 bytes.
        byte[] x = new byte[16];
        x[0] = (byte) ((aad.length > 0 ? 0x40 : 0) | ((tagLength - 2) / 2) << 3 | (q - 1));
        System.arraycopy(nonce, 0, x, 1, nonce.length);
        for (int j = 0; j < q; j++) {
            x[15 - j] = (byte) (n >>> (8 * j));
        }
        x = cipher.doFinal(x);
        if (aad.length > 0) {
            byte[] a = new byte[2 + aad.length]; // AAD lengths here are far below 2^16 - 2^8
            a[0] = (byte) (aad.length >>> 8);
            a[1] = (byte) aad.length;
            System.arraycopy(aad, 0, a, 2, aad.length);
            x = cbcMac(x, a, 0, a.length);
        }
        x = cbcMac(x, plain, 0, n);
        byte[] expected = new byte[tagLength];
        for (int j = 0; j < tagLength; j++) {
            expected[j] = (byte) (x[j] ^ s0[j]);
        }
        byte[] got = new byte[tagLength];
        System.arraycopy(in, off + n, got, 0, tagLength);
        if (!MessageDigest.isEqual(expected, got)) {
            throw new AEADBadTagException("CCM tag mismatch");
        }
        return plain;
    }

    private byte[] cbcMac(byte[] x, byte[] data, int off, int len) throws GeneralSecurityException {
        for (int i = 0; i < len; i += 16) {
            byte[] b = x.clone();
            for (int j = 0; j < 16 && i + j < len; j++) {
                b[j] ^= data[off + i + j];
            }
            x = cipher.doFinal(b);
        }
        return x;
    }
}
