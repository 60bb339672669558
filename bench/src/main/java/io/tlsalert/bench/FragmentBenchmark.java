package io.tlsalert.bench;

import io.tlsalert.wire.CoveredRanges;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one fragment in reassembly (IP datagrams in capture's Fragments, DTLS messages in decode's DtlsHandshakes):
 * adding its range to {@link CoveredRanges}, in nanoseconds per fragment (each op adds all fragments of one message;
 * {@code @OperationsPerInvocation} divides by their number). The order is the adversarial one: every other 8-byte
 * fragment first, last to first (each lands before all the others and merges nothing, so the ranges pile up), then the
 * ones between them, first to last (each merges two ranges). A linear structure costs about the same per fragment at
 * 10, 1,000 and 100,000 fragments. {@code copying*} is the structure it replaced (a sorted array of ranges copied
 * whole on each fragment, Fragments.addRange before issue 10's mend), kept here as the baseline; its cost per fragment
 * grows with the fragments held, so it stops at 10,000. Run:
 * {@code java -jar bench/target/benchmarks.jar FragmentBenchmark}
 *
 * <p>An IP datagram has at most 8,192 fragments (65,535 bytes in 8-byte offset units); a DTLS message, up to 2^24
 * bytes, may have millions, and overlapping repeats are unbounded in number: hence 100,000.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FragmentBenchmark {
    static final int PIECE = 8;

    final int[] order10 = adversarialOrder(10);
    final int[] order1k = adversarialOrder(1_000);
    final int[] order10k = adversarialOrder(10_000);
    final int[] order100k = adversarialOrder(100_000);
    final int[] inOrder100k = java.util.stream.IntStream.range(0, 100_000).toArray();

    /** Fragment indexes: the odd ones from the last down, then the even ones from the first up. */
    static int[] adversarialOrder(int n) {
        int[] o = new int[n];
        int w = 0;
        for (int i = (n - 1) % 2 == 1 ? n - 1 : n - 2; i >= 1; i -= 2) {
            o[w++] = i;
        }
        for (int i = 0; i < n; i += 2) {
            o[w++] = i;
        }
        if (w != n) {
            throw new IllegalStateException(w + " of " + n);
        }
        return o;
    }

    static CoveredRanges ranges(int[] order) {
        CoveredRanges c = new CoveredRanges();
        for (int i : order) {
            c.add(i * PIECE, i * PIECE + PIECE);
        }
        if (!c.coversExactly(order.length * PIECE)) {
            throw new IllegalStateException("not reassembled");
        }
        return c;
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public CoveredRanges ranges10() {
        return ranges(order10);
    }

    @Benchmark
    @OperationsPerInvocation(1_000)
    public CoveredRanges ranges1000() {
        return ranges(order1k);
    }

    @Benchmark
    @OperationsPerInvocation(100_000)
    public CoveredRanges ranges100000() {
        return ranges(order100k);
    }

    /** The usual case for comparison: 100,000 fragments in order. */
    @Benchmark
    @OperationsPerInvocation(100_000)
    public CoveredRanges inOrder100000() {
        return ranges(inOrder100k);
    }

    @Benchmark
    @OperationsPerInvocation(10)
    public int copying10() {
        return copying(order10);
    }

    @Benchmark
    @OperationsPerInvocation(1_000)
    public int copying1000() {
        return copying(order1k);
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public int copying10000() {
        return copying(order10k);
    }

    /** The replaced Fragments.addRange, as it was: a new array of every range for each fragment. */
    static int copying(int[] order) {
        int[] r = new int[8];
        int n = 0;
        for (int i : order) {
            int start = i * PIECE;
            int end = start + PIECE;
            int w = 0;
            int[] merged = new int[2 * n + 2];
            boolean placed = false;
            for (int k = 0; k < n; k++) {
                int s = r[2 * k], e = r[2 * k + 1];
                if (e < start) {
                    merged[w++] = s;
                    merged[w++] = e;
                } else if (s > end) {
                    if (!placed) {
                        merged[w++] = start;
                        merged[w++] = end;
                        placed = true;
                    }
                    merged[w++] = s;
                    merged[w++] = e;
                } else {
                    start = Math.min(start, s);
                    end = Math.max(end, e);
                }
            }
            if (!placed) {
                merged[w++] = start;
                merged[w++] = end;
            }
            r = merged;
            n = w / 2;
        }
        if (n != 1 || r[1] != order.length * PIECE) {
            throw new IllegalStateException("not reassembled");
        }
        return n;
    }
}
