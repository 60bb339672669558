package io.tlsalert.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@code POST /api/probe} may connect. A target must match one of the allow patterns (a host name glob such as
 * {@code *.example.com}, an IP address, or a CIDR block such as {@code 10.0.0.0/8}); its name is resolved first and
 * every address it resolves to is checked. An address named by an IP or CIDR pattern is allowed; an address reached
 * through a name pattern must be globally routable unicast by the IANA special-purpose registries
 * ({@link SpecialAddresses}: loopback, private, shared, link-local, benchmarking, reserved, broadcast, multicast and
 * the IPv6 forms that carry one of them are refused). The probe then connects to the checked address itself (the name
 * is only sent as SNI), so a second resolution cannot point it elsewhere.
 */
public final class ProbePolicy {
    /** Name to addresses; {@link InetAddress#getAllByName} unless a test supplies its own. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** One {@code --probe-allow} pattern. */
    sealed interface AllowPattern {
        /** {@code example.com} or {@code *.example.com} (any name under it). */
        record HostGlob(String glob) implements AllowPattern {
            boolean matches(String host) {
                return glob.startsWith("*.") ? host.endsWith(glob.substring(1)) : glob.equals(host);
            }
        }

        /** An IP address or CIDR block: what it names is allowed, special-purpose or not. */
        record Net(IpPrefix prefix) implements AllowPattern {}
    }

    /** The decision: the address to connect to, or why not. */
    public record Decision(Optional<InetAddress> address, String reason) {}

    private static final String LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";
    private static final Pattern HOST_GLOB = Pattern.compile("(\\*\\.)?" + LABEL + "(\\." + LABEL + ")*\\.?");

    private final List<AllowPattern> patterns;
    private final Resolver resolver;

    public ProbePolicy(List<String> patterns) {
        this(patterns, host -> List.of(InetAddress.getAllByName(host)));
    }

    /**
     * @throws IllegalArgumentException for a pattern that is neither an IP address, a CIDR block nor a host glob (an
     *                                  empty one, {@code 8.8.8.8/-1}, {@code /33}, {@code ::/129}, garbage), naming it
     */
    public ProbePolicy(List<String> patterns, Resolver resolver) {
        List<AllowPattern> ps = new ArrayList<>();
        for (String p : patterns) {
            ps.add(parse(p));
        }
        if (ps.isEmpty()) {
            throw new IllegalArgumentException("--probe-allow needs at least one pattern");
        }
        this.patterns = List.copyOf(ps);
        this.resolver = resolver;
    }

    static AllowPattern parse(String pattern) {
        String s = pattern.trim().toLowerCase(Locale.ROOT);
        Optional<IpPrefix> ip = IpPrefix.parse(s);
        if (ip.isPresent()) {
            return new AllowPattern.Net(ip.get());
        }
        boolean looksNumeric = s.matches("[0-9./:-]*") || s.contains(":") || s.contains("/");
        if (!looksNumeric && s.length() <= 253 && HOST_GLOB.matcher(s).matches()) {
            return new AllowPattern.HostGlob(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
        }
        throw new IllegalArgumentException("bad --probe-allow pattern '" + pattern
                + "': expected an IP address (192.0.2.7, 2001:db8::7), a CIDR block (10.1.0.0/16, 2001:db8::/32;"
                + " /0-32 for IPv4, /0-128 for IPv6) or a host glob (host.example.com, *.example.com)");
    }

    public Decision check(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1);
        }
        boolean literal = IpPrefix.parseAddress(h).isPresent();
        boolean nameAllowed = false;
        for (AllowPattern p : patterns) {
            if (!literal && p instanceof AllowPattern.HostGlob g && g.matches(h)) {
                nameAllowed = true;
            }
        }
        List<InetAddress> all;
        try {
            all = literal
                    ? List.of(InetAddress.getByAddress(IpPrefix.parseAddress(h).get()))
                    : resolver.resolve(h);
        } catch (UnknownHostException e) {
            return refuse("cannot resolve " + host);
        }
        if (all.isEmpty()) {
            return refuse("cannot resolve " + host);
        }
        for (InetAddress a : all) {
            byte[] b = a.getAddress();
            if (namedByNet(b)) {
                continue;
            }
            if (!nameAllowed) {
                return refuse(
                        host + (literal ? "" : " (" + a.getHostAddress() + ")") + " is not allowed by --probe-allow");
            }
            SpecialAddresses.Verdict v = SpecialAddresses.judge(b);
            if (!v.routable()) {
                return refuse(host + " resolves to " + a.getHostAddress() + ", " + v.why()
                        + ": allow it explicitly with --probe-allow " + a.getHostAddress());
            }
        }
        return new Decision(Optional.of(all.get(0)), "allowed");
    }

    private boolean namedByNet(byte[] address) {
        for (AllowPattern p : patterns) {
            if (p instanceof AllowPattern.Net n && n.prefix().contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Decision refuse(String reason) {
        return new Decision(Optional.empty(), reason);
    }
}
