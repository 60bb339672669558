package io.tlsalert.realstack;

import io.tlsalert.testkit.JdkTlsServer;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Real TLS peers on 127.0.0.1 for the real-stack corpus: certificates made with the {@code openssl} CLI, OpenSSL
 * {@code s_server}/{@code s_client} (always with {@code -msg}, so the alert on the wire is visible), curl, the Python
 * and Node scripts in {@code src/test/resources/realstack}, and in-process JDK peers.
 *
 * <p>Every process runs with a timeout and is destroyed forcibly in {@code finally}; every socket has SO_TIMEOUT.
 */
final class Peers {

    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(15);
    static final int SOCKET_TIMEOUT_MS = 10_000;
    private static final char[] P12_PASSWORD = "changeit".toCharArray();

    private Peers() {}

    // ------------------------------------------------------------------ certificates

    /** The certificate set, all PEM unless noted; the {@code .p12} files hold key + chain for the JDK peers. */
    record Certs(
            Path dir,
            Path ca,
            Path otherCa,
            Path serverPem,
            Path serverKey,
            Path serverP12,
            Path foreignClientPem,
            Path foreignClientKey,
            Path foreignClientP12,
            Path expiredPem,
            Path expiredKey,
            Path expiredP12) {}

    /**
     * CA A (trusted everywhere), CA B (trusted nowhere), a server cert for localhost/good.test/127.0.0.1 from CA A,
     * a client cert from CA B ("foreign"), and a server cert from CA A valid only in January 2020 (via
     * {@code openssl ca -startdate/-enddate}, since OpenSSL 3.0's {@code req} cannot backdate).
     */
    static Certs makeCerts(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("srv.ext"),
                "subjectAltName=DNS:localhost,DNS:good.test,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                        + "extendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("cli.ext"), "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
        Files.createDirectories(dir.resolve("cadb"));
        Files.writeString(dir.resolve("cadb/index.txt"), "");
        Files.writeString(dir.resolve("cadb/serial"), "1000\n");
        Files.writeString(
                dir.resolve("ca.cnf"),
                String.join(
                        "\n",
                        "[ca]",
                        "default_ca=CA_default",
                        "[CA_default]",
                        "dir=.",
                        "database=cadb/index.txt",
                        "serial=cadb/serial",
                        "new_certs_dir=cadb",
                        "default_md=sha256",
                        "policy=pol",
                        "copy_extensions=none",
                        "unique_subject=no",
                        "[pol]",
                        "commonName=supplied",
                        "[ext]",
                        "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "basicConstraints=CA:FALSE",
                        "extendedKeyUsage=serverAuth",
                        ""));
        String caExt = "basicConstraints=critical,CA:TRUE";
        String caKu = "keyUsage=critical,keyCertSign,cRLSign";
        Pki.Leaf ca = Pki.selfSigned(
                dir.resolve("ca.pem"), dir.resolve("ca.key"), "/CN=Test CA A", Pki.KeyType.RSA, 30, caExt, caKu);
        Pki.Leaf ca2 = Pki.selfSigned(
                dir.resolve("ca2.pem"), dir.resolve("ca2.key"), "/CN=Other CA B", Pki.KeyType.RSA, 30, caExt, caKu);
        Pki.Leaf server = Pki.signedBy(
                ca,
                dir.resolve("server.pem"),
                dir.resolve("server.key"),
                "localhost",
                Pki.KeyType.RSA,
                30,
                Optional.of(dir.resolve("srv.ext")));
        Pki.Leaf foreign = Pki.signedBy(
                ca2,
                dir.resolve("foreign.pem"),
                dir.resolve("foreign.key"),
                "foreign client",
                Pki.KeyType.RSA,
                30,
                Optional.of(dir.resolve("cli.ext")));
        openssl(
                dir,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "expired.key",
                "-out",
                "expired.csr",
                "-subj",
                "/CN=localhost");
        openssl(
                dir,
                "ca",
                "-batch",
                "-config",
                "ca.cnf",
                "-cert",
                "ca.pem",
                "-keyfile",
                "ca.key",
                "-in",
                "expired.csr",
                "-out",
                "expired.pem",
                "-startdate",
                "20200101000000Z",
                "-enddate",
                "20200201000000Z",
                "-extensions",
                "ext",
                "-notext");
        Pki.Leaf expired = new Pki.Leaf(dir.resolve("expired.pem"), dir.resolve("expired.key"));
        Pki.pkcs12(server, dir.resolve("server.p12"), "server", "changeit");
        Pki.pkcs12(foreign, dir.resolve("foreign.p12"), "foreign", "changeit");
        Pki.pkcs12(expired, dir.resolve("expired.p12"), "expired", "changeit");
        return new Certs(
                dir,
                dir.resolve("ca.pem"),
                dir.resolve("ca2.pem"),
                dir.resolve("server.pem"),
                dir.resolve("server.key"),
                dir.resolve("server.p12"),
                dir.resolve("foreign.pem"),
                dir.resolve("foreign.key"),
                dir.resolve("foreign.p12"),
                dir.resolve("expired.pem"),
                dir.resolve("expired.key"),
                dir.resolve("expired.p12"));
    }

