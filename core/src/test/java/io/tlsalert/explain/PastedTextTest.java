package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tlsalert.TlsAlerts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whole pastes: several alerts, several stacks, several lines; and input that would break a careless parser. */
class PastedTextTest {
    static final String MIXED_LOG = """
            2026-11-22 10:00:01 INFO  starting client
            javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure
            \tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)
            \tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:117)
            2026/11/22 10:00:02 [info] 1234#0: *5 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 10.0.0.7, server: 0.0.0.0:443
            2026/11/22 10:00:03 http: TLS handshake error from 10.0.0.9:51234: local error: tls: bad record MAC
            curl: (60) SSL certificate problem: unable to get local issuer certificate
            Caused by: javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target
            javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure
            """;

    @Test
    void findsEveryAlertWithItsDirectionAndStack() {
        Explanation e = TlsAlerts.explain(MIXED_LOG);
        assertThat(e.lines()).isEqualTo(9);
        assertThat(e.findings())
                .extracting(f ->
                        f.code() + "/" + f.direction().id() + "/" + f.evidence().id() + "/" + f.stack())
                .containsExactly(
                        "40/received/alert/jdk",
                        "48/received/alert/nginx",
                        "20/sent/alert/go",
                        "48/sent/implied/curl",
                        "46/sent/implied/jdk");
        Finding first = e.findings().get(0);
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.occurrences()).isEqualTo(2);
        assertThat(first.level()).contains("fatal");
        assertThat(e.findings().get(1).line()).isEqualTo(5);
    }

    @Test
    void jdkDebugFatalLineIsSentUnlessItReportsAReceivedAlert() {
        Finding sent = TlsAlerts.explain(
                        "javax.net.ssl|ERROR|01|main|2026-11-22|TransportContext.java:375|Fatal (HANDSHAKE_FAILURE): Couldn't kickstart handshaking (")
                .findings()
                .get(0);
        assertThat(sent.direction()).isEqualTo(Direction.SENT);
        Finding received = TlsAlerts.explain(
                        "javax.net.ssl|ERROR|01|main|2026-11-22|TransportContext.java:375|Fatal (HANDSHAKE_FAILURE): Received fatal alert: handshake_failure")
                .findings()
                .get(0);
        assertThat(received.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(received.code()).isEqualTo(40);
    }

    @Test
    void schannelEventsTellTheDirection() {
        Explanation e = TlsAlerts.explain("""
                Event 36887: A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 40.
                Event 36888: A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is 48. The Windows SChannel error state is 552.
                """);
        assertThat(e.findings())
                .extracting(f -> f.code() + "/" + f.direction().id() + "/" + f.stack())
                .containsExactly("40/received/schannel", "48/sent/schannel");
    }

    @Test
    void textWithoutAnAlertSaysSo() {
        Explanation e = TlsAlerts.explain(
                "java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.connect0(Native Method)\n");
        assertThat(e.found()).isFalse();
        assertThat(e.lines()).isEqualTo(2);
    }

    @Test
    void explainsAnExceptionThroughItsCauseChain() {
        Exception e = new RuntimeException(
                "request failed",
                new java.io.IOException(
                        "wrapped", new javax.net.ssl.SSLHandshakeException("Received fatal alert: protocol_version")));
        Explanation x = TlsAlerts.explain(e);
        assertThat(x.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(70);
            assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
            assertThat(f.stack()).isEqualTo("jdk");
        });
    }

    @Test
    void aCauseCycleDoesNotLoop() {
        Exception a = new Exception("Received fatal alert: unknown_ca");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(TlsAlerts.explain(a).findings()).extracting(Finding::code).containsExactly(48);
    }

    @Test
    void aTenThousandCharacterLineIsRead() {
        String line = "x".repeat(5000) + " remote error: tls: unknown certificate authority " + "y".repeat(5000);
        assertThat(TlsAlerts.explain(line).findings()).extracting(Finding::code).containsExactly(48);
    }

    @Test
    void emptyAndBlankInputGiveNoFinding() {
        assertThat(TlsAlerts.explain("").findings()).isEmpty();
        assertThat(TlsAlerts.explain("").lines()).isZero();
        assertThat(TlsAlerts.explain("   \n\n").findings()).isEmpty();
    }

    @Test
    void invalidUtf8IsReadNotRejected() {
        byte[] b = "\u00ff\u00fe Received fatal alert: bad_certificate \u00c3".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(TlsAlerts.explainer().explain(b).findings())
                .extracting(Finding::code)
                .containsExactly(42);
    }

    @Test
    void binaryGarbageNeverThrows() {
        Random r = new Random(42);
        byte[] b = new byte[4 << 20];
        r.nextBytes(b);
        assertThatCode(() -> TlsAlerts.explainer().explain(b)).doesNotThrowAnyException();
    }

    /** Pathological inputs for a regex engine: long runs of anchors without newlines. A hang guard, not a benchmark. */
    @Test
    void adversarialInputStaysLinear() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String unit : new String[] {
                "alert ",
                "tlsv1 alert ",
                "error:",
                "Description: ",
                "remote error: tls: ",
                "SSL alert number ",
                "TLSV1_"
            }) {
                byte[] b = unit.repeat((8 << 20) / unit.length()).getBytes(StandardCharsets.UTF_8);
                TlsAlerts.explainer().explain(b);
            }
        });
    }

    @Test
    void fiftyMegabytesOfLogAreRead() {
        byte[] block = MIXED_LOG.getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[50 << 20];
        for (int i = 0; i + block.length <= big.length; i += block.length) {
            System.arraycopy(block, 0, big, i, block.length);
        }
        Arrays.fill(big, big.length - (big.length % block.length), big.length, (byte) '\n');
        Explanation e = TlsAlerts.explainer().explain(big);
        assertThat(e.findings()).hasSize(5);
        assertThat(e.findings().get(0).occurrences()).isEqualTo(2 * (big.length / block.length));
    }
}
