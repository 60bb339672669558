package io.tlsalert.wire;

import java.util.Arrays;

/**
 * Puts TLS handshake messages back together from the content of the handshake records of one direction: a message
 * may span records and a record may hold several messages (RFC 8446 §5.1, RFC 5246 §6.2.1). Fed each record's
 * fragment in order, it hands every whole message to a {@link Sink}:
 *
 * <pre>
 * struct {
 *     HandshakeType msg_type;    (1 byte)
 *     uint24 length;             (bytes in the body)
 *     select (Handshake.msg_type) { ... } body;
 * } Handshake;                   (RFC 8446 §4)
 * </pre>
 *
 * <ul>
 *   <li><b>In place</b>: a message that lies within one fed fragment is handed over in the fed array itself, without
 *       copying and without allocation.
 *   <li><b>Joined</b>: a message that spans fragments is copied into the joiner's buffer as its pieces arrive and
 *       handed over from there once whole; its {@link Spans} say where each body byte stood in the caller's
 *       coordinates.
 *   <li><b>Bounded</b>: a message whose 4-byte header and body would exceed {@code maxMessageSize} is not buffered:
 *       {@link Sink#overBound} is told and the message's bytes are skipped as they arrive, after which joining goes
 *       on with the next message.
 * </ul>
 *
 * <p>Positions: each fragment is fed with the caller's position of its first byte (an offset in a whole input, a
 * stream offset, or anything that grows by one per byte within a fragment); each message is reported with the
 * position of its first header byte. The work per fed fragment is proportional to its length plus the messages it
 * completes: no rescanning of earlier pieces.
 *
 * <p>DTLS handshake messages carry their own fragment headers (RFC 6347 §4.2.2) and are not for this joiner.
 *
 * <p>Not thread-safe: one joiner per direction of one connection.
 */
public final class HandshakeJoiner {
    /** Header of a handshake message: msg_type (1) and length (3). */
    public static final int HEADER = 4;
    /** The largest message a uint24 length allows, header included: a joiner with this bound never refuses one. */
    public static final int UNBOUNDED = HEADER + 0xFFFFFF;

    /** Receives each whole handshake message. */
    @FunctionalInterface
    public interface Sink {
        /**
         * One whole message. The body is {@code buf[off, off + len)}; {@code buf} is the fed array (in place) or the
         * joiner's buffer (joined), valid only during this call: copy what must be kept. Calling {@link #reset()} from
         * here drops the rest of the fed fragment and anything pending (e.g. when the records that follow are
         * encrypted). A runtime exception thrown from here leaves the joiner to be reset or dropped.
         *
         * @param msgType  HandshakeType (0..255)
         * @param position the caller's position of the message's first header byte
         * @param spans    where each body byte stood: {@link Spans#IN_PLACE} unless the message was joined
         */
        void message(int msgType, byte[] buf, int off, int len, long position, Spans spans);

        /**
         * A message longer than the bound: {@code HEADER + length > maxMessageSize}. Its bytes are skipped. The
         * default does nothing.
         *
         * @param length   the message's declared body length
         * @param position the caller's position of its first header byte
         */
        default void overBound(int msgType, int length, long position) {}
    }

    /**
     * Where the body bytes of a message stood in the caller's coordinates. For a message read in place,
     * {@link #IN_PLACE}: body byte {@code i} is at {@code position + HEADER + i}. For a joined message, a piecewise map
     * over the fragments it came from. Immutable.
     */
    public static final class Spans {
        /** The body follows the header without a gap, in one fragment. */
        public static final Spans IN_PLACE = new Spans(new int[0], new long[0]);

        private final int[] starts;
        private final long[] positions;

        private Spans(int[] starts, long[] positions) {
            this.starts = starts;
            this.positions = positions;
        }

        /** True for {@link #IN_PLACE}. */
        public boolean inPlace() {
            return starts.length == 0;
        }

        /**
         * The caller's position of body byte {@code i} (0 = first body byte) of a message whose header started at
         * {@code messagePosition}. Logarithmic in the number of pieces.
         */
        public long at(long messagePosition, int i) {
            if (starts.length == 0) {
                return messagePosition + HEADER + i;
            }
            int k = Arrays.binarySearch(starts, i);
            if (k < 0) {
                k = -k - 2;
            }
            if (k < 0) {
                k = 0;
            }
            return positions[k] + (i - starts[k]);
        }
    }

    private final int maxMessageSize;

