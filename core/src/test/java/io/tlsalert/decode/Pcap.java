package io.tlsalert.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A minimal libpcap writer (LINKTYPE_ETHERNET): each capture becomes one flow from 127.0.0.1 to 127.0.0.1 on its real
 * ports. A TCP capture gets a three-way handshake, its bytes in segments of at most {@link #MSS} (so tshark has to
 * reassemble records that span segments), and a FIN; a UDP capture gets one datagram per chunk. IPv4 and TCP
 * checksums are computed.
 */
final class Pcap {
    static final int MSS = 1460;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long micros = 1_700_000_000_000_000L;
    private int ipId = 1;

    Pcap() {
        le32(0xa1b2c3d4);
        le16(2);
        le16(4);
        le32(0); // thiszone
        le32(0); // sigfigs
        le32(262144); // snaplen
        le32(1); // LINKTYPE_ETHERNET
    }

    /** Adds one capture as its own flow; returns this. */
    Pcap add(WireCapture.Capture c) {
        if (c.udp()) {
            for (byte[] d : c.chunks()) {
                packet(c.srcPort(), c.dstPort(), udp(c.srcPort(), c.dstPort(), d), 17);
            }
            return this;
        }
        long seq = 1000;
        long ack = 5000;
        packet(c.srcPort(), c.dstPort(), tcp(c.srcPort(), c.dstPort(), seq, 0, 0x02, new byte[0]), 6);
        packet(c.dstPort(), c.srcPort(), tcp(c.dstPort(), c.srcPort(), ack, seq + 1, 0x12, new byte[0]), 6);
        seq++;
        ack++;
        packet(c.srcPort(), c.dstPort(), tcp(c.srcPort(), c.dstPort(), seq, ack, 0x10, new byte[0]), 6);
        for (byte[] chunk : c.chunks()) {
            for (int p = 0; p < chunk.length; p += MSS) {
                byte[] seg = java.util.Arrays.copyOfRange(chunk, p, Math.min(chunk.length, p + MSS));
                packet(c.srcPort(), c.dstPort(), tcp(c.srcPort(), c.dstPort(), seq, ack, 0x18, seg), 6);
                seq += seg.length;
            }
        }
        packet(c.srcPort(), c.dstPort(), tcp(c.srcPort(), c.dstPort(), seq, ack, 0x11, new byte[0]), 6);
        return this;
    }

    Pcap addAll(List<WireCapture.Capture> captures) {
        captures.forEach(this::add);
        return this;
    }

    void write(Path file) throws IOException {
        Files.write(file, out.toByteArray());
    }

    // ------------------------------------------------------------------ frames

    private void packet(int srcPort, int dstPort, byte[] l4, int proto) {
        byte[] ip = new byte[20 + l4.length];
        ip[0] = 0x45;
        be16(ip, 2, ip.length);
        be16(ip, 4, ipId++);
        be16(ip, 6, 0x4000); // DF
        ip[8] = 64;
        ip[9] = (byte) proto;
        byte[] lo = {127, 0, 0, 1};
        System.arraycopy(lo, 0, ip, 12, 4);
        System.arraycopy(lo, 0, ip, 16, 4);
        be16(ip, 10, checksum(ip, 0, 20, 0));
        System.arraycopy(l4, 0, ip, 20, l4.length);
        if (proto == 6) {
            // TCP checksum over the pseudo-header and the segment
            long pseudo = sumPseudo(ip, l4.length, proto);
            be16(ip, 20 + 16, checksum(ip, 20, l4.length, pseudo));
        }
        byte[] frame = new byte[14 + ip.length];
        byte[] mac = {0, 0, 0, 0, 0, 0};
        System.arraycopy(mac, 0, frame, 0, 6);
        System.arraycopy(mac, 0, frame, 6, 6);
        be16(frame, 12, 0x0800);
        System.arraycopy(ip, 0, frame, 14, ip.length);
        micros += 100;
        le32((int) (micros / 1_000_000));
        le32((int) (micros % 1_000_000));
        le32(frame.length);
        le32(frame.length);
        out.writeBytes(frame);
    }

    private static byte[] tcp(int src, int dst, long seq, long ack, int flags, byte[] payload) {
        byte[] t = new byte[20 + payload.length];
        be16(t, 0, src);
        be16(t, 2, dst);
        be32(t, 4, seq);
        be32(t, 8, ack);
        t[12] = 0x50;
        t[13] = (byte) flags;
        be16(t, 14, 65535);
        System.arraycopy(payload, 0, t, 20, payload.length);
        return t;
    }

    private static byte[] udp(int src, int dst, byte[] payload) {
        byte[] u = new byte[8 + payload.length];
        be16(u, 0, src);
        be16(u, 2, dst);
        be16(u, 4, u.length);
        // checksum 0: none (allowed for UDP over IPv4)
        System.arraycopy(payload, 0, u, 8, payload.length);
        return u;
    }

    private static long sumPseudo(byte[] ip, int l4Length, int proto) {
        long s = 0;
        for (int i = 12; i < 20; i += 2) {
            s += (ip[i] & 0xff) << 8 | ip[i + 1] & 0xff;
        }
        return s + proto + l4Length;
    }

    private static int checksum(byte[] b, int off, int len, long initial) {
        long s = initial;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            s += hi << 8 | lo;
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }

    private static void be16(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    private static void be32(byte[] b, int at, long v) {
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
    }

    private void le16(int v) {
        out.write(v);
        out.write(v >> 8);
    }

    private void le32(int v) {
        out.write(v);
        out.write(v >> 8);
        out.write(v >> 16);
        out.write(v >> 24);
    }
}
