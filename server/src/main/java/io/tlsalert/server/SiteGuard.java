package io.tlsalert.server;

import com.sun.net.httpserver.Headers;
import io.tlsalert.report.TerminalText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who may talk to the server from a browser. {@code Host} must name this server (127.0.0.1, localhost or [::1] with
 * the bound port, the bound address itself, or an {@code --allowed-host} name), so a page whose name was rebound to
 * 127.0.0.1 (DNS rebinding) is refused; an {@code Origin} other than the server's own is refused unless
 * {@code --allowed-origin} names it. Together with {@link Route.Body} (JSON only, or plain text only from the server's
 * own page) a page elsewhere cannot make the browser send a request that the server acts on.
 */
final class SiteGuard {
    /** What the guard says about a request. */
    sealed interface Verdict {
        /**
         * Let through.
         *
         * @param foreignOrigin an {@code --allowed-origin} page sent it (it then gets CORS headers, and only JSON bodies)
         */
        record Pass(Optional<String> foreignOrigin) implements Verdict {}

        record Refuse(Reply reply) implements Verdict {}
    }

    private final int port;
    private final Set<String> ownNames = new LinkedHashSet<>();
    private final Set<String> allowedHosts = new LinkedHashSet<>();
    private final Set<String> allowedOrigins = new LinkedHashSet<>();

    SiteGuard(String boundHost, int port, List<String> allowedHosts, List<String> allowedOrigins) {
        this.port = port;
        ownNames.add("127.0.0.1");
        ownNames.add("localhost");
        ownNames.add("[::1]");
        String b = boundHost.toLowerCase(Locale.ROOT);
        if (!b.equals("0.0.0.0") && !b.equals("::") && !b.equals("[::]")) {
            ownNames.add(b.contains(":") && !b.startsWith("[") ? "[" + b + "]" : b);
        }
        for (String h : allowedHosts) {
            this.allowedHosts.add(h.trim().toLowerCase(Locale.ROOT));
        }
        for (String o : allowedOrigins) {
            this.allowedOrigins.add(normalOrigin(o));
        }
    }

    /** An origin as browsers send it: lower case, no trailing slash. */
    static String normalOrigin(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    /** Checks {@code --allowed-origin} values at start-up: scheme://host[:port], nothing else. */
    static void checkOrigin(String origin) {
        if (!normalOrigin(origin).matches("https?://[a-z0-9._\\[\\]:-]+")) {
            throw new IllegalArgumentException("bad --allowed-origin '" + origin
                    + "': expected scheme://host[:port], e.g. https://tools.example.com");
        }
    }

    /** Checks {@code --allowed-host} values at start-up: a host name or address, optionally with :port. */
    static void checkHost(String host) {
        if (!host.trim().toLowerCase(Locale.ROOT).matches("[a-z0-9._\\[\\]:-]+")) {
            throw new IllegalArgumentException(
                    "bad --allowed-host '" + host + "': expected a host name or address, e.g. tlsalert.example.com");
        }
    }

    Verdict check(Headers headers) {
        List<String> hosts = headers.get("Host");
        if (hosts == null || hosts.size() != 1 || hosts.get(0).isBlank()) {
            return refuse(400, "a request needs exactly one Host header (RFC 9112 §3.2)");
        }
        String host = hosts.get(0).trim().toLowerCase(Locale.ROOT);
        if (!hostAllowed(host)) {
            return refuse(
                    421,
                    "Host '" + printable(host) + "' is not a name of this server (" + String.join(", ", ownHosts())
                            + "); start it with --allowed-host NAME to answer to another name");
        }
        String origin = headers.getFirst("Origin");
        if (origin == null) {
            return new Verdict.Pass(Optional.empty());
        }
        String o = normalOrigin(origin);
        if (o.equals("http://" + host)) {
            return new Verdict.Pass(Optional.empty());
        }
        if (allowedOrigins.contains(o)) {
            return new Verdict.Pass(Optional.of(o));
        }
        return refuse(
                403,
                "Origin '" + printable(origin) + "' may not use this server; start it with --allowed-origin "
                        + printable(o) + " to let that page call the API");
    }

    private boolean hostAllowed(String host) {
        if (allowedHosts.contains(host)) {
            return true;
        }
        String name = host;
        Optional<Integer> p = Optional.empty();
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            name = host.substring(0, colon);
            String digits = host.substring(colon + 1);
            if (!digits.matches("[0-9]{1,5}")) {
                return false;
            }
            p = Optional.of(Integer.parseInt(digits));
        }
        if (allowedHosts.contains(name)) {
            return true;
        }
        return ownNames.contains(name) && p.orElse(80) == port;
    }

    private List<String> ownHosts() {
        List<String> l = new ArrayList<>();
        for (String n : ownNames) {
            l.add(n + ":" + port);
        }
        l.addAll(allowedHosts);
        return l;
    }

    /** A header value in an error message: control characters and quotes escaped, at most 200 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            // What a terminal would act on (C0, DEL, C1, bidi controls: core's TerminalText says which), and the quote
            // and backslash that frame these values in messages and the access log.
            if (TerminalText.needsEscape(c) || c == '\'' || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > 200 ? b + "..." : b.toString();
    }

    private static Verdict refuse(int status, String message) {
        return new Verdict.Refuse(Reply.error(status, message));
    }
}
