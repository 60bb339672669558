package io.tlsalert.decode;

import java.util.Arrays;

/** A growable byte array; its first allocation is never above {@link #MAX_BYTES} (what it grows to is the readers' limit). */
final class Bytes {
    /** A {@code *} line of a dump can stand for a lot of bytes; beyond this a dump is refused rather than expanded. */
    static final int MAX_BYTES = 1 << 26;

    private byte[] a;
    private int n;

    Bytes(int capacity) {
        a = new byte[Math.max(16, Math.min(capacity, MAX_BYTES))];
    }

    void add(int b) {
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[n++] = (byte) b;
    }

    void add(Bytes src, int from, int len) {
        if (n + len > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, n + len));
        }
        System.arraycopy(src.a, from, a, n, len);
        n += len;
    }

    int size() {
        return n;
    }

    byte get(int i) {
        return a[i];
    }

    void truncate(int size) {
        n = size;
    }

    /** The bytes; no bytes at all is an error, since there is nothing to decode. */
    byte[] result(String t) {
        if (n == 0) {
            throw new InputFormatException("no bytes found in the input", 1, 1, 0);
        }
        return Arrays.copyOf(a, n);
    }
}
