package io.tlsalert.wire;

import java.util.HexFormat;

/**
 * RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose {@code random} is SHA-256("HelloRetryRequest").
 */
public final class HelloRetryRequest {
    /** The special random, as RFC 8446 §4.1.3 prints it. */
    public static final String RANDOM_HEX = "CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C";

    private static final byte[] RANDOM = HexFormat.of().parseHex(RANDOM_HEX);

    private HelloRetryRequest() {}

    /** A copy of the 32 bytes. */
    public static byte[] random() {
        return RANDOM.clone();
    }

    /** Do the 32 bytes at {@code buf[off]} hold the HelloRetryRequest random? False when fewer than 32 are there. */
    public static boolean isRandom(byte[] buf, int off) {
        return off >= 0 && buf.length - off >= 32 && java.util.Arrays.equals(buf, off, off + 32, RANDOM, 0, 32);
    }
}
