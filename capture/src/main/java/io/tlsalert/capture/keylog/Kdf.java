package io.tlsalert.capture.keylog;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The key derivations: HKDF-Extract (RFC 5869 §2.2), HKDF-Expand-Label (RFC 8446 §7.1, over RFC 5869 HKDF-Expand) and the TLS 1.2 PRF (RFC 5246 §5). */
final class Kdf {
    private Kdf() {}

    /** "HmacSHA256" or "HmacSHA384". */
    static Mac mac(String algorithm, byte[] key) {
        try {
            Mac m = Mac.getInstance(algorithm);
            m.init(new SecretKeySpec(key, algorithm));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    /** RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM). */
    static byte[] hkdfExtract(String hmac, byte[] salt, byte[] ikm) {
        return mac(hmac, salt).doFinal(ikm);
    }

    /** RFC 5869 §2.3: T(i) = HMAC(PRK, T(i-1) | info | i), output the first {@code length} bytes of T(1) | T(2) | ... */
    static byte[] hkdfExpand(String hmac, byte[] prk, byte[] info, int length) {
        Mac m = mac(hmac, prk);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            m.update(t);
            m.update(info);
            m.update((byte) i);
            t = m.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * RFC 8446 §7.1: HKDF-Expand(Secret, HkdfLabel, Length) with {@code struct { uint16 length; opaque
     * label<7..255> = "tls13 " + Label; opaque context<0..255>; } HkdfLabel}.
     */
    static byte[] hkdfExpandLabel(String hmac, byte[] secret, String label, byte[] context, int length) {
        byte[] l = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + l.length + 1 + context.length];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) l.length;
        System.arraycopy(l, 0, info, 3, l.length);
        info[3 + l.length] = (byte) context.length;
        System.arraycopy(context, 0, info, 4 + l.length, context.length);
        return hkdfExpand(hmac, secret, info, length);
    }

    /**
     * RFC 5246 §5: PRF(secret, label, seed) = P_hash(secret, label + seed), with A(0) = seed', A(i) = HMAC(secret,
     * A(i-1)) and P_hash = HMAC(secret, A(1) + seed') | HMAC(secret, A(2) + seed') | ...
     */
    static byte[] prf(String hmac, byte[] secret, String label, byte[] seed, int length) {
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        byte[] s = new byte[l.length + seed.length];
        System.arraycopy(l, 0, s, 0, l.length);
        System.arraycopy(seed, 0, s, l.length, seed.length);
        Mac m = mac(hmac, secret);
        byte[] out = new byte[length];
        byte[] a = s;
        int done = 0;
        while (done < length) {
            a = m.doFinal(a);
            m.update(a);
            m.update(s);
            byte[] block = m.doFinal();
            int n = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }
}
