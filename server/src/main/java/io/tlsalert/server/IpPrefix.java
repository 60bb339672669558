package io.tlsalert.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IP address block: the address's bytes (4 or 16) and how many leading bits count. Parsed strictly: dotted-quad
 * IPv4 with four decimal parts of 0-255, or an IPv6 literal, then optionally {@code /N} with N a decimal number of
 * 0-32 or 0-128. Anything else (a host name, {@code 8.8.8.8/-1}, {@code /33}, {@code ::/129}, {@code 10.1}) is not a
 * prefix.
 */
record IpPrefix(byte[] network, int bits) {
    private static final IpPrefix MAPPED = new IpPrefix(mapped(new byte[4]), 96);

    IpPrefix {
        network = network.clone();
        if (network.length != 4 && network.length != 16 || bits < 0 || bits > network.length * 8) {
            throw new IllegalArgumentException("no IP prefix: " + network.length + " bytes, /" + bits);
        }
    }

    /** The prefix a pattern writes, empty when the text is no IP address or prefix. */
    static Optional<IpPrefix> parse(String text) {
        int slash = text.indexOf('/');
        String ip = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> address = parseAddress(ip);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int max = address.get().length * 8;
        if (slash < 0) {
            return Optional.of(new IpPrefix(address.get(), max));
        }
        String n = text.substring(slash + 1);
        if (!n.matches("[0-9]{1,3}") || Integer.parseInt(n) > max) {
            return Optional.empty();
        }
        return Optional.of(new IpPrefix(address.get(), Integer.parseInt(n)));
    }

    /** A literal IPv4 (four decimal parts) or IPv6 address; empty for anything else, never a name lookup. */
    static Optional<byte[]> parseAddress(String ip) {
        if (ip.matches(
                "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}")) {
            byte[] b = new byte[4];
            String[] parts = ip.split("\\.");
            for (int i = 0; i < 4; i++) {
                b[i] = (byte) Integer.parseInt(parts[i]);
            }
            return Optional.of(b);
        }
        if (ip.contains(":") && ip.matches("[0-9A-Fa-f:.]+")) {
            try {
                // A literal with ':' is parsed, never looked up; the JDK turns ::ffff:a.b.c.d into 4 bytes.
                byte[] b = InetAddress.getByName(ip).getAddress();
                return Optional.of(b.length == 4 ? mapped(b) : b);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** ::ffff:a.b.c.d, the IPv6 form of an IPv4 address. */
    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xFF;
        b[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    /** Whether the block holds the address; an IPv4 address and its ::ffff: form are the same address. */
    boolean contains(byte[] address) {
        if (address.length == 4 && network.length == 16) {
            address = mapped(address);
        } else if (address.length == 16 && network.length == 4 && MAPPED.contains(address)) {
            address = Arrays.copyOfRange(address, 12, 16);
        }
        if (address.length != network.length) {
            return false;
        }
        for (int k = 0; k < bits; k++) {
            int mask = 0x80 >> (k % 8);
            if ((network[k / 8] & mask) != (address[k / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.bits == bits && Arrays.equals(p.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + bits;
    }

    @Override
    public String toString() {
        return text(network) + "/" + bits;
    }

    /** An address as text; 16 bytes stay IPv6 (the JDK would print ::ffff:a.b.c.d as a.b.c.d). */
    static String text(byte[] address) {
        try {
            return address.length == 16
                    ? Inet6Address.getByAddress(null, address, -1).getHostAddress()
                    : InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
