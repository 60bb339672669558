package io.tlsalert.testkit;

import java.util.Arrays;

/**
 * One TCP connection between two IPv4 endpoints written into a {@link FrameLog} as Ethernet frames with correct
 * sequence and acknowledgement numbers and checksums: the three-way handshake, each side's bytes in segments of at
 * most {@code mss} (so a reader has to reassemble records that span segments), FINs and ACKs. Each frame acknowledges
 * everything the other side sent so far.
 */
public final class TcpFlow {
    public static final int FIN = 0x01, SYN = 0x02, PSH = 0x08, ACK = 0x10;

    /** An IPv4 address and TCP port. */
    public record Endpoint(String ip, int port) {}

    private final FrameLog log;
    private final Endpoint client, server;
    private final int mss;
    /** The next sequence number of the client [0] and of the server [1]. */
    private final long[] next;

    public TcpFlow(FrameLog log, Endpoint client, long clientIsn, Endpoint server, long serverIsn, int mss) {
        this.log = log;
        this.client = client;
        this.server = server;
        this.mss = mss;
        this.next = new long[] {clientIsn, serverIsn};
    }

    /** SYN, SYN+ACK, ACK. */
    public TcpFlow open() {
        segment(true, SYN, false, new byte[0]);
        next[0]++;
        segment(false, SYN | ACK, true, new byte[0]);
        next[1]++;
        segment(true, ACK, true, new byte[0]);
        return this;
    }

    /** {@code data} from one side, PSH+ACK, split at the MSS. */
    public TcpFlow send(boolean fromClient, byte[] data) {
        int me = fromClient ? 0 : 1;
        for (int off = 0; off < data.length; off += mss) {
            byte[] chunk = Arrays.copyOfRange(data, off, Math.min(data.length, off + mss));
            segment(fromClient, PSH | ACK, true, chunk);
            next[me] += chunk.length;
        }
        return this;
    }

    /** FIN+ACK from one side. */
    public TcpFlow fin(boolean fromClient) {
        segment(fromClient, FIN | ACK, true, new byte[0]);
        next[fromClient ? 0 : 1]++;
        return this;
    }

    /** A bare ACK from one side. */
    public TcpFlow ack(boolean fromClient) {
        segment(fromClient, ACK, true, new byte[0]);
        return this;
    }

    private void segment(boolean fromClient, int flags, boolean acks, byte[] payload) {
        Endpoint src = fromClient ? client : server, dst = fromClient ? server : client;
        long seq = next[fromClient ? 0 : 1], ack = acks ? next[fromClient ? 1 : 0] : 0;
        byte[] ip = Frames.tcpChecksummed(
                src.ip(), dst.ip(), log.next() & 0xFFFF, src.port(), dst.port(), seq, ack, flags, payload);
        log.add(Frames.eth(0x0800, ip));
    }

    /** One UDP datagram between two IPv4 endpoints (UDP checksum 0: none, as RFC 768 allows over IPv4). */
    public static void datagram(FrameLog log, Endpoint src, Endpoint dst, byte[] payload) {
        log.add(Frames.eth(
                0x0800,
                Frames.ipv4(
                        src.ip(),
                        dst.ip(),
                        17,
                        log.next() & 0xFFFF,
                        0x4000,
                        Frames.udp(src.port(), dst.port(), payload))));
    }
}
