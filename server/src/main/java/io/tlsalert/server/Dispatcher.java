package io.tlsalert.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * Every request's way through the server: the client's share of the server, the {@link SiteGuard} (Host, Origin),
 * the route table (404/405), the route's body types (415), the handler; failures become JSON errors (413 for a body
 * over the limit, 422 for an answer over the limit, 503 when out of memory, 500 for a bug), the answer is sent and
 * the access log gets its line. Nothing a client sends is read outside this error handling.
 */
final class Dispatcher implements HttpHandler {
    private static final int WRITE_SLICE = 16 << 10;

    private final Router router;
    private final int maxBodyBytes;
    private final Optional<AccessLog> log;
    private final SiteGuard guard;
    private final ClientLimit clients;
    /** Requests being answered now: a stop waits for them (and only for them), see {@link AlertServer#close}. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    Dispatcher(Router router, int maxBodyBytes, Optional<AccessLog> log, SiteGuard guard, ClientLimit clients) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.log = log;
        this.guard = guard;
        this.clients = clients;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        inFlight.incrementAndGet();
        try {
            answerAndLog(ex);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private volatile boolean closing;

    /** From now on every new request is answered 503 (the server is stopping). */
    void closing() {
        closing = true;
    }

    /** The number of requests being answered at this moment. */
    int inFlight() {
        return inFlight.get();
    }

    private void answerAndLog(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        int status = 500;
        long bytes = 0;
        String method = "?";
        String path = "?";
        try (ex) {
            method = ex.getRequestMethod();
            path = ex.getRequestURI().getRawPath();
            Reply reply = answer(ex, method, path == null ? "" : path);
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

    private Reply answer(HttpExchange ex, String method, String path) {
        if (closing) {
            return Reply.error(503, "the server is stopping").withHeader("Connection", "close");
        }
        try {
            if (path.equals("/healthz")) {
                // Not counted against the client: a monitor on the same host as a busy client still gets its answer.
                return route(ex, method, path);
            }
            Optional<ClientLimit.Slot> slot = clients.enter(client(ex));
            if (slot.isEmpty()) {
                return Reply.error(503, "too many requests from your address at once; try again shortly")
                        .withHeader("Retry-After", "1");
            }
            try (ClientLimit.Slot s = slot.get()) {
                return route(ex, method, path);
            }
        } catch (BodyTooLarge e) {
            drain(ex);
            return Reply.error(413, "request body over " + maxBodyBytes + " bytes")
                    .withHeader("Connection", "close");
        } catch (ResponseTooLarge e) {
            return Reply.error(
                    422, "the answer would be over " + e.limit + " bytes, the server's limit; send less input at once");
        } catch (OutOfMemoryError e) {
            return Reply.error(503, "the server is out of memory for this request; try again shortly")
                    .withHeader("Retry-After", "5");
        } catch (IOException e) {
            return Reply.error(400, "cannot read the request: " + e.getMessage())
                    .withHeader("Connection", "close");
        } catch (RuntimeException | Error e) {
            return Reply.error(500, "internal error: " + e);
        }
    }

    private Reply route(HttpExchange ex, String method, String path) throws IOException, BodyTooLarge {
        if (path.equals("/healthz")) {
            // Load balancers and orchestrators ask with whatever Host they know the server by; the answer is no secret.
            return dispatch(ex, method, path, false);
        }
        SiteGuard.Verdict v = guard.check(ex.getRequestHeaders());
        if (v instanceof SiteGuard.Verdict.Refuse r) {
            return r.reply();
        }
        Optional<String> foreign = ((SiteGuard.Verdict.Pass) v).foreignOrigin();
        if (foreign.isPresent() && method.equals("OPTIONS") && path.startsWith("/api/")) {
            // The CORS preflight of an --allowed-origin page: it may send JSON.
            return cors(new Reply(204, Reply.JSON_TYPE, new byte[0], Map.of()), foreign.get())
                    .withHeader("Access-Control-Allow-Methods", "GET, POST")
                    .withHeader("Access-Control-Allow-Headers", "Content-Type")
                    .withHeader("Access-Control-Max-Age", "600");
        }
        Reply reply = dispatch(ex, method, path, foreign.isPresent());
        return foreign.isPresent() ? cors(reply, foreign.get()) : reply;
    }

    private Reply dispatch(HttpExchange ex, String method, String path, boolean foreignOrigin)
            throws IOException, BodyTooLarge {
        Router.Match m = router.match(method, path);
        if (m instanceof Router.Match.Found f) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (!f.route().takes(type, foreignOrigin)) {
                return Reply.error(
                        415,
                        method + " " + path + " takes Content-Type: application/json"
                                + (f.route().body() == Route.Body.JSON_OR_TEXT
                                        ? (foreignOrigin ? " from another site's page" : " or text/plain")
                                        : "")
                                + ", not " + (type == null ? "none" : "'" + SiteGuard.printable(type) + "'"));
            }
            return f.route().handler().handle(new Request(ex, f.rest(), maxBodyBytes));
        }
        if (m instanceof Router.Match.WrongMethod w) {
            return Reply.error(405, w.usage().orElse(method + " is not allowed on " + SiteGuard.printable(path)))
                    .withHeader("Allow", Router.allowHeader(w.allow()));
        }
        return Reply.error(404, "no such page: " + SiteGuard.printable(path));
    }

    private static Reply cors(Reply r, String origin) {
        return r.withHeader("Access-Control-Allow-Origin", origin).withHeader("Vary", "Origin");
    }

    private static InetAddress client(HttpExchange ex) {
        InetSocketAddress a = ex.getRemoteAddress();
        return a == null ? InetAddress.getLoopbackAddress() : a.getAddress();
    }

    private static void send(HttpExchange ex, String method, Reply reply) throws IOException {
        Headers h = ex.getResponseHeaders();
        for (Map.Entry<String, String> e : reply.headers().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        h.set("Content-Type", reply.contentType());
        h.set("X-Content-Type-Options", "nosniff");
        if (method.equals("HEAD") || reply.status() == 204) {
            ex.sendResponseHeaders(reply.status(), -1);
        } else {
            ex.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                // In slices: NIO copies each write into a temporary direct buffer of the write's size and keeps one
                // per thread, so one 4 MB write on each of 200 threads held 800 MB of direct memory (measured: an
                // OutOfMemoryError "Cannot reserve ... direct buffer memory" under bench/scripts/load.sh).
                byte[] b = reply.body();
                for (int off = 0; off < b.length; off += WRITE_SLICE) {
                    out.write(b, off, Math.min(WRITE_SLICE, b.length - off));
                }
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
