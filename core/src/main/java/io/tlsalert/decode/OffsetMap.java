package io.tlsalert.decode;

/**
 * Where each byte of a message put together from several records (or DTLS fragments) stood in the input, so that
 * offsets in the result and in errors point at the input, record headers and all.
 */
final class OffsetMap {
    /** For a message read in place: positions are input offsets already. */
    static final OffsetMap IDENTITY = new OffsetMap(new int[0], new long[0]);

    private final int[] starts;
    private final long[] inputs;

    /**
     * @param starts ascending positions in the message copy where a piece starts (the first is 0)
     * @param inputs the input offset of each piece's first byte
     */
    OffsetMap(int[] starts, long[] inputs) {
        this.starts = starts;
        this.inputs = inputs;
    }

    long at(int pos) {
        if (starts.length == 0) {
            return pos;
        }
        int i = 0;
        while (i + 1 < starts.length && starts[i + 1] <= pos) {
            i++;
        }
        return inputs[i] + (pos - starts[i]);
    }

    DecodeException remap(DecodeException e) {
        if (this == IDENTITY) {
            return e;
        }
        DecodeProblem p = e.problem();
        return new DecodeException(p.field(), at((int) p.offset()), p.message());
    }
}
