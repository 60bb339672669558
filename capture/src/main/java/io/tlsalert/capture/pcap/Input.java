package io.tlsalert.capture.pcap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * A large read buffer over a stream: records are parsed in place ({@link #buf} from {@link #pos}), so no per-packet
 * copy or allocation happens. Bytes from {@code pos} stay where they are until the next {@link #require} call.
 */
final class Input {
    /** The largest buffer (and record) size; the buffer starts small and grows to this on a real file. */
    static final int BUFFER_SIZE = 1 << 20;

    static final int INITIAL_SIZE = 1 << 16;

    private final InputStream in;
    private final WarningListener warnings;
    byte[] buf;
    int pos, lim;
    private long base; // file offset of buf[0]
    private boolean eof;

    Input(InputStream in, WarningListener warnings) {
        this(in, warnings, new byte[INITIAL_SIZE], 0, 0);
    }

    Input(InputStream in, WarningListener warnings, byte[] buf, int pos, int lim) {
        this.in = in;
        this.warnings = warnings;
        this.buf = buf;
        this.pos = pos;
        this.lim = lim;
    }

    /** Bytes consumed so far. */
    long position() {
        return base + pos;
    }

    int available() {
        return lim - pos;
    }

    /**
     * Makes {@code n} bytes (at most the buffer size) available from {@code pos}, reading as needed. Returns true if
     * they are; false at end of stream (then {@code available()} tells how many there are).
     */
    boolean require(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        if (n > BUFFER_SIZE) {
            throw new IllegalArgumentException("cannot buffer " + n + " bytes");
        }
        if (buf.length < BUFFER_SIZE && (n > buf.length || base + lim >= buf.length)) {
            // More than a small file: take the full-size buffer once.
            byte[] bigger = new byte[BUFFER_SIZE];
            System.arraycopy(buf, pos, bigger, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
            buf = bigger;
        }
        if (pos + n > buf.length) {
            int len = lim - pos;
            System.arraycopy(buf, pos, buf, 0, len);
            base += pos;
            pos = 0;
            lim = len;
        }
        while (lim - pos < n && !eof) {
            int r = read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        }
        return lim - pos >= n;
    }

    /** Skips {@code n} bytes; returns how many were skipped (fewer at end of stream). */
    long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (pos == lim) {
                base += lim;
                pos = 0;
                lim = 0;
                if (eof) {
                    break;
                }
                int r = read(buf, 0, buf.length);
                if (r < 0) {
                    eof = true;
                    break;
                }
                lim = r;
            }
            int k = (int) Math.min(n - done, lim - pos);
            pos += k;
            done += k;
        }
        return done;
    }

    private int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (EOFException | ZipException e) {
            // A cut or damaged gzip stream: what was decompressed so far is still worth reading.
            warnings.warn(0, "compressed stream damaged or cut short (" + e.getMessage() + "); reading stops there");
            return -1;
        }
    }

    void close() throws IOException {
        in.close();
    }

    static int u16(byte[] b, int o, boolean big) {
        return big ? ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF) : ((b[o + 1] & 0xFF) << 8) | (b[o] & 0xFF);
    }

    static int i32(byte[] b, int o, boolean big) {
        return big
                ? (b[o] << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF)
                : (b[o + 3] << 24) | ((b[o + 2] & 0xFF) << 16) | ((b[o + 1] & 0xFF) << 8) | (b[o] & 0xFF);
    }

    static long u32(byte[] b, int o, boolean big) {
        return i32(b, o, big) & 0xFFFFFFFFL;
    }
}
