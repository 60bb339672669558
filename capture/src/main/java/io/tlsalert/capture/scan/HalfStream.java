package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a TCP connection put back in order: retransmissions and overlaps are trimmed, segments that arrive
 * early wait (up to a bound), and a hole that never fills is a gap — reported, never guessed over.
 */
final class HalfStream {
    /** Out-of-order bytes kept per direction before the scan gives up waiting for a hole to fill. */
    static final int MAX_PENDING = Budget.OUT_OF_ORDER_BYTES.limit;
    /** Out-of-order segments kept per direction: a flood of tiny segments costs more than its bytes. */
    static final int MAX_SEGMENTS = Budget.OUT_OF_ORDER_SEGMENTS.limit;
    /** What one waiting segment costs beyond its bytes (map entry, record, array header), for the total budget. */
    static final int SEGMENT_OVERHEAD = 96;

    private final RecordStream out;
    /** Next sequence number expected, as an unsigned 32-bit value; -1 until known. */
    private long next = -1;
    /** A segment that arrived early, with the frame and time it came in. */
    private record Early(byte[] bytes, long frame, long time) {}

    private TreeMap<Long, Early> pending;
    private int pendingBytes;
    /** Sequence number just past the data, from this direction's FIN; -1 without a FIN. */
    private long finSeq = -1;

    private int gaps;
    boolean fin;

    HalfStream(RecordStream out) {
        this.out = out;
    }

    int gaps() {
        return gaps;
    }

    /** Bytes held now: the segments waiting for a hole to fill, and the record being read. */
    long held() {
        long waiting = pending == null ? 0 : pendingBytes + (long) pending.size() * SEGMENT_OVERHEAD;
        return waiting + out.held();
    }

    RecordStream records() {
        return out;
    }

    /** Signed distance a - b in 32-bit sequence space. */
    private static int diff(long a, long b) {
        return (int) (a - b);
    }

    void syn(long seq) {
        next = (seq + 1) & 0xFFFFFFFFL;
    }

    void segment(long seq, byte[] b, int off, int len, long frame, long time) {
        if (len == 0) {
            return;
        }
        if (next < 0 && gaps > 0) {
            next = seq; // after a truncated segment: carry on here, looking for a record header
        } else if (next < 0) {
            // No SYN in the capture: it started mid-connection. Take this as the start and look for a record header.
            next = seq;
            out.startMidStream();
        }
        int d = diff(seq, next);
        if (d <= 0) {
            // As a long: 2^31 behind negates to itself as an int (found by PcapScanFuzzTest).
            long skip = -(long) d;
            if (skip >= len) {
                return; // a retransmission of bytes already delivered
            }
            deliver(b, off + (int) skip, len - (int) skip, frame, time);
            drain(frame, time);
            return;
        }
        // Early: wait for the hole before it to fill.
        if (pending == null) {
            pending = new TreeMap<>((x, y) -> Integer.compare(diff(x, next), diff(y, next)));
        }
        byte[] copy = new byte[len];
        System.arraycopy(b, off, copy, 0, len);
        Early old = pending.put(seq, new Early(copy, frame, time));
        if (old == null || old.bytes().length < len) {
            pendingBytes += len - (old == null ? 0 : old.bytes().length);
        } else {
            pending.put(seq, old);
        }
        if (pendingBytes > MAX_PENDING || pending.size() > MAX_SEGMENTS) {
            out.overBudget(
                    "out-of-order segments waited past "
                            + (pendingBytes > MAX_PENDING ? Budget.OUT_OF_ORDER_BYTES : Budget.OUT_OF_ORDER_SEGMENTS)
                                    .describe()
                            + ": the hole before them is taken as lost",
                    frame);
            skipGap();
        }
    }

    private void deliver(byte[] b, int off, int len, long frame, long time) {
        out.feed(b, off, len, frame, time);
        next = (next + len) & 0xFFFFFFFFL;
    }

    /**
     * Delivers what waited and now follows on. Bytes completed by the segment in {@code frame} count as that frame's,
     * as tshark counts a reassembled record; after a gap ({@code frame} < 0) each keeps the frame it came in.
     */
    private void drain(long frame, long time) {
        while (pending != null && !pending.isEmpty()) {
            Map.Entry<Long, Early> e = pending.firstEntry();
            int d = diff(e.getKey(), next);
            if (d > 0) {
                return;
            }
            pending.pollFirstEntry();
            byte[] b = e.getValue().bytes();
            pendingBytes -= b.length;
            long skip = -(long) d;
            if (skip < b.length) {
                boolean own = frame < 0;
                deliver(
                        b,
                        (int) skip,
                        b.length - (int) skip,
                        own ? e.getValue().frame() : frame,
                        own ? e.getValue().time() : time);
            }
        }
    }

    /** The hole will not fill: note the gap, jump to the first waiting segment, and find a record header there. */
    private void skipGap() {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        gaps++;
        out.gap();
        next = pending.firstKey();
        drain(-1, 0);
    }

    /** This direction's FIN: its sequence number tells where the data ends. */
    void fin(long seq) {
        finSeq = seq & 0xFFFFFFFFL;
    }

    /**
     * The capture cut this segment short (snaplen): its captured bytes were delivered, the rest is lost. The stream
     * continues at the next segment, found again by record header.
     */
    void truncated() {
        gaps++;
        out.gap();
        next = -1;
    }

    /** End of the connection or capture: whatever still waits sits behind a hole, and a FIN past the data is one too. */
    void finish(long time) {
        while (pending != null && !pending.isEmpty()) {
            skipGap();
        }
        if (finSeq >= 0 && next >= 0 && diff(finSeq, next) > 0) {
            gaps++;
        }
    }
}
