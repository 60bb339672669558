package io.tlsalert.server;

import java.io.IOException;
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
 */
record Route(Set<String> methods, String pattern, Optional<String> usage, Handler handler) {
    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Request request) throws IOException, BodyTooLarge;
    }

    static Route get(String pattern, Handler handler) {
        return new Route(Set.of("GET"), pattern, Optional.empty(), handler);
    }

    static Route post(String pattern, String usage, Handler handler) {
        return new Route(Set.of("POST"), pattern, Optional.of(usage), handler);
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
