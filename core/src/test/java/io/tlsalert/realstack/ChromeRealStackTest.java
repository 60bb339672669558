package io.tlsalert.realstack;

import static io.tlsalert.realstack.Explained.single;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Finding;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.SServerRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chrome's net errors (derived/chrome.tsv) against the real thing: Debian's headless Chromium loads a page from
 * {@code openssl s_server} in three failing configurations; its log line ({@code net_error -N}) and its page-load
 * error ({@code net::ERR_...}) are explained, and the server's own error says which alert really crossed the wire.
 */
class ChromeRealStackTest {
    private static final String CHROMIUM = "/usr/bin/chromium";

    @TempDir
    Path dir;

    @BeforeEach
    void cert() throws Exception {
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
    }

    @Test
    void untrustedCertificateIsCertificateUnknownSentByChrome() throws Exception {
        Result r = load("127.0.0.1", List.of(), "alert certificate unknown");
        // MapOpenSSLErrorSSL is not involved: Chrome's verifier rejects the chain and BoringSSL sends its default.
        assertThat(r.chrome).contains("net_error -202").contains("net::ERR_CERT_AUTHORITY_INVALID");
        Finding f = single(TlsAlerts.explainer().explain(r.chrome));
        assertThat(f.code()).isEqualTo(46);
        assertThat(f.direction()).isEqualTo(Direction.SENT);
        assertThat(f.stack()).isEqualTo("chrome");
        assertThat(f.patternId()).isEqualTo("derived-chrome");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(46);
        assertThat(server.direction()).isEqualTo(Direction.RECEIVED);
    }

    @Test
    void noSharedCipherIsHandshakeFailureReceivedByChrome() throws Exception {
        // An ECDSA key with only an RSA key-exchange suite: the server finds no cipher and sends handshake_failure.
        Result r = load("127.0.0.1", List.of("-tls1_2", "-cipher", "AES128-SHA"), "no shared cipher");
        assertThat(r.chrome).contains("net_error -113");
        Finding f = single(TlsAlerts.explainer().explain(r.chrome));
        assertThat(f.code()).isEqualTo(40);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.patternId()).isEqualTo("derived-chrome");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(40);
        assertThat(server.direction()).isEqualTo(Direction.SENT);
    }

    @Test
    void unknownServerNameIsUnrecognizedNameReceivedByChrome() throws Exception {
        Result r = load(
                "localhost",
                List.of("-cert2", "c.pem", "-key2", "k.pem", "-servername", "other.test", "-servername_fatal"),
                "callback failed");
        assertThat(r.chrome).contains("net_error -159");
        Finding f = single(TlsAlerts.explainer().explain(r.chrome));
        assertThat(f.code()).isEqualTo(112);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo("chrome");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(112);
        assertThat(server.direction()).isEqualTo(Direction.SENT);
    }

    private record Result(String chrome, String server) {}

    /** Starts s_server with the extra arguments, loads its page in headless Chromium, returns both sides' text. */
    private Result load(String host, List<String> serverArgs, String serverText) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cert", "c.pem", "-key", "k.pem", "-quiet"));
        args.addAll(serverArgs);
        // All of Chromium's log (stderr): its other lines (D-Bus, GPU) must not give a finding either.
        SServerRun.Client chrome = SServerRun.Client.of(
                        "chrome",
                        Peers.PROCESS_TIMEOUT.multipliedBy(2),
                        port -> List.of(
                                CHROMIUM,
                                "--headless=new",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--user-data-dir=" + dir.resolve("profile"),
                                "--enable-logging=stderr",
                                "--v=0",
                                "--dump-dom",
                                "https://" + host + ":" + port + "/"))
                .errorsOnly();
        SServerRun.Sides r = SServerRun.run(dir, args, chrome, serverText);
        return new Result(r.client(), r.server());
    }
}
