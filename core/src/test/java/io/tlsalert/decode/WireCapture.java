package io.tlsalert.decode;

import io.tlsalert.testkit.Endpoint;
import io.tlsalert.testkit.FrameLog;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.TcpFlow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.RecordComponent;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real bytes on 127.0.0.1 for {@link RealBytesTest}: a plain {@link ServerSocket} that records a real client's first
 * flight exactly as {@code read()} returned it, a plain client socket that replays bytes to a real server and records
 * its answer, external processes with a timeout that are always destroyed, and a record walker independent of the
 * decoder under test (it only needs record boundaries and handshake types to know when a flight is complete).
 */
final class WireCapture {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int SO_TIMEOUT_MS = 8_000;
    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(15);

    private WireCapture() {}

    // ------------------------------------------------------------------ what was captured

    /**
     * One direction of one TCP connection (or the datagrams of one UDP flow): every chunk as {@code read()} or
     * {@code receive()} returned it, with the ports it travelled between.
     */
    record Capture(String name, boolean udp, int srcPort, int dstPort, List<byte[]> chunks) {
        byte[] bytes() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (byte[] c : chunks) {
                b.writeBytes(c);
            }
            return b.toByteArray();
        }

        @Override
        public String toString() {
            return name + " (" + srcPort + " -> " + dstPort + ", " + bytes().length + " bytes)";
        }
    }

    // ------------------------------------------------------------------ record walking (independent of TlsDecoder)

    /** A TLS record header as found: content type, offset of the header, fragment length. */
    record Raw(int type, int offset, int length) {
        int end() {
            return offset + 5 + length;
        }
    }

    /** Whole TLS records at the start of {@code b}; {@code null} when the bytes do not end on a record boundary. */
    static List<Raw> wholeRecords(byte[] b) {
        List<Raw> out = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            if (b.length - p < 5) {
                return null;
            }
            int len = (b[p + 3] & 0xff) << 8 | b[p + 4] & 0xff;
            if (b.length - p - 5 < len) {
                return null;
            }
            out.add(new Raw(b[p] & 0xff, p, len));
            p += 5 + len;
        }
        return out;
    }

    /** Handshake message types in the plaintext handshake records (those before the first CCS or application_data). */
    static List<Integer> handshakeTypes(byte[] b, List<Raw> records) {
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        for (Raw r : records) {
            if (r.type == 20 || r.type == 23) {
                break;
            }
            if (r.type == 22) {
                hs.write(b, r.offset + 5, r.length);
            }
        }
        byte[] h = hs.toByteArray();
        List<Integer> types = new ArrayList<>();
        int p = 0;
        while (h.length - p >= 4) {
            int len = (h[p + 1] & 0xff) << 16 | (h[p + 2] & 0xff) << 8 | h[p + 3] & 0xff;
            if (h.length - p - 4 < len) {
                break;
            }
            types.add(h[p] & 0xff);
            p += 4 + len;
        }
        return types;
    }

    /** Done once the bytes end on a record boundary and {@code condition} holds for their records. */
    static Predicate<byte[]> whenRecords(java.util.function.BiPredicate<byte[], List<Raw>> condition) {
        return b -> {
            List<Raw> r = wholeRecords(b);
            return r != null && condition.test(b, r);
        };
    }

    static Predicate<byte[]> untilHandshake(int msgType) {
        return whenRecords((b, r) -> handshakeTypes(b, r).contains(msgType) || hasType(r, 21));
    }

    /** A TLS 1.3 server flight: ServerHello, then the first encrypted record (or an alert). */
    static final Predicate<byte[]> UNTIL_ENCRYPTED = whenRecords((b, r) -> hasType(r, 23) || hasType(r, 21));

    static final Predicate<byte[]> UNTIL_ALERT = whenRecords((b, r) -> hasType(r, 21));

    static boolean hasType(List<Raw> records, int type) {
        return records.stream().anyMatch(x -> x.type == type);
    }

    // ------------------------------------------------------------------ sockets

    static ServerSocket listen() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LOOPBACK, 0));
        s.setSoTimeout(SO_TIMEOUT_MS);
        return s;
    }

    /**
     * Reads from {@code in} until {@code done} holds for everything read so far, the peer closes, or the socket
     * times out (then the caller's assertions see what arrived). Each {@code read()} result is one chunk.
     */
    static List<byte[]> readUntil(InputStream in, Predicate<byte[]> done) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                break;
            } catch (IOException e) {
                // connection reset after the peer's last flight: what arrived is the capture
                break;
            }
            if (n < 0) {
                break;
            }
            chunks.add(Arrays.copyOf(buf, n));
            all.write(buf, 0, n);
            if (done.test(all.toByteArray())) {
                break;
            }
        }
        return chunks;
    }

    /**
     * Accepts one connection on {@code server} and records the client's first flight (up to a whole ClientHello).
     * {@code client} is started first, then waited for.
     */
    static Capture captureClientHello(String name, ServerSocket server, Peer client) throws Exception {
        try (client) {
            client.start();
            try (Socket s = server.accept()) {
                s.setSoTimeout(SO_TIMEOUT_MS);
                List<byte[]> chunks = readUntil(s.getInputStream(), untilHandshake(1));
                return new Capture(name, false, s.getPort(), s.getLocalPort(), chunks);
            } catch (SocketTimeoutException e) {
                throw new AssertionError(name + ": the client never connected\n" + client.transcript(), e);
            }
        }
    }

    /** Connects to {@code port}, writes {@code hello}, and records the server's answer until {@code done}. */
    static Capture replay(String name, int port, byte[] hello, Predicate<byte[]> done) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(SO_TIMEOUT_MS);
            s.connect(new InetSocketAddress(LOOPBACK, port), SO_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            out.write(hello);
            out.flush();
            List<byte[]> chunks = readUntil(s.getInputStream(), done);
            return new Capture(name, false, port, s.getLocalPort(), chunks);
        }
    }

    /** Receives one datagram on {@code socket} (after starting {@code client}). */
    static Capture captureDatagram(String name, DatagramSocket socket, Peer client) throws Exception {
        try (client) {
            client.start();
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError(name + ": no datagram arrived\n" + client.transcript(), e);
            }
            return new Capture(
                    name, true, p.getPort(), socket.getLocalPort(), List.of(Arrays.copyOf(buf, p.getLength())));
        }
    }

    /** Sends {@code datagram} to {@code port} from a fresh socket and receives one answer. */
    static Capture replayDatagram(String name, int port, byte[] datagram) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            s.setSoTimeout(SO_TIMEOUT_MS);
            s.send(new DatagramPacket(datagram, datagram.length, new InetSocketAddress(LOOPBACK, port)));
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new Capture(name, true, port, s.getLocalPort(), List.of(Arrays.copyOf(buf, p.getLength())));
        }
    }

    // ------------------------------------------------------------------ peers

    /** A peer that runs while the capture is made: an external process or an in-process JDK endpoint. */
    interface Peer extends AutoCloseable {
        void start() throws Exception;

        String transcript();

        @Override
        void close();
    }

    /**
     * An external process started when the capture is ready for it, stdout and stderr merged into a transcript. Its
     * stdin stays an open pipe (OpenSSL's s_server and s_client end the connection when their stdin reaches EOF); it
     * never logs keys (SSLKEYLOGFILE removed). Always stopped on close.
     */
    static final class Proc implements Peer {
        private final List<String> cmd;
        private final Path dir;
        private PeerProcess process;
        private Pattern readyLine;

        Proc(Path dir, List<String> cmd) {
            this.dir = dir;
            this.cmd = List.copyOf(cmd);
        }

        static Proc of(Path dir, String... cmd) {
            return new Proc(dir, List.of(cmd));
        }

        /** {@link #awaitLine} waits for a line matching {@code p}. */
        Proc readyWhen(Pattern p) {
            this.readyLine = p;
            return this;
        }

        @Override
        public void start() throws IOException {
            process = PeerProcess.start(PeerProcess.Options.in(dir).without("SSLKEYLOGFILE"), cmd);
        }

        /** Waits for the ready line; fails with the transcript when it does not come. */
        Matcher awaitLine() {
            try {
                return process.awaitLine(readyLine, PROCESS_TIMEOUT)
                        .orElseThrow(() -> new AssertionError(cmd + " did not become ready\n" + transcript()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** Waits for the process to exit by itself; returns its exit code, or fails on timeout. */
        int waitFor() {
            try {
                if (!process.awaitExit(PROCESS_TIMEOUT)) {
                    throw new AssertionError(cmd + " did not exit within " + PROCESS_TIMEOUT + "\n" + transcript());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public String transcript() {
            return "$ " + String.join(" ", cmd) + "\n" + (process == null ? "" : process.log());
        }

        @Override
        public void close() {
            if (process != null) {
                process.close();
            }
        }
    }

    /**
     * Writes the captures as one pcap (LINKTYPE_ETHERNET), each its own flow from 127.0.0.1 to 127.0.0.1 on its real
     * ports: a TCP capture gets a three-way handshake, its bytes in segments of at most 1460 bytes (so tshark has to
     * reassemble records that span segments), and a FIN; a UDP capture gets one datagram per chunk.
     */
    static void writePcap(List<Capture> captures, Path file) throws IOException {
        FrameLog log = new FrameLog(100_000L, 262144);
        for (Capture c : captures) {
            Endpoint src = new Endpoint("127.0.0.1", c.srcPort());
            Endpoint dst = new Endpoint("127.0.0.1", c.dstPort());
            if (c.udp()) {
                c.chunks().forEach(d -> log.udp(src, dst, d));
                continue;
            }
            TcpFlow flow = new TcpFlow(log, src, 1000, dst, 5000, 1460).open();
            c.chunks().forEach(chunk -> flow.send(true, chunk));
            flow.fin(true);
        }
        log.write(file);
    }

    // ------------------------------------------------------------------ hex and structure dumps

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return s.toString();
    }

    static byte[] unhex(String s) {
        s = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** A deep, stable rendering of records, arrays, lists and optionals: for comparing decodings by value. */
    static String deep(Object o) {
        StringBuilder b = new StringBuilder();
        deep(o, b);
        return b.toString();
    }

    private static void deep(Object o, StringBuilder b) {
        if (o == null) {
            b.append("null");
        } else if (o instanceof byte[] a) {
            b.append("0x").append(hex(a));
        } else if (o instanceof int[] a) {
            b.append(Arrays.toString(a));
        } else if (o instanceof Optional<?> opt) {
            if (opt.isPresent()) {
                b.append("Some(");
                deep(opt.get(), b);
                b.append(')');
            } else {
                b.append("None");
            }
        } else if (o instanceof Collection<?> c) {
            b.append('[');
            boolean first = true;
            for (Object x : c) {
                b.append(first ? "" : ", ");
                first = false;
                deep(x, b);
            }
            b.append(']');
        } else if (o instanceof Map<?, ?> m) {
            deep(m.entrySet(), b);
        } else if (o.getClass().isRecord()) {
            b.append(o.getClass().getSimpleName()).append('(');
            RecordComponent[] rc = o.getClass().getRecordComponents();
            for (int i = 0; i < rc.length; i++) {
                b.append(i == 0 ? "" : ", ").append(rc[i].getName()).append('=');
                try {
                    rc[i].getAccessor().setAccessible(true);
                    deep(rc[i].getAccessor().invoke(o), b);
                } catch (ReflectiveOperationException e) {
                    b.append('?');
                }
            }
            b.append(')');
        } else if (o instanceof String s) {
            b.append('"').append(s).append('"');
        } else {
            b.append(o);
        }
    }
}
