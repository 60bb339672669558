package io.tlsalert.cli;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The "probing 192.0.2.7:443: 3.2 s (ends within 132 s)" line on stderr while one diagnosis runs, through {@link
 * ProgressLine}: only when stderr is a terminal, from the first second on (most diagnoses end before), five times a
 * second; erased when the diagnosis ends, so the report starts on a clean line.
 */
final class ProbeProgress implements AutoCloseable {
    private final ProgressLine line;
    private final ScheduledExecutorService ticker;

    private ProbeProgress(ProgressLine line, ScheduledExecutorService ticker) {
        this.line = line;
        this.ticker = ticker;
    }

    /** Starts the line for {@code target} (as printed), or a silent one when stderr is not a terminal. */
    static ProbeProgress start(PrintWriter err, Lang lang, String target, Duration bound) {
        if (!SummaryProgress.stderrIsTerminal()) {
            return new ProbeProgress(null, null);
        }
        ProgressLine line = new ProgressLine(err);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tlsalert-probe-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        String boundSeconds = String.valueOf(Math.round(bound.toMillis() / 1000.0));
        ticker.scheduleAtFixedRate(
                () -> line.show(TlsAlerts.registry()
                        .texts()
                        .format(
                                lang,
                                "probe.progress.one",
                                target,
                                String.format("%.1f", (System.nanoTime() - start) / 1e9),
                                boundSeconds)),
                SummaryProgress.DELAY_NANOS,
                SummaryProgress.EVERY_NANOS,
                TimeUnit.NANOSECONDS);
        return new ProbeProgress(line, ticker);
    }

    /** The fleet's line: how many targets are done. */
    static void fleet(ProgressLine line, Lang lang, int done, int total) {
        line.show(TlsAlerts.registry().texts().format(lang, "probe.progress.fleet", done, total));
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            line.done();
        }
    }
}
