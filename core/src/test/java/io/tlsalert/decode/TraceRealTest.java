package io.tlsalert.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Finding;
import io.tlsalert.report.DecodeTree;
import io.tlsalert.testkit.Dumpcap;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Traces printed by real programs on 127.0.0.1, decoded and compared record by record with what tshark sees on the
 * wire for the same connection (captured with dumpcap): {@code openssl s_client}/{@code s_server} with {@code -msg}
 * and {@code -trace}, and JDK clients (this JDK 17 and Temurin 25) with {@code -Djavax.net.debug=ssl:record:packet}.
 * The failing configurations make a known side send a known alert: a self-signed server certificate makes an
 * OpenSSL client send unknown_ca (48) and a JDK client certificate_unknown (46); a TLS 1.2-only client against a
 * TLS 1.3-only server gets protocol_version (70) from the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceRealTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private Path dir;

    private Pki.Leaf selfSigned;

    @BeforeAll
    void setUp(@TempDir Path tmp) {
        dir = tmp;
        selfSigned = Pki.selfSigned(
                dir.resolve("server.pem"),
                dir.resolve("server.key"),
                "/CN=localhost",
                Pki.KeyType.RSA,
                30,
                "subjectAltName=DNS:localhost");
    }

    /** One record as tshark dissects it: content type (opaque type for TLS 1.3 ciphertext) and length. */
    record Wire(int type, int length) {}

    /** What both ends printed, and what crossed the wire in each direction. */
    record Run(
            String client,
            String server,
            List<Wire> toServer,
            List<Wire> toClient,
            List<Integer> alertsToServer,
            List<Integer> alertsToClient) {}

    private Run run(List<String> serverArgs, List<String> client, Map<String, String> clientEnv) throws Exception {
        int port = Ports.free();
        Path pcap = Files.createTempFile(dir, "trace", ".pcapng");
        Path serverLog = Files.createTempFile(dir, "server", ".log");
        Path clientLog = Files.createTempFile(dir, "client", ".log");
        List<String> args = new ArrayList<>(List.of(
                "-cert", selfSigned.cert().toString(), "-key", selfSigned.key().toString(), "-naccept", "1"));
        args.addAll(serverArgs);
        try (Dumpcap cap = Dumpcap.loopback(pcap, "tcp port " + port);
                OpensslServer server = OpensslServer.on(port, dir, serverLog, args)) {
            List<String> cmd = new ArrayList<>();
            for (String c : client) {
                cmd.add(c.replace("PORT", String.valueOf(port)));
            }
            try (PeerProcess p = PeerProcess.start(
                    PeerProcess.Options.in(dir, clientLog).stdinAtEof().withEnv(clientEnv), cmd)) {
                assertThat(p.awaitExit(WAIT)).as("client %s exits", cmd).isTrue();
            }
            // -naccept 1: s_server exits once the connection is over, after printing all of it
            assertThat(server.process().awaitExit(WAIT)).as("s_server exits").isTrue();
            Thread.sleep(300); // the last packets reach the capture
        }
        Map<String, List<Wire>> flows = new LinkedHashMap<>();
        Map<String, List<Integer>> alerts = new LinkedHashMap<>();
        for (String[] f : io.tlsalert.testkit.Tshark.fields(
                pcap,
                List.of(
                        "-d",
                        "tcp.port==" + port + ",tls",
                        "-o",
                        "tls.desegment_ssl_records:TRUE",
                        "-o",
                        "tcp.desegment_tcp_streams:TRUE"),
                List.of(
                        "tcp.dstport",
                        "tls.record.content_type",
                        "tls.record.opaque_type",
                        "tls.record.length",
                        "tls.alert_message.desc"),
                ",")) {
            if (f.length < 4 || f[3].isEmpty()) {
                continue;
            }
            String to = f[0].equals(String.valueOf(port)) ? "server" : "client";
            // In one segment TLS 1.3's plaintext records (content_type) come before its ciphertext (opaque_type).
            List<String> types = new ArrayList<>(split(f[1]));
            types.addAll(split(f[2]));
            List<String> lengths = split(f[3]);
            assertThat(types).as("tshark types and lengths of one frame").hasSameSizeAs(lengths);
            for (int i = 0; i < types.size(); i++) {
                flows.computeIfAbsent(to, k -> new ArrayList<>())
                        .add(new Wire(Integer.parseInt(types.get(i)), Integer.parseInt(lengths.get(i))));
            }
            if (f.length > 4) {
                for (String a : split(f[4])) {
                    alerts.computeIfAbsent(to, k -> new ArrayList<>()).add(Integer.parseInt(a));
                }
            }
        }
        return new Run(
                Files.readString(clientLog),
                Files.readString(serverLog),
                flows.getOrDefault("server", List.of()),
                flows.getOrDefault("client", List.of()),
                alerts.getOrDefault("server", List.of()),
                alerts.getOrDefault("client", List.of()));
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    private static Decoding decode(String trace, Trace.Format expected) {
        assertThat(TraceDecoder.detect(trace)).as("format of\n%s", trace).contains(expected);
        Decoding d = TraceDecoder.decode(trace, expected, DecodeLimits.DEFAULT);
        assertThat(d.problem()).as("problem decoding\n%s", trace).isEmpty();
        assertThat(d.trace()).isPresent();
        assertThat(d.trace().get().origins()).hasSameSizeAs(d.records());
        return d;
    }

    /** The records the trace's program sent or received, as tshark would show them. */
    private static List<Wire> records(Decoding d, Trace.Flow flow) {
        List<Wire> l = new ArrayList<>();
        for (int i = 0; i < d.records().size(); i++) {
            if (d.trace().get().origins().get(i).flow() == flow && d.records().get(i) instanceof TlsRecord.Tls t) {
                l.add(new Wire(t.contentType(), t.length()));
            }
        }
        return l;
    }

    /**
     * What the program sent is exactly what crossed the wire its way; what it received is what it read of the other
     * direction: all of it, or the records up to the one that made it fail (it stops reading there).
     */
    private static void assertMatchesWire(
            Decoding d, List<Wire> sentOnWire, List<Wire> receivedOnWire, boolean readAll) {
        assertThat(records(d, Trace.Flow.SENT)).as("records sent").isEqualTo(sentOnWire);
        List<Wire> received = records(d, Trace.Flow.RECEIVED);
        assertThat(received).as("records received").isNotEmpty();
        if (readAll) {
            assertThat(received).isEqualTo(receivedOnWire);
        } else {
            assertThat(receivedOnWire)
                    .as("what the program read is the start of what arrived")
                    .startsWith(received.toArray(Wire[]::new));
        }
    }

    private static void assertAlert(Decoding d, int code, Direction direction) {
        List<Finding> f = DecodeTree.alertFindings(d);
        assertThat(f).extracting(Finding::code).containsExactly(code);
        assertThat(f.get(0).direction()).isEqualTo(direction);
    }

    private static List<String> sClient(String... extra) {
        List<String> c = new ArrayList<>(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:PORT",
                "-servername",
                "localhost",
                "-verify_return_error"));
        c.addAll(List.of(extra));
        return c;
    }

    @Test
    void opensslMsgUnknownCaSentByTheClient() throws Exception {
        Run r = run(List.of("-msg"), sClient("-msg"), Map.of());
        assertThat(r.alertsToServer).containsExactly(48);

        Decoding client = decode(r.client, Trace.Format.OPENSSL_MSG);
        assertMatchesWire(client, r.toServer, r.toClient, false);
        assertAlert(client, 48, Direction.SENT);
        assertThat(client.trace().get().printedBy(client.records())).contains(Trace.Role.CLIENT);

        Decoding server = decode(r.server, Trace.Format.OPENSSL_MSG);
        assertMatchesWire(server, r.toClient, r.toServer, true);
        assertAlert(server, 48, Direction.RECEIVED);
        assertThat(server.trace().get().printedBy(server.records())).contains(Trace.Role.SERVER);
        // -msg prints the decrypted handshake: the server's TLS 1.3 Certificate is read, certificate and all
        assertThat(server.records().stream().flatMap(x -> x.messages().stream()))
                .filteredOn(m -> m instanceof Message.HandshakeMessage h && h.body() instanceof Handshake.Certificate)
                .singleElement()
                .satisfies(m -> assertThat(((Handshake.Certificate) ((Message.HandshakeMessage) m).body())
                                .certificateList()
                                .get(0)
                                .info()
                                .orElseThrow()
                                .subject())
                        .isEqualTo("CN=localhost"));
    }

    @Test
    void opensslTraceUnknownCaSentByTheClient() throws Exception {
        Run r = run(List.of("-trace"), sClient("-trace"), Map.of());
        assertThat(r.alertsToServer).containsExactly(48);

        Decoding client = decode(r.client, Trace.Format.OPENSSL_TRACE);
        assertMatchesWire(client, r.toServer, r.toClient, false);
        assertAlert(client, 48, Direction.SENT);

        Decoding server = decode(r.server, Trace.Format.OPENSSL_TRACE);
        assertMatchesWire(server, r.toClient, r.toServer, true);
        assertAlert(server, 48, Direction.RECEIVED);
    }

    @Test
    void protocolVersionSentByTheServer() throws Exception {
        Run r = run(List.of("-tls1_3", "-msg"), sClient("-tls1_2", "-trace"), Map.of());
        assertThat(r.alertsToClient).containsExactly(70);

        Decoding server = decode(r.server, Trace.Format.OPENSSL_MSG);
        assertMatchesWire(server, r.toClient, r.toServer, true);
        assertAlert(server, 70, Direction.SENT);

        Decoding client = decode(r.client, Trace.Format.OPENSSL_TRACE);
        assertMatchesWire(client, r.toServer, r.toClient, true);
        assertAlert(client, 70, Direction.RECEIVED);
    }

    /** A JDK client that fails the handshake against a self-signed server: its trust store lacks the certificate. */
    private List<String> jdkClient(Path java, String protocol) throws Exception {
        Path src = dir.resolve("Client.java");
        Files.writeString(src, """
                import javax.net.ssl.*;
                public class Client {
                    public static void main(String[] a) throws Exception {
                        try (SSLSocket s = (SSLSocket) SSLSocketFactory.getDefault().createSocket("127.0.0.1", Integer.parseInt(a[0]))) {
                            s.setEnabledProtocols(new String[] {a[1]});
                            s.startHandshake();
                            // a TLS 1.3 client is done before the server has judged its certificate: read its verdict
                            s.getInputStream().read();
                        } catch (SSLException e) {
                            System.out.println("handshake failed: " + e.getMessage());
                        }
                    }
                }
                """);
        return List.of(java.toString(), "-Djavax.net.debug=ssl:record:packet", src.toString(), "PORT", protocol);
    }

    private void jdk(Path java, String protocol) throws Exception {
        assertThat(java).as("the JDK to run").isExecutable();
        Run r = run(List.of(), jdkClient(java, protocol), Map.of());
        assertThat(r.client).contains("handshake failed");
        Decoding client = decode(r.client, Trace.Format.JDK_DEBUG);
        assertMatchesWire(client, r.toServer, r.toClient, false);
        assertThat(client.trace().get().printedBy(client.records())).contains(Trace.Role.CLIENT);
        if (protocol.equals("TLSv1.2")) {
            // TLS 1.2: the client rejects the Certificate before its Finished, so its alert is plaintext
            assertThat(r.alertsToServer).containsExactly(46);
            assertAlert(client, 46, Direction.SENT);
        } else {
            // TLS 1.3: the alert goes under the handshake keys: an encrypted record, as on the wire and tshark shows
            // it; the JDK's "WRITE: TLSv1.3 alert(certificate_unknown)" line names it
            assertThat(r.alertsToServer).isEmpty();
            int last = client.records().size() - 1;
            assertThat(client.trace().get().origins().get(last).flow()).isEqualTo(Trace.Flow.SENT);
            assertThat(client.records().get(last).messages()).singleElement().isInstanceOf(Message.Encrypted.class);
            assertThat(client.trace().get().named()).singleElement().satisfies(n -> {
                assertThat(n.record()).isEqualTo(last);
                assertThat(n.description()).isEqualTo(46);
            });
            assertAlert(client, 46, Direction.SENT);
        }
    }

    /**
     * A JDK client that trusts the server but has no certificate for a server that requires one: in TLS 1.3 the
     * server's certificate_required (116) is encrypted; the JDK logs it after decrypting it ("Received alert
     * message"), s_server -msg prints it before encrypting it. Both traces give it, each from its own side.
     */
    private void certificateRequired(Path java) throws Exception {
        assertThat(java).as("the JDK to run").isExecutable();
        Path trust = dir.resolve("trust-" + System.nanoTime() + ".p12");
        io.tlsalert.testkit.Commands.run(
                dir,
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-file",
                selfSigned.cert().toString(),
                "-keystore",
                trust.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit");
        List<String> cmd = new ArrayList<>(jdkClient(java, "TLSv1.3"));
        cmd.add(1, "-Djavax.net.ssl.trustStore=" + trust);
        cmd.add(2, "-Djavax.net.ssl.trustStorePassword=changeit");
        Run r = run(List.of("-msg", "-Verify", "1"), cmd, Map.of());
        assertThat(r.client).contains("handshake failed");
        Decoding client = decode(r.client, Trace.Format.JDK_DEBUG);
        assertMatchesWire(client, r.toServer, r.toClient, true);
        assertAlert(client, 116, Direction.RECEIVED);
        assertThat(DecodeTree.alertFindings(client).get(0).level()).contains("fatal");

        Decoding server = decode(r.server, Trace.Format.OPENSSL_MSG);
        // the server stops reading at the empty client Certificate, before the client's Finished
        assertMatchesWire(server, r.toClient, r.toServer, false);
        assertAlert(server, 116, Direction.SENT);
    }

    @Test
    void jdk17ReceivesAnEncryptedCertificateRequired() throws Exception {
        certificateRequired(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    @Test
    void temurin25ReceivesAnEncryptedCertificateRequired() throws Exception {
        certificateRequired(TEMURIN_25);
    }

    @Test
    void jdk17Tls12CertificateUnknownSentByTheClient() throws Exception {
        jdk(Path.of(System.getProperty("java.home"), "bin", "java"), "TLSv1.2");
    }

    @Test
    void jdk17Tls13() throws Exception {
        jdk(Path.of(System.getProperty("java.home"), "bin", "java"), "TLSv1.3");
    }

    @Test
    void temurin25Tls12CertificateUnknownSentByTheClient() throws Exception {
        jdk(TEMURIN_25, "TLSv1.2");
    }

    @Test
    void temurin25Tls13() throws Exception {
        jdk(TEMURIN_25, "TLSv1.3");
    }
}
