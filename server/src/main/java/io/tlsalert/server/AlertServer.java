package io.tlsalert.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API and the web page, on the JDK's own {@code com.sun.net.httpserver}: no dependency, ~50 ms to start, and
 * it meets the load goal on this project's 2-core machine (see the README for the wrk figures), so a larger server
 * would only add weight. This class holds the configuration, the route table and the server's life; the requests go
 * through {@link Dispatcher}.
 */
public final class AlertServer implements AutoCloseable {
    /** Probes run a handful at a time: each holds a thread for up to a few seconds of handshakes. */
    static final int MAX_PROBES_AT_ONCE = 4;

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

    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<AccessLog> log;

    private AlertServer(Config config) throws IOException {
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
        this.log = Optional.ofNullable(config.accessLog()).map(AccessLog::new);
        server.setExecutor(executor);
        server.createContext("/", new Dispatcher(new Router(routes(config)), config.maxBodyBytes(), log));
    }

    /**
     * The route table: every path the server answers, in the order they are tried (the first pattern that matches
     * decides; the fallbacks come last). {@code /api/openapi.json} documents the API routes.
     */
    static List<Route> routes(Config config) {
        WebFiles web = new WebFiles();
        Api api = new Api(web);
        // POST /api/probe exists only when probing is on; off, the path answers 404 whatever the method.
        Route probe = config.probePolicy() == null
                ? Route.anyMethod("/api/probe", ProbeEndpoint::off)
                : Route.post(
                        "/api/probe",
                        ProbeEndpoint.USAGE,
                        new ProbeEndpoint(config.probePolicy(), ProbeLimit.atMost(MAX_PROBES_AT_ONCE))::probe);
        return List.of(
                Route.get("/healthz", api::healthz),
                Route.get("/api/openapi.json", api::openApi),
                Route.get("/api/texts", api::texts),
                Route.get("/api/alerts", api::alerts),
                Route.get("/api/alerts/**", api::alert),
                Route.post(
                        "/api/explain",
                        "use POST with the error text as the body, or JSON {\"text\": ...}",
                        api::explain),
                Route.post(
                        "/api/decode",
                        "use POST with hex or base64 as the body, or JSON {\"data\": ..., \"format\": \"auto|hex|base64\"}",
                        api::decode),
                probe,
                Route.anyMethod("/api/**", api::unknown),
                Route.get("/", web::shell),
                Route.get("/index.html", web::shell),
                Route.get("/alerts", web::shell),
                Route.get("/alerts/**", web::shell),
                Route.get("/static/**", web::staticFile),
                Route.get("/**", web::notFound));
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
        log.ifPresent(AccessLog::close);
    }
}
