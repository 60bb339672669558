package io.tlsalert.capture.keylog;

import io.tlsalert.testkit.Commands;
import io.tlsalert.testkit.Endpoint;
import io.tlsalert.testkit.FrameLog;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.Ports;
import io.tlsalert.testkit.TcpFlow;
import io.tlsalert.testkit.Tshark;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: real OpenSSL peers on 127.0.0.1 with key logging, a TCP relay between them that records the bytes of
 * each direction, a record walker, the alerts the peers logged with {@code -msg}, and a pcap of the captured stream for
 * tshark.
 */
final class Peers {
    private Peers() {}

    static final InetAddress LOOPBACK = Ports.LOOPBACK;

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
        Pki.Leaf server = Pki.selfSigned(
                dir.resolve("server.pem"), dir.resolve("server.key"), "/CN=localhost", Pki.KeyType.RSA, 2);
        Pki.Leaf other = Pki.selfSigned(
                dir.resolve("other-ca.pem"), dir.resolve("other-ca.key"), "/CN=Unrelated Test CA", Pki.KeyType.RSA, 2);
        return new Certs(server.cert(), server.key(), other.cert());
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
            try (PeerProcess client = PeerProcess.start(d, clientOut, cmd)) {
                if (clientInput != null) {
                    OutputStream stdin = client.stdin();
                    if (!client.awaitOutput("Verify return code", Duration.ofSeconds(15))) {
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
                if (!client.awaitExit(Duration.ofSeconds(20))) {
                    throw new AssertionError("s_client did not finish:\n" + Files.readString(clientOut));
                }
                return new Client.Result(Files.readString(clientOut), client.exitValue());
            }
        });
    }

    /** Runs {@code openssl s_server} (one connection) and {@code client} through a recording relay. */
    static Capture run(Path dir, Certs certs, List<String> serverArgs, Client client) throws Exception {
        Path serverLog = dir.resolve("server.keylog");
        Path clientLog = dir.resolve("client.keylog");
        Path serverOut = dir.resolve("server.out");
        Path clientOut = dir.resolve("client.out");
        OpensslServer server = null;
        Relay relay = null;
        try {
            List<String> cmd = new ArrayList<>(List.of(
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
            server = OpensslServer.start(dir, serverOut, cmd);
            int serverPort = server.port();
            relay = new Relay(serverPort);
            Client.Result result = client.connect(relay.port(), dir, clientLog, clientOut, server.stdin());
            if (!server.process().awaitExit(Duration.ofSeconds(10))) {
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
                server.close();
            }
            if (relay != null) {
                relay.close();
            }
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
        FrameLog log = new FrameLog(1_000_000L, 65535);
        TcpFlow flow = new TcpFlow(
                        log,
                        new Endpoint("192.0.2.1", PCAP_CLIENT_PORT),
                        1_000_000L,
                        new Endpoint("192.0.2.2", PCAP_SERVER_PORT),
                        2_000_000L,
                        1448)
                .open();
        for (Segment s : c.segments()) {
            flow.send(s.fromClient(), s.data());
        }
        flow.fin(true).fin(false).ack(true);
        log.write(file);
    }

    /** An alert tshark decoded: who sent it, its level and description. */
    record SharkAlert(boolean fromClient, int level, int description) {}

    /** The alerts tshark finds in the pcap with the key log, in packet order. */
    static List<SharkAlert> tsharkAlerts(Path dir, Path pcap, Path keyLog) throws Exception {
        List<SharkAlert> alerts = new ArrayList<>();
        for (String[] f : Tshark.fields(
                pcap,
                List.of(
                        "-o",
                        "tls.keylog_file:" + keyLog,
                        "-d",
                        "tcp.port==" + PCAP_SERVER_PORT + ",tls",
                        "-Y",
                        "tls.alert_message"),
                List.of("tcp.srcport", "tls.alert_message.level", "tls.alert_message.desc"),
                ",")) {
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
        return Commands.stdout(
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
