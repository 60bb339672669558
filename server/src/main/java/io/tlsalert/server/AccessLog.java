package io.tlsalert.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One line per request (client, time, method, path, status, bytes, milliseconds), buffered and flushed every second:
 * a synchronous write per request would cost more than the request under load.
 */
final class AccessLog implements AutoCloseable {
    private final Writer out;
    private final StringBuilder buf = new StringBuilder(1 << 16);
    private final ScheduledExecutorService flusher;

    AccessLog(Writer out) {
        this.out = out;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "access-log");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
    }

    void log(String client, String method, String path, int status, long bytes, long nanos) {
        String line = client + " [" + Instant.now() + "] \"" + method + " " + path + "\" " + status + " " + bytes + " "
                + String.format("%.2fms", nanos / 1e6) + "\n";
        synchronized (buf) {
            buf.append(line);
        }
    }

    void flush() {
        String s;
        synchronized (buf) {
            if (buf.length() == 0) {
                return;
            }
            s = buf.toString();
            buf.setLength(0);
        }
        try {
            out.write(s);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        flush();
    }
}
