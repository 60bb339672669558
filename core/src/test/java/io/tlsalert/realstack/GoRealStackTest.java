package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Finding;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.SServerRun;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go crypto/tls (Debian's golang-go, Go 1.19) as a client against openssl s_server on 127.0.0.1: what Go prints is
 * explained, and s_server's -msg shows the same alert on the wire.
 */
class GoRealStackTest {
    @TempDir
    Path dir;

    Path client;

    @BeforeEach
    void setUp() throws Exception {
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        client = dir.resolve("client.go");
        try (InputStream in = GoRealStackTest.class.getResourceAsStream("/realstack/go_client.go")) {
            Files.write(client, in.readAllBytes());
        }
    }

    /**
     * Runs the Go client against a fresh s_server with these arguments until s_server printed {@code serverSays} (it
     * prints the alert it read after the client has gone); Go's output and s_server's.
     */
    private SServerRun.Sides run(List<String> serverArgs, String serverSays, String... clientArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cert", "c.pem", "-key", "k.pem", "-msg"));
        args.addAll(serverArgs);
        SServerRun.Client go = SServerRun.Client.of("go", Duration.ofSeconds(120), port -> {
                    List<String> cmd = new ArrayList<>(List.of("go", "run", client.toString(), "127.0.0.1:" + port));
                    cmd.addAll(List.of(clientArgs));
                    return cmd;
                })
                .withEnv(Map.of("GOCACHE", dir.resolve("gocache").toString(), "GOFLAGS", "-mod=mod"));
        return SServerRun.run(dir, args, go, serverSays);
    }

    @Test
    void goRejectsTheServersCertificateAndSendsBadCertificate() throws Exception {
        String saw = "Alert [length 0002], fatal bad_certificate";
        SServerRun.Sides r = run(List.of(), saw, "any");
        assertThat(r.server()).as("s_server saw").contains(saw);
        Finding f = single(r.client());
        assertThat(f.code()).as(r.client()).isEqualTo(42);
        assertThat(f.direction()).isEqualTo(Direction.SENT);
    }

    @Test
    void aTls13OnlyServerAnswersGosTls12HelloWithProtocolVersion() throws Exception {
        String sent = ">>> TLS 1.2, Alert [length 0002], fatal protocol_version";
        SServerRun.Sides r =
                run(List.of("-tls1_3"), sent, "tls12", dir.resolve("c.pem").toString());
        assertThat(r.server()).as("s_server sent").contains(sent);
        assertThat(r.client()).contains("remote error: tls: protocol version not supported");
        Finding f = single(r.client());
        assertThat(f.code()).isEqualTo(70);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo("go");
    }
}
