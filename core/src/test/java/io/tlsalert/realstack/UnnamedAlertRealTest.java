package io.tlsalert.realstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Failure;
import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real gnutls-cli that receives handshake_failure from OpenSSL's s_server prints both "*** Received alert [40]:
 * Handshake failed" (stdout) and "*** Fatal error: A TLS fatal alert has been received." (stderr). The error line alone
 * is an alert received whose name it does not give; with the alert's line beside it (in either order: two streams),
 * one fact, the named alert.
 */
class UnnamedAlertRealTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void gnutlsCliSaysAnAlertWasReceivedAndNamesItApart() throws Exception {
        Pki pki = new Pki(dir);
        Pki.Leaf leaf = pki.leaf("server", Pki.KeyType.EC, Pki.Issuer.ROOT, 2, "DNS:localhost", "IP:127.0.0.1");
        List<String> server = List.of(
                "-cert",
                leaf.cert().toString(),
                "-key",
                leaf.key().toString(),
                "-quiet",
                "-tls1_2",
                "-cipher",
                "ECDHE-ECDSA-AES256-GCM-SHA384");
        String log;
        try (OpensslServer s = OpensslServer.start(dir, dir.resolve("s_server.log"), server)) {
            List<String> cmd = new ArrayList<>(List.of("gnutls-cli", "--port", String.valueOf(s.port())));
            cmd.addAll(List.of("--x509cafile", pki.caPem.toString(), "--priority", "NORMAL:-VERS-TLS1.3:-AES-256-GCM"));
            cmd.add("127.0.0.1");
            try (PeerProcess client = PeerProcess.start(
                    PeerProcess.Options.in(dir, dir.resolve("gnutls-cli.log")).stdinAtEof(), cmd)) {
                assertThat(client.awaitExit(TIMEOUT)).as("gnutls-cli exits").isTrue();
                log = client.log();
            }
            assertThat(s.process().awaitOutput("no shared cipher", TIMEOUT))
                    .as("s_server sent handshake_failure: %s", s.log())
                    .isTrue();
        }
        assertThat(log).contains("*** Received alert [40]: Handshake failed", "A TLS fatal alert has been received.");
        List<String> lines = log.lines().toList();
        String error = lines.stream()
                .filter(l -> l.contains("A TLS fatal alert has been received."))
                .findFirst()
                .orElseThrow();
        String named = lines.stream()
                .filter(l -> l.contains("Received alert [40]"))
                .findFirst()
                .orElseThrow();

        // The error line alone: an alert received, not named.
        Explanation alone = TlsAlerts.explainer().explain(error);
        assertThat(alone.findings()).as("findings of %s", error).isEmpty();
        assertThat(alone.failures()).hasSize(1);
        Failure f = alone.failures().get(0);
        assertThat(f.failureClass().id()).isEqualTo("alert-received-unnamed");
        assertThat(f.failureClass().direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo("gnutls");

        // Beside the line that names it, either order, and the whole output as printed: one fact, 40 received.
        for (String text : List.of(log, named + "\n" + error, error + "\n" + named)) {
            Explanation e = TlsAlerts.explainer().explain(text);
            assertThat(e.findings()).as("findings of %s", text).hasSize(1);
            assertThat(e.findings().get(0).code()).isEqualTo(40);
            assertThat(e.findings().get(0).direction()).isEqualTo(Direction.RECEIVED);
            assertThat(e.failures().stream().map(x -> x.failureClass().id()).collect(Collectors.toList()))
                    .as("failures of %s", text)
                    .doesNotContain("alert-received-unnamed");
        }
    }
}
