package io.tlsalert.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where {@code POST /api/probe} may connect. A target must match one of the allow patterns (a host name glob such as
 * {@code *.example.com}, an IP address, or a CIDR block such as {@code 10.0.0.0/8}); its name is resolved first and
 * every address it resolves to is checked: loopback, private, link-local, unspecified, multicast and cloud metadata
 * addresses are refused unless an IP or CIDR pattern names them explicitly. The probe then connects to the checked
 * address itself (the name is only sent as SNI), so a second resolution cannot point it elsewhere.
 */
public final class ProbePolicy {
    private final List<String> globs = new ArrayList<>();
    private final List<byte[]> nets = new ArrayList<>();
    private final List<Integer> prefixes = new ArrayList<>();

    /** The decision: the address to connect to, or why not. */
    public record Decision(Optional<InetAddress> address, String reason) {}

    public ProbePolicy(List<String> patterns) {
        for (String p : patterns) {
            String s = p.trim();
            if (s.isEmpty()) {
                continue;
            }
            int slash = s.indexOf('/');
            String ip = slash < 0 ? s : s.substring(0, slash);
            if (isIpLiteral(ip)) {
                try {
                    byte[] a = InetAddress.getByName(ip).getAddress();
                    nets.add(a);
                    prefixes.add(slash < 0 ? a.length * 8 : Integer.parseInt(s.substring(slash + 1)));
                } catch (UnknownHostException | NumberFormatException e) {
                    throw new IllegalArgumentException("bad --probe-allow pattern '" + s + "'");
                }
            } else {
                globs.add(s.toLowerCase(Locale.ROOT));
            }
        }
    }

    static boolean isIpLiteral(String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }

    public Decision check(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        boolean literal = isIpLiteral(h);
        boolean nameAllowed = false;
        for (String g : globs) {
            nameAllowed |= glob(g, h);
        }
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return new Decision(Optional.empty(), "cannot resolve " + host);
        }
        for (InetAddress a : all) {
            boolean ipAllowed = inAllowedNet(a);
            if (!ipAllowed && !(nameAllowed && !literal)) {
                return new Decision(
                        Optional.empty(),
                        host + (literal ? "" : " (" + a.getHostAddress() + ")") + " is not allowed by --probe-allow");
            }
            if (special(a) && !ipAllowed) {
                return new Decision(
                        Optional.empty(),
                        host + " resolves to " + a.getHostAddress() + ", a " + kind(a)
                                + " address: allow it explicitly with --probe-allow " + a.getHostAddress());
            }
        }
        return new Decision(Optional.of(all[0]), "allowed");
    }

    private boolean inAllowedNet(InetAddress a) {
        byte[] b = a.getAddress();
        for (int i = 0; i < nets.size(); i++) {
            byte[] n = nets.get(i);
            int bits = prefixes.get(i);
            if (n.length != b.length) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < bits && match; k++) {
                int mask = 0x80 >> (k % 8);
                match = (n[k / 8] & mask) == (b[k / 8] & mask);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static boolean special(InetAddress a) {
        return a.isLoopbackAddress()
                || a.isSiteLocalAddress()
                || a.isLinkLocalAddress()
                || a.isAnyLocalAddress()
                || a.isMulticastAddress()
                || metadata(a)
                || uniqueLocal(a);
    }

    private static boolean metadata(InetAddress a) {
        String s = a.getHostAddress();
        return s.equals("169.254.169.254") || s.equals("100.100.100.200") || s.startsWith("fd00:ec2:");
    }

    /** IPv6 unique local fc00::/7, which the JDK does not call site-local. */
    private static boolean uniqueLocal(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xFE) == 0xFC;
    }

    private static String kind(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (metadata(a)) {
            return "cloud metadata";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local";
        }
        if (a.isSiteLocalAddress() || uniqueLocal(a)) {
            return "private";
        }
        return a.isMulticastAddress() ? "multicast" : "unspecified";
    }

    private static boolean glob(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1));
        }
        return pattern.equals(host);
    }
}
