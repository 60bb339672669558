package io.tlsalert.capture.scan;

import static io.tlsalert.testkit.Frames.eth;
import static io.tlsalert.testkit.Frames.ipv4;
import static io.tlsalert.testkit.Frames.tcp;

import io.tlsalert.capture.net.Dissector;
import io.tlsalert.capture.net.Segment;
import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.Tools;
import io.tlsalert.testkit.CaptureWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes TCP connections packet by packet (Ethernet, IPv4, TCP) as a capture for the tests, with the sequence numbers
 * the test chooses: in order or not, repeated, overlapping, with holes.
 */
final class TcpWriter {
    static final int SYN = 2, FIN = 1, RST = 4, PSH = 8, ACK = 16;

    final List<Packet> packets = new ArrayList<>();
    private long time;
    private final long step;

    TcpWriter(long startNanos, long stepNanos) {
        this.time = startNanos;
        this.step = stepNanos;
    }

    /** One endpoint pair; sequence numbers are given relative to each side's initial sequence number. */
    final class Conn {
        final String clientIp, serverIp;
        final int clientPort, serverPort;
        final long clientIsn, serverIsn;

        Conn(String clientIp, int clientPort, long clientIsn, String serverIp, int serverPort, long serverIsn) {
            this.clientIp = clientIp;
            this.clientPort = clientPort;
            this.clientIsn = clientIsn;
            this.serverIp = serverIp;
            this.serverPort = serverPort;
            this.serverIsn = serverIsn;
        }

        /** The three-way handshake. */
        Conn open() {
            raw(true, clientIsn, 0, SYN, new byte[0]);
            raw(false, serverIsn, clientIsn + 1, SYN | ACK, new byte[0]);
            raw(true, clientIsn + 1, serverIsn + 1, ACK, new byte[0]);
            return this;
        }

        /** Data at stream offset {@code off} (0 = the first byte after the SYN); returns the frame number. */
        long data(boolean fromClient, long off, byte[] b, int from, int len) {
            return raw(
                    fromClient,
                    (fromClient ? clientIsn : serverIsn) + 1 + off,
                    0,
                    PSH | ACK,
                    Arrays.copyOfRange(b, from, from + len));
        }

        long data(boolean fromClient, long off, byte[] b) {
            return data(fromClient, off, b, 0, b.length);
        }

        /** A FIN after {@code off} bytes of this side's stream. */
        long fin(boolean fromClient, long off) {
            return raw(fromClient, (fromClient ? clientIsn : serverIsn) + 1 + off, 0, FIN | ACK, new byte[0]);
        }

        long raw(boolean fromClient, long seq, long ack, int flags, byte[] payload) {
            byte[] t = tcp(
                    fromClient ? clientPort : serverPort,
                    fromClient ? serverPort : clientPort,
                    seq & 0xFFFFFFFFL,
                    ack & 0xFFFFFFFFL,
                    flags,
                    payload);
            byte[] f = eth(
                    0x0800,
                    ipv4(
                            fromClient ? clientIp : serverIp,
                            fromClient ? serverIp : clientIp,
                            6,
                            packets.size() & 0xFFFF,
                            0x4000,
                            t));
            return add(f);
        }
    }

    Conn conn(String clientIp, int clientPort, long clientIsn, String serverIp, int serverPort, long serverIsn) {
        return new Conn(clientIp, clientPort, clientIsn, serverIp, serverPort, serverIsn);
    }

    /** Adds a whole frame; returns its frame number. */
    long add(byte[] frame) {
        Packet p = new Packet().set(packets.size() + 1, time, 1, 0, frame, 0, frame.length, frame.length);
        time += step;
        packets.add(p);
        return p.number;
    }

    /** Adds a packet read elsewhere (copied, renumbered, its own time kept). */
    long add(Packet q) {
        Packet p = q.copy();
        p.number = packets.size() + 1;
        packets.add(p);
        return p.number;
    }

    long timeOf(long frame) {
        return packets.get((int) frame - 1).timestampNanos;
    }

    /** A nanosecond pcap, little-endian, Ethernet. */
    Path write(Path file) throws IOException {
        Files.write(file, CaptureWriter.pcap(false, true, 1, 262144, Tools.frames(packets)));
        return file;
    }

    /** The two byte streams of one real TCP connection of a capture, and the order in which its flights went. */
    record Stream(int serverPort, long clientIsn, long serverIsn, byte[] client, byte[] server, List<Flight> flights) {
        byte[] bytes(boolean fromClient) {
            return fromClient ? client : server;
        }
    }

    /** A run of bytes one side sent before the other side sent any: stream offsets [from, to). */
    record Flight(boolean fromClient, int from, int to) {}

    /** Takes the (in-order, gap-free) connection to {@code serverPort} out of real packets. */
    static Stream extract(List<Packet> packets, int serverPort) {
        Dissector d = new Dissector(null);
        Segment s = new Segment();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        ByteArrayOutputStream sv = new ByteArrayOutputStream();
        long cIsn = -1, sIsn = -1;
        List<Flight> flights = new ArrayList<>();
        for (Packet p : packets) {
            if (!d.dissect(p, s) || s.protocol != 6 || (s.srcPort != serverPort && s.dstPort != serverPort)) {
                continue;
            }
            boolean fromClient = s.dstPort == serverPort;
            if ((s.flags & SYN) != 0) {
                if (fromClient) {
                    cIsn = s.seq;
                } else {
                    sIsn = s.seq;
                }
            }
            if (s.payloadLength == 0) {
                continue;
            }
            ByteArrayOutputStream o = fromClient ? c : sv;
            long expected = ((fromClient ? cIsn : sIsn) + 1 + o.size()) & 0xFFFFFFFFL;
            if (s.seq != expected) {
                throw new AssertionError("the real capture is not in order at frame " + p.number + ": seq " + s.seq
                        + ", expected " + expected);
            }
            int from = o.size();
            o.write(s.payload, s.payloadOffset, s.payloadLength);
            Flight last = flights.isEmpty() ? null : flights.get(flights.size() - 1);
            if (last != null && last.fromClient() == fromClient) {
                flights.set(flights.size() - 1, new Flight(fromClient, last.from(), o.size()));
            } else {
                flights.add(new Flight(fromClient, from, o.size()));
            }
        }
        if (cIsn < 0 || sIsn < 0) {
            throw new AssertionError("no handshake for port " + serverPort);
        }
        return new Stream(serverPort, cIsn, sIsn, c.toByteArray(), sv.toByteArray(), flights);
    }

    /** Offsets [start, end) of every TLS record in a stream. */
    static List<int[]> records(byte[] b) {
        List<int[]> r = new ArrayList<>();
        for (int p = 0; p + 5 <= b.length; ) {
            int len = (b[p + 3] & 0xff) << 8 | b[p + 4] & 0xff;
            r.add(new int[] {p, p + 5 + len, b[p] & 0xff});
            p += 5 + len;
        }
        return r;
    }
}
