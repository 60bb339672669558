package io.tlsalert.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes the request handling: method, path, query, header values and body through the server's real handler chain
 * (Dispatcher, guard, router, handlers) with the request in memory. Every request must get exactly one answer, never a
 * 500 (a 500 is a bug), always JSON for an error, never larger than {@link Reply#MAX_BODY_BYTES}. In {@code mvn test}
 * the corpus under src/test/resources runs as regression tests; {@code mvn verify} fuzzes for the duration below;
 * for a long run: {@code JAZZER_FUZZ=1 mvn -pl server -am test -Dtest=RequestFuzzTest -Djazzer.max_duration=30m
 * -Dsurefire.failIfNoSpecifiedTests=false} (see the README).
 */
class RequestFuzzTest {
    private static final String[] METHODS = {"GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH", "get", ""};
    private static final String[] PATHS = {
        "/healthz",
        "/api/alerts",
        "/api/alerts/",
        "/api/explain",
        "/api/decode",
        "/api/probe",
        "/api/texts",
        "/api/openapi.json",
        "/",
        "/alerts/",
        "/static/",
        "/api/"
    };
    private static final String[] HEADERS = {
        "Accept-Language", "Content-Type", "Origin", "Host", "Content-Length", "Accept", "Cookie", "X-Forwarded-For"
    };
    private static final Set<Integer> ANSWERS = Set.of(200, 204, 400, 403, 404, 405, 413, 415, 421, 422, 429, 503, 504);

    private static final Dispatcher DISPATCHER = new Dispatcher(
            new Router(AlertServer.routes(AlertServer.Config.defaults()
                    .withProbePolicy(new ProbePolicy(List.of("*.invalid"), host -> List.of())))),
            1 << 20,
            Optional.empty(),
            new SiteGuard("127.0.0.1", 8080, List.of("tlsalert.test"), List.of("https://tools.example.com")),
            new ClientLimit(1_000));

    @FuzzTest(maxDuration = "20s")
    void request(FuzzedDataProvider data) throws Exception {
        String method = data.pickValue(METHODS);
        String raw = data.pickValue(PATHS) + data.consumeString(64);
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            return; // the JDK server answers 400 to a request line it cannot parse, before any handler
        }
        FakeExchange ex = new FakeExchange(method, uri, new byte[0]);
        if (data.consumeBoolean()) {
            addHeader(ex, "Host", data.consumeBoolean() ? "127.0.0.1:8080" : line(data.consumeString(40)));
        }
        int n = data.consumeInt(0, 6);
        for (int i = 0; i < n; i++) {
            addHeader(ex, data.pickValue(HEADERS), line(data.consumeString(80)));
        }
        ex.setStreams(new java.io.ByteArrayInputStream(data.consumeRemainingAsBytes()), null);
        DISPATCHER.handle(ex);
        check(ex, method + " " + raw + " " + ex.getRequestHeaders().entrySet());
    }

    /** Adds a header as the JDK server would; a value its Headers refuse (control characters) never reaches a handler. */
    private static void addHeader(FakeExchange ex, String name, String value) {
        try {
            ex.getRequestHeaders().add(name, value);
        } catch (IllegalArgumentException refusedByTheJdk) {
            // the JDK server's own Headers refuse it too
        }
    }

    /** A header value as the JDK server passes it on: it ends a header at CR or LF, so none is inside. */
    private static String line(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }

    static void check(FakeExchange ex, String what) throws Exception {
        if (ex.status == -1 || !ex.closed) {
            throw new AssertionError("no answer to " + what);
        }
        if (!ANSWERS.contains(ex.status)) {
            throw new AssertionError("status " + ex.status + " for " + what + ": " + new String(ex.responseBytes()));
        }
        if (ex.responseBytes().length > Reply.MAX_BODY_BYTES) {
            throw new AssertionError(ex.responseBytes().length + " bytes answered to " + what);
        }
        if (ex.status >= 400 && !ex.getRequestMethod().equals("HEAD")) {
            Map<String, Object> m = JSON.std.mapFrom(ex.responseBytes());
            if (!(m.get("error") instanceof String)
                    || !Integer.valueOf(ex.status).equals(m.get("status"))) {
                throw new AssertionError("error without the JSON error body for " + what);
            }
        }
    }
}
