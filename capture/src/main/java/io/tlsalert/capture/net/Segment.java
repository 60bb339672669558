package io.tlsalert.capture.net;

/** The transport view of one packet, reused by the {@link Dissector} (no allocation per packet): copy what you keep. */
public final class Segment {
    public static final int TCP = 6, UDP = 17;
    public static final int FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16, URG = 32;

    /** 4 or 6. */
    public int ipVersion;
    /** Addresses; IPv4 uses the first 4 bytes. */
    public final byte[] src = new byte[16], dst = new byte[16];

    public int srcPort, dstPort;
    /** 6 TCP, 17 UDP. */
    public int protocol;
    /** TCP sequence and acknowledgement numbers, unsigned 32-bit. */
    public long seq, ack;
    /** TCP flags (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32, ECE 64, CWR 128, NS 256). */
    public int flags;
    /** TCP/UDP payload: points into the packet buffer or into a reassembled-fragment buffer. */
    public byte[] payload;

    public int payloadOffset, payloadLength;
    /** The capture cut the payload short (snaplen): {@link #payloadLength} counts only what was captured. */
    public boolean truncated;
    /** The datagram was rebuilt from IP fragments (payload points into the dissector's reassembly buffer). */
    public boolean reassembled;

    public boolean isTcp() {
        return protocol == TCP;
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** "10.0.0.1" or "2001:db8::1" (RFC 5952); allocates, for output only. */
    public String srcAddress() {
        return format(ipVersion, src);
    }

    public String dstAddress() {
        return format(ipVersion, dst);
    }

    /** Formats a 4- or 16-byte address held in {@code a} (RFC 5952 for IPv6: lowercase, longest zero run as ::). */
    public static String format(int ipVersion, byte[] a) {
        if (ipVersion == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        int[] w = new int[8];
        for (int i = 0; i < 8; i++) {
            w[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
        }
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        // IPv4-mapped (::ffff:a.b.c.d), printed the customary way.
        if (bestStart == 0 && bestLen == 5 && w[5] == 0xFFFF) {
            return "::ffff:" + (a[12] & 0xFF) + "." + (a[13] & 0xFF) + "." + (a[14] & 0xFF) + "." + (a[15] & 0xFF);
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(w[i]));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return (protocol == TCP ? "TCP " : protocol == UDP ? "UDP " : "proto " + protocol + " ")
                + srcAddress() + ":" + srcPort + " > " + dstAddress() + ":" + dstPort
                + (protocol == TCP ? " seq=" + seq + " ack=" + ack + " flags=0x" + Integer.toHexString(flags) : "")
                + " len=" + payloadLength + (truncated ? " (truncated)" : "");
    }
}
