package io.tlsalert.capture.net;

import io.tlsalert.capture.pcap.WarningListener;
import io.tlsalert.wire.CoveredRanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IPv4 and IPv6 fragment reassembly: a bounded table keyed by version, source, destination, identification (and the
 * protocol for IPv4). An entry is dropped with a warning when the table is full (the oldest one goes), when it has
 * waited longer than the timeout (capture time), or when one of its fragments was cut short by the snaplen.
 */
final class Fragments {
    static final int MAX_DATAGRAMS = io.tlsalert.capture.Budget.IP_DATAGRAMS.limit;
    static final int MAX_SIZE = 65535;
    static final long TIMEOUT_NANOS = 60_000_000_000L;

    private static final class Datagram {
        int version, proto, firstProto = -1;
        final byte[] src = new byte[16], dst = new byte[16];
        long id;
        byte[] data = new byte[2048];
        int total = -1;
        /** The bytes that have arrived: linear in the fragments, whatever their order or overlap. */
        final CoveredRanges covered = new CoveredRanges();

        long firstFrame, lastSeen;
        boolean failed;
    }

    private final WarningListener warnings;
    private final List<Datagram> table = new ArrayList<>();
    /** The last datagram completed: its fragmentable part, {@link #length} bytes, next protocol {@link #proto}. */
    byte[] out = new byte[0];

    int length, proto;

    Fragments(WarningListener warnings) {
        this.warnings = warnings;
    }

    /**
     * Adds one fragment, data {@code b[from, to)} at byte offset {@code fragOffset}; {@code nextProto} is the
     * protocol the payload starts with if this is the first fragment. Returns true when the datagram is complete
     * (then in {@link #out}, {@link #length}, {@link #proto}).
     */
    boolean add(
            long frame,
            long time,
            int version,
            byte[] src,
            byte[] dst,
            long id,
            int keyProto,
            int nextProto,
            int fragOffset,
            boolean more,
            byte[] b,
            int from,
            int to,
            boolean cut) {
        expire(frame, time);
        Datagram d = find(version, src, dst, id, keyProto);
        if (d == null) {
            if (table.size() >= MAX_DATAGRAMS) {
                Datagram oldest = table.remove(0);
                if (!oldest.failed) {
                    warnings.warn(
                            frame,
                            "fragment reassembly table full: dropped an incomplete fragmented datagram "
                                    + describe(oldest));
                }
            }
            d = new Datagram();
            d.version = version;
            System.arraycopy(src, 0, d.src, 0, 16);
            System.arraycopy(dst, 0, d.dst, 0, 16);
            d.id = id;
            d.proto = keyProto;
            d.firstFrame = frame;
            table.add(d);
        } else {
            table.remove(d); // keep the table ordered by last use
            table.add(d);
        }
        d.lastSeen = time;
        if (d.failed) {
            return false;
        }
        int len = to - from;
        int end = fragOffset + len;
        if (cut) {
            return fail(d, frame, "a fragment was cut short by the snaplen: the datagram cannot be reassembled");
        }
        if (end > MAX_SIZE) {
            return fail(d, frame, "fragments reach past " + MAX_SIZE + " bytes");
        }
        if (!more) {
            if (d.total >= 0 && d.total != end || d.covered.end() > end) {
                return fail(d, frame, "fragments disagree on the datagram's length");
            }
            d.total = end;
        } else if (d.total >= 0 && end > d.total) {
            return fail(d, frame, "a fragment reaches past the last fragment");
        }
        if (fragOffset == 0) {
            d.firstProto = nextProto;
        }
        if (end > d.data.length) {
            d.data = Arrays.copyOf(d.data, Math.min(MAX_SIZE, Math.max(end, d.data.length * 2)));
        }
        System.arraycopy(b, from, d.data, fragOffset, len);
        d.covered.add(fragOffset, end);
        if (d.total > 0 && d.covered.coversExactly(d.total)) {
            table.remove(d);
            if (out.length == 0) {
                out = new byte[MAX_SIZE];
            }
            System.arraycopy(d.data, 0, out, 0, d.total);
            length = d.total;
            proto = d.firstProto;
            return true;
        }
        return false;
    }

    private boolean fail(Datagram d, long frame, String why) {
        d.failed = true;
        warnings.warn(frame, why + " " + describe(d));
        return false;
    }

    private void expire(long frame, long time) {
        for (int i = 0; i < table.size(); ) {
            Datagram d = table.get(i);
            if (Math.abs(time - d.lastSeen) > TIMEOUT_NANOS) {
                table.remove(i);
                if (!d.failed) {
                    warnings.warn(frame, "incomplete fragmented datagram " + describe(d) + " timed out");
                }
            } else {
                i++;
            }
        }
    }

    /** Reports every datagram still incomplete (end of the capture) and empties the table. */
    void finish(long frame) {
        for (Datagram d : table) {
            if (!d.failed) {
                warnings.warn(frame, "incomplete fragmented datagram " + describe(d) + " at the end of the capture");
            }
        }
        table.clear();
    }

    private Datagram find(int version, byte[] src, byte[] dst, long id, int keyProto) {
        for (int i = table.size() - 1; i >= 0; i--) {
            Datagram d = table.get(i);
            if (d.id == id
                    && d.version == version
                    && d.proto == keyProto
                    && Arrays.equals(d.src, src)
                    && Arrays.equals(d.dst, dst)) {
                return d;
            }
        }
        return null;
    }

    private static String describe(Datagram d) {
        return "(IPv" + d.version + " " + Segment.format(d.version, d.src) + " > " + Segment.format(d.version, d.dst)
                + " id " + d.id + ", first fragment in frame " + d.firstFrame + ")";
    }

    int pending() {
        return table.size();
    }
}
