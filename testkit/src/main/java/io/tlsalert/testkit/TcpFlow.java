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

    private final FrameLog log;
    private final Endpoint client, server;
    private final int mss;
    /** The sequence number each side sends next. */
    private long clientNext, serverNext;

    public TcpFlow(FrameLog log, Endpoint client, long clientIsn, Endpoint server, long serverIsn, int mss) {
        this.log = log;
        this.client = client;
        this.server = server;
        this.mss = mss;
        this.clientNext = clientIsn;
        this.serverNext = serverIsn;
    }

    /** SYN, SYN+ACK, ACK. */
    public TcpFlow open() {
        segment(true, SYN, false, new byte[0]);
        clientNext++; // a SYN takes one sequence number
        segment(false, SYN | ACK, true, new byte[0]);
        serverNext++;
        segment(true, ACK, true, new byte[0]);
        return this;
    }

    /** {@code data} from one side, PSH+ACK, split at the MSS. */
    public TcpFlow send(boolean fromClient, byte[] data) {
        for (int off = 0; off < data.length; off += mss) {
            byte[] chunk = Arrays.copyOfRange(data, off, Math.min(data.length, off + mss));
            segment(fromClient, PSH | ACK, true, chunk);
            advance(fromClient, chunk.length);
        }
        return this;
    }

    /** FIN+ACK from one side. */
    public TcpFlow fin(boolean fromClient) {
        segment(fromClient, FIN | ACK, true, new byte[0]);
        advance(fromClient, 1); // so does a FIN
        return this;
    }

    /** A bare ACK from one side. */
    public TcpFlow ack(boolean fromClient) {
        segment(fromClient, ACK, true, new byte[0]);
        return this;
    }

    private void segment(boolean fromClient, int flags, boolean acks, byte[] payload) {
        Endpoint src = fromClient ? client : server, dst = fromClient ? server : client;
        long seq = fromClient ? clientNext : serverNext;
        long ack = acks ? (fromClient ? serverNext : clientNext) : 0;
        byte[] ip = Frames.tcpChecksummed(
                src.ip(), dst.ip(), log.next() & 0xFFFF, src.port(), dst.port(), seq, ack, flags, payload);
        log.add(Frames.eth(0x0800, ip));
    }

    private void advance(boolean fromClient, int n) {
        if (fromClient) {
            clientNext += n;
        } else {
            serverNext += n;
        }
    }
}
