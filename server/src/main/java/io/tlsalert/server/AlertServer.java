package io.tlsalert.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
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
     * @param threads            request threads kept ready (more start, up to {@link Limits#maxConnections()}, while
     *                           clients are sending)
     * @param readTimeoutSeconds longest time a client may take to send a request, headers and body
     * @param maxBodyBytes       larger request bodies are answered 413
     * @param accessLog          where the access log goes; null for none
     * @param probePolicy        where POST /api/probe may connect; null when probing is off (the default)
     * @param allowedHosts       Host names the server answers to besides 127.0.0.1, localhost, [::1] and its address
     * @param allowedOrigins     pages of other origins that may call the API (with JSON bodies)
     * @param limits             what one server lets its clients use
     */
    public record Config(
            String host,
            int port,
            int threads,
            int readTimeoutSeconds,
            int maxBodyBytes,
            Writer accessLog,
            ProbePolicy probePolicy,
            List<String> allowedHosts,
            List<String> allowedOrigins,
            Limits limits) {
        public Config {
            allowedHosts = List.copyOf(allowedHosts);
            allowedOrigins = List.copyOf(allowedOrigins);
            allowedHosts.forEach(SiteGuard::checkHost);
            allowedOrigins.forEach(SiteGuard::checkOrigin);
        }

        public Config(String host, int port, int threads, int readTimeoutSeconds, int maxBodyBytes, Writer accessLog) {
            this(
                    host,
                    port,
                    threads,
                    readTimeoutSeconds,
                    maxBodyBytes,
                    accessLog,
                    null,
                    List.of(),
                    List.of(),
                    Limits.defaults());
        }

        public static Config defaults() {
            return new Config(
                    "127.0.0.1", 8080, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 10, 1 << 20, null);
        }

        public Config withPort(int value) {
            return with(c -> c.port = value);
        }

        public Config withHost(String value) {
            return with(c -> c.host = value);
        }

        public Config withAccessLog(Writer value) {
            return with(c -> c.accessLog = value);
        }

        public Config withProbePolicy(ProbePolicy value) {
            return with(c -> c.probePolicy = value);
        }

        /** @throws IllegalArgumentException for a value that is no host name or address */
        public Config withAllowedHosts(List<String> value) {
            return with(c -> c.allowedHosts = value);
        }

        /** @throws IllegalArgumentException for a value that is no scheme://host[:port] */
        public Config withAllowedOrigins(List<String> value) {
            return with(c -> c.allowedOrigins = value);
        }

        public Config withLimits(Limits value) {
            return with(c -> c.limits = value);
        }

        public Config withReadTimeoutSeconds(int value) {
            return with(c -> c.readTimeoutSeconds = value);
        }

        private Config with(java.util.function.Consumer<Copy> change) {
            Copy c = new Copy(this);
            change.accept(c);
            return c.config();
        }

        /** A config being changed in one field: records have no copy-with. */
        private static final class Copy {
            String host;
            int port;
            int threads;
            int readTimeoutSeconds;
            int maxBodyBytes;
            Writer accessLog;
            ProbePolicy probePolicy;
            List<String> allowedHosts;
            List<String> allowedOrigins;
            Limits limits;

            Copy(Config c) {
                host = c.host;
                port = c.port;
                threads = c.threads;
                readTimeoutSeconds = c.readTimeoutSeconds;
                maxBodyBytes = c.maxBodyBytes;
                accessLog = c.accessLog;
                probePolicy = c.probePolicy;
                allowedHosts = c.allowedHosts;
                allowedOrigins = c.allowedOrigins;
                limits = c.limits;
            }

            Config config() {
                return new Config(
                        host,
                        port,
                        threads,
                        readTimeoutSeconds,
                        maxBodyBytes,
                        accessLog,
                        probePolicy,
                        allowedHosts,
                        allowedOrigins,
                        limits);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<AccessLog> log;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private final Dispatcher dispatcher;

    /**
     * How a stop went.
     *
     * @param finished requests that were being answered when the stop began and were answered before it ended
     * @param cut      requests still unanswered when the wait ran out (their connections are closed)
     * @param took     from the stop's start to the server's end
     */
    public record Stopped(int finished, int cut, java.time.Duration took) {}

    private AlertServer(Config config) throws IOException {
        Limits limits = config.limits();
        // Read by the JDK server once, when its classes load (one server's settings per JVM): a client gets
        // readTimeoutSeconds for its headers and body together, then it is cut off, not waited for; at most
        // maxConnections are open, beyond that a new connection is closed at once.
        System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(config.readTimeoutSeconds()));
        System.setProperty("sun.net.httpserver.maxRspTime", "30");
        System.setProperty("jdk.httpserver.maxConnections", String.valueOf(limits.maxConnections()));
        System.setProperty("sun.net.httpserver.maxReqHeaderSize", String.valueOf(limits.maxHeaderBytes()));
        System.setProperty("sun.net.httpserver.maxReqHeaders", "100");
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // every keep-alive response then waits ~40 ms (measured with wrk: 1,450 req/s, p50 44 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 1024);
        // The JDK server reads each request's headers on a pool thread: with a thread per open connection at most,
        // a slow client holds only its own thread, and /healthz always finds one. The CPU work has its own budget
        // (WorkLimit); idle threads above the core size go after 30 s.
        int max = Math.max(config.threads(), limits.maxConnections());
        this.executor =
                new ThreadPoolExecutor(config.threads(), max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "http");
                    t.setDaemon(true);
                    return t;
                });
        this.log = Optional.ofNullable(config.accessLog()).map(AccessLog::new);
        server.setExecutor(executor);
        SiteGuard guard = new SiteGuard(
                config.host(), server.getAddress().getPort(), config.allowedHosts(), config.allowedOrigins());
        this.dispatcher = new Dispatcher(
                new Router(routes(config, parts)),
                config.maxBodyBytes(),
                log,
                guard,
                new ClientLimit(limits.maxPerClient()));
        server.createContext("/", dispatcher);
    }

    static List<Route> routes(Config config) {
        return routes(config, new ArrayList<>());
    }

    /**
     * The route table: every path the server answers, in the order they are tried (the first pattern that matches
     * decides; the fallbacks come last). {@code /api/openapi.json} documents the API routes.
     *
     * @param parts where the parts that need closing with the server go
     */
    static List<Route> routes(Config config, List<AutoCloseable> parts) {
        WebFiles web = new WebFiles();
        Api api = new Api(web, config.limits().decode());
        WorkLimit work =
                new WorkLimit(config.limits().workers(), config.limits().workWait());
        // POST /api/probe exists only when probing is on; off, the path answers 404 whatever the method.
        Route probe;
        if (config.probePolicy() == null) {
            probe = Route.anyMethod("/api/probe", ProbeEndpoint::off);
        } else {
            ProbeLimit limit =
                    ProbeLimit.atMost(MAX_PROBES_AT_ONCE, config.limits().probeDeadline());
            parts.add(limit);
            probe = Route.post(
                    "/api/probe",
                    ProbeEndpoint.USAGE,
                    Route.Body.JSON,
                    new ProbeEndpoint(config.probePolicy(), limit)::probe);
        }
        return List.of(
                Route.get("/healthz", api::healthz),
                Route.get("/api/openapi.json", api::openApi),
                Route.get("/api/texts", api::texts),
                Route.get("/api/alerts", api::alerts),
                Route.get("/api/alerts/**", api::alert),
                Route.post(
                        "/api/explain",
                        "use POST with the error text as the body, or JSON {\"text\": ...}",
                        Route.Body.JSON_OR_TEXT,
                        work.limit(api::explain)),
                Route.post(
                        "/api/decode",
                        "use POST with hex or base64 as the body, or JSON {\"data\": ..., \"format\": \"auto|hex|base64\"}",
                        Route.Body.JSON_OR_TEXT,
                        work.limit(api::decode)),
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

    /** The access log, for tests that check it stays bounded. */
    Optional<AccessLog> accessLog() {
        return log;
    }

    /** Stops accepting, lets running requests finish (up to 2 s), flushes the access log. */
    @Override
    public void close() {
        stop(java.time.Duration.ofSeconds(2));
    }

    /**
     * Stops: no new connection is accepted, the requests being answered get up to {@code grace} to finish, then the
     * server ends. The JDK server's own {@code stop(delay)} waits the whole delay even when nothing is running (JDK
     * 17's ServerImpl), so the wait is ours: on the requests in flight only, and it ends as soon as they do.
     */
    public Stopped stop(java.time.Duration grace) {
        long t0 = System.nanoTime();
        int running = dispatcher.inFlight();
        long deadline = t0 + grace.toNanos();
        // A request that arrives during the wait (a new one on a kept-alive connection) is not started: 503.
        dispatcher.closing();
        while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cut = dispatcher.inFlight();
        server.stop(0);
        executor.shutdownNow();
        for (AutoCloseable p : parts) {
            try {
                p.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        log.ifPresent(AccessLog::close);
        return new Stopped(Math.max(0, running - cut), cut, java.time.Duration.ofNanos(System.nanoTime() - t0));
    }
}
