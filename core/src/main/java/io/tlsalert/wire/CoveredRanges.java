package io.tlsalert.wire;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which bytes of a message (a DTLS handshake message, a fragmented IP datagram) have arrived so far, as the pieces
 * come in any order, overlapping or not: an interval set of sorted, disjoint ranges {@code [start, end)}, two ranges
 * that touch merged into one. Adding a range costs a logarithm of the ranges held plus one step per range it merges;
 * a range is merged away at most once, so {@code n} pieces cost {@code O(n log n)} in all whatever their order, and
 * nothing is copied per piece (a sorted array would copy its tail on each insertion: quadratic in the pieces).
 *
 * <p>Memory follows the pieces that arrived (one entry per gap-separated range), never the length a header declares.
 * Not thread-safe: one per message being assembled.
 */
public final class CoveredRanges {
    /** start to end (exclusive), disjoint and not touching. */
    private final TreeMap<Integer, Integer> ranges = new TreeMap<>();

    private long coveredBytes;

    /** The last range (the one with the highest start), kept so that pieces in order cost no search. */
    private int lastStart, lastEnd;

    /** Marks {@code [start, end)} as arrived; an empty range changes nothing. */
    public void add(int start, int end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ")");
        }
        if (start == end) {
            return;
        }
        if (!ranges.isEmpty() && start >= lastStart) {
            // The usual order: a piece at or after the start of the last range (in order, or a repeat of the last).
            if (start > lastEnd) {
                ranges.put(start, end);
                coveredBytes += end - start;
                lastStart = start;
                lastEnd = end;
            } else if (end > lastEnd) {
                ranges.put(lastStart, end);
                coveredBytes += end - lastEnd;
                lastEnd = end;
            }
            return;
        }
        int s = start;
        int e = end;
        Map.Entry<Integer, Integer> before = ranges.floorEntry(s);
        if (before != null && before.getValue() >= s) {
            if (before.getValue() >= e) {
                return; // already covered: a duplicate or a retransmission
            }
            s = before.getKey();
            coveredBytes -= before.getValue() - s;
            // kept in the tree: the put below changes its end in place
        }
        for (Map.Entry<Integer, Integer> next = ranges.higherEntry(s);
                next != null && next.getKey() <= e;
                next = ranges.higherEntry(s)) {
            e = Math.max(e, next.getValue());
            coveredBytes -= next.getValue() - next.getKey();
            ranges.remove(next.getKey());
        }
        ranges.put(s, e);
        coveredBytes += e - s;
        if (e >= lastEnd) {
            lastStart = s;
            lastEnd = e;
        }
    }

    /** Bytes covered by the ranges together. */
    public long coveredBytes() {
        return coveredBytes;
    }

    /** How many separate ranges there are (one more gap than this is still open, at most). */
    public int rangeCount() {
        return ranges.size();
    }

    /** The end of the last range: the highest byte offset that has arrived, plus one; 0 when none has. */
    public int end() {
        return lastEnd;
    }

    /** True when every byte of {@code [0, length)} has arrived and none past it. */
    public boolean coversExactly(int length) {
        return coveredBytes == length && (length == 0 || ranges.size() == 1 && ranges.firstKey() == 0);
    }
}
