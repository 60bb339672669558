package io.tlsalert.server;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tlsalert.decode.ByteInput;
import io.tlsalert.registry.Lang;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API and the web page, on the JDK's own {@code com.sun.net.httpserver}: no dependency, ~50 ms to start, and
 * it meets the load goal on this project's 2-core machine (see the README for the wrk figures), so a larger server
 * would only add weight.
 */
public final class AlertServer implements AutoCloseable {
    /**
     * @param host               address to bind (127.0.0.1 by default: a team opts in to listening wider)
     * @param port               0 for any free port
     * @param threads            request threads
     * @param readTimeoutSeconds longest time a client may take to send a request
     * @param maxBodyBytes       larger request bodies are answered 413
     * @param accessLog          where the access log goes; null for none
     * @param probePolicy        where POST /api/probe may connect; null when probing is off (the default)
     */
    public record Config(
            String host,
            int port,
            int threads,
            int readTimeoutSeconds,
            int maxBodyBytes,
            Writer accessLog,
            ProbePolicy probePolicy) {
        public Config(String host, int port, int threads, int readTimeoutSeconds, int maxBodyBytes, Writer accessLog) {
            this(host, port, threads, readTimeoutSeconds, maxBodyBytes, accessLog, null);
        }

        public static Config defaults() {
            return new Config(
                    "127.0.0.1",
                    8080,
                    Math.max(4, 2 * Runtime.getRuntime().availableProcessors()),
                    10,
                    1 << 20,
                    null,
                    null);
        }

        public Config withPort(int p) {
            return new Config(host, p, threads, readTimeoutSeconds, maxBodyBytes, accessLog, probePolicy);
        }

        public Config withHost(String h) {
            return new Config(h, port, threads, readTimeoutSeconds, maxBodyBytes, accessLog, probePolicy);
        }

        public Config withAccessLog(Writer w) {
            return new Config(host, port, threads, readTimeoutSeconds, maxBodyBytes, w, probePolicy);
        }

        public Config withProbePolicy(ProbePolicy p) {
            return new Config(host, port, threads, readTimeoutSeconds, maxBodyBytes, accessLog, p);
        }
    }

    /** Probes run a handful at a time: each holds a thread for up to a few seconds of handshakes. */
    private final java.util.concurrent.Semaphore probes = new java.util.concurrent.Semaphore(4);

    private static final JSON JSON_OUT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final String WEB = "/io/tlsalert/server/web/";

    private final Config config;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AccessLog log;
    /** Answers to GET /api/alerts[/x] never change: serialised once per (path, language). */
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    private final Map<String, byte[]> statics = new ConcurrentHashMap<>();

