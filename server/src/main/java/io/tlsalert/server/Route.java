package io.tlsalert.server;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One line of the route table: the methods it answers, its path pattern and its handler. A GET route answers HEAD
 * too (the same headers, no body), as RFC 9110 §9.3.2 asks; {@code Allow} lists the declared methods.
 *
 * @param methods the methods it answers; empty for every method (fallbacks that answer 404 whatever the method)
 * @param pattern {@code /exact}, or {@code /prefix/**} for every path under {@code /prefix/} (the rest of the path,
 *                possibly empty, goes to the handler; {@code /prefix} itself needs its own route)
 * @param usage   what a 405 answer says instead of "METHOD is not allowed on PATH", when there is a better hint
 * @param body    the request bodies it takes (checked against Content-Type before the handler runs: 415 otherwise)
 */
record Route(Set<String> methods, String pattern, Optional<String> usage, Body body, Handler handler) {
    /**
     * The bodies a route takes. A browser sends {@code text/plain} from any page without asking the server first (a
     * CORS "simple request"), {@code application/json} only after a preflight the server does not grant to foreign
     * pages: so plain text is taken only from the server's own page or a client that is no browser (no Origin).
     */
    enum Body {
        /** No body is read (GET). */
        NONE,
        /** {@code application/json} only. */
        JSON,
        /** {@code application/json}, or {@code text/plain} without a foreign Origin. */
        JSON_OR_TEXT
    }

    Route(Set<String> methods, String pattern, Optional<String> usage, Handler handler) {
        this(methods, pattern, usage, Body.NONE, handler);
    }

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Request request) throws IOException, BodyTooLarge;
    }

    /** Whether a request with this Content-Type (null when absent) may reach the handler. */
    boolean takes(String contentType, boolean foreignOrigin) {
        String type =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (body) {
            case NONE -> true;
            case JSON -> type.equals("application/json");
            case JSON_OR_TEXT -> type.equals("application/json") || type.equals("text/plain") && !foreignOrigin;
        };
    }

    static Route get(String pattern, Handler handler) {
        return new Route(Set.of("GET"), pattern, Optional.empty(), handler);
    }

    static Route post(String pattern, String usage, Body body, Handler handler) {
        return new Route(Set.of("POST"), pattern, Optional.of(usage), body, handler);
    }

    static Route anyMethod(String pattern, Handler handler) {
        return new Route(Set.of(), pattern, Optional.empty(), handler);
    }

    boolean answers(String method) {
        return methods.isEmpty() || methods.contains(method) || method.equals("HEAD") && methods.contains("GET");
    }

    /** The rest of the path after a {@code /**} prefix ("" for an exact match); empty when the path does not match. */
    Optional<String> match(String path) {
        if (pattern.endsWith("/**")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.startsWith(prefix) ? Optional.of(path.substring(prefix.length())) : Optional.empty();
        }
        return path.equals(pattern) ? Optional.of("") : Optional.empty();
    }
}
