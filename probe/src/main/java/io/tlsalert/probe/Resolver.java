package io.tlsalert.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Name resolution within the connect step's time. The JDK's lookup has no timeout of its own (the system resolver's,
 * often 5 s per server and attempt), so it runs on a daemon thread and the caller waits at most the time left; a
 * lookup that outlives it finishes in the background, its result cached by the JDK as usual.
 */
final class Resolver {
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tlsalert-probe-resolve");
        t.setDaemon(true);
        return t;
    });

    private Resolver() {}

    /** {@code host:port} with the host resolved within {@code within}; an IP literal needs no lookup. */
    static InetSocketAddress address(String host, int port, Duration within)
            throws UnknownHostException, SocketTimeoutException {
        if (Target.isIpLiteral(host)) {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        }
        Future<InetAddress> lookup = LOOKUPS.submit(() -> InetAddress.getByName(host));
        try {
            return new InetSocketAddress(lookup.get(Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS), port);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new SocketTimeoutException(
                    "the name " + host + " did not resolve within " + within.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw new UnknownHostException(host + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketTimeoutException("interrupted while resolving " + host);
        }
    }
}