    private static final byte[] NO_BYTES = {};
    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};

    /**
     * The bytes of the one message not yet whole: its header first, then as much of its body as arrived. Allocated
     * on first need: a stream whose records each hold whole messages never buffers.
     */
    private byte[] pending = NO_BYTES;

    private int pendingLen;
    /** For each piece of {@link #pending}: where it starts in pending, and the caller's position of that byte. */
    private int[] pieceStarts = NO_INTS;

    private long[] piecePositions = NO_LONGS;
    private int pieces;
    /** Bytes still to skip of a message over the bound. */
    private long skipping;
    /** Set by {@link #reset()}: stop handing over what remains of the fragment being fed. */
    private boolean stopped;

    /**
     * @param maxMessageSize the largest message to buffer, header included ({@link #UNBOUNDED}: no bound beyond the
     *     uint24 length; callers that read untrusted streams use e.g. 2^18)
     */
    public HandshakeJoiner(int maxMessageSize) {
        if (maxMessageSize < HEADER) {
            throw new IllegalArgumentException("maxMessageSize below the 4-byte header: " + maxMessageSize);
        }
        this.maxMessageSize = maxMessageSize;
    }

    /** Drops everything pending, including a message over the bound being skipped. */
    public void reset() {
        pendingLen = 0;
        pieces = 0;
        skipping = 0;
        stopped = true;
    }

    /** Bytes held for a message not yet whole (0 when the fed fragments ended at a message boundary). */
    public int pending() {
        return pendingLen;
    }

    /**
     * The caller's position of the first pending byte: where the unfinished message starts.
     *
     * @throws IllegalStateException when nothing is pending
     */
    public long pendingPosition() {
        if (pendingLen == 0) {
            throw new IllegalStateException("no handshake bytes pending");
        }
        return piecePositions[0];
    }

    /** Is a message over the bound being skipped (its remaining bytes will be dropped as they arrive)? */
    public boolean skipping() {
        return skipping > 0;
    }

    /**
     * Feeds the content of the next handshake record: {@code buf[off, off + len)}, its first byte at the caller's
     * {@code position}. Whole messages go to {@code sink} before this returns, in order.
     */
    public void feed(byte[] buf, int off, int len, long position, Sink sink) {
        stopped = false;
        int pos = off;
        int end = off + len;
        if (skipping > 0) {
            int n = (int) Math.min(skipping, len);
            skipping -= n;
            pos += n;
        }
        if (pendingLen > 0 && pos < end) {
            pos = completePending(buf, pos, end, position - off, sink);
            if (stopped) {
                return;
            }
        }
        // In place: every message that lies wholly in the rest of the fragment.
        while (pendingLen == 0 && skipping == 0 && end - pos >= HEADER) {
            int type = buf[pos] & 0xff;
            int length = (buf[pos + 1] & 0xff) << 16 | (buf[pos + 2] & 0xff) << 8 | buf[pos + 3] & 0xff;
            long at = position + (pos - off);
            if (HEADER + length > maxMessageSize) {
                sink.overBound(type, length, at);
                if (stopped) {
                    return;
                }
                long rest = (long) HEADER + length;
                int n = (int) Math.min(rest, end - pos);
                skipping = rest - n;
                pos += n;
                continue;
            }
            if (length > end - pos - HEADER) {
                break;
            }
            sink.message(type, buf, pos + HEADER, length, at, Spans.IN_PLACE);
            if (stopped) {
                return;
            }
            pos += HEADER + length;
        }
        if (pos < end && skipping == 0) {
            append(buf, pos, end - pos, position + (pos - off));
            // A header may only now be whole: a message over the bound is refused before its body is buffered.
            checkBound(sink);
        }
    }

    /** Adds to the pending message what it still needs from {@code buf[pos, end)}; hands it over when whole. */
    private int completePending(byte[] buf, int pos, int end, long delta, Sink sink) {
        if (pendingLen < HEADER) {
            int n = Math.min(HEADER - pendingLen, end - pos);
            append(buf, pos, n, delta + pos);
            pos += n;
            if (pendingLen < HEADER) {
                return pos;
            }
            if (checkBound(sink)) {
                int n2 = (int) Math.min(skipping, end - pos);
                skipping -= n2;
                return pos + n2;
            }
        }
        int need = HEADER + bodyLength(pending, 0) - pendingLen;
        int n = Math.min(need, end - pos);
        append(buf, pos, n, delta + pos);
        pos += n;
        if (n == need) {
            Spans spans = spans();
            long at = piecePositions[0];
            int type = pending[0] & 0xff;
            int length = pendingLen - HEADER;
            pendingLen = 0;
            pieces = 0;
            sink.message(type, pending, HEADER, length, at, spans);
        }
        return pos;
    }

    /**
     * If the pending bytes hold a whole header of a message over the bound: tells the sink, drops them and skips the
     * rest of the message. Returns whether it did.
     */
    private boolean checkBound(Sink sink) {
        if (pendingLen < HEADER) {
            return false;
        }
        int length = bodyLength(pending, 0);
        if (HEADER + length <= maxMessageSize) {
            return false;
        }
        long at = piecePositions[0];
        skipping = (long) HEADER + length - pendingLen;
        pendingLen = 0;
        pieces = 0;
        sink.overBound(pending[0] & 0xff, length, at);
        return true;
    }

    private static int bodyLength(byte[] b, int p) {
        return (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
    }

    private void append(byte[] buf, int from, int n, long position) {
        if (n == 0) {
            return;
        }
        if (pendingLen + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLen + n, Math.max(64, pending.length * 2)));
        }
        System.arraycopy(buf, from, pending, pendingLen, n);
        if (pieces == pieceStarts.length) {
            pieceStarts = Arrays.copyOf(pieceStarts, Math.max(4, pieces * 2));
            piecePositions = Arrays.copyOf(piecePositions, Math.max(4, pieces * 2));
        }
        pieceStarts[pieces] = pendingLen;
        piecePositions[pieces] = position;
        pieces++;
        pendingLen += n;
    }

    /** The pieces of the whole pending message, as body offsets (the header's pieces folded into the first). */
    private Spans spans() {
        int first = 0;
        // The last piece starting at or before the body's first byte.
        while (first + 1 < pieces && pieceStarts[first + 1] <= HEADER) {
            first++;
        }
        int n = pieces - first;
        int[] starts = new int[n];
        long[] positions = new long[n];
        for (int i = 0; i < n; i++) {
            int s = Math.max(pieceStarts[first + i], HEADER);
            starts[i] = s - HEADER;
            positions[i] = piecePositions[first + i] + (s - pieceStarts[first + i]);
        }
        return new Spans(starts, positions);
    }
}
