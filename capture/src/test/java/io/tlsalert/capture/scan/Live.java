package io.tlsalert.capture.scan;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.capture.pcap.Captures;
import io.tlsalert.capture.pcap.PacketSource;
import io.tlsalert.testkit.Commands;
import io.tlsalert.testkit.Dumpcap;
import io.tlsalert.testkit.JdkTlsServer;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.Ports;
import io.tlsalert.testkit.Tshark;
import io.tlsalert.wire.AlertLevel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * One real capture, recorded once per test JVM and shared by the scan tests: dumpcap on {@code lo} records failing
 * (and healthy) TLS handshakes between real peers on 127.0.0.1 — openssl s_server/s_client, the JDK's
 * SSLServerSocket/SSLSocket and curl — each case on its own listening port. Every OpenSSL peer and curl log their
 * secrets; {@link #keys} holds all of them. The files stay under {@code target/scan-live} for inspection.
 */
final class Live {
    /** Case ids. */
    static final String PROTOCOL_VERSION = "protocol_version";

    static final String HANDSHAKE_FAILURE = "handshake_failure (curl)";
    static final String HANDSHAKE_FAILURE_JDK = "handshake_failure (JDK)";
    static final String UNKNOWN_CA = "unknown_ca";
    static final String CERTIFICATE_REQUIRED = "certificate_required";
    static final String UNRECOGNIZED_NAME = "unrecognized_name";
    static final String CLOSE_NOTIFY = "close_notify";
    static final String HEALTHY_13 = "healthy TLS 1.3 (curl)";
    static final String CLIENT_UNKNOWN_CA = "unknown_ca from the client";
    static final String CLIENT_CERTIFICATE_UNKNOWN_JDK = "certificate_unknown from the JDK client";
    static final String CLIENT_UNKNOWN_CA_13 = "unknown_ca from a TLS 1.3 client";

    static final List<String> CASES = List.of(
            PROTOCOL_VERSION,
            HANDSHAKE_FAILURE,
            HANDSHAKE_FAILURE_JDK,
            UNKNOWN_CA,
            CERTIFICATE_REQUIRED,
            UNRECOGNIZED_NAME,
            CLOSE_NOTIFY,
            HEALTHY_13,
            CLIENT_UNKNOWN_CA,
            CLIENT_CERTIFICATE_UNKNOWN_JDK,
            CLIENT_UNKNOWN_CA_13);

    final Path dir;
    final Path pcapng;
    final Path keys;
    /** Case id to its listening (server) port. */
    final Map<String, Integer> ports;

    private Live(Path dir, Path pcapng, Path keys, Map<String, Integer> ports) {
        this.dir = dir;
        this.pcapng = pcapng;
        this.keys = keys;
        this.ports = ports;
    }

    int serverPort(String id) {
        return ports.get(id);
    }

    String caseOf(int port) {
        return ports.entrySet().stream()
                .filter(e -> e.getValue() == port)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private static Live instance;
    private static Throwable failure;

    static boolean available() {
        return Commands.has("dumpcap")
                && Commands.has("tshark")
                && Commands.has("editcap")
                && Commands.has("openssl")
                && Commands.has("curl")
                && "root".equals(System.getProperty("user.name"));
    }

    /** The shared capture; skips the calling test when capturing is impossible here. */
    static synchronized Live get() {
        assumeTrue(available(), "needs root, dumpcap, tshark, editcap, openssl and curl");
        if (instance == null && failure == null) {
            try {
                instance = record(target().resolve("scan-live"));
            } catch (Throwable t) {
                failure = t;
            }
        }
        if (failure != null) {
            throw new AssertionError("recording the live capture failed: " + failure, failure);
        }
        return instance;
    }

    static Path target() {
        return Path.of(System.getProperty("basedir", ".")).resolve("target").toAbsolutePath();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Live record(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (var s = Files.list(dir)) {
            for (Path p : s.collect(Collectors.toList())) {
                if (Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        }
        Certs certs = Certs.make(dir);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String c : CASES) {
            ports.put(c, Ports.freeBelowEphemeral(ports.values()));
        }
        Path pcapng = dir.resolve("live.pcapng");
        String filter = ports.values().stream().map(p -> "tcp port " + p).collect(Collectors.joining(" or "));
        List<PeerProcess> all = Collections.synchronizedList(new ArrayList<>());
        try (Dumpcap dumpcap = Dumpcap.loopback(pcapng, filter, "-q")) {
            Run run = new Run(dir, certs, all);
            // protocol_version: the server speaks only TLS 1.3, the client only TLS 1.2.
            run.openssl(PROTOCOL_VERSION, ports.get(PROTOCOL_VERSION), List.of("-tls1_3"), List.of("-tls1_2"), null);
            // handshake_failure: no cipher suite in common under TLS 1.2 (curl as the client).
            run.curlAgainstOpenssl(
                    HANDSHAKE_FAILURE,
                    ports.get(HANDSHAKE_FAILURE),
                    List.of("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                    List.of("--tlsv1.2", "--tls-max", "1.2", "--ciphers", "ECDHE-ECDSA-CHACHA20-POLY1305"));
            // handshake_failure between the JDK's own SSLServerSocket and SSLSocket.
            run.jdk(HANDSHAKE_FAILURE_JDK, ports.get(HANDSHAKE_FAILURE_JDK));
            // unknown_ca: TLS 1.2 (plaintext alert), the client's certificate is from another CA.
            run.openssl(
                    UNKNOWN_CA,
                    ports.get(UNKNOWN_CA),
                    List.of("-tls1_2", "-Verify", "1", "-verify_return_error", "-CAfile", certs.caA.toString()),
                    List.of("-tls1_2", "-cert", certs.clientCert.toString(), "-key", certs.clientKey.toString()),
                    null);
            // certificate_required: TLS 1.3, the client sends no certificate: the alert is encrypted.
            run.openssl(
                    CERTIFICATE_REQUIRED,
                    ports.get(CERTIFICATE_REQUIRED),
                    List.of("-tls1_3", "-Verify", "1", "-CAfile", certs.caA.toString()),
                    List.of("-tls1_3"),
                    null);
            // unrecognized_name: the server knows good.test only and is told to be strict about it.
            run.openssl(
                    UNRECOGNIZED_NAME,
                    ports.get(UNRECOGNIZED_NAME),
                    List.of(
                            "-tls1_2",
                            "-servername",
                            "good.test",
                            "-servername_fatal",
                            "-cert2",
                            certs.serverCert.toString(),
                            "-key2",
                            certs.serverKey.toString()),
                    List.of("-tls1_2", "-servername", "bad.test"),
                    null);
            // close_notify: a healthy TLS 1.2 AES-GCM exchange (one line of data) that the client quits with "Q".
            run.openssl(
                    CLOSE_NOTIFY,
                    ports.get(CLOSE_NOTIFY),
                    List.of("-tls1_2"),
                    List.of("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"),
                    "hello from s_client\nQ\n");
            // A healthy TLS 1.3 connection: curl fetches s_server's status page.
            run.curlAgainstOpenssl(HEALTHY_13, ports.get(HEALTHY_13), List.of("-tls1_3", "-www"), List.of("--tlsv1.3"));
            // The client refuses the server's certificate (TLS 1.2, plaintext alert from the client): s_client ...
            run.openssl(
                    CLIENT_UNKNOWN_CA,
                    ports.get(CLIENT_UNKNOWN_CA),
                    List.of("-tls1_2"),
                    List.of("-tls1_2", "-verify_return_error", "-CAfile", certs.caA.toString()),
                    null);
            // ... and the JDK's SSLSocket with its default trust store.
            run.jdkClientAgainstOpenssl(
                    CLIENT_CERTIFICATE_UNKNOWN_JDK, ports.get(CLIENT_CERTIFICATE_UNKNOWN_JDK), List.of("-tls1_2"));
            // A TLS 1.3 s_client refuses the server's certificate: its alert is a plaintext record (15 03 03 00 02 02
            // 30) after the server's encrypted flight.
            run.openssl(
                    CLIENT_UNKNOWN_CA_13,
                    ports.get(CLIENT_UNKNOWN_CA_13),
                    List.of("-tls1_3"),
                    List.of("-tls1_3", "-verify_return_error", "-CAfile", certs.caA.toString()),
                    null);
            Thread.sleep(300);
        } finally {
            for (PeerProcess p : all) {
                p.close();
            }
        }
        Path keys = dir.resolve("keys.log");
        StringBuilder sb = new StringBuilder();
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().collect(Collectors.toList())) {
                if (p.getFileName().toString().endsWith(".keys")) {
                    sb.append(Files.readString(p));
                }
            }
        }
        Files.writeString(keys, sb.toString());
        return new Live(dir, pcapng, keys, ports);
    }

    /** Key material: a server certificate, CA A (trusted by the server), CA B and a client certificate from B. */
    record Certs(Path serverCert, Path serverKey, Path caA, Path clientCert, Path clientKey, Path serverP12) {
        static Certs make(Path dir) throws Exception {
            Path sc = dir.resolve("server.pem"), sk = dir.resolve("server.key");
            Path caA = dir.resolve("ca-a.pem"), caAk = dir.resolve("ca-a.key");
            Path caB = dir.resolve("ca-b.pem"), caBk = dir.resolve("ca-b.key");
            Path cc = dir.resolve("client.pem"), ck = dir.resolve("client.key");
            Path p12 = dir.resolve("server.p12");
            Pki.selfSigned(sc, sk, "/CN=localhost", Pki.KeyType.EC, 2);
            Pki.selfSigned(caA, caAk, "/CN=Test CA A", Pki.KeyType.EC, 2);
            Pki.Leaf b = Pki.selfSigned(caB, caBk, "/CN=Test CA B", Pki.KeyType.EC, 2);
            Pki.signedBy(b, cc, ck, "client", Pki.KeyType.EC, 2);
            Commands.run(
                    dir,
                    "keytool",
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=localhost",
                    "-validity",
                    "2",
                    "-keystore",
                    p12.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    "changeit");
            return new Certs(sc, sk, caA, cc, ck, p12);
        }
    }

    /** Runs the peers of each case, one case at a time. */
    private static final class Run {
        final Path dir;
        final Certs certs;
        final List<PeerProcess> all;

        Run(Path dir, Certs certs, List<PeerProcess> all) {
            this.dir = dir;
            this.certs = certs;
            this.all = all;
        }

        private String file(String id, String what) {
            return dir.resolve(id.replaceAll("[^A-Za-z0-9_.]+", "_") + "." + what)
                    .toString();
        }

        private PeerProcess start(List<String> cmd, String out, Map<String, String> env) throws IOException {
            PeerProcess p = PeerProcess.start(dir, Path.of(out), cmd, env == null ? Map.of() : env);
            all.add(p);
            return p;
        }

        /** s_server with one connection, its stdin kept open (on EOF it would quit); returns once it accepts. */
        private PeerProcess server(String id, int port, List<String> args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(
                    "-naccept",
                    "1",
                    "-keylogfile",
                    file(id, "server.keys"),
                    "-cert",
                    certs.serverCert.toString(),
                    "-key",
                    certs.serverKey.toString()));
            cmd.addAll(args);
            PeerProcess server = OpensslServer.on(port, dir, Path.of(file(id, "server.out")), cmd)
                    .process();
            all.add(server);
            return server;
        }

        private void finish(String id, PeerProcess client, PeerProcess server, String clientOut) throws Exception {
            try (client;
                    server) {
                if (!client.awaitExit(Duration.ofSeconds(15))) {
                    throw new AssertionError(
                            id + ": the client did not finish:\n" + Files.readString(Path.of(clientOut)));
                }
                server.awaitExit(Duration.ofSeconds(3));
            }
        }

        void openssl(String id, int port, List<String> serverArgs, List<String> clientArgs, String input)
                throws Exception {
            PeerProcess server = server(id, port, serverArgs);
            List<String> cmd = new ArrayList<>(List.of(
                    "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-keylogfile", file(id, "client.keys")));
            cmd.addAll(clientArgs);
            String out = file(id, "client.out");
            PeerProcess client = start(cmd, out, null);
            if (input != null) {
                // s_client reads its stdin once the handshake is done; the lines wait in the pipe until then. Each line
                // is one read (a pause between them): a read starting with "Q" quits, any other is sent as data.
                OutputStream in = client.stdin();
                for (String line : input.split("(?<=\n)")) {
                    in.write(line.getBytes(StandardCharsets.US_ASCII));
                    in.flush();
                    Thread.sleep(300);
                }
            }
            finish(id, client, server, out);
        }

        void curlAgainstOpenssl(String id, int port, List<String> serverArgs, List<String> curlArgs) throws Exception {
            PeerProcess server = server(id, port, serverArgs);
            List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "-k", "--max-time", "10", "-o", "/dev/null"));
            cmd.addAll(curlArgs);
            cmd.add("https://127.0.0.1:" + port + "/");
            String out = file(id, "client.out");
            PeerProcess client = start(cmd, out, Map.of("SSLKEYLOGFILE", file(id, "curl.keys")));
            client.stdin().close();
            finish(id, client, server, out);
        }

        /** The JDK's SSLSocket (default trust store, TLS 1.2) against s_server's self-signed certificate. */
        void jdkClientAgainstOpenssl(String id, int port, List<String> serverArgs) throws Exception {
            PeerProcess server = server(id, port, serverArgs);
            String result;
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, null, null);
                try (SSLSocket c = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                    c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                    c.setSoTimeout(10_000);
                    c.setEnabledProtocols(new String[] {"TLSv1.2"});
                    c.startHandshake();
                    result = "the JDK client's handshake succeeded";
                } catch (javax.net.ssl.SSLException expected) {
                    result = expected.toString();
                }
                server.awaitExit(Duration.ofSeconds(3));
            } finally {
                server.close();
            }
            Files.writeString(Path.of(file(id, "jdk.out")), result);
        }

        /** The JDK on both ends, TLS 1.2, no cipher suite in common: the JDK server answers handshake_failure. */
        void jdk(String id, int port) throws Exception {
            SSLContext serverCtx = JdkTlsServer.contextFromPkcs12(certs.serverP12, "changeit".toCharArray());
            SSLContext clientCtx = SSLContext.getInstance("TLS");
            clientCtx.init(null, null, null);
            List<Throwable> outcomes = Collections.synchronizedList(new ArrayList<>());
            SSLServerSocket ss = JdkTlsServer.listen(serverCtx, port, Duration.ofSeconds(10));
            ss.setEnabledProtocols(new String[] {"TLSv1.2"});
            ss.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"});
            try (JdkTlsServer<Throwable> server = JdkTlsServer.serve(
                    ss,
                    Duration.ofSeconds(10),
                    s -> {
                        s.startHandshake();
                        return new AssertionError("the JDK server's handshake succeeded");
                    },
                    e -> e)) {
                try (SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket()) {
                    c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                    c.setSoTimeout(10_000);
                    c.setEnabledProtocols(new String[] {"TLSv1.2"});
                    c.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
                    c.startHandshake();
                    outcomes.add(new AssertionError("the JDK client's handshake succeeded"));
                } catch (javax.net.ssl.SSLException expected) {
                    outcomes.add(expected);
                }
                outcomes.add(server.result(Duration.ofSeconds(15))
                        .orElseThrow(() -> new AssertionError(id + ": the JDK server did not finish")));
            }
            Files.writeString(Path.of(file(id, "jdk.out")), outcomes.toString());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Scans a file; warnings of the reader and the scanner go to {@code warnings} as "frame: message". */
    static List<Connection> scan(Path file, KeyLog keyLog, List<String> warnings) throws IOException {
        List<Connection> out = new ArrayList<>();
        Scanner.Options o = keyLog == null
                ? Scanner.Options.defaults()
                : Scanner.Options.defaults().withKeyLog(keyLog);
        Scanner s = new Scanner(o, out::add, (frame, msg) -> warnings.add(frame + ": " + msg));
        try (PacketSource src = Captures.open(file, (f, m) -> warnings.add(f + ": " + m))) {
            s.scan(src);
        }
        return out;
    }

    static int port(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** An alert as both tools can say it: frame, level, description (-1: not known), the sender's TCP port. */
    record Row(long frame, int level, int code, int srcPort) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int c = Long.compare(frame, o.frame);
            if (c == 0) {
                c = Integer.compare(srcPort, o.srcPort);
            }
            if (c == 0) {
                c = Integer.compare(code, o.code);
            }
            return c != 0 ? c : Integer.compare(level, o.level);
        }
    }

    static Row row(Connection c, AlertEvent a) {
        return new Row(
                a.frame(),
                a.level().map(AlertLevel::value).orElse(-1),
                a.code().orElse(-1),
                port(a.from() == Peer.SERVER ? c.server() : c.client()));
    }

    /** The scan's alerts, as rows; {@code plaintextOnly}: those not encrypted. */
    static List<Row> rows(List<Connection> cs, boolean plaintextOnly) {
        List<Row> r = new ArrayList<>();
        for (Connection c : cs) {
            for (AlertEvent a : c.alerts()) {
                if (!plaintextOnly || !a.encrypted()) {
                    r.add(row(c, a));
                }
            }
        }
        Collections.sort(r);
        return r;
    }

    /**
     * tshark's alerts: {@code tshark -r file [-o tls.keylog_file:K] -Y tls.alert_message -T fields -e frame.number
     * -e tls.alert_message.level -e tls.alert_message.desc -e ip.src -e tcp.srcport}. An alert tshark cannot read
     * (encrypted) has level and code -1. Extra {@code -o} preferences may be given.
     */
    static List<Row> tshark(Path file, Path keyLog, String... prefs) {
        List<String> options = new ArrayList<>();
        if (keyLog != null) {
            options.addAll(List.of("-o", "tls.keylog_file:" + keyLog));
        }
        for (String p : prefs) {
            options.addAll(List.of("-o", p));
        }
        options.addAll(List.of("-Y", "tls.alert_message"));
        List<Row> rows = new ArrayList<>();
        for (String[] f : Tshark.fields(
                file,
                options,
                List.of("frame.number", "tls.alert_message.level", "tls.alert_message.desc", "ip.src", "tcp.srcport"),
                ",")) {
            long frame = Long.parseLong(f[0]);
            int port = Integer.parseInt(f[4].split(",")[0]);
            if (f[1].isEmpty()) {
                rows.add(new Row(frame, -1, -1, port));
                continue;
            }
            String[] levels = f[1].split(",");
            String[] descs = f[2].split(",");
            for (int i = 0; i < levels.length; i++) {
                rows.add(new Row(frame, Integer.parseInt(levels[i]), Integer.parseInt(descs[i]), port));
            }
        }
        Collections.sort(rows);
        return rows;
    }

    static String describe(List<Connection> cs) {
        StringBuilder sb = new StringBuilder();
        for (Connection c : cs) {
            sb.append(c.client())
                    .append(" -> ")
                    .append(c.server())
                    .append(" sni=")
                    .append(c.sni())
                    .append(" ")
                    .append(c.version())
                    .append(" ")
                    .append(c.outcome())
                    .append(" closed_by=")
                    .append(c.closedBy())
                    .append('\n');
            for (AlertEvent a : c.alerts()) {
                sb.append("    ").append(a).append('\n');
            }
            for (String w : c.warnings()) {
                sb.append("    ! ").append(w).append('\n');
            }
        }
        return sb.toString();
    }
}
