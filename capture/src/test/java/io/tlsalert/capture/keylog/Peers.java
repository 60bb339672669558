package io.tlsalert.capture.keylog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: real OpenSSL peers on 127.0.0.1 with key logging, a TCP relay between them that records the bytes of
 * each direction, a record walker, the alerts the peers logged with {@code -msg}, and a pcap of the captured stream for
 * tshark.
 */
final class Peers {
    private Peers() {}

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** One chunk read by the relay, in the order chunks were read. */
    record Segment(boolean fromClient, byte[] data) {}

    /** What one connection left: the bytes each way, the peers' output and key logs. */
    record Capture(
            byte[] clientToServer,
            byte[] serverToClient,
            List<Segment> segments,
            String serverOutput,
            String clientOutput,
            Path serverKeyLog,
            Path clientKeyLog,
            int clientExit) {
        byte[] bytes(boolean fromClient) {
            return fromClient ? clientToServer : serverToClient;
        }

        @Override
        public String toString() {
            return "Capture[c→s " + clientToServer.length + " bytes, s→c " + serverToClient.length
                    + " bytes]\n--- server:\n" + serverOutput + "\n--- client:\n" + clientOutput;
        }
    }

    /** Certificates: a self-signed server certificate and an unrelated self-signed CA the server's does not chain to. */
    record Certs(Path cert, Path key, Path otherCa) {}

    static Certs certs(Path dir) throws Exception {
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Path other = dir.resolve("other-ca.pem");
        Path otherKey = dir.resolve("other-ca.key");
        exec(
                dir,
                Duration.ofSeconds(60),
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-subj",
                "/CN=localhost",
                "-days",
                "2");
        exec(
                dir,
                Duration.ofSeconds(60),
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                otherKey.toString(),
                "-out",
                other.toString(),
                "-subj",
                "/CN=Unrelated Test CA",
                "-days",
                "2");
        return new Certs(cert, key, other);
    }