    private AlertServer(Config config) throws IOException {
        this.config = config;
        // Read by the JDK server when its classes load: a slow client is cut off, not waited for.
        System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(config.readTimeoutSeconds()));
        System.setProperty("sun.net.httpserver.maxRspTime", "30");
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // every keep-alive response then waits ~40 ms (measured with wrk: 1,450 req/s, p50 44 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        this.executor = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
        this.log = config.accessLog() == null ? null : new AccessLog(config.accessLog());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts a server; {@link #close()} stops it gracefully. */
    public static AlertServer start(Config config) throws IOException {
        AlertServer s = new AlertServer(config);
        s.server.start();
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, lets running requests finish (up to 2 s), flushes the access log. */
    @Override
    public void close() {
        server.stop(2);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (log != null) {
            log.close();
        }
    }

    /** A request body over the limit. */
    private static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        int status = 500;
        long bytes = 0;
        String path = ex.getRequestURI().getRawPath();
        try (ex) {
            String method = ex.getRequestMethod();
            Lang lang = language(
                    ex.getRequestURI().getRawQuery(), ex.getRequestHeaders().getFirst("Accept-Language"));
            byte[] body;
            String type = "application/json; charset=utf-8";
            try {
                if (path.startsWith("/api/") || path.equals("/healthz")) {
                    Api.Answer a = api(ex, method, path, lang);
                    status = a.status();
                    body = a.body() == null ? cache.get(cacheKey(path, lang)) : json(a.body());
                    if (a.status() == 405) {
                        ex.getResponseHeaders()
                                .set(
                                        "Allow",
                                        path.startsWith("/api/alerts")
                                                        || path.equals("/healthz")
                                                        || path.equals("/api/openapi.json")
                                                ? "GET"
                                                : "POST");
                    }
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    status = 405;
                    ex.getResponseHeaders().set("Allow", "GET");
                    body = json(Api.error(405, method + " is not allowed on " + path)
                            .body());
                } else {
                    String file = page(path);
                    byte[] b = file == null ? null : resource(file);
                    if (b == null) {
                        status = 404;
                        body = json(Api.error(404, "no such page: " + path).body());
                    } else {
                        status = 200;
                        body = b;
                        type = contentType(file);
                        Headers h = ex.getResponseHeaders();
                        h.set(
                                "Content-Security-Policy",
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                        + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
                        h.set("Referrer-Policy", "no-referrer");
                        h.set("Cache-Control", file.endsWith(".html") ? "no-cache" : "max-age=300");
                    }
                }
            } catch (TooLarge e) {
                drain(ex);
                status = 413;
                body = json(Api.error(413, "request body over " + config.maxBodyBytes() + " bytes")
                        .body());
            } catch (RuntimeException e) {
                status = 500;
                body = json(Api.error(500, "internal error: " + e).body());
            }
            Headers h = ex.getResponseHeaders();
            h.set("Content-Type", type);
            h.set("X-Content-Type-Options", "nosniff");
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
            bytes = body.length;
        } finally {
            if (log != null) {
                log.log(
                        String.valueOf(ex.getRemoteAddress()),
                        ex.getRequestMethod(),
                        path,
                        status,
                        bytes,
                        System.nanoTime() - t0);
            }
        }
    }

    private static String cacheKey(String path, Lang lang) {
        return lang.id() + " " + path;
    }

    /** Routes /api/* and /healthz. A null body in the answer means: the cached bytes for (path, lang). */
    private Api.Answer api(HttpExchange ex, String method, String path, Lang lang) throws IOException, TooLarge {
        switch (path) {
            case "/healthz":
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    return Api.error(405, method + " is not allowed on " + path);
                }
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("status", "ok");
                return new Api.Answer(200, ok);
            case "/api/openapi.json": {
                if (!method.equals("GET")) {
                    return Api.error(405, method + " is not allowed on " + path);
                }
                return cached(
                        path,
                        lang,
                        () -> JSON.std.mapFrom(new String(resource("openapi.json"), StandardCharsets.UTF_8)));
            }
            case "/api/explain":
                if (!method.equals("POST")) {
                    return Api.error(405, "use POST with the error text as the body, or JSON {\"text\": ...}");
                }
                return Api.explain(textField(ex, "text"), lang);
            case "/api/probe":
                if (config.probePolicy() == null) {
                    return Api.error(
                            404, "probing is off: start the server with --allow-probe and --probe-allow PATTERN");
                }
                if (!method.equals("POST")) {
                    return Api.error(
                            405,
                            "use POST with JSON {\"target\": \"host:port\", \"sni\": ..., \"tls\": ..., \"alpn\": [...]}");
                }
                return probe(ex, lang);
            case "/api/decode":
                if (!method.equals("POST")) {
                    return Api.error(
                            405,
                            "use POST with hex or base64 as the body, or JSON {\"data\": ..., \"format\": \"auto|hex|base64\"}");
                }
                return decode(ex, lang);
            default:
                break;
        }
        if (path.equals("/api/alerts") || path.startsWith("/api/alerts/")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return Api.error(405, method + " is not allowed on " + path);
            }
            if (path.equals("/api/alerts")) {
                return cached(path, lang, () -> Api.alerts(lang).body());
            }
            String key = URLDecoder.decode(path.substring("/api/alerts/".length()), StandardCharsets.UTF_8);
            byte[] hit = cache.get(cacheKey(path, lang));
            if (hit != null) {
                return new Api.Answer(200, null);
            }
            Api.Answer a = Api.alert(key, lang);
            if (a.status() == 200 && cache.size() < 4096) {
                cache.put(cacheKey(path, lang), json(a.body()));
                return new Api.Answer(200, null);
            }
            return a;
        }
        return Api.error(404, "no such API: " + path + " (see /api/openapi.json)");
    }

    private interface Maker {
        Map<String, Object> make() throws IOException;
    }

    private Api.Answer cached(String path, Lang lang, Maker m) throws IOException {
        String k = cacheKey(path, lang);
        if (!cache.containsKey(k)) {
            cache.put(k, json(m.make()));
        }
        return new Api.Answer(200, null);
    }

    private Api.Answer probe(HttpExchange ex, Lang lang) throws IOException, TooLarge {
        Map<String, Object> m = parseJson(readBody(ex));
        if (m == null || !(m.get("target") instanceof String spec)) {
            return Api.error(
                    400,
                    "expected JSON {\"target\": \"host[:port]\", \"sni\": ..., \"tls\": \"1.2\", \"alpn\": [...]}");
        }
        io.tlsalert.probe.Target t;
        try {
            t = io.tlsalert.probe.Target.parse(spec);
        } catch (IllegalArgumentException e) {
            return Api.error(400, "target '" + spec + "': " + e.getMessage());
        }
        ProbePolicy.Decision d = config.probePolicy().check(t.host());
        if (d.address().isEmpty()) {
            return Api.error(403, d.reason());
        }
        Optional<String> sni = m.get("sni") instanceof String s ? Optional.of(s) : t.sni();
        // Connect to the address that was checked; the name only travels as SNI.
        io.tlsalert.probe.Target pinned =
                new io.tlsalert.probe.Target(d.address().get().getHostAddress(), t.port(), sni);
        io.tlsalert.probe.Offer offer = io.tlsalert.probe.Offer.broad(pinned);
        if (m.get("tls") instanceof String v) {
            try {
                offer = offer.withVersions(io.tlsalert.probe.Offer.parseVersions(v));
            } catch (IllegalArgumentException e) {
                return Api.error(400, "tls: " + e.getMessage());
            }
        }
        if (m.get("alpn") instanceof List<?> l) {
            List<String> alpn = new java.util.ArrayList<>();
            for (Object o : l) {
                alpn.add(String.valueOf(o));
            }
            offer = offer.withAlpn(alpn);
        }
        if (!probes.tryAcquire()) {
            return Api.error(429, "too many probes running; try again shortly");
        }
        try {
            io.tlsalert.probe.Diagnosis diag = new io.tlsalert.probe.Prober(
                            java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(100))
                    .diagnose(pinned, offer);
            Map<String, Object> out = diag.toMap();
            out.put("lang", lang.id());
            return new Api.Answer(200, out);
        } finally {
            probes.release();
        }
    }

