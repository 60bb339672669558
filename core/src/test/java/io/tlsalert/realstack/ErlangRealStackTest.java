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
 * Erlang/OTP's ssl client (Debian's erl) against {@code openssl s_server} in three failing configurations: what
 * {@code ssl:connect} returns ({@code {tls_alert,{Name,"TLS client: ..."}}}) is explained, and the
 * server's own error says which alert crossed the wire.
 */
class ErlangRealStackTest {
    @TempDir
    Path dir;

    @BeforeEach
    void certs() throws Exception {
        Pki.selfSigned(dir.resolve("c.pem"), dir.resolve("k.pem"), "/CN=localhost", Pki.KeyType.EC, 2);
        Pki.selfSigned(dir.resolve("other.pem"), dir.resolve("ko.pem"), "/CN=other", Pki.KeyType.EC, 2);
    }

    @Test
    void untrustedServerIsBadCertificateGeneratedByErlang() throws Exception {
        Result r = connect(
                List.of(),
                "[{verify, verify_peer}, {cacertfile, \"other.pem\"}, {server_name_indication, \"localhost\"}]",
                "alert bad certificate");
        assertThat(r.erlang).contains("generated CLIENT ALERT: Fatal - Bad Certificate");
        Finding f = single(TlsAlerts.explainer().explain(r.erlang));
        assertThat(f.code()).isEqualTo(42);
        assertThat(f.direction()).isEqualTo(Direction.SENT);
        assertThat(f.stack()).isEqualTo("erlang");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(42);
        assertThat(server.direction()).isEqualTo(Direction.RECEIVED);
    }

    @Test
    void tls12ClientAgainstTls13ServerIsProtocolVersionReceived() throws Exception {
        Result r =
                connect(List.of("-tls1_3"), "[{verify, verify_none}, {versions, ['tlsv1.2']}]", "unsupported protocol");
        assertThat(r.erlang).contains("received SERVER ALERT: Fatal - Protocol Version");
        Finding f = single(TlsAlerts.explainer().explain(r.erlang));
        assertThat(f.code()).isEqualTo(70);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo("erlang");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(70);
        assertThat(server.direction()).isEqualTo(Direction.SENT);
    }

    @Test
    void noSharedCipherIsHandshakeFailureReceived() throws Exception {
        // An ECDSA key with only an RSA key-exchange suite: the server finds no cipher in the ClientHello. (A TLS 1.3
        // certificate_required comes after ssl:connect has returned, and races with the close: not used here.)
        Result r = connect(List.of("-tls1_2", "-cipher", "AES128-SHA"), "[{verify, verify_none}]", "no shared cipher");
        assertThat(r.erlang).contains("received SERVER ALERT: Fatal - Handshake Failure");
        Finding f = single(TlsAlerts.explainer().explain(r.erlang));
        assertThat(f.code()).isEqualTo(40);
        assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo("erlang");
        Finding server = single(TlsAlerts.explainer().explain(r.server));
        assertThat(server.code()).isEqualTo(40);
        assertThat(server.direction()).isEqualTo(Direction.SENT);
    }

    private record Result(String erlang, String server) {}

    /** Starts s_server with the extra arguments, connects with ssl:connect(Options) and reads once. */
    private Result connect(List<String> serverArgs, String options, String serverText) throws Exception {
        List<String> args = new ArrayList<>(List.of("-cert", "c.pem", "-key", "k.pem", "-quiet"));
        args.addAll(serverArgs);
        SServerRun.Client erl = SServerRun.Client.of("erl", Peers.PROCESS_TIMEOUT, port -> {
            String eval = "ssl:start(), R = ssl:connect(\"127.0.0.1\", " + port + ", " + options + ", 5000),"
                    + " io:format(\"~p~n\", [R]),"
                    + " case R of {ok, S} -> io:format(\"~p~n\", [ssl:recv(S, 0, 5000)]); _ -> ok end, halt().";
            return List.of("erl", "-noshell", "-eval", eval);
        });
        SServerRun.Sides r = SServerRun.run(dir, args, erl, serverText);
        return new Result(r.client(), r.server());
    }
}
