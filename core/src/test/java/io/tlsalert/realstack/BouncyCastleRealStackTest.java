package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Finding;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.SServerRun;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bouncy Castle's JSSE provider (bctls, the version the probe module uses) as a client of {@code openssl s_server} in
 * three failing configurations: the exception BCJSSE throws, as a stack trace prints it, is explained, and the
 * server's own error says which alert crossed the wire.
 */
class BouncyCastleRealStackTest {
    @TempDir
    Path dir;

    @BeforeEach
    void certs() throws Exception {
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        Pki.selfSigned(dir.resolve("other.pem"), dir.resolve("ko.pem"), "/CN=other", Pki.KeyType.EC, 2);
    }

    @Test
    void untrustedServerIsCertificateUnknownSentByBouncyCastle() throws Exception {
        Result r = connect(List.of(), "other.pem", new String[] {"TLSv1.3"}, "alert certificate unknown");
        assertThat(r.client).contains("TlsFatalAlert: certificate_unknown(46)");
        Finding f = single(TlsAlerts.explainer().explain(r.client));
        assertThat(f.code()).isEqualTo(46);
        assertThat(f.direction()).isEqualTo(Direction.SENT);
        assertThat(f.stack()).isEqualTo("bouncycastle");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(46);
        assertThat(server.direction()).isEqualTo(Direction.RECEIVED);
    }

    @Test
    void tls12ClientAgainstTls13ServerIsProtocolVersionReceived() throws Exception {
        Result r = connect(List.of("-tls1_3"), "c.pem", new String[] {"TLSv1.2"}, "unsupported protocol");
        assertThat(r.client).contains("TlsFatalAlertReceived: protocol_version(70)");
        Finding f = single(TlsAlerts.explainer().explain(r.client));
        assertThat(f.code()).isEqualTo(70);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo("bouncycastle");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(70);
        assertThat(server.direction()).isEqualTo(Direction.SENT);
    }

    @Test
    void noSharedCipherIsHandshakeFailureReceived() throws Exception {
        Result r = connect(
                List.of("-tls1_2", "-cipher", "AES128-SHA"), "c.pem", new String[] {"TLSv1.2"}, "no shared cipher");
        assertThat(r.client).contains("TlsFatalAlertReceived: handshake_failure(40)");
        Finding f = single(TlsAlerts.explainer().explain(r.client));
        assertThat(f.code()).isEqualTo(40);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(40);
        assertThat(server.direction()).isEqualTo(Direction.SENT);
    }

    private record Result(String client, String server) {}

    private Result connect(List<String> serverArgs, String trusted, String[] protocols, String serverText)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("-cert", "c.pem", "-key", "k.pem", "-quiet"));
        args.addAll(serverArgs);
        try (SServerRun server = SServerRun.start(dir, args)) {
            int port = server.port();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(dir.resolve(trusted))) {
                ks.setCertificateEntry(
                        "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            BouncyCastleJsseProvider bcjsse = new BouncyCastleJsseProvider();
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX", bcjsse);
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS", bcjsse);
            ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
            Throwable t = catchThrowable(() -> {
                try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
                    s.setSoTimeout(Peers.SOCKET_TIMEOUT_MS);
                    s.setEnabledProtocols(protocols);
                    s.startHandshake();
                    s.getInputStream().read(); // TLS 1.3: a server's alert may come with the first read
                }
            });
            assertThat(t).as("the handshake fails").isNotNull();
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            return new Result(trace.toString(), server.awaitServer(serverText));
        }
    }
}
