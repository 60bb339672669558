package io.tlsalert.server;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The route table. The first route whose pattern matches the path decides which pattern applies; of the routes with
 * that pattern, the one that answers the method handles the request. When none does, the answer is 405 with an
 * {@code Allow} header made of those routes' methods: a route added to the table is in {@code Allow} by itself.
 */
final class Router {
    /** What the table says about a request. */
    sealed interface Match {
        /** A route answers it; {@code rest} is the path after the route's {@code /**} prefix. */
        record Found(Route route, String rest) implements Match {}

        /** The path is known but not with this method. */
        record WrongMethod(Set<String> allow, Optional<String> usage) implements Match {}

        /** No route's pattern matches the path. */
        record Unknown() implements Match {}
    }

    private final List<Route> routes;

    Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    List<Route> routes() {
        return routes;
    }

    Match match(String method, String path) {
        String pattern = null;
        Optional<String> usage = Optional.empty();
        Set<String> allow = new TreeSet<>();
        for (Route r : routes) {
            if (pattern != null && !r.pattern().equals(pattern)) {
                continue;
            }
            Optional<String> rest = r.match(path);
            if (rest.isEmpty()) {
                continue;
            }
            pattern = r.pattern();
            if (r.answers(method)) {
                return new Match.Found(r, rest.get());
            }
            allow.addAll(r.methods());
            if (usage.isEmpty()) {
                usage = r.usage();
            }
        }
        return pattern == null ? new Match.Unknown() : new Match.WrongMethod(allow, usage);
    }

    /** The {@code Allow} header's value: the methods in alphabetical order, comma-separated. */
    static String allowHeader(Set<String> methods) {
        return String.join(", ", new TreeSet<>(methods));
    }
}
