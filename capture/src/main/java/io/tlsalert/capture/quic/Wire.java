package io.tlsalert.capture.quic;

/** A bounded reader over bytes: QUIC's variable-length integers and fixed fields, never past its end. */
final class Wire {
    final byte[] b;
    int pos;
    final int end;

    Wire(byte[] b, int off, int end) {
        this.b = b;
        this.pos = off;
        this.end = end;
    }

    int left() {
        return end - pos;
    }

    /** Thrown at the first field that does not fit: where it started and what it was. */
    static final class Short extends Exception {
        final int at;

        Short(int at, String what) {
            super(what, null, false, false);
            this.at = at;
        }
    }

    /**
     * RFC 9000 §16: the two high bits of the first byte give the length (1, 2, 4 or 8 bytes), the rest is the value
     * in network byte order.
     */
    long varint(String what) throws Short {
        if (pos >= end) {
            throw new Short(pos, what);
        }
        int n = 1 << ((b[pos] & 0xff) >>> 6);
        if (end - pos < n) {
            throw new Short(pos, what);
        }
        long v = b[pos] & 0x3f;
        for (int i = 1; i < n; i++) {
            v = v << 8 | (b[pos + i] & 0xff);
        }
        pos += n;
        return v;
    }

    int u8(String what) throws Short {
        if (pos >= end) {
            throw new Short(pos, what);
        }
        return b[pos++] & 0xff;
    }

    int u32(String what) throws Short {
        if (end - pos < 4) {
            throw new Short(pos, what);
        }
        int v = (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** {@code n} bytes copied out; {@code n} comes from the input, so it is checked against what is left first. */
    byte[] bytes(long n, String what) throws Short {
        if (n < 0 || n > end - pos) {
            throw new Short(pos, what);
        }
        byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    void skip(long n, String what) throws Short {
        if (n < 0 || n > end - pos) {
            throw new Short(pos, what);
        }
        pos += (int) n;
    }
}
