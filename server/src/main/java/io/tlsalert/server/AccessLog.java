package io.tlsalert.server;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One line per request (client, time, method, path, status, bytes, milliseconds), buffered and flushed every second:
 * a synchronous write per request would cost more than the request under load. The buffer is bounded: lines beyond
 * {@link #MAX_BUFFERED_CHARS} between two flushes are dropped and counted, and a log that cannot be written (a full
 * disk, {@code /dev/full}) is reported once on standard error and switched off, never kept in memory.
 */
final class AccessLog implements AutoCloseable {
    static final int MAX_BUFFERED_CHARS = 1 << 20;

    private final Writer out;
    private final PrintStream errors;
    private final StringBuilder buf = new StringBuilder(1 << 16);
    private final ScheduledExecutorService flusher;
    private long dropped;
    private volatile boolean broken;

    AccessLog(Writer out) {
        this(out, System.err);
    }

    AccessLog(Writer out, PrintStream errors) {
        this.out = out;
        this.errors = errors;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "access-log");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
    }

    void log(String client, String method, String path, int status, long bytes, long nanos) {
        if (broken) {
            return;
        }
        String line = client + " [" + Instant.now() + "] \"" + SiteGuard.printable(method) + " "
                + SiteGuard.printable(path) + "\" " + status + " " + bytes + " "
                + String.format("%.2fms", nanos / 1e6) + "\n";
        synchronized (buf) {
            if (buf.length() + line.length() > MAX_BUFFERED_CHARS) {
                dropped++;
            } else {
                buf.append(line);
            }
        }
    }

    /** Lines dropped so far because the buffer was full. */
    long dropped() {
        synchronized (buf) {
            return dropped;
        }
    }

    /** Characters waiting to be written. */
    int buffered() {
        synchronized (buf) {
            return buf.length();
        }
    }

    boolean broken() {
        return broken;
    }

    void flush() {
        String s;
        synchronized (buf) {
            if (buf.length() == 0 || broken) {
                return;
            }
            s = buf.toString();
            buf.setLength(0);
        }
        try {
            out.write(s);
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
            synchronized (buf) {
                buf.setLength(0);
                buf.trimToSize();
            }
            errors.println("tlsalert: the access log cannot be written (" + e.getMessage()
                    + "); access log lines are dropped from now on");
            errors.flush();
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flush();
    }
}