    private static void openssl(Path dir, String... args) {
        Pki.openssl(dir, List.of(args));
    }

    // ------------------------------------------------------------------ peer specification

    /** A stack-neutral description of one TLS endpoint; each stack maps it to its own options. */
    static final class Spec {
        Path ca; // trust anchors (client: server CA; server: client-cert CA)
        Path certPem;
        Path keyPem;
        Path p12; // same key + chain for the JDK
        boolean requireClientCert;
        boolean forceClientCert; // JDK client: send the cert even if its issuer is not in the server's CA list
        String max; // "1.2"
        String min; // "1.3"
        String ciphers; // OpenSSL cipher names (TLS 1.2)
        String jdkCiphers; // the same suite(s), JSSE names
        List<String> alpn;
        String sni; // client: SNI to send; server: the only name accepted

        Spec ca(Path p) {
            ca = p;
            return this;
        }

        Spec cert(Path pem, Path key, Path pkcs12) {
            certPem = pem;
            keyPem = key;
            p12 = pkcs12;
            return this;
        }

        Spec requireClientCert() {
            requireClientCert = true;
            return this;
        }

        Spec forceClientCert() {
            forceClientCert = true;
            return this;
        }

        Spec max(String v) {
            max = v;
            return this;
        }

        Spec min(String v) {
            min = v;
            return this;
        }

        Spec ciphers(String openssl, String jdk) {
            ciphers = openssl;
            jdkCiphers = jdk;
            return this;
        }

        Spec alpn(String... protocols) {
            alpn = List.of(protocols);
            return this;
        }

        Spec sni(String name) {
            sni = name;
            return this;
        }

        String sniOrLocalhost() {
            return sni == null ? "localhost" : sni;
        }

        String json(Integer port) {
            StringBuilder b = new StringBuilder("{");
            if (port != null) {
                b.append("\"port\":").append(port).append(',');
            }
            field(b, "ca", ca);
            field(b, "cert", certPem);
            field(b, "key", keyPem);
            field(b, "max", max);
            field(b, "min", min);
            field(b, "ciphers", ciphers);
            field(b, "sni", sni);
            if (requireClientCert) {
                b.append("\"require_cert\":true,");
            }
            if (alpn != null) {
                b.append("\"alpn\":[");
                for (int i = 0; i < alpn.size(); i++) {
                    b.append(i == 0 ? "" : ",").append(quote(alpn.get(i)));
                }
                b.append("],");
            }
            if (b.charAt(b.length() - 1) == ',') {
                b.setLength(b.length() - 1);
            }
            return b.append('}').toString();
        }

        private static void field(StringBuilder b, String name, Object value) {
            if (value != null) {
                b.append(quote(name))
                        .append(':')
                        .append(quote(value.toString()))
                        .append(',');
            }
        }

