package io.tlsalert.server;

import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The IANA special-purpose address registries (IPv4 and IPv6), with the multicast blocks and the unallocated IPv6
 * space, as rows of {@code special-addresses.tsv}: which addresses are globally routable unicast. The longest prefix
 * that holds an address decides; an IPv6 form that carries an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64,
 * 6to4, Teredo) is judged by the IPv4 address(es) it carries, so {@code ::ffff:127.0.0.1}, {@code ::7f00:1},
 * {@code 64:ff9b::7f00:1} and {@code 2002:7f00:1::} are all loopback.
 */
final class SpecialAddresses {
    /** How an IPv6 block carries an IPv4 address. */
    enum Embeds {
        NONE,
        /** The last 32 bits: ::ffff:0:0/96, ::/96, 64:ff9b::/96 (RFC 4291 §2.5.5, RFC 6052 §2.2). */
        LAST32,
        /** Bits 16-47: 2002:V4ADDR::/48 (RFC 3056 §2). */
        SIXTO4,
        /** The server at bits 32-63, the client inverted at bits 96-127 (RFC 4380 §4). */
        TEREDO
    }

    /** One registry row. */
    record Block(IpPrefix prefix, String name, String rfc, String reachable, Embeds embeds, String source) {
        boolean globallyReachable() {
            return reachable.equals("true");
        }
    }

    /** What the registries say about one address: its block, and for an embedding form the verdict on the IPv4 inside. */
    record Verdict(boolean routable, String why) {}

    private static final List<Block> BLOCKS = load();

    private SpecialAddresses() {}

    private static List<Block> load() {
        List<Block> blocks = new ArrayList<>();
        for (DataFile.Row row : DataFile.read(SpecialAddresses.class, "special-addresses.tsv", 6)) {
            IpPrefix p = IpPrefix.parse(row.cell(0)).orElseThrow(() -> row.error("not an IP prefix: " + row.cell(0)));
            String reachable = row.cell(3);
            if (!reachable.matches("true|false|n/a")) {
                throw row.error("reachable must be true, false or n/a, not " + reachable);
            }
            Embeds e;
            try {
                e = Embeds.valueOf(row.cell(4).toUpperCase(Locale.ROOT).replace("6TO4", "SIXTO4"));
            } catch (IllegalArgumentException x) {
                throw row.error("embeds must be none, last32, 6to4 or teredo, not " + row.cell(4));
            }
            blocks.add(new Block(p, row.cell(1), row.cell(2), reachable, e, row.cell(5)));
        }
        // Longest prefix first: the first block that holds an address is the one that decides.
        blocks.sort(Comparator.comparingInt((Block b) -> b.prefix().bits()).reversed());
        return List.copyOf(blocks);
    }

    static List<Block> blocks() {
        return BLOCKS;
    }

    /** The most specific block that holds the address (every address is in one: the data has ::/0 and 0.0.0.0/0). */
    static Block blockOf(byte[] address) {
        for (Block b : BLOCKS) {
            if (b.prefix().network().length == address.length && b.prefix().contains(address)) {
                return b;
            }
        }
        throw new IllegalStateException("special-addresses.tsv has no block for " + text(address));
    }

    /** Whether the address is globally routable unicast, and if not, which block says so. */
    static Verdict judge(byte[] address) {
        Block b = blockOf(address);
        List<byte[]> inside = embedded(b.embeds(), address);
        if (!inside.isEmpty()) {
            for (byte[] v4 : inside) {
                Verdict v = judge(v4);
                if (!v.routable()) {
                    return new Verdict(
                            false, text(address) + " carries " + text(v4) + " (" + b.name() + "), " + v.why());
                }
            }
            return new Verdict(true, "routable");
        }
        if (b.globallyReachable()) {
            return new Verdict(true, "routable");
        }
        return new Verdict(
                false,
                "a " + b.name().toLowerCase(Locale.ROOT) + " address (" + b.prefix() + ", " + b.rfc()
                        + "), not globally routable unicast");
    }

    private static List<byte[]> embedded(Embeds e, byte[] a) {
        return switch (e) {
            case NONE -> List.of();
            case LAST32 -> List.of(slice(a, 12));
            case SIXTO4 -> List.of(slice(a, 2));
            case TEREDO -> {
                byte[] client = slice(a, 12);
                for (int i = 0; i < 4; i++) {
                    client[i] = (byte) ~client[i];
                }
                yield List.of(slice(a, 4), client);
            }
        };
    }

    private static byte[] slice(byte[] a, int from) {
        byte[] b = new byte[4];
        System.arraycopy(a, from, b, 0, 4);
        return b;
    }

    static String text(byte[] address) {
        return IpPrefix.text(address);
    }
}
