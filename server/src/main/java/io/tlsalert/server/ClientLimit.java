package io.tlsalert.server;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests one client address may have in the server at once: one client cannot take every thread. (The
 * JDK server reads the headers before the handler sees a request, so a client still sending its headers is held by
 * the read deadline and the connection limit instead.)
 */
final class ClientLimit {
    private final int max;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    ClientLimit(int max) {
        this.max = max;
    }

    /** A place for one request of this client, to {@link Slot#close()} when answered; empty when it has no room. */
    Optional<Slot> enter(InetAddress client) {
        AtomicInteger n = inFlight.computeIfAbsent(client, k -> new AtomicInteger());
        if (n.incrementAndGet() > max) {
            leave(client, n);
            return Optional.empty();
        }
        return Optional.of(() -> leave(client, n));
    }

    private void leave(InetAddress client, AtomicInteger n) {
        if (n.decrementAndGet() == 0) {
            inFlight.remove(client, n);
        }
    }

    /** One request's place. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }
}
