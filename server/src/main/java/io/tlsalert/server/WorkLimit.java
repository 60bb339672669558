package io.tlsalert.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The CPU budget of explain and decode: at most {@code workers} at once; a request waits for a worker up to a short
 * time, then is answered 503 with {@code Retry-After}, so overload sheds requests instead of queueing them without
 * bound (and the threads that answer {@code /healthz} and the page never wait behind them).
 */
final class WorkLimit {
    private final Semaphore workers;
    private final Duration wait;

    WorkLimit(int workers, Duration wait) {
        this.workers = new Semaphore(workers, true);
        this.wait = wait;
    }

    /** The handler, run only when a worker is free within the wait. */
    Route.Handler limit(Route.Handler h) {
        return r -> {
            boolean got;
            try {
                got = workers.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (!got) {
                // Read the body (at most the body limit) so the client, still sending, gets the 503, not a reset.
                r.discardBody();
                return Reply.error(503, "the server is busy; try again shortly").withHeader("Retry-After", "1");
            }
            try {
                return h.handle(r);
            } finally {
                workers.release();
            }
        };
    }
}
