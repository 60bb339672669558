package io.tlsalert.decode;

/**
 * Reads big-endian integers and length-prefixed vectors (RFC 8446 §3) from a slice of a byte array, checking every
 * length against the enclosing structure. Written by hand because TLS's presentation language (uint24, opaque
 * vectors with 1..3-byte length prefixes nested inside each other) is not what ByteBuffer offers, and because every
 * error must name the RFC field and its offset. No allocation on the read paths.
 */
final class Cursor {
    final byte[] buf;
    private final int end;
    private int pos;

    Cursor(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    int pos() {
        return pos;
    }

    int end() {
        return end;
    }

    int remaining() {
        return end - pos;
    }

    boolean hasRemaining() {
        return pos < end;
    }

    private void need(int n, String field) {
        if (end - pos < n) {
            throw shortBy(n, field);
        }
    }

    private DecodeException shortBy(int n, String field) {
        return new DecodeException(
                field, pos, "needs " + n + " byte" + (n == 1 ? "" : "s") + ", only " + (end - pos) + " left");
    }

    int u8(String field) {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    int u16(String field) {
        need(2, field);
        int v = (buf[pos] & 0xff) << 8 | buf[pos + 1] & 0xff;
        pos += 2;
        return v;
    }

    int u24(String field) {
        need(3, field);
        int v = (buf[pos] & 0xff) << 16 | (buf[pos + 1] & 0xff) << 8 | buf[pos + 2] & 0xff;
        pos += 3;
        return v;
    }

    long u48(String field) {
        need(6, field);
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | buf[pos + i] & 0xff;
        }
        pos += 6;
        return v;
    }

    /** Skips {@code n} bytes that belong to {@code field}, returning the offset where they start. */
    int skip(int n, String field) {
        need(n, field);
        int at = pos;
        pos += n;
        return at;
    }

    byte[] bytes(int n, String field) {
        need(n, field);
        byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return b;
    }

    /**
     * A sub-cursor over a vector {@code <min..max>} with a {@code prefix}-byte length, advancing this cursor past it.
     * A length that overruns the parent, or breaks the RFC's bounds, is an error at the length field.
     */
    Cursor vector(int prefix, int min, int max, String field) {
        int at = pos;
        if (end - pos < prefix) {
            throw shortPrefix(field, prefix);
        }
        int len = 0;
        for (int i = 0; i < prefix; i++) {
            len = len << 8 | buf[pos + i] & 0xff;
        }
        pos += prefix;
        if (len < min || len > max || len > end - pos) {
            throw badLength(field, at, len, min, max);
        }
        // Small enough to be inlined, so the JIT can keep the sub-cursor in registers (no allocation): the error
        // messages are built in the methods below, off the hot path.
        Cursor c = new Cursor(buf, pos, pos + len);
        pos += len;
        return c;
    }

    private DecodeException shortPrefix(String field, int prefix) {
        return new DecodeException(
                field, pos, "its " + prefix + "-byte length needs " + prefix + " bytes, only " + (end - pos) + " left");
    }

    private DecodeException badLength(String field, int at, int len, int min, int max) {
        if (len < min) {
            return new DecodeException(
                    field,
                    at,
                    "length " + len + " is below the RFC minimum of " + min
                            + (min > 0 && len == 0 ? " (an empty vector is not allowed here)" : ""));
        }
        if (len > max) {
            return new DecodeException(field, at, "length " + len + " is above the RFC maximum of " + max);
        }
        return new DecodeException(
                field, at, "length " + len + " overruns its enclosing structure (" + (end - pos) + " bytes left)");
    }

    /** A sub-cursor over the next {@code n} bytes. */
    Cursor slice(int n, String field) {
        need(n, field);
        Cursor c = new Cursor(buf, pos, pos + n);
        pos += n;
        return c;
    }

    /** Every byte must have been read: trailing bytes inside a structure are a decode_error. */
    void expectEnd(String field) {
        if (pos != end) {
            throw new DecodeException(
                    field, pos, (end - pos) + " unexpected trailing byte" + (end - pos == 1 ? "" : "s"));
        }
    }

    /** A vector of uint16 filling this cursor: an odd length is an error. */
    int[] u16s(String field) {
        if (remaining() % 2 != 0) {
            throw new DecodeException(field, pos, "length " + remaining() + " is odd: entries are 2 bytes each");
        }
        int[] v = new int[remaining() / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = u16(field);
        }
        return v;
    }

    /** The uint8s filling this cursor. */
    int[] u8s(String field) {
        int[] v = new int[remaining()];
        for (int i = 0; i < v.length; i++) {
            v[i] = u8(field);
        }
        return v;
    }
}
