package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.registry.Lang;
import io.tlsalert.testkit.HostileServer;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What new clients break on (issue 12 item 5), against real {@code openssl s_server}s on 127.0.0.1: Extended Master
 * Secret switched off, a server that signs only with SHA-1, an old client offering only SHA-1, and a ClientHello split
 * over two TCP segments through a middlebox written here that drops it (no such device runs on this machine; the
 * server behind it is s_server).
 */
@Timeout(60)
class ProberNewClientTest {
    @TempDir
    static Path dir;

    static Pki pki;
    static Pki.Leaf ec, rsa;
    static Prober prober;

    @BeforeAll
    static void pki() throws Exception {
        pki = new Pki(dir);
        ec = pki.leaf("localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        rsa = pki.leaf("rsa-localhost", Pki.KeyType.RSA, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        prober = new Prober(Duration.ofSeconds(5), Duration.ofMillis(20))
                .withTrustStore(TrustStore.load(pki.caPem, null));
    }

    static Target target(int port) {
        return new Target("127.0.0.1", port, Optional.empty());
    }

    static Diagnosis diagnose(int port, Offer o) {
        Diagnosis d = prober.diagnose(target(port), o);
        System.out.println(d.summary());
        assertThat(d.handshakes()).isLessThanOrEqualTo(Prober.MAX_HANDSHAKES);
        return d;
    }

    static Offer offer() {
        return Offer.broad().withSni("localhost");
    }

    @Test
    void serverWithoutExtendedMasterSecret() throws Exception {
        // OpenSSL 3.0's s_server has no switch for it: the SSL_CONF option Options = -ExtendedMasterSecret does it
        Path cnf = dir.resolve("no-ems.cnf");
        Files.writeString(
                cnf,
                "openssl_conf = conf\n[conf]\nssl_conf = ssl_sect\n[ssl_sect]\nsystem_default = sys\n[sys]\n"
                        + "Options = -ExtendedMasterSecret\n");
        List<String> args = new ArrayList<>(List.of(
                "-www", "-cert", rsa.cert().toString(), "-key", rsa.key().toString(), "-tls1_2"));
        PeerProcess.Options o = PeerProcess.Options.in(dir, Files.createTempFile(dir, "s_server", ".log"))
                .withEnv(Map.of("OPENSSL_CONF", cnf.toString()));
        try (OpensslServer s = OpensslServer.start(o, args)) {
            Diagnosis d = diagnose(s.port(), offer());
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("extended-master-secret-missing");
            assertThat(d.baseline().ok()).isTrue();
            assertThat(d.baseline().outcome().extendedMasterSecret()).isFalse();
            assertThat(d.cause().evidence()).contains("TLS 1.2 without Extended Master Secret");
            assertThat(d.cause().fix(Lang.ZH)).contains("扩展主密钥");
            assertThat(d.handshakes()).isEqualTo(1);
        }
        // the same server with its default settings uses it
        try (OpensslServer s = OpensslServer.www(dir, rsa, "-tls1_2")) {
            Diagnosis d = diagnose(s.port(), offer());
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("ok");
            assertThat(d.baseline().outcome().extendedMasterSecret()).isTrue();
        }
    }

    @Test
    void serverThatSignsOnlyWithSha1() throws Exception {
        try (OpensslServer s =
                OpensslServer.www(dir, rsa, "-tls1_2", "-sigalgs", "RSA+SHA1", "-cipher", "DEFAULT:@SECLEVEL=0")) {
            Diagnosis d = diagnose(s.port(), offer());
            assertThat(d.baseline().ok())
                    .as("the baseline offers SHA-1 last, as browsers did")
                    .isTrue();
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-requires-sha1-signature");
            assertThat(d.attempts()).extracting(Attempt::changed).contains("signature schemes: no SHA-1");
            Attempt noSha1 = d.attempts().get(d.attempts().size() - 1);
            assertThat(noSha1.ok()).isFalse();
            assertThat(noSha1.offer().signatureSchemes()).noneMatch(NewClientChecks::isSha1);
            assertThat(d.cause().title(Lang.ZH)).isEqualTo("服务器只用 SHA-1 签名");
            assertThat(d.handshakes()).isEqualTo(3);
        }
    }

    @Test
    void oldClientOfferingOnlySha1() throws Exception {
        List<Integer> sha1 = List.of(
                TlsParameters.get().signatureSchemeCode("rsa_pkcs1_sha1").getAsInt(),
                TlsParameters.get().signatureSchemeCode("ecdsa_sha1").getAsInt());
        try (OpensslServer s = OpensslServer.www(dir, ec)) {
            Diagnosis d = diagnose(s.port(), offer().withSignatureSchemes(sha1));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("no-shared-signature-algorithm");
            assertThat(d.cause().accepts()).contains("ecdsa_secp256r1_sha256");
            assertThat(d.cause().fix()).contains("the client's offer has none of it");
        }
    }

    @Test
    void middleboxThatDropsASplitClientHello() throws Exception {
        try (OpensslServer s = OpensslServer.www(dir, ec);
                HostileServer box = new HostileServer(c -> dropSplitHellos(c, s.port()))) {
            Diagnosis d = diagnose(box.port(), offer());
            assertThat(d.baseline().ok()).isTrue();
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("clienthello-split-dropped");
            Attempt split = d.attempts().get(d.attempts().size() - 1);
            assertThat(split.offer().splitAt()).isEqualTo(NewClientChecks.SPLIT_AT);
            assertThat(split.ok()).isFalse();
            assertThat(d.cause().fix(Lang.ZH)).contains("TCP 报文段");
            // baseline, new client, no SHA-1 alone, large alone, split alone
            assertThat(d.handshakes()).isEqualTo(5);
        }
    }

    /**
     * A middlebox that reads the first TCP segment and drops the connection (a reset) when it does not hold the
     * whole first TLS record; else it relays both ways to the server.
     */
    static void dropSplitHellos(Socket c, int serverPort) throws Exception {
        InputStream in = c.getInputStream();
        byte[] first = new byte[65536];
        int n = in.read(first);
        if (n < 5 || n < 5 + ((first[3] & 0xff) << 8 | (first[4] & 0xff))) {
            c.setSoLinger(true, 0);
            c.close();
            return;
        }
        try (Socket up = new Socket()) {
            up.connect(new InetSocketAddress("127.0.0.1", serverPort), 5000);
            up.getOutputStream().write(first, 0, n);
            Thread back = new Thread(() -> pipe(up, c));
            back.setDaemon(true);
            back.start();
            pipe(c, up);
            back.join(5000);
        }
    }

    static void pipe(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] b = new byte[16384];
            int n;
            while ((n = in.read(b)) >= 0) {
                out.write(b, 0, n);
            }
            to.shutdownOutput();
        } catch (Exception e) {
            // one side went away
        }
    }
}