    static String exec(Path dir, Duration timeout, String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "exec", ".out");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            String text = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            p.destroyForcibly();
        }
    }

    /** Only stdout of a command (tshark prints warnings on stderr). */
    static String stdout(Path dir, Duration timeout, String... cmd) throws Exception {
        Path out = Files.createTempFile(dir, "exec", ".out");
        Path err = Files.createTempFile(dir, "exec", ".err");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(
                        String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            p.destroyForcibly();
        }
    }

    /** A client run against the relay's port: returns its output (what it logged) and exit status. */
    interface Client {
        Result connect(int port, Path dir, Path clientLog, Path clientOut, OutputStream serverStdin) throws Exception;

        record Result(String output, int exit) {}
    }

    /**
     * Runs {@code openssl s_server} (one connection) and {@code openssl s_client} through a recording relay. The client
     * is fed the lines of {@code clientInput} on stdin, one at a time once its handshake is done (s_client acts on a
     * command letter only at the start of what one read returns); a line starting {@code "server> "} goes to s_server's
     * stdin instead; null: nothing, stdin kept open until it exits.
     */
    static Capture run(Path dir, Certs certs, List<String> serverArgs, List<String> clientArgs, String clientInput)
            throws Exception {
        return run(dir, certs, serverArgs, (port, d, clientLog, clientOut, serverStdin) -> {
            List<String> cmd = new ArrayList<>(List.of(
                    "openssl",
                    "s_client",
                    "-connect",
                    "127.0.0.1:" + port,
                    "-msg",
                    "-keylogfile",
                    clientLog.toString()));
            cmd.addAll(clientArgs);
            Process client = new ProcessBuilder(cmd)
                    .directory(d.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(clientOut.toFile())
                    .start();
            try {
                if (clientInput != null) {
                    OutputStream stdin = client.getOutputStream();
                    if (!waitFor(clientOut, "Verify return code", client, Duration.ofSeconds(15))) {
                        throw new AssertionError(
                                "s_client did not finish its handshake:\n" + Files.readString(clientOut));
                    }
                    for (String line : clientInput.split("(?<=\n)")) {
                        Thread.sleep(300);
                        if (!client.isAlive()) {
                            break;
                        }
                        boolean toServer = line.startsWith("server> ");
                        OutputStream to = toServer ? serverStdin : stdin;
                        to.write((toServer ? line.substring(8) : line).getBytes(StandardCharsets.US_ASCII));
                        to.flush();
                    }
                }
                if (!client.waitFor(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("s_client did not finish:\n" + Files.readString(clientOut));
                }
                return new Client.Result(Files.readString(clientOut), client.exitValue());
            } finally {
                client.destroyForcibly();
            }
        });
    }

    /** Runs {@code openssl s_server} (one connection) and {@code client} through a recording relay. */
    static Capture run(Path dir, Certs certs, List<String> serverArgs, Client client) throws Exception {
        Path serverLog = dir.resolve("server.keylog");
        Path clientLog = dir.resolve("client.keylog");
        Path serverOut = dir.resolve("server.out");
        Path clientOut = dir.resolve("client.out");
        Process server = null;
        Relay relay = null;
        try {
            int serverPort = 0;
            for (int attempt = 0; attempt < 5 && server == null; attempt++) {
                serverPort = freePort();
                List<String> cmd = new ArrayList<>(List.of(
                        "openssl",
                        "s_server",
                        "-accept",
                        "127.0.0.1:" + serverPort,
                        "-naccept",
                        "1",
                        "-msg",
                        "-keylogfile",
                        serverLog.toString(),
                        "-cert",
                        certs.cert.toString(),
                        "-key",
                        certs.key.toString()));
                cmd.addAll(serverArgs);
                Process p = new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(serverOut.toFile())
                        .start();
                if (waitFor(serverOut, "ACCEPT", p, Duration.ofSeconds(10))) {
                    server = p;
                } else {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            }
            if (server == null) {
                throw new AssertionError("s_server did not start:\n" + Files.readString(serverOut));
            }
            relay = new Relay(serverPort);
            Client.Result result = client.connect(relay.port(), dir, clientLog, clientOut, server.getOutputStream());
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("s_server did not finish:\n" + Files.readString(serverOut));
            }
            relay.await(Duration.ofSeconds(10));
            return new Capture(
                    relay.bytes(true),
                    relay.bytes(false),
                    relay.segments(),
                    Files.readString(serverOut),
                    result.output(),
                    serverLog,
                    clientLog,
                    result.exit());
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
            if (relay != null) {
                relay.close();
            }
        }
    }

    private static boolean waitFor(Path file, String text, Process p, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return true;
            }
            if (!p.isAlive()) {
                return false;
            }
            Thread.sleep(20);
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** Accepts one connection, connects to the server, copies both directions and records what it copied. */
    static final class Relay implements AutoCloseable {
        private final ServerSocket listener;
        private final List<Segment> segments = new ArrayList<>();
        private final Thread acceptor;
        private final List<Thread> pumps = new ArrayList<>();
        private volatile Socket fromClient;
        private volatile Socket toServer;
        private volatile Throwable failure;

        Relay(int serverPort) throws IOException {
            listener = new ServerSocket(0, 1, LOOPBACK);
            listener.setSoTimeout(20_000);
            acceptor = new Thread(
                    () -> {
                        try {
                            fromClient = listener.accept();
                            toServer = new Socket();
                            toServer.connect(new InetSocketAddress(LOOPBACK, serverPort), 10_000);
                            Thread a = pump(fromClient, toServer, true);
                            Thread b = pump(toServer, fromClient, false);
                            synchronized (pumps) {
                                pumps.add(a);
                                pumps.add(b);
                            }
                            a.join();
                            b.join();
                        } catch (Throwable t) {
                            failure = t;
                        } finally {
                            closeQuietly(fromClient);
                            closeQuietly(toServer);
                        }
                    },
                    "relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private Thread pump(Socket from, Socket to, boolean clientSide) {
            Thread t = new Thread(
                    () -> {
                        byte[] buf = new byte[65536];
                        try {
                            InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream();
                            for (int n; (n = in.read(buf)) >= 0; ) {
                                synchronized (segments) {
                                    segments.add(new Segment(clientSide, Arrays.copyOf(buf, n)));
                                }
                                out.write(buf, 0, n);
                                out.flush();
                            }
                            to.shutdownOutput();
                        } catch (IOException e) {
                            // a reset or the other side gone: the capture ends here for this direction
                            closeQuietly(to);
                        }
                    },
                    "relay-" + (clientSide ? "c2s" : "s2c"));
            t.setDaemon(true);
            t.start();
            return t;
        }

        void await(Duration timeout) throws InterruptedException {
            acceptor.join(timeout.toMillis());
            if (failure != null) {
                throw new AssertionError("relay failed", failure);
            }
        }

        byte[] bytes(boolean clientSide) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (Segment s : segments()) {
                if (s.fromClient() == clientSide) {
                    b.writeBytes(s.data());
                }
            }
            return b.toByteArray();
        }

        List<Segment> segments() {
            synchronized (segments) {
                return List.copyOf(segments);
            }
        }

        @Override
        public void close() {
            closeQuietly(listener);
            closeQuietly(fromClient);
            closeQuietly(toServer);
            acceptor.interrupt();
        }

        private static void closeQuietly(AutoCloseable c) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing anyway
                }
            }
        }
    }

    // ---- records ----------------------------------------------------------------------------------------------------

    /** A record within a direction's bytes. */
    record Rec(int offset, int type, int length) {
        int total() {
            return 5 + length;
        }
    }

    /** The whole records of one direction (a trailing partial record is left out). */
    static List<Rec> records(byte[] b) {
        List<Rec> out = new ArrayList<>();
        int pos = 0;
        while (b.length - pos >= 5) {
            int len = (b[pos + 3] & 0xff) << 8 | b[pos + 4] & 0xff;
            if (len > b.length - pos - 5) {
                break;
            }
            out.add(new Rec(pos, b[pos] & 0xff, len));
            pos += 5 + len;
        }
        return out;
    }

    /** What the hellos say: both randoms, the suite and the version the ServerHello chose. */
    record Hellos(byte[] clientRandom, byte[] serverRandom, int cipherSuite, int version) {}

    static Hellos hellos(Capture c) {
        byte[] ch = c.clientToServer();
        byte[] sh = c.serverToClient();
        if (ch.length < 43 || ch[0] != 22 || ch[5] != 1) {
            throw new AssertionError("no ClientHello at the start of the client's bytes");
        }
        if (sh.length < 43 || sh[0] != 22 || sh[5] != 2) {
            throw new AssertionError("no ServerHello at the start of the server's bytes");
        }
        byte[] clientRandom = Arrays.copyOfRange(ch, 11, 43);
        byte[] serverRandom = Arrays.copyOfRange(sh, 11, 43);
        int version = (sh[9] & 0xff) << 8 | sh[10] & 0xff;
        int p = 43;
        int sid = sh[p] & 0xff;
        p += 1 + sid;
        int suite = (sh[p] & 0xff) << 8 | sh[p + 1] & 0xff;
        p += 3; // suite, compression
        int end = 9 + ((sh[6] & 0xff) << 16 | (sh[7] & 0xff) << 8 | sh[8] & 0xff);
        if (p + 2 <= end) {
            int extEnd = p + 2 + ((sh[p] & 0xff) << 8 | sh[p + 1] & 0xff);
            p += 2;
            while (p + 4 <= extEnd) {
                int type = (sh[p] & 0xff) << 8 | sh[p + 1] & 0xff;
                int len = (sh[p + 2] & 0xff) << 8 | sh[p + 3] & 0xff;
                if (type == 43 && len == 2) {
                    version = (sh[p + 4] & 0xff) << 8 | sh[p + 5] & 0xff;
                }
                p += 4 + len;
            }
        }
        return new Hellos(clientRandom, serverRandom, suite, version);
    }

    /**
     * What a decryptor of a direction is given: for TLS 1.3 the records after the leading handshake record(s) (the
     * ClientHello or ServerHello); for TLS 1.2 the records from the first ChangeCipherSpec on.
     */
    static List<Rec> protectedRecords(byte[] b, boolean tls13) {
        List<Rec> all = records(b);
        for (int i = 0; i < all.size(); i++) {
            int type = all.get(i).type();
            if (tls13 ? type != 22 : type == 20) {
                return all.subList(i, all.size());
            }
        }
        return List.of();
    }

    // ---- what the peers logged --------------------------------------------------------------------------------------

    /** An alert as a peer's {@code -msg} output shows it. */
    record LoggedAlert(int level, int description, String name) {}

    private static final Pattern MSG_ALERT = Pattern.compile(
            "(>>>|<<<) [^\\n]*?, Alert \\[length 0002\\], (fatal|warning) (\\w+)\\s*\\n\\s+([0-9a-f]{2}) ([0-9a-f]{2})");

    /** The alerts a peer's {@code -msg} output says it sent ({@code >>>}). */
    static List<LoggedAlert> sentAlerts(String msgOutput) {
        return alerts(msgOutput, ">>>");
    }

    /** The alerts a peer's {@code -msg} output says it received ({@code <<<}). */
    static List<LoggedAlert> receivedAlerts(String msgOutput) {
        return alerts(msgOutput, "<<<");
    }

    private static List<LoggedAlert> alerts(String msgOutput, String direction) {
        List<LoggedAlert> out = new ArrayList<>();
        Matcher m = MSG_ALERT.matcher(msgOutput);
        while (m.find()) {
            if (m.group(1).equals(direction)) {
                out.add(new LoggedAlert(
                        Integer.parseInt(m.group(4), 16), Integer.parseInt(m.group(5), 16), m.group(3)));
            }
        }
        return out;
    }

    // ---- pcap -------------------------------------------------------------------------------------------------------

    static final int PCAP_CLIENT_PORT = 49152;
    static final int PCAP_SERVER_PORT = 443;

    /**
     * Writes the capture as a classic pcap of one TCP stream (Ethernet, IPv4 192.0.2.1:49152 → 192.0.2.2:443): the
     * three-way handshake, the relay's chunks in the order they were read (split at 1448 bytes) with correct sequence
     * and acknowledgement numbers and checksums, then FINs.
     */
    static void writePcap(Capture c, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        le32(out, 0xa1b2c3d4);
        le16(out, 2);
        le16(out, 4);
        le32(out, 0);
        le32(out, 0);
        le32(out, 65535);
        le32(out, 1); // Ethernet
        long[] seq = {1_000_000L, 2_000_000L}; // client's, server's next sequence number
        long[] time = {1_700_000_000_000_000L};
        packet(out, time, true, seq[0], 0, 0x02, new byte[0]); // SYN
        seq[0]++;
        packet(out, time, false, seq[1], seq[0], 0x12, new byte[0]); // SYN, ACK
        seq[1]++;
        packet(out, time, true, seq[0], seq[1], 0x10, new byte[0]);
        for (Segment s : c.segments()) {
            int me = s.fromClient() ? 0 : 1;
            for (int off = 0; off < s.data().length; off += 1448) {
                byte[] chunk = Arrays.copyOfRange(s.data(), off, Math.min(s.data().length, off + 1448));
                packet(out, time, s.fromClient(), seq[me], seq[1 - me], 0x18, chunk); // PSH, ACK
                seq[me] += chunk.length;
            }
        }
        packet(out, time, true, seq[0], seq[1], 0x11, new byte[0]); // FIN, ACK
        seq[0]++;
        packet(out, time, false, seq[1], seq[0], 0x11, new byte[0]);
        seq[1]++;
        packet(out, time, true, seq[0], seq[1], 0x10, new byte[0]);
        Files.write(file, out.toByteArray());
    }

    private static void packet(
            ByteArrayOutputStream out, long[] time, boolean fromClient, long seq, long ack, int flags, byte[] payload) {
        byte[] src = {(byte) 192, 0, 2, (byte) (fromClient ? 1 : 2)};
        byte[] dst = {(byte) 192, 0, 2, (byte) (fromClient ? 2 : 1)};
        int sport = fromClient ? PCAP_CLIENT_PORT : PCAP_SERVER_PORT;
        int dport = fromClient ? PCAP_SERVER_PORT : PCAP_CLIENT_PORT;
        byte[] tcp = new byte[20 + payload.length];
        put16(tcp, 0, sport);
        put16(tcp, 2, dport);
        put32(tcp, 4, seq);
        put32(tcp, 8, ack);
        tcp[12] = 5 << 4;
        tcp[13] = (byte) flags;
        put16(tcp, 14, 65535);
        System.arraycopy(payload, 0, tcp, 20, payload.length);
        byte[] pseudo = new byte[12 + tcp.length];
        System.arraycopy(src, 0, pseudo, 0, 4);
        System.arraycopy(dst, 0, pseudo, 4, 4);
        pseudo[9] = 6;
        put16(pseudo, 10, tcp.length);
        System.arraycopy(tcp, 0, pseudo, 12, tcp.length);
        put16(tcp, 16, checksum(pseudo));
        byte[] ip = new byte[20 + tcp.length];
        ip[0] = 0x45;
        put16(ip, 2, ip.length);
        ip[6] = 0x40; // don't fragment
        ip[8] = 64;
        ip[9] = 6;
        System.arraycopy(src, 0, ip, 12, 4);
        System.arraycopy(dst, 0, ip, 16, 4);
        put16(ip, 10, checksum(Arrays.copyOf(ip, 20)));
        System.arraycopy(tcp, 0, ip, 20, tcp.length);
        byte[] frame = new byte[14 + ip.length];
        byte[] macA = {2, 0, 0, 0, 0, 1};
        byte[] macB = {2, 0, 0, 0, 0, 2};
        System.arraycopy(fromClient ? macB : macA, 0, frame, 0, 6);
        System.arraycopy(fromClient ? macA : macB, 0, frame, 6, 6);
        frame[12] = 0x08;
        System.arraycopy(ip, 0, frame, 14, ip.length);
        time[0] += 1000;
        le32(out, (int) (time[0] / 1_000_000));
        le32(out, (int) (time[0] % 1_000_000));
        le32(out, frame.length);
        le32(out, frame.length);
        out.writeBytes(frame);
    }

    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static void put16(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void le16(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
    }

    private static void le32(ByteArrayOutputStream o, int v) {
        o.write(v);
        o.write(v >>> 8);
        o.write(v >>> 16);
        o.write(v >>> 24);
    }

    /** An alert tshark decoded: who sent it, its level and description. */
    record SharkAlert(boolean fromClient, int level, int description) {}

    /** The alerts tshark finds in the pcap with the key log, in packet order. */
    static List<SharkAlert> tsharkAlerts(Path dir, Path pcap, Path keyLog) throws Exception {
        String out = stdout(
                dir,
                Duration.ofSeconds(60),
                "tshark",
                "-n",
                "-o",
                "tls.keylog_file:" + keyLog,
                "-d",
                "tcp.port==" + PCAP_SERVER_PORT + ",tls",
                "-r",
                pcap.toString(),
                "-Y",
                "tls.alert_message",
                "-T",
                "fields",
                "-e",
                "tcp.srcport",
                "-e",
                "tls.alert_message.level",
                "-e",
                "tls.alert_message.desc");
        List<SharkAlert> alerts = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            boolean fromClient = Integer.parseInt(f[0].trim()) == PCAP_CLIENT_PORT;
            String[] levels = f[1].split(",");
            String[] descs = f[2].split(",");
            for (int i = 0; i < descs.length; i++) {
                alerts.add(new SharkAlert(
                        fromClient, Integer.parseInt(levels[i].trim()), Integer.parseInt(descs[i].trim())));
            }
        }
        return alerts;
    }

    /** Packets whose IP or TCP checksum tshark finds wrong (checking turned on). */
    static String badChecksums(Path dir, Path pcap) throws Exception {
        return stdout(
                dir,
                Duration.ofSeconds(60),
                "tshark",
                "-n",
                "-o",
                "ip.check_checksum:TRUE",
                "-o",
                "tcp.check_checksum:TRUE",
                "-r",
                pcap.toString(),
                "-Y",
                "ip.checksum.status != 1 || tcp.checksum.status != 1 || tcp.analysis.flags",
                "-T",
                "fields",
                "-e",
                "frame.number");
    }
}
