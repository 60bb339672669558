package io.tlsalert.capture.quic;

import io.tlsalert.capture.Budget;
import io.tlsalert.wire.HandshakeJoiner;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CRYPTO frames of one direction in one packet number space, put back in order by their offsets (RFC 9000
 * §19.6: "the stream does not have an explicit end", offsets count from 0 per space) and handed to the handshake
 * joiner as they become contiguous. A frame ahead of what arrived waits, within {@link Budget#HANDSHAKE_MESSAGE_BYTES}
 * (the bound a TLS connection's handshake message has); bytes already delivered (retransmissions) are dropped.
 */
final class CryptoStream {
    static final int MAX_HELD = Budget.HANDSHAKE_MESSAGE_BYTES.limit;

    private final HandshakeJoiner joiner = new HandshakeJoiner(MAX_HELD);
    private final HandshakeJoiner.Sink sink;
    /** Bytes handed to the joiner: the next offset wanted. */
    private long delivered;
    /** Pieces ahead of {@link #delivered}, by offset. */
    private final TreeMap<Long, byte[]> ahead = new TreeMap<>();

    private long aheadBytes;

    CryptoStream(HandshakeJoiner.Sink sink) {
        this.sink = sink;
    }

    /** Bytes held now: pieces waiting for a hole to fill, and a message not yet whole. */
    long held() {
        return aheadBytes + joiner.pending();
    }

    /**
     * One CRYPTO frame's data at stream {@code offset}. Returns null, or what was refused and why (over the bound).
     */
    String add(long offset, byte[] data) {
        long end = offset + data.length;
        if (end <= delivered) {
            return null; // a retransmission
        }
        if (offset > delivered) {
            if (end - delivered > MAX_HELD || aheadBytes + data.length > MAX_HELD) {
                return "CRYPTO data at offset " + offset + " is more than " + Budget.HANDSHAKE_MESSAGE_BYTES.describe()
                        + " ahead of the " + delivered + " bytes in order: not kept";
            }
            byte[] old = ahead.put(offset, data);
            aheadBytes += data.length - (old == null ? 0 : old.length);
            return null;
        }
        deliver(offset, data);
        // Pieces that now join on.
        Map.Entry<Long, byte[]> e;
        while ((e = ahead.firstEntry()) != null && e.getKey() <= delivered) {
            ahead.pollFirstEntry();
            aheadBytes -= e.getValue().length;
            if (e.getKey() + e.getValue().length > delivered) {
                deliver(e.getKey(), e.getValue());
            }
        }
        return null;
    }

    private void deliver(long offset, byte[] data) {
        int skip = (int) (delivered - offset);
        joiner.feed(data, skip, data.length - skip, delivered, sink);
        delivered += data.length - skip;
    }
}
