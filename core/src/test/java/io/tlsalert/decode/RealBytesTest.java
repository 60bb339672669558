package io.tlsalert.decode;

import static io.tlsalert.decode.WireCapture.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tlsalert.decode.WireCapture.Capture;
import io.tlsalert.decode.WireCapture.Peer;
import io.tlsalert.decode.WireCapture.Proc;
import io.tlsalert.testkit.Commands;
import io.tlsalert.testkit.JdkTlsServer;
import io.tlsalert.testkit.Pki;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TlsDecoder} on bytes real TLS stacks put on the wire, captured on 127.0.0.1 while the test runs: ClientHellos
 * from OpenSSL's s_client, the JDK, curl and Python received on a plain {@link ServerSocket}; ServerHello,
 * HelloRetryRequest, Certificate, CertificateRequest and alerts from OpenSSL's s_server and the JDK answering a
 * replayed ClientHello; DTLS 1.2 from s_client/s_server over UDP. Each decoding is checked field by field against what
 * the peer was told to send (and what {@code openssl x509} says about the certificates), then against tshark reading
 * the same bytes from a pcap. Then the real bytes are cut at every offset and corrupted, and the decoder must report
 * a problem without throwing, keeping what it decoded before.
 *
 * <p>Every external process has a timeout and is destroyed in {@code finally}; every socket has SO_TIMEOUT; peers
 * listen on 127.0.0.1 with ports the OS chose. A peer that does not start, or a missing tshark, fails the test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RealBytesTest {

    // IANA code points used below (RFC 8446 and registries), kept as numbers while TlsParameters is written.
    static final int TLS_AES_128_GCM_SHA256 = 0x1301;
    static final int TLS_CHACHA20_POLY1305_SHA256 = 0x1303;
    static final int TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xC02F;
    static final int TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00FF;
    static final int X25519 = 29;
    static final int SECP256R1 = 23;
    static final int SECP384R1 = 24;
    static final int EXT_SERVER_NAME = 0;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_ALPN = 16;
    static final int EXT_PADDING = 21;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_PSK_MODES = 45;
    static final int EXT_KEY_SHARE = 51;
    static final int EXT_RENEGOTIATION_INFO = 0xFF01;

    @TempDir
    static Path dir;

    private final Map<String, Object> memo = new HashMap<>();

    // ================================================================== certificates

    @BeforeAll
    void certificates() {
        Pki.selfSigned(
                dir.resolve("ca.pem"),
                dir.resolve("ca.key"),
                "/C=DE/O=tlsalert tests/CN=RealBytes CA A",
                Pki.KeyType.EC,
                30);
        Pki.selfSigned(
                dir.resolve("ca2.pem"),
                dir.resolve("ca2.key"),
                "/O=tlsalert tests/OU=second/CN=RealBytes CA B",
                Pki.KeyType.EC,
                30);
        Commands.run(
                dir,
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "server.key",
                "-out",
                "server.pem",
                "-days",
                "7",
                "-subj",
                "/C=DE/O=Real Bytes/CN=srv.test",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-addext",
                "subjectAltName=DNS:srv.test,DNS:localhost,IP:127.0.0.1");
        Pki.pkcs12(
                new Pki.Leaf(dir.resolve("server.pem"), dir.resolve("server.key")),
                dir.resolve("server.p12"),
                "server",
                "changeit");
        try {
            Files.writeString(
                    dir.resolve("cas.pem"),
                    Files.readString(dir.resolve("ca.pem")) + Files.readString(dir.resolve("ca2.pem")));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T once(String key, Callable<T> make) {
        Object v = memo.get(key);
        if (v == null) {
            try {
                v = make.call();
            } catch (AssertionError | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError(key + ": " + e, e);
            }
            memo.put(key, v);
        }
        return (T) v;
    }

    // ================================================================== peers

    private static Proc sClient(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(args));
        return new Proc(dir, cmd);
    }

    private static Proc sServer(String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                "openssl",
                "s_server",
                "-accept",
                "127.0.0.1:0",
                "-naccept",
                "1",
                "-cert",
                "server.pem",
                "-key",
                "server.key"));
        cmd.addAll(List.of(args));
        return new Proc(dir, cmd).readyWhen(Pattern.compile("^ACCEPT .*:(\\d+)\\s*$"));
    }

    /** A real client connects to a plain ServerSocket; its ClientHello is recorded as received. */
    private static Capture clientHello(String name, IntFunction<Peer> client) throws Exception {
        try (ServerSocket ss = WireCapture.listen()) {
            return WireCapture.captureClientHello(name, ss, client.apply(ss.getLocalPort()));
        }
    }

    /** {@link #openSslAnswer}, made once per run under {@code name} (the hello made then too). */
    private Capture opensslAnswerOnce(
            String name, Callable<byte[]> hello, Predicate<byte[]> done, String... serverArgs) {
        return once(name, () -> openSslAnswer(name, hello.call(), done, serverArgs));
    }

    /** openssl s_server answers {@code hello}; its answer is recorded until {@code done}. */
    private static Capture openSslAnswer(String name, byte[] hello, Predicate<byte[]> done, String... serverArgs)
            throws Exception {
        try (Proc server = sServer(serverArgs)) {
            server.start();
            int port = Integer.parseInt(server.awaitLine().group(1));
            Capture c = WireCapture.replay(name, port, hello, done);
            if (c.chunks().isEmpty()) {
                fail(name + ": s_server sent nothing\n" + server.transcript());
            }
            return c;
        }
    }

    /** The JDK as a TLS client. */
    static final class JdkClient implements Peer {
        private final int port;
        private final String sni;
        private final String[] protocols;
        private final String[] suites;
        private final String[] alpn;
        private Thread thread;
        private volatile SSLSocket socket;
        private volatile String outcome = "not started";

        JdkClient(int port, String sni, String[] protocols, String[] suites, String[] alpn) {
            this.port = port;
            this.sni = sni;
            this.protocols = protocols;
            this.suites = suites;
            this.alpn = alpn;
        }

        @Override
        public void start() {
            thread = new Thread(
                    () -> {
                        try {
                            SSLContext ctx = SSLContext.getInstance("TLS");
                            ctx.init(null, new TrustManager[] {TRUST_ALL}, null);
                            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
                            socket = s;
                            s.setSoTimeout(WireCapture.SO_TIMEOUT_MS);
                            s.connect(new InetSocketAddress(WireCapture.LOOPBACK, port), WireCapture.SO_TIMEOUT_MS);
                            SSLParameters p = s.getSSLParameters();
                            p.setServerNames(List.of(new SNIHostName(sni)));
                            p.setProtocols(protocols);
                            p.setCipherSuites(suites);
                            p.setApplicationProtocols(alpn);
                            s.setSSLParameters(p);
                            s.startHandshake();
                            outcome = "handshake completed?!";
                        } catch (Exception e) {
                            outcome = e.toString();
                        }
                    },
                    "jdk client");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public String transcript() {
            return "JDK client: " + outcome;
        }

        @Override
        public void close() {
            try {
                SSLSocket s = socket;
                if (s != null) {
                    s.close();
                }
                thread.join(5_000);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** The JDK as a TLS server (key and certificate from server.p12). */
    static final class JdkServer implements Peer {
        private JdkTlsServer<String> server;

        @Override
        public void start() throws Exception {
            SSLContext ctx = JdkTlsServer.contextFromPkcs12(dir.resolve("server.p12"), "changeit".toCharArray());
            Duration timeout = Duration.ofMillis(WireCapture.SO_TIMEOUT_MS);
            server = JdkTlsServer.serve(
                    JdkTlsServer.listen(ctx, 0, timeout),
                    timeout,
                    s -> {
                        s.startHandshake();
                        return "handshake completed?!";
                    },
                    Exception::toString);
        }

        int port() {
            return server.port();
        }

        @Override
        public String transcript() {
            return "JDK server: "
                    + (server == null ? "not started" : server.resultNow().orElse("not finished"));
        }

        @Override
        public void close() {
            if (server != null) {
                server.close();
            }
        }
    }

    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };

    private static Capture jdkAnswer(String name, byte[] hello, Predicate<byte[]> done) throws Exception {
        try (JdkServer server = new JdkServer()) {
            server.start();
            Capture c = WireCapture.replay(name, server.port(), hello, done);
            if (c.chunks().isEmpty()) {
                fail(name + ": the JDK server sent nothing; " + server.transcript());
            }
            return c;
        }
    }

    // ================================================================== the captures

    static final String TLS13_SIGALGS = "ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256:rsa_pkcs1_sha256:ed25519";

    /** s_client, TLS 1.3 (its default), with SNI, ALPN, groups, signature algorithms and an explicit suite list. */
    Capture opensslTls13Hello() {
        return once(
                "openssl-tls13-ch",
                () -> clientHello(
                        "openssl-tls13-ch",
                        port -> sClient(
                                port,
                                "-servername",
                                "tls13.test",
                                "-alpn",
                                "h2,http/1.1",
                                "-groups",
                                "X25519:P-256",
                                "-sigalgs",
                                TLS13_SIGALGS,
                                "-ciphersuites",
                                "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256",
                                "-cipher",
                                "ECDHE-RSA-AES128-GCM-SHA256",
                                "-no_tls1",
                                "-no_tls1_1")));
    }

    /** s_client with its default suites, offering X25519 then P-384 (a key share for X25519 only). */
    Capture opensslDefaultHello() {
        return once(
                "openssl-default-ch",
                () -> clientHello(
                        "openssl-default-ch",
                        port -> sClient(port, "-servername", "hrr.test", "-groups", "X25519:P-384")));
    }

    /** s_client -tls1_2 with exactly one suite. */
    Capture opensslTls12Hello() {
        return once(
                "openssl-tls12-ch",
                () -> clientHello(
                        "openssl-tls12-ch",
                        port -> sClient(
                                port,
                                "-tls1_2",
                                "-cipher",
                                "ECDHE-RSA-AES128-GCM-SHA256",
                                "-servername",
                                "tls12.test")));
    }

    Capture jdkTls13Hello() {
        return once(
                "jdk-tls13-ch",
                () -> clientHello(
                        "jdk-tls13-ch",
                        port -> new JdkClient(
                                port,
                                "jdk13.test",
                                new String[] {"TLSv1.3"},
                                new String[] {"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"},
                                new String[] {"h2", "http/1.1"})));
    }

    Capture jdkTls12Hello() {
        return once(
                "jdk-tls12-ch",
                () -> clientHello(
                        "jdk-tls12-ch",
                        port -> new JdkClient(
                                port,
                                "jdk12.test",
                                new String[] {"TLSv1.2"},
                                new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
                                new String[] {"http/1.1"})));
    }

    Capture curlHello() {
        return once(
                "curl-ch",
                () -> clientHello(
                        "curl-ch",
                        port -> Proc.of(
                                dir,
                                "curl",
                                "--silent",
                                "--insecure",
                                "--max-time",
                                "10",
                                "--output",
                                "/dev/null",
                                "--resolve",
                                "curl.test:" + port + ":127.0.0.1",
                                "https://curl.test:" + port + "/")));
    }

    static final String PYTHON_CLIENT = String.join(
            "\n",
            "import socket, ssl, sys",
            "ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)",
            "ctx.check_hostname = False",
            "ctx.verify_mode = ssl.CERT_NONE",
            "ctx.minimum_version = ssl.TLSVersion.TLSv1_2",
            "ctx.set_alpn_protocols(['http/1.1', 'spdy/3.1'])",
            "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=8)",
            "try:",
            "    ctx.wrap_socket(s, server_hostname='py.test')",
            "except Exception as e:",
            "    print('client ended:', type(e).__name__, e)",
            "");

    Capture pythonHello() {
        return once(
                "python-ch",
                () -> clientHello(
                        "python-ch", port -> Proc.of(dir, "python3", "-c", PYTHON_CLIENT, Integer.toString(port))));
    }

    Capture dtlsHello() {
        return once("openssl-dtls12-ch", () -> {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(WireCapture.LOOPBACK, 0))) {
                udp.setSoTimeout(WireCapture.SO_TIMEOUT_MS);
                return WireCapture.captureDatagram(
                        "openssl-dtls12-ch", udp, sClient(udp.getLocalPort(), "-dtls1_2", "-servername", "dtls.test"));
            }
        });
    }

    Capture opensslTls13Answer() {
        return opensslAnswerOnce("openssl-tls13-sh", () -> opensslTls13Hello().bytes(), WireCapture.UNTIL_ENCRYPTED);
    }

    Capture opensslHrr() {
        return opensslAnswerOnce(
                "openssl-hrr", () -> opensslDefaultHello().bytes(), WireCapture.untilHandshake(2), "-groups", "P-384");
    }

    Capture opensslTls12Flight() {
        return opensslAnswerOnce(
                "openssl-tls12-flight", () -> opensslTls12Hello().bytes(), WireCapture.untilHandshake(14), "-tls1_2");
    }

    Capture opensslCertificateRequest() {
        return opensslAnswerOnce(
                "openssl-tls12-certreq",
                () -> opensslTls12Hello().bytes(),
                WireCapture.untilHandshake(14),
                "-tls1_2",
                "-Verify",
                "1",
                "-CAfile",
                "cas.pem");
    }

    Capture opensslProtocolVersionAlert() {
        return opensslAnswerOnce(
                "openssl-alert-70", () -> opensslTls12Hello().bytes(), WireCapture.UNTIL_ALERT, "-tls1_3");
    }

    Capture opensslHandshakeFailureAlert() {
        return opensslAnswerOnce(
                "openssl-alert-40",
                () -> opensslTls12Hello().bytes(),
                WireCapture.UNTIL_ALERT,
                "-tls1_2",
                "-cipher",
                "AES256-SHA");
    }

    /**
     * s_server's TLS 1.3 flight, then its answer to a forged encrypted client Finished: bad_record_mac, sent encrypted
     * under the handshake keys (a 19-byte application_data record).
     */
    Capture opensslTls13EncryptedAlert() {
        return once("openssl-tls13-encrypted-alert", () -> {
            try (Proc server = sServer()) {
                server.start();
                int port = Integer.parseInt(server.awaitLine().group(1));
                try (Socket s = new Socket()) {
                    s.setSoTimeout(WireCapture.SO_TIMEOUT_MS);
                    s.connect(new InetSocketAddress(WireCapture.LOOPBACK, port), WireCapture.SO_TIMEOUT_MS);
                    s.getOutputStream().write(opensslTls13Hello().bytes());
                    List<byte[]> chunks =
                            new ArrayList<>(WireCapture.readUntil(s.getInputStream(), WireCapture.UNTIL_ENCRYPTED));
                    byte[] forged = new byte[5 + 53];
                    new Random(7).nextBytes(forged);
                    forged[0] = 23;
                    forged[1] = 3;
                    forged[2] = 3;
                    forged[3] = 0;
                    forged[4] = 53;
                    s.getOutputStream().write(concat(WireCapture.unhex("140303000101"), forged));
                    chunks.addAll(WireCapture.readUntil(s.getInputStream(), b -> false)); // until s_server closes
                    return new Capture("openssl-tls13-encrypted-alert", false, port, s.getLocalPort(), chunks);
                }
            }
        });
    }

    Capture jdkTls12Flight() {
        return once(
                "jdk-tls12-flight",
                () -> jdkAnswer("jdk-tls12-flight", opensslTls12Hello().bytes(), WireCapture.untilHandshake(14)));
    }

    Capture jdkTls13Answer() {
        return once(
                "jdk-tls13-sh",
                () -> jdkAnswer("jdk-tls13-sh", opensslTls13Hello().bytes(), WireCapture.UNTIL_ENCRYPTED));
    }

    Capture dtlsHelloVerifyRequest() {
        return once("openssl-dtls12-hvr", () -> {
            try (Proc server = sServer("-dtls1_2")) {
                server.start();
                int port = Integer.parseInt(server.awaitLine().group(1));
                return WireCapture.replayDatagram(
                        "openssl-dtls12-hvr", port, dtlsHello().bytes());
            }
        });
    }

    /**
     * An SSL 2.0-compatible CLIENT-HELLO built by hand (RFC 5246 Appendix E.2), offering TLS 1.2: two V2CipherSpecs
     * that are TLS suites ({@code 00 C0 2F}, {@code 00 00 2F}), the renegotiation SCSV and SSL2_RC4_128_WITH_MD5
     * ({@code 01 00 80}); no session id; a 32-byte challenge.
     */
    static byte[] sslv2Hello() {
        byte[] specs = WireCapture.unhex("00c02f 00002f 0000ff 010080");
        byte[] challenge = new byte[32];
        for (int i = 0; i < 32; i++) {
            challenge[i] = (byte) (0xA0 + i);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(1); // msg_type CLIENT-HELLO
        body.writeBytes(new byte[] {3, 3}); // version TLS 1.2
        body.writeBytes(new byte[] {0, (byte) specs.length});
        body.writeBytes(new byte[] {0, 0});
        body.writeBytes(new byte[] {0, (byte) challenge.length});
        body.writeBytes(specs);
        body.writeBytes(challenge);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(0x80 | b.length >> 8);
        rec.write(b.length & 0xff);
        rec.writeBytes(b);
        return rec.toByteArray();
    }

    Capture sslv2Replay() {
        return once("sslv2-ch", () -> new Capture("sslv2-ch", false, 40000, 443, List.of(sslv2Hello())));
    }

    Capture opensslAnswerToSslv2() {
        // no signature_algorithms extension in an SSL 2.0 hello: the server falls back to SHA-1, which OpenSSL 3
        // allows only at security level 0
        return opensslAnswerOnce(
                "openssl-sslv2-sh",
                () -> sslv2Hello(),
                WireCapture.untilHandshake(14),
                "-tls1_2",
                "-cipher",
                "ALL:@SECLEVEL=0");
    }

    // ================================================================== decoding helpers

    static Decoding decodeClean(Capture c) {
        Decoding d = TlsDecoder.decode(c.bytes());
        assertThat(d.problem()).as("%s: problem decoding %s", c, hex(c.bytes())).isEmpty();
        assertThat(d.length()).isEqualTo(c.bytes().length);
        return d;
    }

    static List<Message.HandshakeMessage> handshakes(Decoding d) {
        List<Message.HandshakeMessage> l = new ArrayList<>();
        for (TlsRecord r : d.records()) {
            for (Message m : r.messages()) {
                if (m instanceof Message.HandshakeMessage h) {
                    l.add(h);
                }
            }
        }
        return l;
    }

    static <T extends Handshake> T body(Decoding d, Class<T> type) {
        List<T> l = handshakes(d).stream()
                .map(Message.HandshakeMessage::body)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
        assertThat(l)
                .as("one %s in %s", type.getSimpleName(), WireCapture.deep(d.records()))
                .hasSize(1);
        return l.get(0);
    }

    /** The ClientHello of a one-record capture, with the record-level fields checked against the raw bytes. */
    static Handshake.ClientHello clientHelloOf(Capture c) {
        byte[] b = c.bytes();
        Decoding d = decodeClean(c);
        assertThat(d.records()).as("%s records", c).hasSize(1);
        TlsRecord.Tls rec = (TlsRecord.Tls) d.records().get(0);
        assertThat(rec.offset()).isZero();
        assertThat(rec.contentType()).isEqualTo(22);
        assertThat(rec.legacyRecordVersion()).isEqualTo(u16(b, 1)).isBetween(0x0301, 0x0303);
        assertThat(rec.length()).isEqualTo(b.length - 5);
        assertThat(rec.overflow()).isFalse();
        assertThat(rec.messages()).hasSize(1);
        Message.HandshakeMessage m = (Message.HandshakeMessage) rec.messages().get(0);
        assertThat(m.offset()).isEqualTo(5);
        assertThat(m.msgType()).isEqualTo(1);
        assertThat(m.length()).isEqualTo(b.length - 9);
        assertThat(m.messageSeq()).isEqualTo(-1);
        Handshake.ClientHello ch = (Handshake.ClientHello) m.body();
        assertThat(ch.legacyVersion()).isEqualTo(0x0303);
        assertThat(ch.random()).hasSize(32).isEqualTo(Arrays.copyOfRange(b, 11, 43));
        int sidLen = b[43] & 0xff;
        assertThat(ch.legacySessionId()).isEqualTo(Arrays.copyOfRange(b, 44, 44 + sidLen));
        assertThat(ch.cookie()).isEmpty();
        assertThat(ch.compressionMethods()).containsExactly(0);
        // every extension's offset points at its type and length in the input
        for (Extension e : ch.extensions()) {
            assertThat(u16(b, (int) e.offset())).as("type at offset of %s", e).isEqualTo(e.type());
            assertThat(u16(b, (int) e.offset() + 2))
                    .as("length after type of %s", e)
                    .isEqualTo(e.length());
        }
        int end = ch.extensions().isEmpty()
                ? -1
                : (int) last(ch.extensions()).offset()
                        + 4
                        + last(ch.extensions()).length();
        if (end >= 0) {
            assertThat(end).as("last extension ends the record").isEqualTo(b.length);
        }
        return ch;
    }

    static <T> T last(List<T> l) {
        return l.get(l.size() - 1);
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    static List<Integer> types(List<Extension> ext) {
        return ext.stream().map(Extension::type).toList();
    }

    static Optional<Extension.Data> ext(List<Extension> ext, int type) {
        List<Extension> l = ext.stream().filter(e -> e.type() == type).toList();
        assertThat(l.size()).as("extension %d at most once", type).isLessThanOrEqualTo(1);
        return l.stream().findFirst().map(Extension::data);
    }

    /** The host names of a ClientHello's server_name extension, which must be there. */
    static List<String> serverNames(List<Extension> e) {
        return ext(e, EXT_SERVER_NAME, Extension.ServerNames.class).hostNames();
    }

    /** The protocols of a ClientHello's ALPN extension, which must be there. */
    static List<String> alpn(List<Extension> e) {
        return ext(e, EXT_ALPN, Extension.Alpn.class).protocols();
    }

    /** The versions of a ClientHello's supported_versions extension, which must be there. */
    static List<Integer> supportedVersions(List<Extension> e) {
        return list(ext(e, EXT_SUPPORTED_VERSIONS, Extension.Versions.class).versions());
    }

    static <T extends Extension.Data> T ext(List<Extension> ext, int type, Class<T> kind) {
        Optional<Extension.Data> d = ext(ext, type);
        assertThat(d).as("extension %d in %s", type, WireCapture.deep(ext)).isPresent();
        assertThat(d.get()).as("extension %d", type).isInstanceOf(kind);
        return kind.cast(d.get());
    }

    static List<Integer> list(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }

    // ================================================================== ClientHellos

    @Test
    void opensslTls13ClientHello() {
        Capture c = opensslTls13Hello();
        Handshake.ClientHello ch = clientHelloOf(c);
        assertThat(ch.legacySessionId())
                .as("middlebox-compatibility session id")
                .hasSize(32);
        // -ciphersuites (TLS 1.3) first, then -cipher (TLS 1.2), then the renegotiation SCSV
        assertThat(list(ch.cipherSuites()))
                .containsExactly(
                        TLS_AES_128_GCM_SHA256,
                        TLS_CHACHA20_POLY1305_SHA256,
                        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                        TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        List<Extension> e = ch.extensions();
        assertThat(serverNames(e)).containsExactly("tls13.test");
        assertThat(alpn(e)).containsExactly("h2", "http/1.1");
        assertThat(list(ext(e, EXT_SUPPORTED_GROUPS, Extension.Groups.class).groups()))
                .containsExactly(X25519, SECP256R1);
        // ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256, ed25519
        assertThat(list(ext(e, EXT_SIGNATURE_ALGORITHMS, Extension.SignatureSchemes.class)
                        .schemes()))
                .containsExactly(0x0403, 0x0804, 0x0401, 0x0807);
        assertThat(supportedVersions(e)).containsExactly(0x0304, 0x0303);
        Extension.KeyShares ks = ext(e, EXT_KEY_SHARE, Extension.KeyShares.class);
        assertThat(list(ks.groups())).containsExactly(X25519);
        assertThat(list(ks.keyLengths())).containsExactly(32);
        assertThat(list(ext(e, EXT_PSK_MODES, Extension.PskModes.class).modes()))
                .containsExactly(1); // psk_dhe_ke
        assertThat(list(ext(e, EXT_EC_POINT_FORMATS, Extension.EcPointFormats.class)
                        .formats()))
                .containsExactly(0, 1, 2);
        assertThat(ext(e, 23)).contains(new Extension.Empty()); // extended_master_secret
        assertThat(ext(e, 22)).contains(new Extension.Empty()); // encrypt_then_mac
    }

    @Test
    void opensslDefaultClientHelloOffersWhatOpensslCiphersLists() {
        Capture c = opensslDefaultHello();
        Handshake.ClientHello ch = clientHelloOf(c);
        // `openssl ciphers -s -V` lists the suites a default client supports, in order; the client adds the SCSV
        List<Integer> expected = new ArrayList<>();
        Matcher m = Pattern.compile("0x([0-9A-F]{2}),0x([0-9A-F]{2})")
                .matcher(Commands.run(dir, "openssl", "ciphers", "-s", "-V"));
        while (m.find()) {
            expected.add(Integer.parseInt(m.group(1) + m.group(2), 16));
        }
        expected.add(TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        assertThat(list(ch.cipherSuites())).isEqualTo(expected);
        List<Extension> e = ch.extensions();
        assertThat(serverNames(e)).containsExactly("hrr.test");
        assertThat(list(ext(e, EXT_SUPPORTED_GROUPS, Extension.Groups.class).groups()))
                .containsExactly(X25519, SECP384R1);
        assertThat(list(ext(e, EXT_KEY_SHARE, Extension.KeyShares.class).groups()))
                .containsExactly(X25519);
        assertThat(ext(e, EXT_ALPN)).isEmpty();
        assertThat(supportedVersions(e)).startsWith(0x0304, 0x0303);
    }

    @Test
    void opensslTls12ClientHello() {
        Handshake.ClientHello ch = clientHelloOf(opensslTls12Hello());
        assertThat(ch.legacySessionId()).isEmpty();
        assertThat(list(ch.cipherSuites()))
                .containsExactly(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        List<Extension> e = ch.extensions();
        assertThat(serverNames(e)).containsExactly("tls12.test");
        assertThat(ext(e, EXT_SUPPORTED_VERSIONS))
                .as("no supported_versions below TLS 1.3")
                .isEmpty();
        assertThat(ext(e, EXT_KEY_SHARE)).isEmpty();
        assertThat(ext(e, EXT_PSK_MODES)).isEmpty();
        assertThat(ext(e, EXT_SIGNATURE_ALGORITHMS, Extension.SignatureSchemes.class)
                        .schemes())
                .isNotEmpty();
        assertThat(ext(e, 35)).contains(new Extension.Empty()); // session_ticket, empty: no ticket to resume
    }

    @Test
    void jdkTls13ClientHello() {
        Capture c = jdkTls13Hello();
        Handshake.ClientHello ch = clientHelloOf(c);
        assertThat(ch.legacySessionId()).hasSize(32);
        assertThat(list(ch.cipherSuites())).containsExactly(TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256);
        List<Extension> e = ch.extensions();
        assertThat(serverNames(e)).containsExactly("jdk13.test");
        assertThat(alpn(e)).containsExactly("h2", "http/1.1");
        assertThat(supportedVersions(e)).containsExactly(0x0304);
        List<Integer> groups =
                list(ext(e, EXT_SUPPORTED_GROUPS, Extension.Groups.class).groups());
        Extension.KeyShares ks = ext(e, EXT_KEY_SHARE, Extension.KeyShares.class);
        assertThat(list(ks.groups())).isNotEmpty().isSubsetOf(groups);
        for (int i = 0; i < ks.groups().length; i++) {
            int expectedLength = switch (ks.groups()[i]) {
                case X25519 -> 32;
                case SECP256R1 -> 65;
                case SECP384R1 -> 97;
                default -> ks.keyLengths()[i];
            };
            assertThat(ks.keyLengths()[i])
                    .as("key_exchange length for group %d", ks.groups()[i])
                    .isEqualTo(expectedLength);
        }
        assertThat(list(ext(e, EXT_SIGNATURE_ALGORITHMS, Extension.SignatureSchemes.class)
                        .schemes()))
                .contains(0x0804, 0x0403);
        assertThat(list(ext(e, EXT_PSK_MODES, Extension.PskModes.class).modes()))
                .containsExactly(1);
    }

    @Test
    void jdkTls12ClientHello() {
        Handshake.ClientHello ch = clientHelloOf(jdkTls12Hello());
        assertThat(list(ch.cipherSuites())).containsExactly(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
        List<Extension> e = ch.extensions();
        assertThat(serverNames(e)).containsExactly("jdk12.test");
        assertThat(alpn(e)).containsExactly("http/1.1");
        // without the SCSV among its suites the JDK announces secure renegotiation with an empty renegotiation_info
        assertThat(ext(e, EXT_RENEGOTIATION_INFO, Extension.RenegotiationInfo.class)
                        .renegotiatedConnectionLength())
                .isZero();
        assertThat(ext(e, EXT_KEY_SHARE)).isEmpty();
        ext(e, EXT_SUPPORTED_VERSIONS)
                .ifPresent(v ->
                        assertThat(list(((Extension.Versions) v).versions())).containsExactly(0x0303));
    }

    @Test
    void curlClientHello() {
        Capture c = curlHello();
        Handshake.ClientHello ch = clientHelloOf(c);
        List<Extension> e = ch.extensions();
        assertThat(serverNames(e)).containsExactly("curl.test");
        assertThat(alpn(e)).contains("http/1.1");
        assertThat(supportedVersions(e)).contains(0x0304, 0x0303);
        assertThat(ch.cipherSuites()).contains(TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        assertPaddedTo512(c, e);
    }

    @Test
    void pythonClientHello() {
        Capture c = pythonHello();
        Handshake.ClientHello ch = clientHelloOf(c);
        List<Extension> e = ch.extensions();
        assertThat(serverNames(e)).containsExactly("py.test");
        assertThat(alpn(e)).containsExactly("http/1.1", "spdy/3.1");
        assertThat(supportedVersions(e)).containsExactly(0x0304, 0x0303);
        assertThat(list(ext(e, EXT_KEY_SHARE, Extension.KeyShares.class).keyLengths()))
                .isNotEmpty();
        assertPaddedTo512(c, e);
    }

    /**
     * curl and Python set SSL_OP_ALL, so OpenSSL pads a ClientHello of 256..511 bytes to 512 with a padding
     * extension (RFC 7685), placed last, all zeros.
     */
    private static void assertPaddedTo512(Capture c, List<Extension> e) {
        Extension.Padding p = ext(e, EXT_PADDING, Extension.Padding.class);
        assertThat(p.allZero()).isTrue();
        assertThat(last(e).type()).isEqualTo(EXT_PADDING);
        assertThat(p.length()).isEqualTo(last(e).length()).isPositive();
        assertThat(c.bytes().length - 5)
                .as("record length of the padded ClientHello")
                .isEqualTo(512);
    }

    // ================================================================== server flights

    @Test
    void opensslTls13ServerHelloThenEncryptedRecords() {
        Capture c = opensslTls13Answer();
        Decoding d = decodeClean(c);
        Handshake.ServerHello sh = body(d, Handshake.ServerHello.class);
        assertThat(sh.helloRetryRequest()).isFalse();
        assertThat(sh.legacyVersion()).isEqualTo(0x0303);
        assertThat(sh.version()).isEqualTo(0x0304);
        assertThat(sh.random()).hasSize(32);
        Handshake.ClientHello ch = clientHelloOf(opensslTls13Hello());
        assertThat(sh.legacySessionIdEcho()).as("the session id is echoed").isEqualTo(ch.legacySessionId());
        assertThat(sh.cipherSuite()).as("OpenSSL follows the client's order").isEqualTo(TLS_AES_128_GCM_SHA256);
        assertThat(sh.compressionMethod()).isZero();
        Extension.KeyShareServer ks = ext(sh.extensions(), EXT_KEY_SHARE, Extension.KeyShareServer.class);
        assertThat(ks.group()).isEqualTo(X25519);
        assertThat(ks.keyLength()).isEqualTo(32);
        assertThat(ext(sh.extensions(), EXT_SUPPORTED_VERSIONS, Extension.SelectedVersion.class)
                        .version())
                .isEqualTo(0x0304);
        // after a TLS 1.3 ServerHello: a middlebox-compatibility CCS, then only encrypted records
        List<TlsRecord> r = d.records();
        assertThat(r.size()).isGreaterThanOrEqualTo(3);
        assertThat(((TlsRecord.Tls) r.get(0)).contentType()).isEqualTo(22);
        assertThat(r.get(1).messages())
                .singleElement()
                .isEqualTo(new Message.ChangeCipherSpec(r.get(1).offset() + 5, 1));
        for (TlsRecord x : r.subList(2, r.size())) {
            TlsRecord.Tls t = (TlsRecord.Tls) x;
            assertThat(t.contentType()).isEqualTo(23);
            assertThat(t.messages())
                    .singleElement()
                    .isEqualTo(new Message.Encrypted(t.offset() + 5, 23, t.length(), Message.Likely.DATA));
        }
    }

    @Test
    void encryptedTls13AlertIsRecognisedByItsLength() {
        Capture c = opensslTls13EncryptedAlert();
        Decoding d = decodeClean(c);
        assertThat(body(d, Handshake.ServerHello.class).version()).isEqualTo(0x0304);
        TlsRecord.Tls lastRecord = (TlsRecord.Tls) last(d.records());
        assertThat(lastRecord.contentType()).isEqualTo(23);
        assertThat(lastRecord.length()).isEqualTo(19);
        assertThat(lastRecord.messages())
                .singleElement()
                .isEqualTo(new Message.Encrypted(lastRecord.offset() + 5, 23, 19, Message.Likely.TLS13_ALERT));
        assertThat(d.alerts()).as("an encrypted alert cannot be read").isEmpty();
    }

    @Test
    void opensslHelloRetryRequest() {
        Capture c = opensslHrr();
        Decoding d = decodeClean(c);
        Handshake.ServerHello hrr = body(d, Handshake.ServerHello.class);
        assertThat(hrr.helloRetryRequest()).isTrue();
        assertThat(hrr.random())
                .isEqualTo(WireCapture.unhex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C"));
        assertThat(hrr.version()).isEqualTo(0x0304);
        assertThat(ext(hrr.extensions(), EXT_KEY_SHARE, Extension.KeyShareRequest.class)
                        .selectedGroup())
                .isEqualTo(SECP384R1);
        assertThat(hrr.cipherSuite())
                .isIn(list(clientHelloOf(opensslDefaultHello()).cipherSuites()));
    }

    /** What {@code openssl x509} says about server.pem must be what the decoder read from the Certificate message. */
    private static void assertIsServerPem(Handshake.CertificateEntry entry) {
        assertThat(entry.error()).isEmpty();
        Handshake.CertificateInfo info = entry.info().orElseThrow();
        String x = Commands.run(
                dir,
                "openssl",
                "x509",
                "-in",
                "server.pem",
                "-noout",
                "-subject",
                "-issuer",
                "-dates",
                "-serial",
                "-nameopt",
                "RFC2253",
                "-dateopt",
                "iso_8601");
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : x.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        assertThat(info.subject()).isEqualTo(kv.get("subject")).isEqualTo("CN=srv.test,O=Real Bytes,C=DE");
        assertThat(info.issuer()).isEqualTo(kv.get("issuer")).isEqualTo("CN=RealBytes CA A,O=tlsalert tests,C=DE");
        assertThat(Instant.parse(info.notBefore())).isEqualTo(isoDate(kv.get("notBefore")));
        assertThat(Instant.parse(info.notAfter())).isEqualTo(isoDate(kv.get("notAfter")));
        assertThat(new java.math.BigInteger(info.serialNumber(), 16))
                .isEqualTo(new java.math.BigInteger(kv.get("serial"), 16));
        assertThat(info.subjectAltNames()).containsExactly("srv.test", "localhost", "127.0.0.1");
        assertThat(info.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
    }

    private static Instant isoDate(String s) {
        // openssl -dateopt iso_8601: "2026-11-22 17:37:52Z"
        return LocalDateTime.parse(s.replace("Z", ""), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                .toInstant(ZoneOffset.UTC);
    }

    /**
     * What a TLS 1.2 server flight of ServerHello, Certificate (server.pem), ServerKeyExchange and ServerHelloDone
     * holds, from any server; returns the decoding for the checks of one server.
     */
    private Decoding assertTls12FlightWithServerPem(Capture c) throws Exception {
        Decoding d = decodeClean(c);
        assertThat(handshakes(d).stream().map(Message.HandshakeMessage::msgType).toList())
                .containsExactly(2, 11, 12, 14);
        Handshake.ServerHello sh = body(d, Handshake.ServerHello.class);
        assertThat(sh.version()).isEqualTo(0x0303);
        assertThat(sh.cipherSuite()).isEqualTo(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
        assertThat(ext(sh.extensions(), EXT_RENEGOTIATION_INFO, Extension.RenegotiationInfo.class)
                        .renegotiatedConnectionLength())
                .isZero();
        Handshake.Certificate cert = body(d, Handshake.Certificate.class);
        assertThat(cert.certificateList()).hasSize(1);
        Handshake.CertificateEntry e = cert.certificateList().get(0);
        assertIsServerPem(e);
        assertThat(Arrays.copyOfRange(c.bytes(), (int) e.offset(), (int) e.offset() + e.length()))
                .isEqualTo(derOf(dir.resolve("server.pem")));
        return d;
    }

    @Test
    void opensslTls12FlightWithCertificate() throws Exception {
        Decoding d = assertTls12FlightWithServerPem(opensslTls12Flight());
        Handshake.ServerHello sh = body(d, Handshake.ServerHello.class);
        assertThat(sh.helloRetryRequest()).isFalse();
        assertThat(ext(sh.extensions(), EXT_SUPPORTED_VERSIONS)).isEmpty();
        Handshake.Certificate cert = body(d, Handshake.Certificate.class);
        assertThat(cert.certificateRequestContext()).as("TLS 1.2 form").isEmpty();
        assertThat(cert.certificateList().get(0).length()).isEqualTo(derOf(dir.resolve("server.pem")).length);
    }

    private static byte[] derOf(Path pem) throws Exception {
        String s = Files.readString(pem);
        String b64 = s.substring(s.indexOf("-----BEGIN CERTIFICATE-----") + 27, s.indexOf("-----END CERTIFICATE-----"));
        return java.util.Base64.getMimeDecoder().decode(b64);
    }

    @Test
    void opensslCertificateRequestNamesTheCas() {
        Decoding d = decodeClean(opensslCertificateRequest());
        assertThat(handshakes(d).stream().map(Message.HandshakeMessage::msgType).toList())
                .containsExactly(2, 11, 12, 13, 14);
        Handshake.CertificateRequest cr = body(d, Handshake.CertificateRequest.class);
        assertThat(cr.certificateRequestContext()).isEmpty();
        assertThat(list(cr.certificateTypes())).contains(1, 64); // rsa_sign, ecdsa_sign
        assertThat(cr.signatureAlgorithms()).isNotEmpty();
        List<String> expected = new ArrayList<>();
        for (String ca : List.of("ca.pem", "ca2.pem")) {
            String line = Commands.run(dir, "openssl", "x509", "-in", ca, "-noout", "-subject", "-nameopt", "RFC2253")
                    .trim();
            expected.add(line.substring("subject=".length()));
        }
        assertThat(expected)
                .containsExactly(
                        "CN=RealBytes CA A,O=tlsalert tests,C=DE", "CN=RealBytes CA B,OU=second,O=tlsalert tests");
        assertThat(cr.certificateAuthorities()).isEqualTo(expected);
        assertIsServerPem(body(d, Handshake.Certificate.class).certificateList().get(0));
    }

    @Test
    void protocolVersionAlertFromOpenssl() {
        Decoding d = decodeClean(opensslProtocolVersionAlert());
        assertThat(d.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(2);
            assertThat(a.levelName()).isEqualTo("fatal");
            assertThat(a.description()).isEqualTo(70);
            assertThat(a.offset()).isEqualTo(5);
        });
        assertThat(d.records()).singleElement().isInstanceOf(TlsRecord.Tls.class);
    }

    @Test
    void handshakeFailureAlertFromOpenssl() {
        Decoding d = decodeClean(opensslHandshakeFailureAlert());
        assertThat(d.alerts()).singleElement().satisfies(a -> {
            assertThat(a.level()).isEqualTo(2);
            assertThat(a.description()).isEqualTo(40);
        });
    }

    @Test
    void jdkTls12FlightWithCertificate() throws Exception {
        assertTls12FlightWithServerPem(jdkTls12Flight());
    }

    @Test
    void jdkTls13ServerHello() {
        Decoding d = decodeClean(jdkTls13Answer());
        Handshake.ServerHello sh = body(d, Handshake.ServerHello.class);
        assertThat(sh.helloRetryRequest()).isFalse();
        assertThat(sh.version()).isEqualTo(0x0304);
        assertThat(sh.cipherSuite()).isIn(TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256);
        assertThat(ext(sh.extensions(), EXT_KEY_SHARE, Extension.KeyShareServer.class)
                        .group())
                .isEqualTo(X25519);
        assertThat(d.records().stream().skip(1).flatMap(r -> r.messages().stream()))
                .allSatisfy(
                        m -> assertThat(m).isInstanceOfAny(Message.ChangeCipherSpec.class, Message.Encrypted.class));
    }

    // ================================================================== DTLS and SSL 2.0

    @Test
    void dtlsClientHello() {
        Capture c = dtlsHello();
        byte[] b = c.bytes();
        Decoding d = decodeClean(c);
        assertThat(d.records()).hasSize(1);
        TlsRecord.Dtls r = (TlsRecord.Dtls) d.records().get(0);
        assertThat(r.contentType()).isEqualTo(22);
        assertThat(r.version()).isEqualTo(u16(b, 1)).isIn(0xFEFF, 0xFEFD);
        assertThat(r.epoch()).isZero();
        assertThat(r.sequenceNumber()).isZero();
        assertThat(r.length()).isEqualTo(b.length - 13);
        Message.HandshakeMessage m = (Message.HandshakeMessage) r.messages().get(0);
        assertThat(m.msgType()).isEqualTo(1);
        assertThat(m.messageSeq()).isZero();
        assertThat(m.length()).isEqualTo(b.length - 25);
        Handshake.ClientHello ch = (Handshake.ClientHello) m.body();
        assertThat(ch.legacyVersion()).isEqualTo(0xFEFD);
        assertThat(ch.cookie()).hasValueSatisfying(k -> assertThat(k).isEmpty());
        assertThat(ext(ch.extensions(), EXT_SERVER_NAME, Extension.ServerNames.class)
                        .hostNames())
                .containsExactly("dtls.test");
        assertThat(ch.cipherSuites()).isNotEmpty();
        for (Extension e : ch.extensions()) {
            assertThat(u16(b, (int) e.offset())).as("type at offset of %s", e).isEqualTo(e.type());
        }
    }

    @Test
    void dtlsHelloVerifyRequestFromOpenssl() {
        Decoding d = decodeClean(dtlsHelloVerifyRequest());
        TlsRecord.Dtls r = (TlsRecord.Dtls) d.records().get(0);
        assertThat(r.epoch()).isZero();
        Message.HandshakeMessage m = (Message.HandshakeMessage) r.messages().get(0);
        assertThat(m.msgType()).isEqualTo(3);
        Handshake.HelloVerifyRequest hvr = (Handshake.HelloVerifyRequest) m.body();
        assertThat(hvr.serverVersion())
                .as("RFC 6347 §4.2.1: DTLS 1.0 in HelloVerifyRequest")
                .isIn(0xFEFF, 0xFEFD);
        assertThat(hvr.cookie()).isNotEmpty();
    }

    /** The DTLS ClientHello split into two fragments in two records: reassembled, same fields, offsets in the input. */
    @Test
    void dtlsClientHelloInTwoFragments() {
        byte[] b = dtlsHello().bytes();
        byte[] body = Arrays.copyOfRange(b, 25, b.length);
        int split = body.length / 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[][] parts = {{0, split}, {split, body.length - split}};
        for (int i = 0; i < 2; i++) {
            int off = parts[i][0];
            int len = parts[i][1];
            out.writeBytes(Arrays.copyOfRange(b, 0, 3)); // type, version
            out.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) i}); // epoch 0, sequence number i
            out.write((12 + len) >> 8);
            out.write(12 + len);
            out.writeBytes(Arrays.copyOfRange(b, 13, 19)); // msg_type, length, message_seq
            out.writeBytes(new byte[] {0, (byte) (off >> 8), (byte) off, 0, (byte) (len >> 8), (byte) len});
            out.writeBytes(Arrays.copyOfRange(body, off, off + len));
        }
        byte[] two = out.toByteArray();
        Decoding whole = TlsDecoder.decode(b);
        Decoding d = TlsDecoder.decode(two);
        assertThat(d.problem()).as("problem in %s", hex(two)).isEmpty();
        assertThat(d.records()).hasSize(2);
        assertThat(d.records().get(0).messages())
                .singleElement()
                .satisfies(m ->
                        assertThat(((Message.HandshakeMessage) m).body()).isEqualTo(new Handshake.Fragment(0, split)));
        Message.HandshakeMessage m =
                (Message.HandshakeMessage) d.records().get(1).messages().get(0);
        Handshake.ClientHello a = (Handshake.ClientHello)
                ((Message.HandshakeMessage) whole.records().get(0).messages().get(0)).body();
        Handshake.ClientHello c = (Handshake.ClientHello) m.body();
        assertThat(list(c.cipherSuites())).isEqualTo(list(a.cipherSuites()));
        assertThat(c.random()).isEqualTo(a.random());
        assertThat(types(c.extensions())).isEqualTo(types(a.extensions()));
        // Extension.offset is "byte offset of extension_type in the input": it must point at the type in `two`
        int secondBodyStart = 13 + 12 + split + 13 + 12;
        SoftAssertions soft = new SoftAssertions();
        for (Extension e : c.extensions()) {
            int inBody = (int) (a.extensions().get(c.extensions().indexOf(e)).offset() - 25);
            long expected = inBody < split ? 25 + inBody : secondBodyStart + (inBody - split);
            soft.assertThat(e.offset())
                    .as("offset of extension %d (at byte %d of the ClientHello body) in %s", e.type(), inBody, hex(two))
                    .isEqualTo(expected);
            // the same extension with its length overrunning the message: the problem points at the length in `two`
            int lengthInBody = inBody + 2;
            long lengthInput = lengthInBody < split ? 25 + lengthInBody : secondBodyStart + (lengthInBody - split);
            long lengthInput2 =
                    lengthInBody + 1 < split ? 25 + lengthInBody + 1 : secondBodyStart + (lengthInBody + 1 - split);
            byte[] bad = two.clone();
            bad[(int) lengthInput] = (byte) 0xFF;
            bad[(int) lengthInput2] = (byte) 0xFF;
            soft.assertThat(TlsDecoder.decode(bad).problem())
                    .as("extension %d length 0xFFFF in %s", e.type(), hex(bad))
                    .hasValueSatisfying(pr -> {
                        assertThat(pr.field())
                                .contains("ClientHello.extensions["
                                        + c.extensions().indexOf(e) + "].extension_data");
                        assertThat(pr.offset()).isEqualTo(lengthInput);
                    });
        }
        soft.assertAll();
    }

    @Test
    void sslv2CompatibleClientHello() {
        byte[] b = sslv2Hello();
        Decoding d = TlsDecoder.decode(b);
        assertThat(d.problem()).isEmpty();
        assertThat(d.records()).singleElement().isInstanceOf(TlsRecord.Sslv2.class);
        TlsRecord.Sslv2 r = (TlsRecord.Sslv2) d.records().get(0);
        assertThat(r.length()).isEqualTo(b.length - 2);
        Message.Sslv2ClientHello h = (Message.Sslv2ClientHello) r.messages().get(0);
        assertThat(h.offset()).isEqualTo(2);
        assertThat(h.version()).isEqualTo(0x0303);
        assertThat(list(h.cipherSpecs())).containsExactly(0x00C02F, 0x00002F, 0x0000FF, 0x010080);
        assertThat(h.sessionId()).isEmpty();
        assertThat(h.challenge()).hasSize(32).isEqualTo(Arrays.copyOfRange(b, b.length - 32, b.length));
        // and the bytes are real: OpenSSL accepts them and answers with a TLS 1.2 ServerHello
        Decoding answer = decodeClean(opensslAnswerToSslv2());
        Handshake.ServerHello sh = body(answer, Handshake.ServerHello.class);
        assertThat(sh.version()).isEqualTo(0x0303);
        assertThat(sh.cipherSuite()).isIn(0xC02F, 0x002F);
    }

    // ================================================================== recorded fixtures

    /** A capture kept in src/test/resources/decode: hex, '#' lines are comments. */
    static byte[] fixture(String name) {
        try (InputStream in = RealBytesTest.class.getResourceAsStream("/decode/" + name + ".hex")) {
            assertThat(in).as("fixture %s", name).isNotNull();
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return WireCapture.unhex(Arrays.stream(text.split("\n"))
                    .filter(l -> !l.startsWith("#"))
                    .collect(Collectors.joining()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Bytes recorded by an earlier run of this class: the decoding must not drift, whatever the local peers do. */
    @Test
    void recordedFixtures() {
        Capture tls13 = new Capture("fixture openssl-tls13-ch", false, 0, 0, List.of(fixture("openssl-tls13-ch")));
        Handshake.ClientHello ch = clientHelloOf(tls13);
        assertThat(list(ch.cipherSuites()))
                .containsExactly(
                        TLS_AES_128_GCM_SHA256,
                        TLS_CHACHA20_POLY1305_SHA256,
                        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                        TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
        assertThat(types(ch.extensions())).containsExactly(0, 11, 10, 35, 16, 22, 23, 13, 43, 45, 51);
        assertThat(ext(ch.extensions(), EXT_SERVER_NAME, Extension.ServerNames.class)
                        .hostNames())
                .containsExactly("tls13.test");
        assertThat(list(ext(ch.extensions(), EXT_SIGNATURE_ALGORITHMS, Extension.SignatureSchemes.class)
                        .schemes()))
                .containsExactly(0x0403, 0x0804, 0x0401, 0x0807);

        Handshake.ClientHello jdk =
                clientHelloOf(new Capture("fixture jdk-tls13-ch", false, 0, 0, List.of(fixture("jdk-tls13-ch"))));
        assertThat(list(jdk.cipherSuites())).containsExactly(TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256);
        assertThat(ext(jdk.extensions(), EXT_ALPN, Extension.Alpn.class).protocols())
                .containsExactly("h2", "http/1.1");

        Decoding hrr = TlsDecoder.decode(fixture("openssl-hrr"));
        assertThat(hrr.problem()).isEmpty();
        Handshake.ServerHello h = body(hrr, Handshake.ServerHello.class);
        assertThat(h.helloRetryRequest()).isTrue();
        assertThat(h.cipherSuite()).isEqualTo(0x1302);
        assertThat(ext(h.extensions(), EXT_KEY_SHARE, Extension.KeyShareRequest.class)
                        .selectedGroup())
                .isEqualTo(SECP384R1);
        assertThat(hrr.records().get(1).messages()).singleElement().isInstanceOf(Message.ChangeCipherSpec.class);

        Decoding cr = TlsDecoder.decode(fixture("openssl-tls12-certreq"));
        assertThat(cr.problem()).isEmpty();
        assertThat(handshakes(cr).stream()
                        .map(Message.HandshakeMessage::msgType)
                        .toList())
                .containsExactly(2, 11, 12, 13, 14);
        assertThat(body(cr, Handshake.ServerHello.class).cipherSuite())
                .isEqualTo(TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
        List<Handshake.CertificateInfo> chain = body(cr, Handshake.Certificate.class).certificateList().stream()
                .map(e -> e.info().orElseThrow())
                .toList();
        assertThat(chain)
                .extracting(Handshake.CertificateInfo::subject)
                .containsExactly("CN=srv.test,O=Real Bytes,C=DE", "CN=RealBytes CA A,O=tlsalert tests,C=DE");
        assertThat(java.time.Duration.between(
                        Instant.parse(chain.get(0).notBefore()),
                        Instant.parse(chain.get(0).notAfter())))
                .isEqualTo(java.time.Duration.ofDays(7));
        assertThat(body(cr, Handshake.CertificateRequest.class).certificateAuthorities())
                .containsExactly(
                        "CN=RealBytes CA A,O=tlsalert tests,C=DE", "CN=RealBytes CA B,OU=second,O=tlsalert tests");

        Decoding alert = TlsDecoder.decode(fixture("openssl-alert-70"));
        assertThat(alert.alerts()).containsExactly(new Message.Alert(5, 2, 70));

        Decoding dtls = TlsDecoder.decode(fixture("openssl-dtls12-ch"));
        assertThat(dtls.problem()).isEmpty();
        TlsRecord.Dtls r = (TlsRecord.Dtls) dtls.records().get(0);
        assertThat(List.of(r.version(), r.epoch(), (int) r.sequenceNumber())).containsExactly(0xFEFF, 0, 0);
        Handshake.ClientHello dch = body(dtls, Handshake.ClientHello.class);
        assertThat(dch.legacyVersion()).isEqualTo(0xFEFD);
        assertThat(dch.cookie()).hasValueSatisfying(k -> assertThat(k).isEmpty());
        assertThat(ext(dch.extensions(), EXT_SERVER_NAME, Extension.ServerNames.class)
                        .hostNames())
                .containsExactly("dtls.test");

        Decoding hvr = TlsDecoder.decode(fixture("openssl-dtls12-hvr"));
        assertThat(hvr.problem()).isEmpty();
        Handshake.HelloVerifyRequest v = body(hvr, Handshake.HelloVerifyRequest.class);
        assertThat(v.serverVersion()).isEqualTo(0xFEFF);
        assertThat(v.cookie()).hasSize(20);
    }

    // ================================================================== tshark

    static final List<String> TSHARK_FIELDS = List.of(
            "tls.record.content_type",
            "tls.record.opaque_type",
            "tls.record.version",
            "tls.record.length",
            "tls.handshake.type",
            "tls.handshake.length",
            "tls.handshake.version",
            "tls.handshake.random",
            "tls.handshake.session_id_length",
            "tls.handshake.ciphersuite",
            "tls.handshake.comp_method",
            "tls.handshake.extension.type",
            "tls.handshake.extension.len",
            "tls.handshake.extensions_server_name",
            "tls.handshake.extensions_alpn_str",
            "tls.handshake.extensions.supported_version",
            "tls.handshake.extensions_supported_group",
            "tls.handshake.sig_hash_alg",
            "tls.handshake.extensions_key_share_group",
            "tls.handshake.extensions_key_share_selected_group",
            "tls.extension.psk_ke_mode",
            "tls.handshake.extensions_ec_point_format",
            "tls.handshake.extensions_reneg_info_len",
            "tls.handshake.certificate_length",
            "tls.handshake.cert_type",
            "tls.handshake.dname_len",
            "tls.alert_message.level",
            "tls.alert_message.desc",
            "tls.handshake.cipherspec",
            "tls.handshake.challenge_length",
            "dtls.record.content_type",
            "dtls.record.version",
            "dtls.record.epoch",
            "dtls.record.sequence_number",
            "dtls.record.length",
            "dtls.handshake.type",
            "dtls.handshake.message_seq",
            "dtls.handshake.version",
            "dtls.handshake.cookie_length",
            "dtls.handshake.ciphersuite",
            "dtls.handshake.extension.type");

    List<Capture> allCaptures() {
        return List.of(
                opensslTls13Hello(),
                opensslDefaultHello(),
                opensslTls12Hello(),
                jdkTls13Hello(),
                jdkTls12Hello(),
                curlHello(),
                pythonHello(),
                opensslTls13Answer(),
                opensslHrr(),
                opensslTls12Flight(),
                opensslCertificateRequest(),
                opensslProtocolVersionAlert(),
                opensslHandshakeFailureAlert(),
                jdkTls12Flight(),
                jdkTls13Answer(),
                opensslTls13EncryptedAlert(),
                sslv2Replay(),
                opensslAnswerToSslv2(),
                dtlsHello(),
                dtlsHelloVerifyRequest());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tsharkAgreesOnEveryCapture() throws Exception {
        assertThat(Commands.run(dir, "tshark", "--version")).contains("TShark");
        List<Capture> captures = allCaptures();
        assertThat(captures.stream()
                        .map(c -> c.srcPort() + "->" + c.dstPort())
                        .distinct()
                        .count())
                .as("one flow per capture")
                .isEqualTo(captures.size());
        String dump = System.getProperty("realbytes.dump");
        if (dump != null) {
            for (Capture c : captures) {
                Files.writeString(Path.of(dump, c.name() + ".hex"), hex(c.bytes()) + "\n");
            }
        }
        Path pcap = dir.resolve("captures.pcap");
        WireCapture.writePcap(captures, pcap);
        if (dump != null) {
            Files.copy(pcap, Path.of(dump, "captures.pcap"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        List<Integer> tcp = new ArrayList<>();
        List<Integer> udp = new ArrayList<>();
        for (Capture c : captures) {
            (c.udp() ? udp : tcp).add(c.dstPort());
            (c.udp() ? udp : tcp).add(c.srcPort());
        }
        Map<String, Tshark.Flow> flows = Tshark.fields(
                pcap, tcp.stream().distinct().toList(), udp.stream().distinct().toList(), TSHARK_FIELDS);
        SoftAssertions soft = new SoftAssertions();
        for (Capture c : captures) {
            Tshark.Flow flow = flows.get(c.srcPort() + "->" + c.dstPort());
            soft.assertThat(flow).as("tshark saw %s", c).isNotNull();
            if (flow == null) {
                continue;
            }
            soft.assertThat(flow.get("_ws.expert.message"))
                    .as("%s: tshark expert messages", c)
                    .noneMatch(s -> s.toLowerCase().contains("malformed")
                            || s.toLowerCase().contains("checksum"));
            Map<String, List<String>> ours = decoderView(TlsDecoder.decode(c.bytes()));
            for (String f : TSHARK_FIELDS) {
                if (f.equals("tls.handshake.sig_hash_alg")
                        && ours.getOrDefault("tls.handshake.type", List.of()).contains("12")) {
                    continue; // tshark also reports the ServerKeyExchange signature algorithm, which tlsalert only
                    // measures
                }
                soft.assertThat(flow.get(f))
                        .as("%s: %s (tshark vs decoder)", c, f)
                        .isEqualTo(ours.getOrDefault(f, List.of()));
            }
        }
        soft.assertAll();
    }

    /** The decoder's output expressed as the tshark fields above. */
    static Map<String, List<String>> decoderView(Decoding d) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, Object> put = (f, x) ->
                v.computeIfAbsent(f, k -> new ArrayList<>()).add(x instanceof byte[] b ? hex(b) : String.valueOf(x));
        boolean tls13 = false;
        for (TlsRecord r : d.records()) {
            String p = r instanceof TlsRecord.Dtls ? "dtls." : "tls.";
            if (r instanceof TlsRecord.Tls t) {
                // tshark calls the outer type of a TLS 1.3 encrypted record its opaque_type
                boolean opaque = tls13
                        && t.contentType() == 23
                        && t.messages().stream().allMatch(m -> m instanceof Message.Encrypted);
                put.accept(opaque ? "tls.record.opaque_type" : "tls.record.content_type", t.contentType());
                put.accept("tls.record.version", t.legacyRecordVersion());
                put.accept("tls.record.length", t.length());
            } else if (r instanceof TlsRecord.Dtls t) {
                put.accept("dtls.record.content_type", t.contentType());
                put.accept("dtls.record.version", t.version());
                put.accept("dtls.record.epoch", t.epoch());
                put.accept("dtls.record.sequence_number", t.sequenceNumber());
                put.accept("dtls.record.length", t.length());
            } else if (r instanceof TlsRecord.Sslv2 s) {
                put.accept("tls.record.length", s.length());
                put.accept("tls.record.version", 2); // tshark's SSL 2.0 record version
            }
            for (Message m : r.messages()) {
                if (m instanceof Message.Alert a) {
                    put.accept("tls.alert_message.level", a.level());
                    put.accept("tls.alert_message.desc", a.description());
                } else if (m instanceof Message.Sslv2ClientHello h) {
                    put.accept("tls.handshake.type", 1);
                    put.accept("tls.handshake.version", h.version());
                    for (int s : h.cipherSpecs()) {
                        put.accept("tls.handshake.cipherspec", s);
                    }
                    put.accept("tls.handshake.session_id_length", h.sessionId().length);
                    put.accept("tls.handshake.challenge_length", h.challenge().length);
                } else if (m instanceof Message.HandshakeMessage h) {
                    if (h.body() instanceof Handshake.ServerHello sh
                            && !sh.helloRetryRequest()
                            && sh.version() == 0x0304) {
                        tls13 = true;
                    }
                    put.accept(p + "handshake.type", h.msgType());
                    if (p.equals("tls.")) {
                        put.accept("tls.handshake.length", h.length());
                    } else {
                        put.accept("dtls.handshake.message_seq", h.messageSeq());
                    }
                    handshakeView(p, h.body(), put);
                }
            }
        }
        return v;
    }

    /** A tshark field and the values one kind of extension data gives it. */
    record TsharkField<T extends Extension.Data>(Class<T> type, String name, Function<T, List<?>> values) {
        void put(Extension.Data x, java.util.function.BiConsumer<String, Object> put) {
            if (type.isInstance(x)) {
                values.apply(type.cast(x)).forEach(v -> put.accept(name, v));
            }
        }
    }

    /** The tshark fields of each extension decoded here, the values in tshark's order. */
    static final List<TsharkField<?>> EXTENSION_FIELDS = List.of(
            new TsharkField<>(
                    Extension.ServerNames.class,
                    "tls.handshake.extensions_server_name",
                    Extension.ServerNames::hostNames),
            new TsharkField<>(Extension.Alpn.class, "tls.handshake.extensions_alpn_str", Extension.Alpn::protocols),
            new TsharkField<>(
                    Extension.Versions.class, "tls.handshake.extensions.supported_version", v -> list(v.versions())),
            new TsharkField<>(
                    Extension.SelectedVersion.class,
                    "tls.handshake.extensions.supported_version",
                    v -> List.of(v.version())),
            new TsharkField<>(
                    Extension.Groups.class, "tls.handshake.extensions_supported_group", g -> list(g.groups())),
            new TsharkField<>(Extension.SignatureSchemes.class, "tls.handshake.sig_hash_alg", s -> list(s.schemes())),
            new TsharkField<>(
                    Extension.KeyShares.class, "tls.handshake.extensions_key_share_group", k -> list(k.groups())),
            new TsharkField<>(
                    Extension.KeyShareServer.class,
                    "tls.handshake.extensions_key_share_group",
                    k -> List.of(k.group())),
            new TsharkField<>(
                    Extension.KeyShareRequest.class,
                    "tls.handshake.extensions_key_share_selected_group",
                    k -> List.of(k.selectedGroup())),
            new TsharkField<>(Extension.PskModes.class, "tls.extension.psk_ke_mode", m -> list(m.modes())),
            new TsharkField<>(
                    Extension.EcPointFormats.class, "tls.handshake.extensions_ec_point_format", f -> list(f.formats())),
            new TsharkField<>(
                    Extension.RenegotiationInfo.class,
                    "tls.handshake.extensions_reneg_info_len",
                    r -> List.of(r.renegotiatedConnectionLength())));

    private static void handshakeView(String p, Handshake body, java.util.function.BiConsumer<String, Object> put) {
        boolean tls = p.equals("tls.");
        List<Extension> ext = List.of();
        if (body instanceof Handshake.ClientHello ch) {
            put.accept(p + "handshake.version", ch.legacyVersion());
            if (tls) {
                put.accept("tls.handshake.random", ch.random());
                put.accept("tls.handshake.session_id_length", ch.legacySessionId().length);
            } else {
                put.accept("dtls.handshake.cookie_length", ch.cookie().orElseThrow().length);
            }
            for (int s : ch.cipherSuites()) {
                put.accept(p + "handshake.ciphersuite", s);
            }
            if (tls) {
                for (int m : ch.compressionMethods()) {
                    put.accept("tls.handshake.comp_method", m);
                }
            }
            ext = ch.extensions();
        } else if (body instanceof Handshake.ServerHello sh) {
            put.accept(p + "handshake.version", sh.legacyVersion());
            if (tls) {
                put.accept("tls.handshake.random", sh.random());
                put.accept("tls.handshake.session_id_length", sh.legacySessionIdEcho().length);
            }
            put.accept(p + "handshake.ciphersuite", sh.cipherSuite());
            if (tls) {
                put.accept("tls.handshake.comp_method", sh.compressionMethod());
            }
            ext = sh.extensions();
        } else if (body instanceof Handshake.HelloVerifyRequest hvr) {
            put.accept(p + "handshake.version", hvr.serverVersion());
            put.accept(p + "handshake.cookie_length", hvr.cookie().length);
        } else if (body instanceof Handshake.Certificate c && tls) {
            for (Handshake.CertificateEntry e : c.certificateList()) {
                put.accept("tls.handshake.certificate_length", e.length());
            }
        } else if (body instanceof Handshake.CertificateRequest cr && tls) {
            for (int t : cr.certificateTypes()) {
                put.accept("tls.handshake.cert_type", t);
            }
            for (int s : cr.signatureAlgorithms()) {
                put.accept("tls.handshake.sig_hash_alg", s);
            }
            for (String dn : cr.certificateAuthorities()) {
                put.accept(
                        "tls.handshake.dname_len", new javax.security.auth.x500.X500Principal(dn).getEncoded().length);
            }
        }
        for (Extension e : ext) {
            put.accept(p + "handshake.extension.type", e.type());
            if (!tls) {
                continue;
            }
            put.accept("tls.handshake.extension.len", e.length());
            for (TsharkField<?> f : EXTENSION_FIELDS) {
                f.put(e.data(), put);
            }
        }
    }

    // ================================================================== bad input on real bytes

    /**
     * Cuts {@code full} at every offset: never an exception; a problem (non-empty field, offset within the cut input)
     * unless the cut falls on a record boundary; and every record that ended before the cut decoded as before.
     */
    private static void truncateEverywhere(String what, byte[] full, List<Integer> recordEnds) {
        Decoding whole = TlsDecoder.decode(full);
        assertThat(whole.problem())
                .as("%s decodes cleanly: %s", what, hex(full))
                .isEmpty();
        assertThat(whole.records()).hasSize(recordEnds.size());
        List<String> wholeRecords =
                whole.records().stream().map(WireCapture::deep).toList();
        List<String> failures = new ArrayList<>();
        for (int cut = 0; cut < full.length; cut++) {
            byte[] in = Arrays.copyOf(full, cut);
            Decoding d;
            try {
                d = TlsDecoder.decode(in);
            } catch (Throwable t) {
                failures.add("cut " + cut + ": threw " + t);
                continue;
            }
            int c = cut;
            int kept = (int) recordEnds.stream().filter(e -> e <= c).count();
            boolean boundary = cut > 0 && recordEnds.contains(cut);
            if (d.problem().isEmpty()) {
                if (!boundary) {
                    failures.add("cut " + cut + ": no problem reported for a cut inside a record");
                }
            } else {
                DecodeProblem p = d.problem().get();
                if (p.field() == null
                        || p.field().isBlank()
                        || p.message() == null
                        || p.message().isBlank()) {
                    failures.add("cut " + cut + ": problem without field or message: " + p);
                }
                if (p.offset() < 0 || p.offset() > Math.max(0, cut)) {
                    failures.add("cut " + cut + ": problem offset outside the input: " + p);
                }
            }
            if (d.length() != cut) {
                failures.add("cut " + cut + ": length " + d.length());
            }
            if (d.records().size() != kept) {
                failures.add("cut " + cut + ": " + d.records().size() + " records kept, expected the " + kept
                        + " that ended before the cut");
            } else {
                for (int i = 0; i < kept; i++) {
                    if (!WireCapture.deep(d.records().get(i)).equals(wholeRecords.get(i))) {
                        failures.add("cut " + cut + ": record " + i + " differs: "
                                + WireCapture.deep(d.records().get(i)));
                    }
                }
            }
        }
        assertThat(failures)
                .as("%s (%d bytes: %s)", what, full.length, hex(full))
                .isEmpty();
    }

    private static List<Integer> tlsRecordEnds(byte[] b) {
        List<WireCapture.Raw> r = WireCapture.wholeRecords(b);
        assertThat(r).isNotNull();
        return r.stream().map(WireCapture.Raw::end).toList();
    }

    @Test
    void truncatedAtEveryOffsetClientHellos() {
        for (Capture c : List.of(opensslTls13Hello(), opensslTls12Hello(), jdkTls13Hello(), pythonHello())) {
            truncateEverywhere(c.name(), c.bytes(), tlsRecordEnds(c.bytes()));
        }
        byte[] dtls = dtlsHello().bytes();
        truncateEverywhere("dtls ClientHello", dtls, List.of(dtls.length));
        byte[] v2 = sslv2Hello();
        truncateEverywhere("SSLv2 ClientHello", v2, List.of(v2.length));
    }

    @Test
    void truncatedAtEveryOffsetServerFlights() {
        for (Capture c : List.of(
                opensslTls13Answer(),
                opensslTls12Flight(),
                opensslCertificateRequest(),
                opensslHrr(),
                jdkTls12Flight(),
                opensslProtocolVersionAlert())) {
            truncateEverywhere(c.name(), c.bytes(), tlsRecordEnds(c.bytes()));
        }
        // a ClientHello followed by the server's answer (both directions one after the other): a cut inside the
        // second part keeps the whole ClientHello record
        byte[] both = concat(opensslTls12Hello().bytes(), opensslTls12Flight().bytes());
        truncateEverywhere("ClientHello + server flight", both, tlsRecordEnds(both));
    }

    /**
     * The TLS 1.2 server flight with its handshake messages re-cut into records of {@code size} bytes (RFC 5246 §6.2.1 lets
     * a message span records): same messages, offsets still pointing into the input, and cuts at every offset.
     */
    @ParameterizedTest(name = "records of {0} bytes")
    @ValueSource(ints = {100, 50, 16})
    void handshakeMessagesSpanningRecords(int size) throws Exception {
        byte[] flight = opensslCertificateRequest().bytes();
        List<WireCapture.Raw> raws = WireCapture.wholeRecords(flight);
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        for (WireCapture.Raw r : raws) {
            assertThat(r.type()).isEqualTo(22);
            hs.write(flight, r.offset() + 5, r.length());
        }
        byte[] h = hs.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> ends = new ArrayList<>();
        int[] inputPos = new int[h.length]; // where byte i of the handshake stream lands in the input
        for (int p = 0; p < h.length; p += size) {
            int n = Math.min(size, h.length - p);
            out.writeBytes(new byte[] {22, 3, 3, 0, (byte) n});
            for (int i = 0; i < n; i++) {
                inputPos[p + i] = out.size() + i;
            }
            out.write(h, p, n);
            ends.add(out.size());
        }
        byte[] recut = out.toByteArray();
        truncateEverywhere("TLS 1.2 flight in " + size + "-byte records", recut, ends);
        Decoding d = TlsDecoder.decode(recut);
        assertThat(d.problem()).as("problem in %s", hex(recut)).isEmpty();
        SoftAssertions soft = new SoftAssertions();
        Decoding orig = decodeClean(opensslCertificateRequest());
        List<Message.HandshakeMessage> a = handshakes(orig);
        List<Message.HandshakeMessage> b = handshakes(d);
        assertThat(b.stream().map(Message.HandshakeMessage::msgType).toList())
                .isEqualTo(a.stream().map(Message.HandshakeMessage::msgType).toList());
        // message and certificate offsets: where those bytes stand in the recut input
        int hsPos = 0;
        for (int i = 0; i < a.size(); i++) {
            soft.assertThat(b.get(i).offset())
                    .as("offset of message %d (%d)", i, b.get(i).msgType())
                    .isEqualTo(inputPos[hsPos]);
            hsPos += 4 + a.get(i).length();
        }
        Handshake.CertificateEntry e =
                body(d, Handshake.Certificate.class).certificateList().get(0);
        assertIsServerPem(e);
        int certInHs = hsPositionOf(flight, raws, (int)
                body(orig, Handshake.Certificate.class).certificateList().get(0).offset());
        soft.assertThat(e.offset())
                .as(
                        "CertificateEntry.offset of a certificate spanning records (cert_data starts at byte %d of the handshake stream)",
                        certInHs)
                .isEqualTo(inputPos[certInHs]);
        Handshake.ServerHello sh = body(d, Handshake.ServerHello.class);
        Handshake.ServerHello sh0 = body(orig, Handshake.ServerHello.class);
        for (int i = 0; i < sh.extensions().size(); i++) {
            int at = hsPositionOf(flight, raws, (int) sh0.extensions().get(i).offset());
            soft.assertThat(sh.extensions().get(i).offset())
                    .as(
                            "offset of ServerHello extension %d",
                            sh.extensions().get(i).type())
                    .isEqualTo(inputPos[at]);
        }
        assertThat(body(d, Handshake.CertificateRequest.class).certificateAuthorities())
                .isEqualTo(body(orig, Handshake.CertificateRequest.class).certificateAuthorities());
        // an error inside a message that spans records names the input offset of the broken field
        for (int i = 0; i < sh0.extensions().size(); i++) {
            int lengthInHs =
                    hsPositionOf(flight, raws, (int) sh0.extensions().get(i).offset()) + 2;
            byte[] bad = recut.clone();
            bad[inputPos[lengthInHs]] = (byte) 0xFF;
            bad[inputPos[lengthInHs + 1]] = (byte) 0xFF;
            int idx = i;
            soft.assertThat(TlsDecoder.decode(bad).problem())
                    .as("extension_data length of ServerHello extension %d set to 0xFFFF in %s", i, hex(bad))
                    .hasValueSatisfying(pr -> {
                        assertThat(pr.field()).isEqualTo("ServerHello.extensions[" + idx + "].extension_data");
                        assertThat(pr.offset()).isEqualTo(inputPos[lengthInHs]);
                    });
        }
        soft.assertAll();
    }

    /** Position in the handshake stream of input offset {@code at} of a flight of handshake records. */
    private static int hsPositionOf(byte[] flight, List<WireCapture.Raw> raws, int at) {
        int before = 0;
        for (WireCapture.Raw r : raws) {
            if (at >= r.offset() + 5 && at < r.end()) {
                return before + at - r.offset() - 5;
            }
            before += r.length();
        }
        throw new AssertionError("offset " + at + " not in a record");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /**
     * The ClientHello body cut at every offset, with the record and handshake lengths fixed up so that the cut
     * reaches the ClientHello parser: the problem must name a ClientHello field inside the cut input, except for the
     * one valid prefix, a ClientHello that ends after its compression methods (extensions are optional).
     */
    @Test
    void clientHelloBodyCutAtEveryOffsetWithLengthsFixedUp() {
        for (Capture c : List.of(opensslTls13Hello(), opensslTls12Hello(), jdkTls12Hello(), pythonHello())) {
            byte[] b = c.bytes();
            Layout l = Layout.of(b);
            Handshake.ClientHello whole = clientHelloOf(c);
            List<String> failures = new ArrayList<>();
            for (int k = 9; k < b.length; k++) {
                byte[] in = withLengthsFixed(Arrays.copyOf(b, k));
                Decoding d;
                try {
                    d = TlsDecoder.decode(in);
                } catch (Throwable t) {
                    failures.add("cut " + k + ": threw " + t);
                    continue;
                }
                if (k == l.extensionsLen()) {
                    if (d.problem().isPresent()) {
                        failures.add("cut " + k + " (a ClientHello without extensions): "
                                + d.problem().get());
                    } else {
                        Handshake.ClientHello ch = body(d, Handshake.ClientHello.class);
                        if (!ch.extensions().isEmpty() || !Arrays.equals(ch.cipherSuites(), whole.cipherSuites())) {
                            failures.add("cut " + k + ": " + WireCapture.deep(ch));
                        }
                    }
                    continue;
                }
                Optional<DecodeProblem> p = d.problem();
                if (p.isEmpty()) {
                    failures.add("cut " + k + ": no problem for " + hex(in));
                } else if (!p.get().field().startsWith("ClientHello")
                        || p.get().offset() < 9
                        || p.get().offset() > k) {
                    failures.add("cut " + k + ": " + p.get());
                }
                if (!d.records().isEmpty()) {
                    failures.add("cut " + k + ": a record kept although its ClientHello is broken: "
                            + WireCapture.deep(d.records()));
                }
            }
            assertThat(failures).as("%s: %s", c, hex(b)).isEmpty();
        }
    }

    /** Handshake messages without record headers, as {@code openssl s_client -msg} prints them. */
    @Test
    void bareHandshakeMessages() {
        byte[] b = opensslTls13Hello().bytes();
        Handshake.ClientHello recorded = clientHelloOf(opensslTls13Hello());
        Decoding d = TlsDecoder.decode(Arrays.copyOfRange(b, 5, b.length));
        assertThat(d.problem()).isEmpty();
        assertThat(d.records()).singleElement().isInstanceOf(TlsRecord.BareHandshake.class);
        Message.HandshakeMessage m =
                (Message.HandshakeMessage) d.records().get(0).messages().get(0);
        assertThat(m.offset()).isZero();
        Handshake.ClientHello ch = (Handshake.ClientHello) m.body();
        assertThat(ch.random()).isEqualTo(recorded.random());
        assertThat(list(ch.cipherSuites())).isEqualTo(list(recorded.cipherSuites()));
        assertThat(ch.extensions().stream().map(e -> e.offset() + 5).toList())
                .isEqualTo(recorded.extensions().stream().map(Extension::offset).toList());
        // the TLS 1.2 server flight with CertificateRequest, records stripped
        byte[] flight = opensslCertificateRequest().bytes();
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        for (WireCapture.Raw r : WireCapture.wholeRecords(flight)) {
            hs.write(flight, r.offset() + 5, r.length());
        }
        Decoding bare = TlsDecoder.decode(hs.toByteArray());
        assertThat(bare.problem()).isEmpty();
        assertThat(handshakes(bare).stream()
                        .map(Message.HandshakeMessage::msgType)
                        .toList())
                .containsExactly(2, 11, 12, 13, 14);
        assertThat(body(bare, Handshake.CertificateRequest.class).certificateAuthorities())
                .isEqualTo(body(decodeClean(opensslCertificateRequest()), Handshake.CertificateRequest.class)
                        .certificateAuthorities());
        assertIsServerPem(
                body(bare, Handshake.Certificate.class).certificateList().get(0));
    }

    /** Field positions in a one-record ClientHello. */
    record Layout(int sessionIdLen, int cipherSuitesLen, int compressionLen, int extensionsLen) {
        static Layout of(byte[] b) {
            int sid = 43;
            int cs = sid + 1 + (b[sid] & 0xff);
            int comp = cs + 2 + u16(b, cs);
            int ext = comp + 1 + (b[comp] & 0xff);
            return new Layout(sid, cs, comp, ext);
        }
    }

    private static byte[] withLengthsFixed(byte[] b) {
        byte[] c = b.clone();
        int rec = c.length - 5;
        c[3] = (byte) (rec >> 8);
        c[4] = (byte) rec;
        int hs = c.length - 9;
        c[6] = (byte) (hs >> 16);
        c[7] = (byte) (hs >> 8);
        c[8] = (byte) hs;
        return c;
    }

    @Test
    void extensionLengthOverrunningItsParent() {
        byte[] b = opensslTls13Hello().bytes();
        Handshake.ClientHello ch = clientHelloOf(opensslTls13Hello());
        for (int i = 0; i < ch.extensions().size(); i++) {
            Extension e = ch.extensions().get(i);
            int lengthAt = (int) e.offset() + 2;
            int remainingAfterLength = b.length - lengthAt - 2;
            byte[] bad = b.clone();
            int overrun = remainingAfterLength + 1;
            bad[lengthAt] = (byte) (overrun >> 8);
            bad[lengthAt + 1] = (byte) overrun;
            Decoding d = TlsDecoder.decode(bad);
            int idx = i;
            assertThat(d.problem())
                    .as("extension %d length %d in %s", i, overrun, hex(bad))
                    .hasValueSatisfying(p -> {
                        assertThat(p.field()).isEqualTo("ClientHello.extensions[" + idx + "].extension_data");
                        assertThat(p.offset()).isEqualTo(lengthAt);
                        assertThat(p.message()).contains("overruns");
                    });
            assertThat(d.records()).isEmpty();
        }
        // the extensions block one byte longer than what is left
        Layout l = Layout.of(b);
        byte[] bad = b.clone();
        int n = u16(b, l.extensionsLen()) + 1;
        bad[l.extensionsLen()] = (byte) (n >> 8);
        bad[l.extensionsLen() + 1] = (byte) n;
        assertThat(TlsDecoder.decode(bad).problem()).hasValueSatisfying(p -> {
            assertThat(p.field()).isEqualTo("ClientHello.extensions");
            assertThat(p.offset()).isEqualTo(l.extensionsLen());
        });
        // ALPN's protocol list two bytes shorter than the extension: the second name overruns the list
        int alpnAt = (int) ch.extensions().stream()
                .filter(e -> e.type() == EXT_ALPN)
                .findFirst()
                .orElseThrow()
                .offset();
        bad = b.clone();
        int listLen = u16(b, alpnAt + 4) - 2;
        bad[alpnAt + 4] = (byte) (listLen >> 8);
        bad[alpnAt + 5] = (byte) listLen;
        byte[] alpnBad = bad;
        assertThat(TlsDecoder.decode(bad).problem()).as("%s", hex(alpnBad)).hasValueSatisfying(p -> {
            assertThat(p.field()).startsWith("ClientHello.extensions[").contains("protocol_name_list");
            assertThat(p.offset()).isBetween((long) alpnAt + 4, (long) alpnAt + 4 + u16(b, alpnAt + 2));
        });
    }

    @Test
    void zeroLengthCipherSuites() {
        byte[] b = opensslTls12Hello().bytes();
        Layout l = Layout.of(b);
        byte[] bad = withLengthsFixed(concat(
                Arrays.copyOf(b, l.cipherSuitesLen()),
                new byte[] {0, 0},
                Arrays.copyOfRange(b, l.compressionLen(), b.length)));
        Decoding d = TlsDecoder.decode(bad);
        assertThat(d.problem()).as("%s", hex(bad)).hasValueSatisfying(p -> {
            assertThat(p.field()).isEqualTo("ClientHello.cipher_suites");
            assertThat(p.offset()).isEqualTo(l.cipherSuitesLen());
            assertThat(p.message()).contains("0").contains("minimum");
        });
        assertThat(d.records()).isEmpty();
        // an odd-length list is a problem too
        byte[] odd = withLengthsFixed(concat(
                Arrays.copyOf(b, l.cipherSuitesLen()),
                new byte[] {0, 3, (byte) 0xC0, 0x2F, 0x00},
                Arrays.copyOfRange(b, l.compressionLen(), b.length)));
        assertThat(TlsDecoder.decode(odd).problem())
                .as("%s", hex(odd))
                .hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("ClientHello.cipher_suites"));
    }

    @Test
    void alertRecordOfThreeBytes() {
        byte[] alert = opensslProtocolVersionAlert().bytes();
        assertThat(alert).hasSize(7);
        byte[] three =
                concat(Arrays.copyOf(alert, 3), new byte[] {0, 3}, Arrays.copyOfRange(alert, 5, 7), new byte[] {0});
        Decoding d = TlsDecoder.decode(three);
        assertThat(d.problem()).isEmpty();
        assertThat(d.records())
                .singleElement()
                .satisfies(r -> assertThat(r.messages()).containsExactly(new Message.MalformedAlert(5, 3)));
        assertThat(d.alerts()).isEmpty();
        byte[] one = concat(Arrays.copyOf(alert, 3), new byte[] {0, 1}, Arrays.copyOfRange(alert, 5, 6));
        assertThat(TlsDecoder.decode(one).records().get(0).messages())
                .containsExactly(new Message.MalformedAlert(5, 1));
    }

    /** A real ClientHello with a padding extension that makes its record {@code recordLength} bytes long. */
    private byte[] paddedClientHello(int recordLength) {
        byte[] b = opensslTls12Hello().bytes();
        Layout l = Layout.of(b);
        int pad = recordLength + 5 - b.length - 4;
        byte[] padExt = new byte[4 + pad];
        padExt[1] = EXT_PADDING;
        padExt[2] = (byte) (pad >> 8);
        padExt[3] = (byte) pad;
        byte[] c = withLengthsFixed(concat(b, padExt));
        int ext = u16(b, l.extensionsLen()) + padExt.length;
        c[l.extensionsLen()] = (byte) (ext >> 8);
        c[l.extensionsLen() + 1] = (byte) ext;
        return c;
    }

    @Test
    void recordOverflow() {
        byte[] big = paddedClientHello(20_000);
        Decoding d = TlsDecoder.decode(big);
        assertThat(d.problem()).isEmpty();
        TlsRecord.Tls r = (TlsRecord.Tls) d.records().get(0);
        assertThat(r.length()).isEqualTo(20_000);
        assertThat(r.overflow()).as("20,000 > 2^14").isTrue();
        Handshake.ClientHello ch =
                (Handshake.ClientHello) ((Message.HandshakeMessage) r.messages().get(0)).body();
        Extension.Padding p = ext(ch.extensions(), EXT_PADDING, Extension.Padding.class);
        assertThat(p.allZero()).isTrue();
        assertThat(p.length()).isEqualTo(20_000 - (opensslTls12Hello().bytes().length - 5) - 4);
        assertThat(((TlsRecord.Tls) TlsDecoder.decode(paddedClientHello(16_384))
                                .records()
                                .get(0))
                        .overflow())
                .isFalse();
        assertThat(((TlsRecord.Tls) TlsDecoder.decode(paddedClientHello(16_385))
                                .records()
                                .get(0))
                        .overflow())
                .isTrue();
        // application_data with no ServerHello in sight: the TLS 1.2 ciphertext limit, 2^14 + 2048
        assertThat(appData(20_000, null).overflow()).isTrue();
        assertThat(appData(18_432, null).overflow()).isFalse();
        assertThat(appData(18_433, null).overflow()).isTrue();
        // after a real TLS 1.3 ServerHello: 2^14 + 256
        byte[] sh13 = opensslTls13Answer().bytes();
        assertThat(appData(16_640, sh13).overflow()).isFalse();
        assertThat(appData(16_641, sh13).overflow()).isTrue();
    }

    private static TlsRecord.Tls appData(int length, byte[] before) {
        byte[] rec = new byte[5 + length];
        rec[0] = 23;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = (byte) (length >> 8);
        rec[4] = (byte) length;
        byte[] payload = new byte[length];
        new Random(length).nextBytes(payload);
        System.arraycopy(payload, 0, rec, 5, length);
        byte[] in = before == null ? rec : concat(before, rec);
        Decoding d = TlsDecoder.decode(in);
        assertThat(d.problem()).isEmpty();
        return (TlsRecord.Tls) last(d.records());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void sixteenMebibytesOfRandomBytes() {
        Random rnd = new Random(0x7153);
        byte[] junk = new byte[16 << 20];
        rnd.nextBytes(junk);
        checkInvariants("random", junk, TlsDecoder.decode(junk));
        // random fragments behind plausible record headers, so the decoder goes past the first byte
        for (int type : new int[] {21, 22, 23}) {
            byte[] recs = new byte[16 << 20];
            rnd.nextBytes(recs);
            int p = 0;
            while (p + 5 <= recs.length) {
                int len = rnd.nextInt(type == 22 ? 300 : 20_000);
                recs[p] = (byte) type;
                recs[p + 1] = 3;
                recs[p + 2] = (byte) rnd.nextInt(5);
                recs[p + 3] = (byte) (len >> 8);
                recs[p + 4] = (byte) len;
                if (type == 22 && p + 9 <= recs.length) {
                    recs[p + 5] = (byte) (1 + rnd.nextInt(24));
                }
                p += 5 + len;
            }
            checkInvariants("records of type " + type, recs, TlsDecoder.decode(recs));
        }
    }

    /** Real captures with bytes flipped at random: never an exception, and the problem (if any) is well formed. */
    @Test
    void mutatedRealBytes() {
        Random rnd = new Random(42);
        List<Capture> sources = List.of(
                opensslTls13Hello(),
                opensslTls12Hello(),
                opensslTls12Flight(),
                opensslCertificateRequest(),
                opensslTls13Answer(),
                opensslHrr(),
                dtlsHello(),
                jdkTls12Flight());
        for (Capture c : sources) {
            byte[] b = c.bytes();
            for (int i = 0; i < 1500; i++) {
                byte[] m = b.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int f = 0; f < flips; f++) {
                    int at = rnd.nextInt(m.length);
                    m[at] = rnd.nextInt(3) == 0 ? (byte) rnd.nextInt(256) : (byte) (m[at] ^ (1 << rnd.nextInt(8)));
                }
                Decoding d;
                try {
                    d = TlsDecoder.decode(m);
                } catch (Throwable t) {
                    throw new AssertionError(c.name() + " mutated: decode threw on " + hex(m), t);
                }
                checkInvariants(c.name() + " mutated " + hex(m), m, d);
            }
        }
    }

    private static void checkInvariants(String what, byte[] in, Decoding d) {
        assertThat(d.length()).isEqualTo(in.length);
        d.problem().ifPresent(p -> {
            assertThat(p.field()).as("%s: field of %s", what, p).isNotBlank();
            assertThat(p.message()).as("%s: message of %s", what, p).isNotBlank();
            assertThat(p.offset()).as("%s: offset of %s", what, p).isBetween(0L, (long) in.length);
        });
        long prevEnd = 0;
        for (TlsRecord r : d.records()) {
            assertThat(r.offset())
                    .as("%s: records in order", what)
                    .isGreaterThanOrEqualTo(prevEnd)
                    .isLessThan(Math.max(1, in.length));
            for (Message m : r.messages()) {
                assertThat(m.offset())
                        .as("%s: message offset within the input: %s", what, m)
                        .isBetween(0L, (long) in.length);
            }
            prevEnd = r.offset();
        }
    }
}
