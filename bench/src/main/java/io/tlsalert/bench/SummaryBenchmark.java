package io.tlsalert.bench;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.LogFormats;
import io.tlsalert.explain.Summarizer;
import io.tlsalert.explain.Summary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 * {@code explain --summary} speed on 64 MiB logs made by {@link LogGen}: "mixed" (nginx, HAProxy, Postfix, Dovecot, Go,
 * Envoy and JVM lines, about one line in five a TLS failure) and "tls" (every entry a failure, the worst case), with
 * plain explain of the same bytes beside them (what the summary adds is peers, times and groups). MB/s = 64 MiB × ops/s
 * (the sizes are printed at setup). Run: {@code java -jar bench/target/benchmarks.jar SummaryBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SummaryBenchmark {
    byte[] mixed;
    byte[] tls;
    Explainer explainer;
    LogFormats formats;

    @Setup
    public void setup() {
        explainer = TlsAlerts.explainer();
        formats = LogFormats.load();
        mixed = LogGen.generate(64L << 20, false);
        tls = LogGen.generate(64L << 20, true);
        System.out.println("mixed: " + mixed.length + " bytes, tls: " + tls.length + " bytes");
    }

    private Summary summarize(byte[] log) throws IOException {
        return new Summarizer(explainer, formats).summarize(new ByteArrayInputStream(log), b -> {});
    }

    @Benchmark
    public Summary summaryMixed64MiB() throws IOException {
        return summarize(mixed);
    }

    @Benchmark
    public Summary summaryTls64MiB() throws IOException {
        return summarize(tls);
    }

    @Benchmark
    public Explanation explainMixed64MiB() {
        return explainer.explain(mixed);
    }

    @Benchmark
    public Explanation explainTls64MiB() {
        return explainer.explain(tls);
    }
}
