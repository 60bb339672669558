package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import io.tlsalert.report.Views;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Texts that say an alert was received but not which (GnuTLS -12/-16, Mbed TLS -0x7780, wolfSSL -313), as their
 * stacks' programs print them: a failure of class alert-received-unnamed, direction received; beside the stack's line
 * naming the alert, one fact.
 */
class UnnamedReceivedTest {
    static final Explainer EX = TlsAlerts.explainer();

    static List<List<String>> printed() {
        return List.of(
                List.of("*** Fatal error: A TLS fatal alert has been received.", "gnutls"),
                List.of("*** handshake has failed: A TLS fatal alert has been received.", "gnutls"),
                List.of("curl: (56) GnuTLS recv error (-12): A TLS fatal alert has been received.", "gnutls"),
                List.of("gnutls_handshake() failed: A TLS warning alert has been received.", "gnutls"),
                List.of("Last error was: -30592 - SSL - A fatal alert message was received from our peer", "mbedtls"),
                List.of("  ! mbedtls_ssl_handshake returned -0x7780", "mbedtls"),
                List.of(
                        "[E][ssl_client.cpp:36] _handle_error(): (-30592) SSL - A fatal alert message was received "
                                + "from our peer",
                        "mbedtls"),
                List.of("wolfSSL_connect error -313, revcd alert fatal error", "wolfssl"),
                List.of("wolfSSL error occurred, error = -313", "wolfssl"));
    }

    @ParameterizedTest
    @MethodSource("printed")
    void anAlertReceivedButNotNamed(List<String> c) {
        Explanation e = EX.explain(c.get(0));
        assertThat(e.findings()).as("findings of %s", c.get(0)).isEmpty();
        assertThat(e.failures()).as("failures of %s", c.get(0)).hasSize(1);
        Failure f = e.failures().get(0);
        assertThat(f.failureClass().id()).isEqualTo("alert-received-unnamed");
        assertThat(f.failureClass().unnamed()).isTrue();
        assertThat(f.failureClass().direction()).isEqualTo(Direction.RECEIVED);
        assertThat(f.stack()).isEqualTo(c.get(1));
        Map<String, Object> json = Views.failure(f, TlsAlerts.registry(), EX, Lang.EN);
        assertThat(json).containsEntry("alert", "unnamed").containsEntry("direction", "received");
        assertThat((String) json.get("title")).contains("alert");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void besideTheLineThatNamesItOneFact(int between) {
        String gap = "- Status: something else\n".repeat(between);
        String named = "*** Received alert [40]: Handshake failed\n";
        String error = "*** Fatal error: A TLS fatal alert has been received.\n";
        for (String text : List.of(named + gap + error, error + gap + named)) {
            Explanation e = EX.explain(text);
            assertThat(e.findings()).as("findings of %s", text).hasSize(1);
            assertThat(e.findings().get(0).code()).isEqualTo(40);
            assertThat(e.failures()).as("failures of %s", text).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 40})
    void farFromItTwoFacts(int between) {
        String gap = "- Status: something else\n".repeat(between);
        String text = "*** Fatal error: A TLS fatal alert has been received.\n" + gap
                + "*** Received alert [40]: Handshake failed\n";
        Explanation e = EX.explain(text);
        assertThat(e.findings()).hasSize(1);
        assertThat(e.failures()).hasSize(1);
        assertThat(e.failures().get(0).failureClass().id()).isEqualTo("alert-received-unnamed");
    }
}
