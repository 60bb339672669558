package io.tlsalert.server;

import io.tlsalert.probe.Fleet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How many probes may run at once and for how long: each holds a thread for up to a few seconds of handshakes, so
 * beyond the limit a request is answered 429 at once rather than queued, and a probe still running at the deadline is
 * answered 504 and cancelled (interrupted; its slot stays taken until it has really ended, so runaway probes cannot
 * pile up threads). The slots are the probe module's {@link Fleet} (the scheduler of {@code probe --targets}), so
 * the rule "at most n at once" is written once.
 */
interface ProbeLimit extends AutoCloseable {
    /** How a probe went. */
    sealed interface Outcome<T> {
        record Done<T>(T value) implements Outcome<T> {}

        /** Every slot was taken. */
        record Busy<T>() implements Outcome<T> {}

        /** Still running at the deadline: cancelled. */
        record PastDeadline<T>(Duration deadline) implements Outcome<T> {}
    }

    /** Runs the probe if a slot is free now, waiting for it up to the deadline. */
    <T> Outcome<T> tryRun(Supplier<T> probe);

    @Override
    void close();

    /** At most {@code n} probes at once, in this server, each answered within {@code deadline}. */
    static ProbeLimit atMost(int n, Duration deadline) {
        Fleet fleet = new Fleet(n);
        ExecutorService probes = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
        return new ProbeLimit() {
            @Override
            public <T> Outcome<T> tryRun(Supplier<T> probe) {
                // The probe takes its slot on the worker thread and keeps it until it has really ended, past the
                // deadline too; a full fleet answers at once with no value.
                Future<Optional<T>> f = probes.submit(() -> fleet.tryRun(probe));
                try {
                    Optional<T> value = f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                    return value.isPresent() ? new Outcome.Done<>(value.get()) : new Outcome.Busy<>();
                } catch (TimeoutException e) {
                    f.cancel(true);
                    return new Outcome.PastDeadline<>(deadline);
                } catch (InterruptedException e) {
                    f.cancel(true);
                    Thread.currentThread().interrupt();
                    return new Outcome.PastDeadline<>(deadline);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }

            @Override
            public void close() {
                probes.shutdownNow();
            }
        };
    }
}