    private Api.Answer decode(HttpExchange ex, Lang lang) throws IOException, TooLarge {
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] raw = readBody(ex);
        String data;
        String format = query(ex.getRequestURI().getRawQuery(), "format");
        if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Map<String, Object> m = parseJson(raw);
            if (m == null || !(m.get("data") instanceof String)) {
                return Api.error(400, "expected JSON {\"data\": \"<hex or base64>\", \"format\": \"auto|hex|base64\"}");
            }
            data = (String) m.get("data");
            if (m.get("format") instanceof String f) {
                format = f;
            }
        } else {
            data = new String(raw, StandardCharsets.UTF_8);
        }
        ByteInput.Format f;
        switch (format == null ? "auto" : format.toLowerCase(Locale.ROOT)) {
            case "auto" -> f = ByteInput.Format.AUTO;
            case "hex" -> f = ByteInput.Format.HEX;
            case "base64" -> f = ByteInput.Format.BASE64;
            default -> {
                return Api.error(400, "format must be auto, hex or base64, not '" + format + "'");
            }
        }
        if (data.isBlank()) {
            return Api.error(400, "nothing to decode: send hex or base64 as the body");
        }
        return Api.decode(data, f, lang);
    }

    /** The body as text, or the string field {@code name} of a JSON body. Bad JSON is answered 400 by the caller. */
    private String textField(HttpExchange ex, String name) throws IOException, TooLarge {
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] raw = readBody(ex);
        if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            Map<String, Object> m = parseJson(raw);
            if (m == null || !(m.get(name) instanceof String)) {
                return "";
            }
            return (String) m.get(name);
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> parseJson(byte[] raw) {
        try {
            return JSON.std.mapFrom(raw);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private byte[] readBody(HttpExchange ex) throws IOException, TooLarge {
        String cl = ex.getRequestHeaders().getFirst("Content-Length");
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > config.maxBodyBytes()) {
                    throw new TooLarge();
                }
            } catch (NumberFormatException e) {
                // the server itself rejects a malformed Content-Length
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(config.maxBodyBytes() + 1);
            if (b.length > config.maxBodyBytes()) {
                throw new TooLarge();
            }
            return b;
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
        ex.getResponseHeaders().set("Connection", "close");
    }

    private static byte[] json(Map<String, Object> m) throws IOException {
        return JSON_OUT.asBytes(m);
    }

    /** ?lang= first, then Accept-Language (its first language we have), then English. */
    static Lang language(String rawQuery, String acceptLanguage) {
        String q = query(rawQuery, "lang");
        if (q != null) {
            return Lang.parse(q).orElse(Lang.EN);
        }
        if (acceptLanguage != null) {
            for (String part : acceptLanguage.split(",")) {
                String tag = part.split(";")[0].trim();
                var l = Lang.parse(tag);
                if (l.isPresent()) {
                    return l.get();
                }
            }
        }
        return Lang.EN;
    }

    private static String query(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String kv : rawQuery.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0 && kv.substring(0, i).equals(name)) {
                return URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The page for a path: the app shell for / and deep links (/alerts/40), files under /static/. */
    private static String page(String path) {
        if (path.equals("/") || path.equals("/index.html") || path.startsWith("/alerts/") || path.equals("/alerts")) {
            return "index.html";
        }
        if (path.startsWith("/static/")) {
            String f = path.substring("/static/".length());
            if (f.matches("[a-z0-9][a-z0-9._-]*") && !f.contains("..")) {
                return f;
            }
        }
        return null;
    }

    private byte[] resource(String file) throws IOException {
        byte[] b = statics.get(file);
        if (b != null) {
            return b;
        }
        try (InputStream in = AlertServer.class.getResourceAsStream(WEB + file)) {
            if (in == null) {
                return null;
            }
            b = in.readAllBytes();
        }
        statics.put(file, b);
        return b;
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".json")) {
            return "application/json; charset=utf-8";
        }
        if (file.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}
