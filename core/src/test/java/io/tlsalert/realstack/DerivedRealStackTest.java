package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Finding;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.SServerRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived row checked against the real stack: OpenSSL's server, offered only signature algorithms its ECDSA key
 * cannot make, prints {@code no suitable signature algorithm}, which no hand-written pattern knows; the derived table
 * says handshake_failure (40) sent, and the client's own line shows that alert arriving.
 */
class DerivedRealStackTest {
    @TempDir
    Path dir;

    @Test
    void opensslNoSuitableSignatureAlgorithmIsHandshakeFailureSent() throws Exception {
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        SServerRun.Client sClient = SServerRun.Client.of(
                "s_client",
                Peers.PROCESS_TIMEOUT,
                port -> List.of(
                        "openssl", "s_client", "-connect", "127.0.0.1:" + port, "-sigalgs", "rsa_pss_rsae_sha256"));
        SServerRun.Sides r = SServerRun.run(
                dir, List.of("-cert", "c.pem", "-key", "k.pem", "-quiet"), sClient, "no suitable signature algorithm");
        Finding received = single(TlsAlerts.explainer().explain(r.client()));
        assertThat(received.code()).isEqualTo(40);
        assertThat(received.direction()).isEqualTo(Direction.RECEIVED);

        Finding sent = single(TlsAlerts.explainer().explain(r.server()));
        assertThat(sent.code()).isEqualTo(40);
        assertThat(sent.direction()).isEqualTo(Direction.SENT);
        assertThat(sent.patternId()).isEqualTo("derived-openssl");
    }
}