        private static String quote(String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
    }

    // ------------------------------------------------------------------ one run

    /** One alert record as {@code openssl -msg} printed it. {@code sender} is "client" or "server". */
    record WireAlert(int code, String level, String sender, String line) {
        @Override
        public String toString() {
            return code + " " + level + " from " + sender + " (" + line + ")";
        }
    }

    /**
     * What one pairing produced.
     *
     * @param text       what the stack under test printed (the input for {@code TlsAlerts.explain})
     * @param failed     whether the stack under test reported an error at all (exception / non-zero exit / stderr)
     * @param wire       the alert records seen by the openssl peer's {@code -msg}
     * @param transcript everything, for failure messages
     */
    record Run(String text, boolean failed, List<WireAlert> wire, String transcript) {}

    private static final Pattern MSG_ALERT =
            Pattern.compile("^(<<<|>>>) TLS [0-9.]+, Alert \\[length 0002\\], (\\S+) (\\S+)\\s*$");
    private static final Pattern HEX_LINE = Pattern.compile("^ {4}([0-9a-f]{2} ?)+$");

    /** The Alert records in an {@code openssl -msg} transcript; {@code ownRole} is the role of that openssl process. */
    static List<WireAlert> wireAlerts(String msgOutput, String ownRole) {
        String[] lines = msgOutput.split("\n", -1);
        List<WireAlert> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MSG_ALERT.matcher(lines[i]);
            if (m.matches() && i + 1 < lines.length) {
                String[] hex = lines[i + 1].trim().split("\\s+");
                if (hex.length == 2) {
                    int code = Integer.parseInt(hex[1], 16);
                    String sender = m.group(1).equals(">>>") ? ownRole : other(ownRole);
                    out.add(new WireAlert(code, m.group(2), sender, lines[i].trim()));
                }
            }
        }
        return out;
    }

    static String other(String role) {
        return role.equals("server") ? "client" : "server";
    }

