package io.tlsalert.decode;

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
                a = new Assembly(type, len, start);
                assemblies.put(seq, a);
            } else if (a.type != type || a.bytes.length != len) {
                throw new DecodeException(
                        "Handshake.length",
                        start + 1,
                        "fragment of message_seq " + seq + " says msg_type " + type + " and length " + len
                                + ", an earlier fragment said msg_type " + a.type + " and length " + a.bytes.length);
            }
            a.add(in, frag.pos(), fragOffset, fragLength);
            if (a.complete()) {
                assemblies.remove(seq);
                OffsetMap map = a.offsets();
                Handshake h;
                try {
                    h = reader.read(type, new Cursor(a.bytes, 0, len), map);
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

    /** A DTLS message being put together from its fragments. */
    private static final class Assembly {
        final int type;
        final byte[] bytes;
        final boolean[] have;
        final long firstOffset;
        int covered;
        /** Fragment offsets in the message, and where each fragment's data stood in the input. */
        final TreeMap<Integer, Long> pieces = new TreeMap<>();

        Assembly(int type, int length, long firstOffset) {
            this.type = type;
            this.bytes = new byte[length];
            this.have = new boolean[length];
            this.firstOffset = firstOffset;
        }

        void add(byte[] src, int from, int offset, int length) {
            System.arraycopy(src, from, bytes, offset, length);
            pieces.put(offset, (long) from);
            for (int i = offset; i < offset + length; i++) {
                if (!have[i]) {
                    have[i] = true;
                    covered++;
                }
            }
        }

        boolean complete() {
            return covered == bytes.length;
        }

        OffsetMap offsets() {
            int[] starts = new int[pieces.size()];
            long[] inputs = new long[pieces.size()];
            int i = 0;
            for (Map.Entry<Integer, Long> e : pieces.entrySet()) {
                starts[i] = e.getKey();
                inputs[i] = e.getValue();
                i++;
            }
            return OffsetMap.pieces(starts, inputs);
        }
    }
}
