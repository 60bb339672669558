package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.assertFinding;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.explain.Direction;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.SServerRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NSS for real: Debian's tstclnt (libnss3-tools) as a client of OpenSSL's s_server in failing configurations. What
 * tstclnt prints (an NSS error name, as Firefox and curl-NSS print it) is explained, and must agree with s_server's
 * view of the same connection.
 */
class NssRealStackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Pki pki;
    private Pki.Leaf leaf;
    private Path db;

    @BeforeEach
    void setUp() throws Exception {
        pki = new Pki(dir);
        leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        // An empty NSS certificate database: no trust anchors, so the test root is unknown to tstclnt.
        db = Files.createDirectories(dir.resolve("nssdb"));
        try (PeerProcess p = PeerProcess.start(
                PeerProcess.Options.in(dir, dir.resolve("certutil.log")).stdinAtEof(),
                List.of("certutil", "-N", "-d", "sql:" + db, "--empty-password"))) {
            assertThat(p.awaitExit(TIMEOUT)).isTrue();
            assertThat(p.exitValue()).as("certutil: %s", p.log()).isZero();
        }
    }

    @Test
    void tstclntRejectsAServerFromAnUnknownCaWithUnknownCa() throws Exception {
        SServerRun.Sides s = tstclnt(List.of(), List.of(), "SEC_ERROR_", "SSL alert number 48");
        assertFinding(s.client(), 48, Direction.SENT, "derived-nss");
        assertFinding(s.server(), 48, Direction.RECEIVED, null);
    }

    @Test
    void tstclntWithoutTls13AgainstATls13OnlyServer() throws Exception {
        SServerRun.Sides s =
                tstclnt(List.of("-tls1_3"), List.of("-o", "-V", "tls1.0:tls1.2"), "SSL_ERROR_", "unsupported protocol");
        assertThat(s.client()).contains("SSL_ERROR_PROTOCOL_VERSION_ALERT");
        assertFinding(s.client(), 70, Direction.RECEIVED, null);
        assertFinding(s.server(), 70, Direction.SENT, null);
    }

    @Test
    void tstclntWithNoCipherTheServerAccepts() throws Exception {
        SServerRun.Sides s = tstclnt(
                List.of("-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"),
                // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 only.
                List.of("-o", "-V", "tls1.2:tls1.2", "-c", ":C02B"),
                "SSL_ERROR_",
                "no shared cipher");
        // NSS reports a handshake_failure received in answer to its ClientHello as SSL_ERROR_NO_CYPHER_OVERLAP
        // (ssl3_HandleAlert): the derived table says received, 40.
        assertThat(s.client()).contains("SSL_ERROR_NO_CYPHER_OVERLAP");
        assertFinding(s.client(), 40, Direction.RECEIVED, "derived-nss");
        assertFinding(s.server(), 40, Direction.SENT, null);
    }

    @Test
    void tstclntWithoutTheClientCertificateTheServerRequires() throws Exception {
        SServerRun.Sides s = tstclnt(
                List.of("-Verify", "1", "-CAfile", pki.caPem.toString()),
                List.of("-o"),
                "SSL_ERROR_",
                "peer did not return a certificate");
        assertThat(s.client()).contains("SSL_ERROR_RX_CERTIFICATE_REQUIRED_ALERT");
        assertFinding(s.client(), 116, Direction.RECEIVED, null);
        assertFinding(s.server(), 116, Direction.SENT, null);
    }

    /**
     * Runs tstclnt against s_server until the client printed {@code clientSays} and the server {@code serverSays}
     * (s_server also logs the readiness probe's connection, as an EOF): tstclnt's stdout and stderr, s_server's.
     */
    private SServerRun.Sides tstclnt(
            List<String> serverArgs, List<String> clientArgs, String clientSays, String serverSays) throws Exception {
        List<String> server = new ArrayList<>(
                List.of("-cert", leaf.cert().toString(), "-key", leaf.key().toString(), "-quiet"));
        server.addAll(serverArgs);
        SServerRun.Client tstclnt = SServerRun.Client.of("tstclnt", TIMEOUT, port -> {
                    List<String> cmd = new ArrayList<>(
                            List.of("tstclnt", "-h", "127.0.0.1", "-p", String.valueOf(port), "-d", "sql:" + db));
                    cmd.addAll(clientArgs);
                    return cmd;
                })
                // One line to send, so that tstclnt also reads what the server answers after its handshake (TLS 1.3).
                .withInput("\n");
        SServerRun.Sides s = SServerRun.run(dir, server, tstclnt, serverSays);
        assertThat(s.client()).contains(clientSays);
        return s;
    }
}
