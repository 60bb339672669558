package io.tlsalert.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How many probes run at once, and how politely: at most {@link #limit()} diagnoses at a time across all callers of
 * one fleet, and, for a list of targets, one diagnosis at a time per server (host and port), so that follow-up
 * handshakes never pile onto one service.
 *
 * <p>Two ways in: {@link #tryRun} runs one probe now on the caller's thread or refuses at once when the limit is
 * reached (an HTTP API answers 429), and {@link #runAll} works through a list of targets with a pool of at most
 * {@code limit} threads (the CLI's fleet mode). Both take slots from the same limit. Thread-safe.
 */
public final class Fleet {
    /** Told as each target of {@link #runAll} finishes; calls are one at a time, in the order targets finish. */
    @FunctionalInterface
    public interface Progress<T> {
        void finished(Target target, T result, int done, int total);
    }

    /** The server a politeness turn is taken for: the SNI does not make another server. */
    private record Server(String host, int port) {
        static Server of(Target t) {
            return new Server(t.host(), t.port());
        }
    }

    private final int limit;
    private final Semaphore slots;
    private final Map<Server, Semaphore> turns = new ConcurrentHashMap<>();

    /** @param limit how many probes may run at once, at least 1 */
    public Fleet(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.slots = new Semaphore(limit);
    }

    public int limit() {
        return limit;
    }

    /**
     * Runs {@code probe} now, on this thread, if fewer than {@link #limit()} probes are running; else refuses without
     * waiting (empty). The slot is given back when {@code probe} returns or throws; {@code probe} must not return
     * null.
     */
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

    /**
     * Probes every target: at most {@link #limit()} at once, one at a time per server. Returns the results in the
     * targets' order; {@code progress} hears of each as it finishes. A probe that throws makes this throw (the probes
     * already started run to their end).
     */
    public <T> List<T> runAll(List<Target> targets, Function<Target, T> probe, Progress<? super T> progress)
            throws InterruptedException {
        if (targets.isEmpty()) {
            return List.of();
        }
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(limit, targets.size()));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Target t : targets) {
                futures.add(pool.submit(() -> {
                    T result = politely(t, probe);
                    synchronized (done) {
                        progress.finished(t, result, done.incrementAndGet(), targets.size());
                    }
                    return result;
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(get(f));
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /** One probe in a slot of the limit and in its server's turn. */
    private <T> T politely(Target t, Function<Target, T> probe) throws InterruptedException {
        Semaphore turn = turns.computeIfAbsent(Server.of(t), s -> new Semaphore(1));
        turn.acquire();
        try {
            slots.acquire();
            try {
                return probe.apply(t);
            } finally {
                slots.release();
            }
        } finally {
            turn.release();
        }
    }

    private static <T> T get(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
