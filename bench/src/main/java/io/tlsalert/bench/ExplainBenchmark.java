package io.tlsalert.bench;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Explanation;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Explain speed. Throughput in MB/s = input bytes (printed at setup) × ops/s. Run:
 * {@code java -jar bench/target/benchmarks.jar ExplainBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ExplainBenchmark {
    static final String ONE_LINE = "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure";

    byte[] oneLine;
    byte[] trace200;
    byte[] log64m;
    byte[] packedLine;
    byte[] derivedPackedLine;
    Explainer explainer;

    /**
     * The adversarial input of issue 10: one 1 MiB line packed with every pattern's anchor, so that every pattern is
     * tried on every window of it.
     */
    static byte[] packedLine(Explainer explainer) {
        StringBuilder cycle = new StringBuilder();
        for (io.tlsalert.explain.Pattern p : explainer.patterns()) {
            cycle.append(p.anchor());
        }
        StringBuilder b = new StringBuilder(1 << 20);
        while (b.length() < 1 << 20) {
            b.append(cycle);
        }
        b.setLength(1 << 20);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same for the derived tables: one 1 MiB line packed with the text before the first wildcard of every derived
     * row that has one ("SEND ", "WRITE: ", "curl: (" ...), so that at each place every row sharing that beginning is
     * tried.
     */
    static byte[] derivedPackedLine(Explainer explainer) {
        java.util.Set<String> heads = new java.util.LinkedHashSet<>();
        for (io.tlsalert.explain.DerivedTexts.Row r : explainer.derived().rows()) {
            int star = r.text().indexOf('*');
            if (star > 0) {
                heads.add(r.text().substring(0, star));
            }
        }
        String cycle = String.join("", heads);
        StringBuilder b = new StringBuilder(1 << 20);
        while (b.length() < 1 << 20) {
            b.append(cycle);
        }
        b.setLength(1 << 20);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A 200-line JDK stack trace with the alert near the top and a Caused by near the bottom, as pasted from a log. */
    static String trace200() {
        StringBuilder b = new StringBuilder();
        b.append("2026-11-22 10:15:30.123 ERROR [http-nio-8080-exec-7] c.e.payments.GatewayClient - call failed\n");
        b.append(
                        "org.springframework.web.client.ResourceAccessException: I/O error on POST request for \"https://gateway.example.com/v2/charge\": ")
                .append(ONE_LINE.substring(ONE_LINE.indexOf(' ') + 1))
                .append('\n');
        int i = 0;
        while (b.toString().split("\n", -1).length < 180) {
            b.append("\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:")
                    .append(700 + i++)
                    .append(")\n");
        }
        b.append("Caused by: ").append(ONE_LINE).append('\n');
        while (b.toString().split("\n", -1).length < 201) {
            b.append("\tat java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:")
                    .append(300 + i++)
                    .append(")\n");
        }
        return b.toString();
    }

    @Setup
    public void setup() {
        explainer = TlsAlerts.explainer();
        oneLine = ONE_LINE.getBytes(StandardCharsets.UTF_8);
        trace200 = trace200().getBytes(StandardCharsets.UTF_8);
        byte[] block = trace200;
        log64m = new byte[64 << 20];
        for (int off = 0; off < log64m.length; off += block.length) {
            System.arraycopy(block, 0, log64m, off, Math.min(block.length, log64m.length - off));
        }
        packedLine = packedLine(explainer);
        derivedPackedLine = derivedPackedLine(explainer);
        System.out.printf(
                "%n# input sizes: oneLine=%d B, trace200=%d B (%d lines), log64m=%d B, packedLine=%d B%n",
                oneLine.length, trace200.length, trace200().split("\n").length, log64m.length, packedLine.length);
    }

    @Benchmark
    public Explanation oneLine() {
        return explainer.explain(oneLine);
    }

    @Benchmark
    public Explanation stackTrace200Lines() {
        return explainer.explain(trace200);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    public Explanation log64MiB() {
        return explainer.explain(log64m);
    }

    /** A 1 MiB line packed with anchors (issue 10): MB/s = 1.05 / the time in seconds. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    public Explanation packedLine1MiB() {
        return explainer.explain(packedLine);
    }

    /** A 1 MiB line packed with the derived rows' beginnings: MB/s = 1.05 / the time in seconds. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 3, time = 3)
    public Explanation derivedPackedLine1MiB() {
        return explainer.explain(derivedPackedLine);
    }
}
