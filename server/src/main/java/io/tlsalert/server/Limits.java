package io.tlsalert.server;

import io.tlsalert.decode.DecodeLimits;
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
 * @param decode           what one {@code POST /api/decode} may make the decoder read, decode and answer: passed into
 *                         the text readers, the decoder and the report, so the work stops at the limit instead of
 *                         being measured after it is done ({@link #SERVER_DECODE})
 */
public record Limits(
        int maxConnections,
        int maxPerClient,
        int workers,
        Duration workWait,
        Duration probeDeadline,
        int maxHeaderBytes,
        DecodeLimits decode) {
    /**
     * The server's decode budget, a fraction of the CLI's {@link DecodeLimits#DEFAULT}: 1 MiB of bytes (the body
     * limit: a hexdump's {@code *} lines expand to no more than a body may hold), 5,000 records and messages (a real
     * handshake has tens), 64 fragmented DTLS messages at once, 1 Mi characters of JSON (at most 3 MiB of UTF-8, under
     * the 8 MiB answer limit even in Chinese), 100 alerts explained in full (~2.5 KB each; the records still show
     * every alert). What a decode request holds while it runs (its records, and its JSON tree: building 1 Mi characters
     * of it allocated 19 MB for ClientHellos) is what a young collection copies while the server is loaded: with 20,000 records the adversarial
     * soak of bench/scripts/load.sh spent 16% of its time in collections (README "Serve").
     */
    public static final DecodeLimits SERVER_DECODE = new DecodeLimits(1 << 20, 5_000, 5_000, 64, 1L << 20, 100);

    public static Limits defaults() {
        return new Limits(
                512,
                128,
                // One core stays free for /healthz, the page and the JDK server's own threads (measured with
                // bench/scripts/load.sh: with a worker per core, /healthz p99 went past 50 ms under overload).
                Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(20),
                32 << 10,
                SERVER_DECODE);
    }

    public Limits withProbeDeadline(Duration d) {
        return new Limits(maxConnections, maxPerClient, workers, workWait, d, maxHeaderBytes, decode);
    }

    public Limits withMaxPerClient(int n) {
        return new Limits(maxConnections, n, workers, workWait, probeDeadline, maxHeaderBytes, decode);
    }

    public Limits withWorkers(int n, Duration wait) {
        return new Limits(maxConnections, maxPerClient, n, wait, probeDeadline, maxHeaderBytes, decode);
    }

    public Limits withDecode(DecodeLimits d) {
        return new Limits(maxConnections, maxPerClient, workers, workWait, probeDeadline, maxHeaderBytes, d);
    }
}
