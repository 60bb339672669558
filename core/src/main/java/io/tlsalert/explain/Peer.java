package io.tlsalert.explain;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The other end of a TLS connection, as a log line names it: an IP address, and its port when it names a server
 * (a client's port is ephemeral: keeping it would make every connection a group of its own).
 *
 * @param address the address: IPv4 dotted quad, or IPv6 in RFC 5952 form
 * @param port    the server's port, when kept
 * @param role    {@code client}, {@code server} or {@code peer} (the format does not tell which)
 */
public record Peer(String address, OptionalInt port, String role) {
    /** As logs print it: {@code 192.0.2.1}, {@code 2001:db8::1}, {@code 10.0.0.1:443}, {@code [2001:db8::1]:443}. */
    @Override
    public String toString() {
        if (port.isEmpty()) {
            return address;
        }
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port.getAsInt();
    }

    /**
     * The address in canonical form (IPv6 in RFC 5952 form), or empty when {@code host} is not an IPv4 or IPv6
     * address; public for the probe, which prints its targets the same way.
     */
    public static Optional<String> canonical(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty() || h.length() > 45) {
            return Optional.empty();
        }
        if (h.indexOf(':') < 0) {
            return ipv4(h).map(Peer::dotted);
        }
        return ipv6(h).map(Peer::rfc5952);
    }

    private static Optional<int[]> ipv4(String s) {
        // Four dot-separated runs of 1 to 3 digits, each at most 255 (read by hand: a summary reads one per line).
        int[] v = new int[4];
        int part = 0;
        int digits = 0;
        int value = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return Optional.empty();
                }
                value = value * 10 + (c - '0');
            } else if (c == '.' && digits > 0 && value <= 255 && part < 4) {
                v[part++] = value;
                digits = 0;
                value = 0;
            } else {
                return Optional.empty();
            }
        }
        return part == 4 ? Optional.of(v) : Optional.empty();
    }

    private static String dotted(int[] v) {
        return v[0] + "." + v[1] + "." + v[2] + "." + v[3];
    }

    /**
     * The eight 16-bit groups of an IPv6 address in RFC 4291 §2.2 text form: {@code x:x:x:x:x:x:x:x}, one {@code ::}
     * for a run of zero groups, and an IPv4 dotted quad as the last 32 bits.
     */
    static Optional<int[]> ipv6(String s) {
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return Optional.empty();
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        java.util.List<Integer> h = groups(head);
        java.util.List<Integer> t = groups(tail);
        if (h == null || t == null) {
            return Optional.empty();
        }
        int n = h.size() + t.size();
        if (dbl < 0 ? n != 8 : n > 7) {
            return Optional.empty();
        }
        int[] g = new int[8];
        for (int i = 0; i < h.size(); i++) {
            g[i] = h.get(i);
        }
        for (int i = 0; i < t.size(); i++) {
            g[8 - t.size() + i] = t.get(i);
        }
        return Optional.of(g);
    }

    /** Groups of one side of {@code ::}; a final dotted quad gives two groups. Null when malformed. */
    private static java.util.List<Integer> groups(String side) {
        java.util.List<Integer> l = new java.util.ArrayList<>();
        if (side.isEmpty()) {
            return l;
        }
        String[] parts = side.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                Optional<int[]> v4 = ipv4(p);
                if (v4.isEmpty()) {
                    return null;
                }
                int[] v = v4.get();
                l.add(v[0] << 8 | v[1]);
                l.add(v[2] << 8 | v[3]);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int x = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                x = x << 4 | d;
            }
            l.add(x);
        }
        return l;
    }

    /**
     * RFC 5952 §4: lower-case hex without leading zeros (§4.1, §4.3); the longest run of two or more zero groups,
     * the first of equal runs, shortened to {@code ::} (§4.2); §5: an IPv4-mapped address ({@code ::ffff:0:0/96})
     * ends in its dotted quad.
     */
    static String rfc5952(int[] g) {
        boolean mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
        int groups = mapped ? 6 : 8;
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < groups; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        if (mapped) {
            if (b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(g[6] >> 8)
                    .append('.')
                    .append(g[6] & 0xff)
                    .append('.')
                    .append(g[7] >> 8)
                    .append('.')
                    .append(g[7] & 0xff);
        }
        return b.toString();
    }
}
