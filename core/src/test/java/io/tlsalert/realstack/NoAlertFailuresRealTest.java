package io.tlsalert.realstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Failure;
import io.tlsalert.testkit.Nginx;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures after which no alert is exchanged, made by real stacks on 127.0.0.1: what the JDK, OpenSSL's s_client,
 * curl and nginx print is fed to explain, which must give one failure of the right class (and no alert).
 */
class NoAlertFailuresRealTest {
    @TempDir
    static Path dir;

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "no-alert-peer");
        t.setDaemon(true);
        return t;
    });

    /** A TCP server that reads what the client sends first, then answers {@code reply} (maybe nothing) and closes. */
    private static ServerSocket plainServer(byte[] reply) throws Exception {
        ServerSocket ss = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        POOL.submit(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(Peers.SOCKET_TIMEOUT_MS);
                    InputStream in = s.getInputStream();
                    in.read(new byte[4096]);
                    OutputStream out = s.getOutputStream();
                    out.write(reply);
                    out.flush();
                } catch (Exception e) {
                    // the next client
                }
            }
            return null;
        });
        return ss;
    }

    private static final byte[] HTTP_400 = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private static Failure onlyFailure(String text) {
        Explanation e = TlsAlerts.explain(text);
        assertThat(e.findings()).as(text).isEmpty();
        assertThat(e.failures()).as(text).isNotEmpty();
        return e.failures().get(0);
    }

    /** The JDK client's exception, as a log prints it (toString, then its causes). */
    private static String jdkHandshake(int port, String... protocols) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(Peers.SOCKET_TIMEOUT_MS);
            if (protocols.length > 0) {
                s.setEnabledProtocols(protocols);
            }
            s.startHandshake();
            return "no failure";
        } catch (SSLException e) {
            StringBuilder b = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                b.append(t == e ? "" : "Caused by: ").append(t).append('\n');
            }
            return b.toString();
        }
    }

    @Test
    void theJdkClientWhenThePeerClosesIsPeerClosed() throws Exception {
        try (ServerSocket ss = plainServer(new byte[0])) {
            String text = jdkHandshake(ss.getLocalPort());
            System.out.println(text);
            assertThat(text).contains("Remote host terminated the handshake");
            Failure f = onlyFailure(text);
            assertThat(f.failureClass().id()).isEqualTo("peer-closed");
            assertThat(f.stack()).isEqualTo("jdk");
        }
    }

    @Test
    void theJdkClientWithOnlyADisabledProtocolIsLocalPolicy() throws Exception {
        // TLSv1 is in jdk.tls.disabledAlgorithms: the JDK refuses before it sends a ClientHello.
        try (ServerSocket ss = plainServer(new byte[0])) {
            String text = jdkHandshake(ss.getLocalPort(), "TLSv1");
            System.out.println(text);
            assertThat(text).contains("No appropriate protocol");
            Failure f = onlyFailure(text);
            assertThat(f.failureClass().id()).isEqualTo("local-policy");
        }
    }

    @Test
    void theJdkClientAnsweredWithHttpIsNotTls() throws Exception {
        try (ServerSocket ss = plainServer(HTTP_400)) {
            String text = jdkHandshake(ss.getLocalPort());
            System.out.println(text);
            Failure f = onlyFailure(text);
            assertThat(f.failureClass().id()).isEqualTo("not-tls");
        }
    }

    private static String run(List<String> cmd) throws Exception {
        try (PeerProcess p = PeerProcess.start(PeerProcess.Options.in(dir).stdinAtEof(), cmd)) {
            assertThat(p.awaitExit(Peers.PROCESS_TIMEOUT)).as("exited: %s", cmd).isTrue();
            return p.log();
        }
    }

    @Test
    void opensslSClientAnsweredWithHttpIsNotTls() throws Exception {
        try (ServerSocket ss = plainServer(HTTP_400)) {
            String out = run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + ss.getLocalPort()));
            System.out.println(out);
            Failure f = onlyFailure(out);
            assertThat(f.failureClass().id()).isEqualTo("not-tls");
        }
    }

    @Test
    void curlWhenThePeerClosesIsPeerClosed() throws Exception {
        try (ServerSocket ss = plainServer(new byte[0])) {
            String out = run(List.of("curl", "-sS", "https://127.0.0.1:" + ss.getLocalPort() + "/"));
            System.out.println(out);
            Failure f = onlyFailure(out);
            assertThat(f.failureClass().id()).isIn("peer-closed", "connection-reset");
            assertThat(f.stack()).isEqualTo("curl");
        }
    }

    @Test
    void nginxWhenTheClientClosesMidHandshakeIsPeerClosed() throws Exception {
        Pki.Leaf leaf = Pki.selfSigned(
                dir.resolve("n.pem"),
                dir.resolve("n.key"),
                "/CN=localhost",
                Pki.KeyType.EC,
                30,
                "subjectAltName=DNS:localhost");
        try (Nginx n = Nginx.start(
                dir,
                "server {\n listen 127.0.0.1:%PORT% ssl;\n ssl_certificate " + leaf.cert() + "; ssl_certificate_key "
                        + leaf.key() + ";\n location / { return 200; }\n}\n")) {
            // The first bytes of a TLS record header, then the client goes away.
            try (Socket s = new Socket("127.0.0.1", n.port())) {
                s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
                s.getOutputStream().flush();
            }
            String log = "";
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && !log.contains("SSL handshak")) {
                TimeUnit.MILLISECONDS.sleep(100);
                log = n.log();
            }
            System.out.println(log);
            Explanation e = TlsAlerts.explain(log);
            assertThat(e.findings()).isEmpty();
            assertThat(e.failures()).isNotEmpty();
            assertThat(e.failures().get(0).failureClass().id()).isEqualTo("peer-closed");
            assertThat(e.failures().get(0).stack()).isEqualTo("nginx");
        }
    }

    @BeforeAll
    static void peersAreHere() {
        assertThat(Path.of("/usr/bin/openssl")).exists();
        assertThat(Path.of("/usr/bin/curl")).exists();
        assertThat(Nginx.BINARY).exists();
    }
}
