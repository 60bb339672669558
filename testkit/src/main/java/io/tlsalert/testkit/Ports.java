package io.tlsalert.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.Random;

/** Ports on 127.0.0.1: a free one, and whether (or once) something listens on one. */
public final class Ports {
    /** 127.0.0.1: every peer of the tests listens there, never on a public interface. */
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Ports() {}

    /**
     * A port nothing listens on right now (the kernel's choice for a bind to port 0). Another process may take it
     * before the caller binds it; {@link OpensslServer} retries for that reason.
     */
    public static int free() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(LOOPBACK, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A free port in 10000..29999, below Linux's ephemeral range (32768..60999), and not in {@code taken}: when a capture
     * filter names several servers' ports, no client's port can then be another server's.
     */
    public static int freeBelowEphemeral(Collection<Integer> taken) {
        Random r = new Random();
        for (int i = 0; i < 1000; i++) {
            int p = 10000 + r.nextInt(20000);
            if (taken.contains(p)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(LOOPBACK, p));
                return p;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new AssertionError("no free port below the ephemeral range");
    }

    /** Whether a TCP connection to 127.0.0.1:port is accepted within 200 ms. */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until 127.0.0.1:port accepts connections; false when {@code timeout} passes first. */
    public static boolean awaitListening(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!accepts(port)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
