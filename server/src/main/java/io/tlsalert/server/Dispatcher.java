package io.tlsalert.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Every request's way through the server: the route table picks the handler (or answers 404/405), failures become
 * JSON errors (413 for a body over the limit, 500 for a bug), the answer is sent and the access log gets its line.
 */
final class Dispatcher implements HttpHandler {
    private final Router router;
    private final int maxBodyBytes;
    private final Optional<AccessLog> log;

    Dispatcher(Router router, int maxBodyBytes, Optional<AccessLog> log) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        int status = 500;
        long bytes = 0;
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        try (ex) {
            Reply reply = answer(ex, method, path);
            status = reply.status();
            send(ex, method, reply);
            bytes = reply.body().length;
        } finally {
            if (log.isPresent()) {
                log.get()
                        .log(
                                String.valueOf(ex.getRemoteAddress()),
                                method,
                                path,
                                status,
                                bytes,
                                System.nanoTime() - t0);
            }
        }
    }

    private Reply answer(HttpExchange ex, String method, String path) throws IOException {
        try {
            Router.Match m = router.match(method, path);
            if (m instanceof Router.Match.Found f) {
                return f.route().handler().handle(new Request(ex, f.rest(), maxBodyBytes));
            }
            if (m instanceof Router.Match.WrongMethod w) {
                return Reply.error(405, w.usage().orElse(method + " is not allowed on " + path))
                        .withHeader("Allow", Router.allowHeader(w.allow()));
            }
            return Reply.error(404, "no such page: " + path);
        } catch (BodyTooLarge e) {
            drain(ex);
            return Reply.error(413, "request body over " + maxBodyBytes + " bytes")
                    .withHeader("Connection", "close");
        } catch (RuntimeException e) {
            return Reply.error(500, "internal error: " + e);
        }
    }

    private static void send(HttpExchange ex, String method, Reply reply) throws IOException {
        Headers h = ex.getResponseHeaders();
        for (Map.Entry<String, String> e : reply.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        h.set("Content-Type", reply.contentType());
        h.set("X-Content-Type-Options", "nosniff");
        if (method.equals("HEAD")) {
            ex.sendResponseHeaders(reply.status(), -1);
        } else {
            ex.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(reply.body());
            }
        }
    }

    /**
     * Reads and drops what is left of a refused body (up to 16 MiB), so the client, still sending, gets the 413 instead
     * of a connection reset; past that the connection is closed.
     */
    private static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[64 << 10];
            long left = 16L << 20;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        }
    }
}
