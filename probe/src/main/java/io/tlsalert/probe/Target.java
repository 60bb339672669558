package io.tlsalert.probe;

import io.tlsalert.explain.Peer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What to probe: a host, a port and the server name to send (SNI). {@link #parse} gives host names an SNI and IP
 * literals none (RFC 6066 §3 forbids IP addresses in SNI), and keeps IP addresses in canonical form (IPv6 as RFC 5952
 * §4 writes it, through core's {@link Peer#canonical}), so that a target prints the same however it was typed.
 */
public record Target(String host, int port, Optional<String> sni) {
    public static final int DEFAULT_PORT = 443;

    /** The one URL scheme a target may carry: HTTP over TLS, whose default port is 443 (RFC 9110 §4.2.2). */
    private static final String HTTPS = "https";

    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sni, "sni");
        if (host.isEmpty()) {
            throw new TargetException("probe.target.emptyHost", host);
        }
        if (port < 1 || port > 65535) {
            throw new TargetException("probe.target.portRange", port);
        }
    }

    /**
     * Parses a target as users write them: {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port}, a bare
     * IPv6 literal, or an {@code https://} URL ({@code https://host[:port]/path?query}: the path and what follows are
     * ignored, userinfo refused); port 443 by default. Other schemes are refused with a {@link TargetException}.
     */
    public static Target parse(String s) {
        if (s == null || s.isBlank()) {
            throw new TargetException("probe.target.empty");
        }
        String whole = s.trim();
        String rest = whole;
        int sep = rest.indexOf("://");
        if (sep >= 0) {
            String scheme = rest.substring(0, sep).toLowerCase(Locale.ROOT);
            if (!scheme.equals(HTTPS)) {
                throw new TargetException(
                        scheme.equals("http") ? "probe.target.http" : "probe.target.scheme", whole, scheme);
            }
            rest = rest.substring(sep + 3);
            // RFC 3986 §3.2: the authority ends at the first '/', '?' or '#'.
            int end = firstOf(rest, "/?#");
            rest = end >= 0 ? rest.substring(0, end) : rest;
            if (rest.indexOf('@') >= 0) {
                throw new TargetException("probe.target.userinfo", whole);
            }
            if (rest.isEmpty()) {
                throw new TargetException("probe.target.emptyHost", whole);
            }
        } else if (firstOf(rest, "/?#") >= 0) {
            throw new TargetException("probe.target.path", whole);
        }
        String host;
        int port = DEFAULT_PORT;
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            if (end < 0) {
                throw new TargetException("probe.target.bracket", whole);
            }
            host = rest.substring(1, end);
            String after = rest.substring(end + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new TargetException("probe.target.afterBracket", whole);
                }
                port = parsePort(after.substring(1), whole);
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                host = rest; // bare IPv6 literal
            } else if (colon >= 0) {
                host = rest.substring(0, colon);
                port = parsePort(rest.substring(colon + 1), whole);
            } else {
                host = rest;
            }
        }
        if (host.isEmpty()) {
            throw new TargetException("probe.target.emptyHost", whole);
        }
        if (isIpLiteral(host)) {
            String h = host;
            host = Peer.canonical(host).orElseThrow(() -> new TargetException("probe.target.badAddress", whole, h));
            return new Target(host, port, Optional.empty());
        }
        return new Target(host, port, Optional.of(stripDot(host)));
    }

    private static int firstOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String stripDot(String h) {
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    private static int parsePort(String p, String whole) {
        if (p.isEmpty() || p.length() > 5 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new TargetException("probe.target.badPort", whole, p);
        }
        int port = Integer.parseInt(p);
        if (port < 1 || port > 65535) {
            throw new TargetException("probe.target.portRange", whole);
        }
        return port;
    }

    /** True for IPv4 dotted quads and anything with a ':' (IPv6). */
    public static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    public Target withSni(Optional<String> sni) {
        return new Target(host, port, sni);
    }

    /** host:port, with brackets for IPv6 (in RFC 5952 form when the target was parsed). */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
