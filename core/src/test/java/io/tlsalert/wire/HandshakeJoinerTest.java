package io.tlsalert.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeJoinerTest {
    /** What the sink saw of one message: its bytes, position, whether in place, and each body byte's position. */
    record Seen(int type, byte[] body, long position, boolean inPlace, long[] bodyPositions) {}

    static final class Recorder implements HandshakeJoiner.Sink {
        final List<Seen> seen = new ArrayList<>();
        final List<long[]> over = new ArrayList<>();

        @Override
        public void message(int msgType, byte[] buf, int off, int len, long position, HandshakeJoiner.Spans spans) {
            long[] at = new long[len];
            for (int i = 0; i < len; i++) {
                at[i] = spans.at(position, i);
            }
            seen.add(new Seen(msgType, Arrays.copyOfRange(buf, off, off + len), position, spans.inPlace(), at));
        }

        @Override
        public void overBound(int msgType, int length, long position) {
            over.add(new long[] {msgType, length, position});
        }
    }

    static byte[] message(int type, int length, int fill) {
        byte[] m = new byte[4 + length];
        m[0] = (byte) type;
        m[1] = (byte) (length >> 16);
        m[2] = (byte) (length >> 8);
        m[3] = (byte) length;
        for (int i = 0; i < length; i++) {
            m[4 + i] = (byte) (fill + i);
        }
        return m;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * Feeds {@code stream} cut at {@code cuts}, each piece placed in the caller's coordinates after a 5-byte gap (as
     * record headers would be), and returns the caller position of each stream byte.
     */
    static long[] feed(HandshakeJoiner j, byte[] stream, int[] cuts, HandshakeJoiner.Sink sink) {
        long[] where = new long[stream.length];
        int from = 0;
        long position = 0;
        for (int k = 0; k <= cuts.length; k++) {
            int to = k < cuts.length ? cuts[k] : stream.length;
            position += 5;
            // the piece sits at an offset inside a larger array, as a record's fragment does
            byte[] record = new byte[3 + (to - from) + 2];
            System.arraycopy(stream, from, record, 3, to - from);
            for (int i = from; i < to; i++) {
                where[i] = position + (i - from);
            }
            j.feed(record, 3, to - from, position, sink);
            position += to - from;
            from = to;
        }
        return where;
    }

    @Test
    void oneMessagePerFragmentIsHandedOverInPlaceWithoutCopying() {
        byte[] record = concat(new byte[] {9, 9}, message(2, 3, 0x10), new byte[] {9});
        HandshakeJoiner j = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
        List<byte[]> arrays = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        j.feed(record, 2, 7, 100, (type, buf, off, len, position, spans) -> {
            arrays.add(buf);
            offsets.add(off);
            assertThat(type).isEqualTo(2);
            assertThat(len).isEqualTo(3);
            assertThat(position).isEqualTo(100);
            assertThat(spans).isSameAs(HandshakeJoiner.Spans.IN_PLACE);
            assertThat(spans.at(position, 2)).isEqualTo(106);
        });
        assertThat(arrays).hasSize(1);
        assertThat(arrays.get(0)).isSameAs(record);
        assertThat(offsets).containsExactly(6);
        assertThat(j.pending()).isZero();
    }

    @Test
    void manyMessagesInOneFragmentComeOutInOrderInPlace() {
        byte[] stream = concat(message(1, 0, 0), message(11, 5, 1), message(20, 12, 7), message(24, 1, 0));
        HandshakeJoiner j = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
        Recorder r = new Recorder();
        j.feed(stream, 0, stream.length, 1000, r);
        assertThat(r.seen).extracting(Seen::type).containsExactly(1, 11, 20, 24);
        assertThat(r.seen).extracting(Seen::position).containsExactly(1000L, 1004L, 1013L, 1029L);
        assertThat(r.seen).allMatch(Seen::inPlace);
        assertThat(j.pending()).isZero();
    }

    @Test
    void everySplitPointAndEveryPairOfSplitPointsGivesTheSameMessagesAndPositions() {
        byte[] stream = concat(message(1, 7, 3), message(2, 0, 0), message(11, 9, 40), message(14, 2, 1));
        for (int a = 0; a <= stream.length; a++) {
            for (int b = a; b <= stream.length; b++) {
                HandshakeJoiner j = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
                Recorder r = new Recorder();
                long[] where = feed(j, stream, new int[] {a, b}, r);
                assertThat(j.pending()).as("cut at %d and %d", a, b).isZero();
                assertThat(r.seen).extracting(Seen::type).containsExactly(1, 2, 11, 14);
                int p = 0;
                for (Seen s : r.seen) {
                    assertThat(s.position()).as("cut at %d and %d", a, b).isEqualTo(where[p]);
                    assertThat(s.body()).isEqualTo(Arrays.copyOfRange(stream, p + 4, p + 4 + s.body().length));
                    for (int i = 0; i < s.body().length; i++) {
                        assertThat(s.bodyPositions()[i])
                                .as("cut at %d and %d, body byte %d", a, b, i)
                                .isEqualTo(where[p + 4 + i]);
                    }
                    p += 4 + s.body().length;
                }
            }
        }
    }

    @Test
    void oneByteFragmentsJoinEveryMessageAndStayLinear() {
        byte[] stream = concat(message(11, 20_000, 0), message(20, 32, 5));
        int[] cuts = new int[stream.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        HandshakeJoiner j = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
        Recorder r = new Recorder();
        long[] where = feed(j, stream, cuts, r);
        assertThat(r.seen).extracting(Seen::type).containsExactly(11, 20);
        assertThat(r.seen).noneMatch(Seen::inPlace);
        assertThat(r.seen.get(0).position()).isEqualTo(where[0]);
        assertThat(r.seen.get(0).bodyPositions()[19_999]).isEqualTo(where[20_003]);
        assertThat(r.seen.get(1).position()).isEqualTo(where[20_004]);
    }

    @Test
    void pendingSaysHowManyBytesWaitAndWhereTheyStarted() {
        byte[] m = message(2, 10, 0);
        HandshakeJoiner j = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
        Recorder r = new Recorder();
        assertThatThrownBy(j::pendingPosition).isInstanceOf(IllegalStateException.class);
        j.feed(m, 0, 2, 50, r);
        assertThat(j.pending()).isEqualTo(2);
        assertThat(j.pendingPosition()).isEqualTo(50);
        j.feed(m, 2, 5, 60, r);
        assertThat(j.pending()).isEqualTo(7);
        assertThat(j.pendingPosition()).isEqualTo(50);
        assertThat(r.seen).isEmpty();
        j.feed(m, 7, 7, 70, r);
        assertThat(j.pending()).isZero();
        assertThat(r.seen).hasSize(1);
        assertThat(r.seen.get(0).position()).isEqualTo(50);
        assertThat(r.seen.get(0).bodyPositions()).containsExactly(62, 63, 64, 70, 71, 72, 73, 74, 75, 76);
    }

    @Test
    void aMessageOverTheBoundIsReportedAndSkippedNotBuffered() {
        byte[] big = message(11, 100, 0);
        byte[] after = message(20, 3, 9);
        byte[] stream = concat(message(2, 2, 0), big, after);
        for (int a = 0; a <= stream.length; a++) {
            HandshakeJoiner j = new HandshakeJoiner(64);
            Recorder r = new Recorder();
            long[] where = feed(j, stream, new int[] {a}, r);
            assertThat(r.over).as("cut at %d", a).hasSize(1);
            assertThat(r.over.get(0)).containsExactly(11, 100, where[6]);
            assertThat(r.seen).extracting(Seen::type).as("cut at %d", a).containsExactly(2, 20);
            assertThat(r.seen.get(1).body()).containsExactly(9, 10, 11);
            assertThat(j.pending()).isZero();
            assertThat(j.skipping()).isFalse();
        }
    }

    @Test
    void whileSkippingNothingIsBuffered() {
        HandshakeJoiner j = new HandshakeJoiner(1 << 10);
        Recorder r = new Recorder();
        byte[] header = {11, 0x10, 0, 0}; // a 1 MiB Certificate
        j.feed(header, 0, 4, 0, r);
        assertThat(r.over).hasSize(1);
        assertThat(j.pending()).isZero();
        assertThat(j.skipping()).isTrue();
        j.feed(new byte[1 << 14], 0, 1 << 14, 4, r);
        assertThat(j.pending()).isZero();
        assertThat(j.skipping()).isTrue();
    }

    @Test
    void resetDropsWhatIsPendingAndResetFromTheSinkDropsTheRestOfTheFragment() {
        HandshakeJoiner j = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
        Recorder r = new Recorder();
        byte[] m = message(2, 10, 0);
        j.feed(m, 0, 6, 0, r);
        j.reset();
        assertThat(j.pending()).isZero();
        byte[] stream = concat(message(2, 1, 0), message(8, 1, 0), message(11, 3, 0));
        List<Integer> types = new ArrayList<>();
        j.feed(stream, 0, stream.length - 2, 0, (type, buf, off, len, position, spans) -> {
            types.add(type);
            j.reset(); // e.g. the records after a TLS 1.3 ServerHello are encrypted
        });
        assertThat(types).containsExactly(2);
        assertThat(j.pending()).isZero();
    }

    @Test
    void anEmptyFragmentChangesNothing() {
        HandshakeJoiner j = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
        Recorder r = new Recorder();
        j.feed(new byte[0], 0, 0, 0, r);
        byte[] m = message(2, 4, 0);
        j.feed(m, 0, 3, 0, r);
        j.feed(m, 3, 0, 3, r);
        j.feed(m, 3, 5, 3, r);
        assertThat(r.seen).hasSize(1);
        assertThat(r.seen.get(0).bodyPositions()).containsExactly(4, 5, 6, 7);
    }
}
