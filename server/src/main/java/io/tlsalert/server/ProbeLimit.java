package io.tlsalert.server;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many probes may run at once: each holds a thread for up to a few seconds of handshakes, so beyond the limit a
 * request is answered 429 at once rather than queued. One interface, so the probe module's scheduler can take the
 * place of {@link #atMost} in {@link AlertServer} with one line.
 */
interface ProbeLimit {
    /** Runs the probe if a slot is free now; empty when every slot is taken. */
    <T> Optional<T> tryRun(Supplier<T> probe);

    /** At most {@code n} probes at once, in this server. */
    static ProbeLimit atMost(int n) {
        Semaphore slots = new Semaphore(n);
        return new ProbeLimit() {
            @Override
            public <T> Optional<T> tryRun(Supplier<T> probe) {
                if (!slots.tryAcquire()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(probe.get());
                } finally {
                    slots.release();
                }
            }
        };
    }
}
