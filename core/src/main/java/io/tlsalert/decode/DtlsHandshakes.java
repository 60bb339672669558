package io.tlsalert.decode;

import io.tlsalert.wire.CoveredRanges;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * DTLS handshake messages and their fragments (RFC 6347 §4.2.2, RFC 9147 §5.5): a message may be cut into fragments,
 * in one record or several, in any order, overlapping; it is read once every byte has arrived.
 *
 * <pre>
 * struct {
 *     HandshakeType msg_type;
 *     uint24 length;            (of the whole message)
 *     uint16 message_seq;
 *     uint24 fragment_offset;
 *     uint24 fragment_length;
 *     select (msg_type) { ... } body;    (fragment_length bytes of it)
 * } Handshake;
 * </pre>
 */
final class DtlsHandshakes {
    /** Reads a whole message's body; {@code map} turns positions in the cursor's buffer into input offsets. */
    @FunctionalInterface
    interface BodyReader {
        Handshake read(int type, Cursor body, OffsetMap map);
    }

    /** Messages arriving in fragments, by message_seq. */
    private final Map<Integer, Assembly> assemblies = new HashMap<>(0);

    private final DecodeLimits limits;

    DtlsHandshakes(DecodeLimits limits) {
        this.limits = limits;
    }

    /** The handshake fragments of one DTLS record, {@code in[at, at + length)}. */
    List<Message> read(byte[] in, int at, int length, BodyReader reader) {
        List<Message> out = new ArrayList<>(2);
        Cursor c = new Cursor(in, at, at + length);
        while (c.hasRemaining()) {
            int start = c.pos();
            int type = c.u8("Handshake.msg_type");
            int len = c.u24("Handshake.length");
            int seq = c.u16("Handshake.message_seq");
            int fragOffset = c.u24("Handshake.fragment_offset");
            int fragLength = c.u24("Handshake.fragment_length");
            if ((long) fragOffset + fragLength > len) {
                throw new DecodeException(
                        "Handshake.fragment_length",
                        start + 9,
                        "fragment " + fragOffset + "+" + fragLength + " overruns the message length " + len);
            }
            Cursor frag = c.slice(fragLength, "Handshake fragment");
            if (fragOffset == 0 && fragLength == len) {
                out.add(new Message.HandshakeMessage(
                        start, type, len, seq, reader.read(type, frag, OffsetMap.IDENTITY)));
                continue;
            }
            Assembly a = assemblies.get(seq);
            if (a == null) {
                if (assemblies.size() >= limits.maxPendingMessages()) {
                    throw limits.stop(
                            DecodeLimits.Limit.PENDING_MESSAGES, start, "DTLS handshake messages in fragments at once");
                }
                a = new Assembly(type, len, start);
                assemblies.put(seq, a);
            } else if (a.type != type || a.length != len) {
                throw new DecodeException(
                        "Handshake.length",
                        start + 1,
                        "fragment of message_seq " + seq + " says msg_type " + type + " and length " + len
                                + ", an earlier fragment said msg_type " + a.type + " and length " + a.length);
            }
            a.add(frag.pos(), fragOffset, fragLength);
            if (a.complete()) {
                assemblies.remove(seq);
                byte[] bytes = a.bytes(in);
                OffsetMap map = a.offsets();
                Handshake h;
                try {
                    h = reader.read(type, new Cursor(bytes, 0, len), map);
                } catch (DecodeException e) {
                    throw map.remap(e);
                }
                out.add(new Message.HandshakeMessage(a.firstOffset, type, len, seq, h));
            } else {
                out.add(new Message.HandshakeMessage(
                        start, type, len, seq, new Handshake.Fragment(fragOffset, fragLength)));
            }
        }
        return out;
    }

    /**
     * A DTLS message being put together from its fragments. It holds where each fragment's data stands in the input
     * and the ranges of the message covered so far, so its memory follows the fragments that arrived, not the length
     * their headers declare (a 0-byte fragment may declare 16 MiB); the message's bytes are copied out once every one
     * of them has arrived. Adding a fragment costs a logarithm of the ranges, plus the ranges it merges.
     */
    private static final class Assembly {
        final int type;
        final int length;
        final long firstOffset;
        /** The bytes of the message that have arrived. */
        private final CoveredRanges covered = new CoveredRanges();

        /** The fragments in arrival order: message offset, input position, length. */
        private int[] pieces = new int[3 * 2];

        private int pieceCount;

        Assembly(int type, int length, long firstOffset) {
            this.type = type;
            this.length = length;
            this.firstOffset = firstOffset;
        }

        void add(int from, int offset, int len) {
            if (3 * pieceCount + 3 > pieces.length) {
                pieces = java.util.Arrays.copyOf(pieces, pieces.length * 2);
            }
            pieces[3 * pieceCount] = offset;
            pieces[3 * pieceCount + 1] = from;
            pieces[3 * pieceCount + 2] = len;
            pieceCount++;
            if (len == 0) {
                return;
            }
            covered.add(offset, offset + len);
        }

        boolean complete() {
            return covered.coveredBytes() == length;
        }

        /** The whole message: the fragments copied in arrival order (a later overlapping one wins). */
        byte[] bytes(byte[] in) {
            byte[] b = new byte[length];
            for (int i = 0; i < pieceCount; i++) {
                System.arraycopy(in, pieces[3 * i + 1], b, pieces[3 * i], pieces[3 * i + 2]);
            }
            return b;
        }

        /** Fragment offsets in the message, and where the last fragment at each offset stood in the input. */
        OffsetMap offsets() {
            TreeMap<Integer, Long> byOffset = new TreeMap<>();
            for (int i = 0; i < pieceCount; i++) {
                byOffset.put(pieces[3 * i], (long) pieces[3 * i + 1]);
            }
            int[] starts = new int[byOffset.size()];
            long[] inputs = new long[byOffset.size()];
            int i = 0;
            for (Map.Entry<Integer, Long> e : byOffset.entrySet()) {
                starts[i] = e.getKey();
                inputs[i] = e.getValue();
                i++;
            }
            return OffsetMap.pieces(starts, inputs);
        }
    }
}
