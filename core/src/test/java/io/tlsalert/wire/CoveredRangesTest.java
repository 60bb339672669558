package io.tlsalert.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interval set agrees with a bit per byte, for pieces in any order, overlapping, touching or repeated. */
class CoveredRangesTest {
    @Test
    void agreesWithABitPerByteForRandomPieces() {
        Random random = new Random(10);
        for (int round = 0; round < 2_000; round++) {
            int length = 1 + random.nextInt(300);
            CoveredRanges c = new CoveredRanges();
            BitSet bits = new BitSet();
            for (int piece = 0; piece < 1 + random.nextInt(60); piece++) {
                int s = random.nextInt(length);
                int e = s + random.nextInt(Math.min(40, length - s) + 1);
                c.add(s, e);
                bits.set(s, e);
                assertThat(c.coveredBytes()).isEqualTo(bits.cardinality());
                assertThat(c.end()).isEqualTo(bits.length());
                assertThat(c.rangeCount()).isEqualTo(runs(bits));
                assertThat(c.coversExactly(length))
                        .isEqualTo(bits.nextClearBit(0) == length && bits.length() == length);
            }
        }
    }

    private static int runs(BitSet bits) {
        int n = 0;
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(bits.nextClearBit(i))) {
            n++;
        }
        return n;
    }

    @Test
    void touchingRangesMergeAndDuplicatesChangeNothing() {
        CoveredRanges c = new CoveredRanges();
        assertThat(c.coversExactly(0)).isTrue();
        assertThat(c.end()).isZero();
        c.add(8, 16);
        c.add(0, 8);
        assertThat(c.rangeCount()).isEqualTo(1);
        c.add(24, 32);
        c.add(4, 12);
        c.add(5, 5);
        assertThat(c.rangeCount()).isEqualTo(2);
        assertThat(c.coveredBytes()).isEqualTo(24);
        assertThat(c.coversExactly(32)).isFalse();
        c.add(16, 24);
        assertThat(c.coversExactly(32)).isTrue();
        assertThat(c.coversExactly(33)).isFalse();
    }

    @Test
    void aBadRangeIsRefused() {
        CoveredRanges c = new CoveredRanges();
        assertThatThrownBy(() -> c.add(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.add(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The benchmark's adversarial order at 100,000 pieces: 50,000 separate ranges, then each gap closes two. */
    @Test
    void everyOtherPieceThenTheGapsBetween() {
        int n = 100_000;
        CoveredRanges c = new CoveredRanges();
        for (int i = n - 1; i >= 1; i -= 2) {
            c.add(8 * i, 8 * i + 8);
        }
        assertThat(c.rangeCount()).isEqualTo(n / 2);
        assertThat(c.end()).isEqualTo(8 * n);
        for (int i = 0; i < n; i += 2) {
            c.add(8 * i, 8 * i + 8);
            assertThat(c.rangeCount()).isEqualTo(n / 2 - i / 2);
        }
        assertThat(c.coversExactly(8 * n)).isTrue();
    }
}