    /** openssl's output as a user would see it without {@code -msg}: the -msg lines and their hex dumps removed. */
    static String withoutMsgLines(String output) {
        StringBuilder b = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("<<< ")
                    || line.startsWith(">>> ")
                    || HEX_LINE.matcher(line).matches()) {
                continue;
            }
            b.append(line).append('\n');
        }
        return b.toString().strip();
    }

    /**
     * Runs a client of {@code clientStack} against {@code openssl s_server -msg}; the client's text is under test.
     */
    static Run clientUnderTest(String clientStack, Spec server, Spec client) throws Exception {
        try (OpensslServer srv = startOpensslServer(server)) {
            int port = srv.port();
            String text;
            boolean failed;
            String clientTranscript;
            if (clientStack.equals("jdk")) {
                JdkResult r = jdkClient(client, port);
                text = r.text;
                failed = r.failed;
                clientTranscript = "jdk client: " + r.text;
            } else {
                try (PeerProcess c = client(clientCommand(clientStack, client, port))) {
                    boolean done = c.awaitExit(PROCESS_TIMEOUT);
                    String out = c.log();
                    if (clientStack.equals("openssl")) {
                        out = withoutMsgLines(out);
                    }
                    text = (out + "\n" + c.errors()).strip();
                    failed = !done || c.exitValue() != 0 || !c.errors().isBlank();
                    clientTranscript = "client " + transcript(c) + (done ? "" : "\n(client TIMED OUT)");
                }
            }
            boolean srvDone = srv.process().awaitExit(Duration.ofSeconds(10));
            String transcript = "server " + transcript(srv.process()) + (srvDone ? "" : "\n(server did not exit)")
                    + "\n\n" + clientTranscript;
            return new Run(text, failed, wireAlerts(srv.log(), "server"), transcript);
        }
    }

    /**
     * Runs a server of {@code serverStack} and connects {@code openssl s_client -msg} to it; the server's text is
     * under test.
     */
    static Run serverUnderTest(String serverStack, Spec server, Spec client) throws Exception {
        if (serverStack.equals("jdk")) {
            try (JdkServer js = JdkServer.start(server)) {
                try (PeerProcess c = client(clientCommand("openssl", client, js.port()))) {
                    boolean done = c.awaitExit(PROCESS_TIMEOUT);
                    JdkResult r = js.result(Duration.ofSeconds(10));
                    String transcript = "jdk server: " + r.text + "\n\nclient " + transcript(c)
                            + (done ? "" : "\n(s_client TIMED OUT)");
                    return new Run(r.text, r.failed, wireAlerts(c.log(), "client"), transcript);
                }
            }
        }
        try (Server srv = serverStack.equals("openssl")
                ? Server.of(startOpensslServer(server))
                : startScriptServer(serverStack, server)) {
            try (PeerProcess c = client(clientCommand("openssl", client, srv.port()))) {
                boolean done = c.awaitExit(PROCESS_TIMEOUT);
                boolean srvDone = srv.process().awaitExit(Duration.ofSeconds(10));
                String out = srv.process().log();
                if (serverStack.equals("openssl")) {
                    out = withoutMsgLines(out);
                }
                String text = (out + "\n" + srv.process().errors()).strip();
                boolean failed = !srvDone
                        || srv.process().exitValue() != 0
                        || !srv.process().errors().isBlank();
                String transcript = "server " + transcript(srv.process()) + (srvDone ? "" : "\n(server TIMED OUT)")
                        + "\n\nclient " + transcript(c) + (done ? "" : "\n(s_client TIMED OUT)");
                return new Run(text, failed, wireAlerts(c.log(), "client"), transcript);
            }
        }
    }

    // ------------------------------------------------------------------ commands

    static List<String> clientCommand(String stack, Spec o, int port) {
        List<String> c = new ArrayList<>();
        String sni = o.sniOrLocalhost();
        switch (stack) {
            case "openssl" -> {
                c.addAll(List.of(
                        "openssl",
                        "s_client",
                        "-connect",
                        "127.0.0.1:" + port,
                        "-msg",
                        "-CAfile",
                        o.ca.toString(),
                        "-verify_return_error",
                        "-ign_eof",
                        "-servername",
                        sni));
                c.addAll(opensslOfferArgs(o));
                if (o.certPem != null) {
                    c.addAll(List.of("-cert", o.certPem.toString(), "-key", o.keyPem.toString()));
                }
            }
            case "curl" -> {
                c.addAll(List.of(
                        "curl",
                        "-q",
                        "-sS",
                        "--noproxy",
                        "*",
                        "--max-time",
                        "10",
                        "--cacert",
                        o.ca.toString(),
                        "--resolve",
                        sni + ":" + port + ":127.0.0.1",
                        "https://" + sni + ":" + port + "/"));
                if ("1.2".equals(o.max)) {
                    c.addAll(List.of("--tls-max", "1.2"));
                }
                if ("1.3".equals(o.min)) {
                    c.add("--tlsv1.3");
                }
                if (o.ciphers != null) {
                    c.addAll(List.of("--ciphers", o.ciphers));
                }
                if (o.certPem != null) {
                    c.addAll(List.of("--cert", o.certPem.toString(), "--key", o.keyPem.toString()));
                }
                if (o.alpn != null) {
                    if (!o.alpn.equals(List.of("http/1.1"))) {
                        throw new IllegalArgumentException("curl can offer only http/1.1 alone: " + o.alpn);
                    }
                    c.add("--http1.1");
                }
            }
            case "python" -> c.addAll(List.of("python3", script("client.py"), o.json(port)));
            case "node" -> c.addAll(List.of("node", script("client.js"), o.json(port)));
            default -> throw new IllegalArgumentException("no client command for " + stack);
        }
        return c;
    }

    /** The versions, ciphers and ALPN of {@code o} as s_client and s_server both take them. */
    private static List<String> opensslOfferArgs(Spec o) {
        List<String> c = new ArrayList<>();
        if ("1.2".equals(o.max)) {
            c.add("-no_tls1_3");
        }
        if ("1.3".equals(o.min)) {
            c.add("-tls1_3");
        }
        if (o.ciphers != null) {
            c.addAll(List.of("-cipher", o.ciphers));
        }
        if (o.alpn != null) {
            c.addAll(List.of("-alpn", String.join(",", o.alpn)));
        }
        return c;
    }

    /** The options of {@code openssl s_server} after {@code -accept}. */
    private static List<String> opensslServerArgs(Spec o) {
        List<String> c = new ArrayList<>(
                List.of("-naccept", "1", "-msg", "-cert", o.certPem.toString(), "-key", o.keyPem.toString()));
        if (o.requireClientCert) {
            c.addAll(List.of("-Verify", "1", "-CAfile", o.ca.toString(), "-verify_return_error"));
        }
        c.addAll(opensslOfferArgs(o));
        if (o.sni != null) {
            c.addAll(List.of(
                    "-servername",
                    o.sni,
                    "-servername_fatal",
                    "-cert2",
                    o.certPem.toString(),
                    "-key2",
                    o.keyPem.toString()));
        }
        return c;
    }

    /** s_server with stdin kept open (it reads commands from it), stdout and stderr apart. */
    private static OpensslServer startOpensslServer(Spec o) throws Exception {
        return OpensslServer.start(PeerProcess.Options.inWorkingDirectory().separateErrors(), opensslServerArgs(o));
    }

    /** A listening server peer: its process and port. */
    record Server(PeerProcess process, int port) implements AutoCloseable {
        static Server of(OpensslServer s) {
            return new Server(s.process(), s.port());
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private static final Pattern ACCEPT_PORT = Pattern.compile("^ACCEPT (\\d+)");

    private static Server startScriptServer(String stack, Spec o) throws Exception {
        List<String> cmd = switch (stack) {
            case "python" -> List.of("python3", script("server.py"), o.json(null));
            case "node" -> List.of("node", script("server.js"), o.json(null));
            default -> throw new IllegalArgumentException("no server command for " + stack);
        };
        PeerProcess p = PeerProcess.start(
                PeerProcess.Options.inWorkingDirectory().separateErrors().stdinAtEof(), cmd);
        Optional<Matcher> accept = p.awaitLine(ACCEPT_PORT, PROCESS_TIMEOUT);
        if (accept.isEmpty()) {
            String t = transcript(p);
            p.close();
            throw new IllegalStateException(stack + " server did not start (no ACCEPT line):\n" + t);
        }
        return new Server(p, Integer.parseInt(accept.get().group(1)));
    }

    /** A client: stdin at EOF, stdout and stderr apart. */
    private static PeerProcess client(List<String> cmd) throws IOException {
        return PeerProcess.start(
                PeerProcess.Options.inWorkingDirectory().separateErrors().stdinAtEof(), cmd);
    }

    private static String script(String name) {
        try {
            return Path.of(Peers.class.getResource("/realstack/" + name).toURI())
                    .toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource realstack/" + name, e);
        }
    }

    // ------------------------------------------------------------------ processes

    /** A peer's command, exit status, stdout (without the -msg lines) and stderr, for failure messages. */
    static String transcript(PeerProcess p) {
        return String.join(" ", p.command()) + "\n  exit: " + (p.isAlive() ? "running" : p.exitValue())
                + "\n  stdout:\n" + indent(withoutMsgLines(p.log())) + "\n  stderr:\n" + indent(p.errors());
    }

    private static String indent(String s) {
        return s.strip().replaceAll("(?m)^", "    ");
    }

    // ------------------------------------------------------------------ JDK peers (in-process)

    /** What a JDK peer printed: the exception's toString plus its cause chain, or a success line. */
    record JdkResult(String text, boolean failed) {
        static JdkResult of(Throwable e) {
            StringBuilder b = new StringBuilder(e.toString());
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                b.append("\nCaused by: ").append(c);
            }
            return new JdkResult(b.toString(), true);
        }
    }

    static SSLContext jdkContext(Spec o) throws Exception {
        KeyManager[] kms = null;
        if (o.p12 != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(o.p12)) {
                ks.load(in, P12_PASSWORD);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(ks, P12_PASSWORD);
            kms = kmf.getKeyManagers();
            if (o.forceClientCert) {
                kms = new KeyManager[] {new ForcedClientKeyManager((X509ExtendedKeyManager) kms[0])};
            }
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        try (InputStream in = Files.newInputStream(o.ca)) {
            ts.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void applyCommon(SSLParameters p, Spec o) {
        if ("1.2".equals(o.max)) {
            p.setProtocols(new String[] {"TLSv1.2"});
        }
        if ("1.3".equals(o.min)) {
            p.setProtocols(new String[] {"TLSv1.3"});
        }
        if (o.jdkCiphers != null) {
            p.setCipherSuites(o.jdkCiphers.split(","));
        }
        if (o.alpn != null) {
            p.setApplicationProtocols(o.alpn.toArray(String[]::new));
        }
    }

    static JdkResult jdkClient(Spec o, int port) {
        try (SSLSocket s = (SSLSocket) jdkContext(o).getSocketFactory().createSocket()) {
            s.setSoTimeout(SOCKET_TIMEOUT_MS);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SOCKET_TIMEOUT_MS);
            SSLParameters p = s.getSSLParameters();
            applyCommon(p, o);
            p.setServerNames(List.of(new SNIHostName(o.sniOrLocalhost())));
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            int b = s.getInputStream().read(); // TLS 1.3 post-handshake alerts surface here
            return new JdkResult("HANDSHAKE-OK " + s.getSession().getProtocol() + " READ " + b, false);
        } catch (Exception e) {
            return JdkResult.of(e);
        }
    }

    /** A one-connection JDK server on a background thread. */
    static final class JdkServer implements AutoCloseable {
        private final JdkTlsServer<JdkResult> server;

        private JdkServer(JdkTlsServer<JdkResult> server) {
            this.server = server;
        }

        static JdkServer start(Spec o) throws Exception {
            SSLServerSocket ss = JdkTlsServer.listen(jdkContext(o), 0, PROCESS_TIMEOUT);
            return new JdkServer(
                    JdkTlsServer.serve(ss, Duration.ofMillis(SOCKET_TIMEOUT_MS), s -> serve(s, o), JdkResult::of));
        }

        int port() {
            return server.port();
        }

        private static JdkResult serve(SSLSocket s, Spec o) throws Exception {
            SSLParameters p = s.getSSLParameters();
            applyCommon(p, o);
            if (o.requireClientCert) {
                p.setNeedClientAuth(true);
            }
            if (o.sni != null) {
                p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher(Pattern.quote(o.sni))));
            }
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            int b = s.getInputStream().read();
            return new JdkResult("HANDSHAKE-OK " + s.getSession().getProtocol() + " READ " + b, false);
        }

        JdkResult result(Duration timeout) {
            try {
                return server.result(timeout)
                        .orElseGet(() -> new JdkResult("JDK server produced no result within " + timeout, false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new JdkResult("JDK server produced no result: " + e, false);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /**
     * A client key manager that always offers its (only) key, even when the issuer is not among the server's
     * certificate_authorities — what an application with a fixed client certificate does. The stock JDK key manager
     * would send no certificate at all in that case (and the server would then send certificate_required).
     */
    private static final class ForcedClientKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private final String alias;

        ForcedClientKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
            this.alias = delegate.getClientAliases("RSA", null)[0];
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String a) {
            return delegate.getCertificateChain(a);
        }

        @Override
        public PrivateKey getPrivateKey(String a) {
            return delegate.getPrivateKey(a);
        }
    }
}
