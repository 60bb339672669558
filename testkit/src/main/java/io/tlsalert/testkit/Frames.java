package io.tlsalert.testkit;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds link/IP/TCP/UDP headers for test packets: the IPv4 header checksum always, the TCP checksum on request
 * ({@link #tcpChecksummed}; tshark checks neither unless told to).
 */
public final class Frames {
    private Frames() {}

    public static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.write(p, 0, p.length);
        }
        return o.toByteArray();
    }

    public static byte[] addr(String a) {
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a, e);
        }
    }

    public static byte[] tcp(int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        byte[] h = new byte[20];
        put16(h, 0, sport);
        put16(h, 2, dport);
        put32(h, 4, seq);
        put32(h, 8, ack);
        h[12] = (byte) (5 << 4 | (flags >> 8 & 1));
        h[13] = (byte) flags;
        put16(h, 14, 65535);
        return cat(h, payload);
    }

    /**
     * An IPv4 packet carrying TCP with both checksums right (RFC 793 §3.1: the TCP checksum covers the pseudo-header
     * of source, destination, zero, protocol and TCP length, then the segment).
     */
    public static byte[] tcpChecksummed(
            String src, String dst, int id, int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        byte[] segment = tcp(sport, dport, seq, ack, flags, payload);
        byte[] pseudo =
                cat(addr(src), addr(dst), new byte[] {0, 6, (byte) (segment.length >> 8), (byte) segment.length});
        put16(segment, 16, checksum(cat(pseudo, segment)));
        return ipv4(src, dst, 6, id, 0x4000, segment);
    }

    /** The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit words. */
    public static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** TCP with 12 bytes of options (NOP NOP timestamp), data offset 8. */
    public static byte[] tcpWithOptions(int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        byte[] t = tcp(sport, dport, seq, ack, flags, new byte[0]);
        t[12] = (byte) (8 << 4);
        byte[] opts = {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2};
        return cat(t, opts, payload);
    }

    public static byte[] udp(int sport, int dport, byte[] payload) {
        byte[] h = new byte[8];
        put16(h, 0, sport);
        put16(h, 2, dport);
        put16(h, 4, 8 + payload.length);
        return cat(h, payload);
    }

    public static byte[] ipv4(String src, String dst, int proto, int id, int flagsFrag, byte[] payload) {
        byte[] h = new byte[20];
        h[0] = 0x45;
        put16(h, 2, 20 + payload.length);
        put16(h, 4, id);
        put16(h, 6, flagsFrag);
        h[8] = 64;
        h[9] = (byte) proto;
        System.arraycopy(addr(src), 0, h, 12, 4);
        System.arraycopy(addr(dst), 0, h, 16, 4);
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((h[i] & 0xFF) << 8) | (h[i + 1] & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        put16(h, 10, ~sum);
        return cat(h, payload);
    }

    /** IPv6 header; {@code rest} starts with whatever {@code nextHeader} says (extension headers included). */
    public static byte[] ipv6(String src, String dst, int nextHeader, byte[] rest) {
        byte[] h = new byte[40];
        h[0] = 0x60;
        put16(h, 4, rest.length);
        h[6] = (byte) nextHeader;
        h[7] = 64;
        System.arraycopy(addr(src), 0, h, 8, 16);
        System.arraycopy(addr(dst), 0, h, 24, 16);
        return cat(h, rest);
    }

    /** An 8-byte IPv6 extension header (hop-by-hop, routing, destination options: PadN filled). */
    public static byte[] ext8(int next) {
        return new byte[] {(byte) next, 0, 1, 4, 0, 0, 0, 0};
    }

    public static byte[] routing(int next) {
        // Type 0 routing header with one address, segments left 0 (24 bytes).
        byte[] h = new byte[24];
        h[0] = (byte) next;
        h[1] = 2;
        h[2] = 0;
        h[3] = 0;
        System.arraycopy(addr("2001:db8::99"), 0, h, 8, 16);
        return h;
    }

    /** AH with a 12-byte ICV: 24 bytes, length field 4. */
    public static byte[] ah(int next) {
        byte[] h = new byte[24];
        h[0] = (byte) next;
        h[1] = 4;
        put32(h, 4, 0x1000);
        put32(h, 8, 1);
        return h;
    }

    public static byte[] frag6(int next, int offset, boolean more, long id) {
        byte[] h = new byte[8];
        h[0] = (byte) next;
        put16(h, 2, offset | (more ? 1 : 0));
        put32(h, 4, id);
        return h;
    }

    public static final byte[] MAC_A = {0x02, 0, 0, 0, 0, 1}, MAC_B = {0x02, 0, 0, 0, 0, 2};

    public static byte[] eth(int type, byte[] payload) {
        byte[] h = new byte[14];
        System.arraycopy(MAC_B, 0, h, 0, 6);
        System.arraycopy(MAC_A, 0, h, 6, 6);
        put16(h, 12, type);
        return cat(h, payload);
    }

    /** Ethernet with VLAN tags: pairs of (TPID, VLAN id), then the inner type. */
    public static byte[] vlan(int[] tpidAndVid, int type, byte[] payload) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(MAC_B, 0, 6);
        o.write(MAC_A, 0, 6);
        byte[] t = new byte[2];
        for (int i = 0; i < tpidAndVid.length; i += 2) {
            put16(t, 0, tpidAndVid[i]);
            o.write(t, 0, 2);
            put16(t, 0, tpidAndVid[i + 1]);
            o.write(t, 0, 2);
        }
        put16(t, 0, type);
        o.write(t, 0, 2);
        o.write(payload, 0, payload.length);
        return o.toByteArray();
    }

    public static byte[] sll(int proto, byte[] payload) {
        byte[] h = new byte[16];
        put16(h, 0, 0); // to us
        put16(h, 2, 1); // ARPHRD_ETHER
        put16(h, 4, 6);
        System.arraycopy(MAC_A, 0, h, 6, 6);
        put16(h, 14, proto);
        return cat(h, payload);
    }

    public static byte[] sll2(int proto, byte[] payload) {
        byte[] h = new byte[20];
        put16(h, 0, proto);
        put32(h, 4, 2); // ifindex
        put16(h, 8, 1); // ARPHRD_ETHER
        h[10] = 0;
        h[11] = 6;
        System.arraycopy(MAC_A, 0, h, 12, 6);
        return cat(h, payload);
    }

    /** BSD null header: the family as a 32-bit value in the given byte order. */
    public static byte[] nullHeader(int family, boolean bigEndian, byte[] payload) {
        byte[] h = new byte[4];
        if (bigEndian) {
            put32(h, 0, family);
        } else {
            h[0] = (byte) family;
            h[1] = (byte) (family >> 8);
        }
        return cat(h, payload);
    }

    public static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static void put16(byte[] b, int o, int v) {
        b[o] = (byte) (v >> 8);
        b[o + 1] = (byte) v;
    }

    static void put32(byte[] b, int o, long v) {
        b[o] = (byte) (v >> 24);
        b[o + 1] = (byte) (v >> 16);
        b[o + 2] = (byte) (v >> 8);
        b[o + 3] = (byte) v;
    }
}
