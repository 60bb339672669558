package io.tlsalert.probe;

import java.util.Objects;
import java.util.Optional;

/**
 * What to probe: a host, a port and the server name to send (SNI). {@link #parse} gives host names an SNI and IP
 * literals none (RFC 6066 §3 forbids IP addresses in SNI).
 */
public record Target(String host, int port, Optional<String> sni) {
    public static final int DEFAULT_PORT = 443;

    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sni, "sni");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Parses {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 literal; port 443 by default. */
    public static Target parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("empty target");
        }
        s = s.trim();
        String host;
        int port = DEFAULT_PORT;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("missing ']' in " + s);
            }
            host = s.substring(1, end);
            String rest = s.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected ':port' after ']' in " + s);
                }
                port = parsePort(rest.substring(1), s);
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) {
                host = s; // bare IPv6 literal
            } else if (colon >= 0) {
                host = s.substring(0, colon);
                port = parsePort(s.substring(colon + 1), s);
            } else {
                host = s;
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host in " + s);
        }
        return new Target(host, port, isIpLiteral(host) ? Optional.empty() : Optional.of(stripDot(host)));
    }

    private static String stripDot(String h) {
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    private static int parsePort(String p, String whole) {
        try {
            int port = Integer.parseInt(p);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in " + whole);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port '" + p + "' in " + whole);
        }
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

    /** host:port, with brackets for IPv6. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
