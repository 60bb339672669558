package io.tlsalert.decode;

import io.tlsalert.wire.HandshakeJoiner;

/**
 * Where each byte of a message put together from several records (or DTLS fragments) stood in the input, so that
 * offsets in the result and in errors point at the input, record headers and all. Positions given to {@link #at} are
 * indices in the array the message is read from.
 */
abstract class OffsetMap {
    /** For a message read in place: positions are input offsets already. */
    static final OffsetMap IDENTITY = new OffsetMap() {
        @Override
        long at(int pos) {
            return pos;
        }
    };

    abstract long at(int pos);

    /**
     * Pieces of a message copy.
     *
     * @param starts ascending positions in the message copy where a piece starts (the first is 0)
     * @param inputs the input offset of each piece's first byte
     */
    static OffsetMap pieces(int[] starts, long[] inputs) {
        return new OffsetMap() {
            @Override
            long at(int pos) {
                // The last piece starting at or before pos: logarithmic, so a message of many pieces stays linear.
                int i = java.util.Arrays.binarySearch(starts, pos);
                if (i < 0) {
                    i = Math.max(0, -i - 2);
                }
                return inputs[i] + (pos - starts[i]);
            }
        };
    }

    /** A message the {@link HandshakeJoiner} joined: its body starts at index {@code bodyOffset} of the joiner's buffer. */
    static OffsetMap joined(HandshakeJoiner.Spans spans, long position, int bodyOffset) {
        return new OffsetMap() {
            @Override
            long at(int pos) {
                return spans.at(position, pos - bodyOffset);
            }
        };
    }

    DecodeException remap(DecodeException e) {
        if (this == IDENTITY) {
            return e;
        }
        DecodeProblem p = e.problem();
        return new DecodeException(p.field(), at((int) p.offset()), p.message());
    }
}
