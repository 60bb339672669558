package io.tlsalert.server;

import java.time.Duration;

/**
 * What one server lets its clients use. The JDK server reads a request's headers and body on a pool thread, so a
 * slow client holds a thread until {@code readTimeoutSeconds} (the JDK's {@code maxReqTime}) cuts it off: the pool is
 * as large as the connection limit, so slow clients can hold their own connections but never the thread that answers
 * {@code /healthz}; the work that costs CPU (explain, decode) has its own, smaller budget.
 *
 * @param maxConnections   open connections at once (the JDK's {@code jdk.httpserver.maxConnections}; beyond it a new
 *                         connection is closed at once) and the most request threads
 * @param maxPerClient     requests one client address may have in the server at once (after its headers); beyond
 *                         it 503
 * @param workers          explain and decode requests computed at once; the others wait up to {@code workWait}, then
 *                         503
 * @param workWait         how long a request waits for a worker
 * @param probeDeadline    a probe still running then is answered 504 and cancelled
 * @param maxHeaderBytes   the request line and headers together (the JDK's {@code maxReqHeaderSize})
 */
public record Limits(
        int maxConnections,
        int maxPerClient,
        int workers,
        Duration workWait,
        Duration probeDeadline,
        int maxHeaderBytes) {
    public static Limits defaults() {
        return new Limits(
                512,
                128,
                // One core stays free for /healthz, the page and the JDK server's own threads (measured with
                // bench/scripts/load.sh: with a worker per core, /healthz p99 went past 50 ms under overload).
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(20),
                32 << 10);
    }

    public Limits withProbeDeadline(Duration d) {
        return new Limits(maxConnections, maxPerClient, workers, workWait, d, maxHeaderBytes);
    }

    public Limits withMaxPerClient(int n) {
        return new Limits(maxConnections, n, workers, workWait, probeDeadline, maxHeaderBytes);
    }

    public Limits withWorkers(int n, Duration wait) {
        return new Limits(maxConnections, maxPerClient, n, wait, probeDeadline, maxHeaderBytes);
    }
}
