package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Failures without a named alert: every text gets a class with meaning, causes, how to confirm and fix. */
class FailuresTest {
    private static final Explainer EX = TlsAlerts.explainer();

    private static Failure onlyFailure(String text) {
        Explanation e = EX.explain(text);
        assertThat(e.findings()).as("findings of %s", text).isEmpty();
        assertThat(e.failures()).as("failures of %s", text).hasSize(1);
        return e.failures().get(0);
    }

    /** The texts issue 11 names, in the forms users paste them: class and stack. */
    static List<Arguments> pasted() {
        return List.of(
                Arguments.of(
                        "40E7C1F7A27F0000:error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889:",
                        "cert-verify-alert-unnamed",
                        "openssl"),
                Arguments.of(
                        "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake",
                        "peer-closed",
                        "jdk"),
                Arguments.of(
                        "Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate)",
                        "local-policy",
                        "jdk"),
                Arguments.of(
                        "2026/11/22 10:00:00 [info] 123#123: *1 peer closed connection in SSL handshake while SSL handshaking, client: 10.0.0.1, server: 0.0.0.0:443",
                        "peer-closed",
                        "nginx"),
                Arguments.of(
                        "2026/11/22 10:00:00 [crit] 12#12: *7 SSL_do_handshake() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while SSL handshaking, client: 10.0.0.2, server: 0.0.0.0:443",
                        "peer-closed",
                        "nginx"),
                Arguments.of(
                        "2026/11/22 10:00:00 http: TLS handshake error from 10.0.0.3:5555: tls: first record does not look like a TLS handshake",
                        "not-tls",
                        "go"),
                Arguments.of(
                        "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to example.com:443 ",
                        "peer-closed",
                        "curl"));
    }

    /**
     * Texts issue 11 lists among failures without an alert, which their stacks' sources say do carry one: the derived
     * tables answer them with that alert, and no failure is added.
     */
    static List<Arguments> pastedWithAnAlertAfterAll() {
        return List.of(
                // Chrome's MapOpenSSLErrorSSL: a received handshake_failure (also protocol_version,
                // insufficient_security) becomes ERR_SSL_VERSION_OR_CIPHER_MISMATCH.
                Arguments.of(
                        "This site can’t provide a secure connection. example.com uses an unsupported protocol. ERR_SSL_VERSION_OR_CIPHER_MISMATCH",
                        40,
                        Direction.RECEIVED,
                        "chrome"),
                // NSS ssl3con.c ssl3_HandleAlert: handshake_failure received while waiting for the ServerHello.
                Arguments.of(
                        "Secure Connection Failed. An error occurred during a connection to example.com. Cannot communicate securely with peer: no common encryption algorithm(s). Error code: SSL_ERROR_NO_CYPHER_OVERLAP",
                        40,
                        Direction.RECEIVED,
                        "nss"),
                // .NET SslStream CreateFatalHandshakeAlertToken: a name mismatch is answered with bad_certificate.
                Arguments.of(
                        "Unhandled exception. System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure: RemoteCertificateNameMismatch",
                        42,
                        Direction.SENT,
                        "dotnet"));
    }

    @ParameterizedTest
    @MethodSource("pastedWithAnAlertAfterAll")
    void aPastedTextWhoseSourceSendsAnAlertGetsThatAlert(String text, int code, Direction direction, String stack) {
        Explanation e = EX.explain(text);
        assertThat(e.findings()).as("findings of %s", text).hasSize(1);
        assertThat(e.findings().get(0).code()).isEqualTo(code);
        assertThat(e.findings().get(0).direction()).isEqualTo(direction);
        assertThat(e.findings().get(0).stack()).isEqualTo(stack);
        assertThat(e.failures()).as("failures of %s", text).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("pasted")
    void aPastedFailureWithoutAnAlertGetsItsClass(String text, String cls, String stack) {
        Failure f = onlyFailure(text);
        assertThat(f.failureClass().id()).isEqualTo(cls);
        assertThat(f.stack()).isEqualTo(stack);
        assertThat(f.line()).isEqualTo(1);
    }

    @Test
    void opensslCertificateVerifyFailedSaysAnAlertWasSentAndWhichItCanBe() {
        // statem_clnt.c: SSLfatal(s, ssl_x509err2alert(s->verify_result), SSL_R_CERTIFICATE_VERIFY_FAILED): an alert is
        // sent; which one the verify error decides, and the bare reason line does not carry it.
        Failure f = onlyFailure("error:0A000086:SSL routines::certificate verify failed");
        assertThat(f.failureClass().unnamed()).isTrue();
        assertThat(f.failureClass().maybe()).startsWith(48, 45, 42);
        // With the verify error on the line, the alert is named: unknown_ca, sent.
        Explanation e = EX.explain(
                "curl: (60) SSL certificate problem: unable to get local issuer certificate; certificate verify failed");
        assertThat(e.findings()).extracting(Finding::code).containsExactly(48);
        assertThat(e.findings().get(0).direction()).isEqualTo(Direction.SENT);
        assertThat(e.failures()).isEmpty();
    }

    @Test
    void everyFailureTextsExampleLandsInItsClass() {
        for (Failures.Text t : EX.failures().texts()) {
            Explanation e = EX.explain(t.example() + "\n");
            assertThat(e.findings()).as(t.id()).isEmpty();
            assertThat(e.failures()).as(t.id()).hasSize(1);
            assertThat(e.failures().get(0).failureClass().id()).as(t.id()).isEqualTo(t.expect());
            // Found by the row itself, or by a derived table's no-alert row for the same text (curl's SSL_ERROR_SYSCALL
            // text is in derived/curl.tsv too): the class is the same either way.
            assertThat(e.failures().get(0).source()).as(t.id()).matches("failure-" + t.id() + "|derived-.*");
        }
    }

    @Test
    void everyDerivedNoneRowLandsInAClassThroughTheKeywordRules() {
        int none = 0;
        for (DerivedTexts.Row row : EX.derived().rows()) {
            if (row.kind() != DerivedTexts.Kind.NONE) {
                continue;
            }
            none++;
            FailureClass c = EX.failures().classify(row.stack(), row.text());
            assertThat(EX.failures().classes()).as(row.file()).contains(c);
        }
        assertThat(none).isPositive();
        // The rows there are now, read by the keyword rules (not by per-row edits).
        assertThat(EX.failures().classify("boringssl", "HTTP_REQUEST").id()).isEqualTo("not-tls");
        assertThat(EX.failures().classify("boringssl", "HTTPS_PROXY_REQUEST").id())
                .isEqualTo("not-tls");
        assertThat(EX.failures().classify("openssl", "http request").id()).isEqualTo("not-tls");
        assertThat(EX.failures()
                        .classify("go", "tls: first record does not look like a TLS handshake")
                        .id())
                .isEqualTo("not-tls");
        assertThat(EX.failures()
                        .classify("openssl", "unexpected eof while reading")
                        .id())
                .isEqualTo("peer-closed");
        assertThat(EX.failures().classify("openssl", "read timeout expired").id())
                .isEqualTo("timeout");
        assertThat(EX.failures().classify("openssl", "cannot change cipher").id())
                .isEqualTo(Failures.GENERIC);
    }

    @Test
    void aDerivedNoneRowInALogIsAFailureAndStillANote() {
        Explanation e = EX.explain("2026/11/22 10:00:00 [info] 1#1: *2 SSL_do_handshake() failed (SSL: error:0A00009C:"
                + "SSL routines::http request) while SSL handshaking, client: 10.0.0.9, server: 0.0.0.0:443\n");
        assertThat(e.notes()).hasSize(1);
        assertThat(e.failures()).hasSize(1);
        assertThat(e.failures().get(0).failureClass().id()).isEqualTo("not-tls");
        assertThat(e.failures().get(0).stack()).isEqualTo("nginx");
        assertThat(e.failures().get(0).whyKey()).contains("derived.none.why");
    }

    @Test
    void nodeChecksAfterTheHandshakeAndSendsNoAlert() {
        Failure f =
                onlyFailure("Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: "
                        + "Host: bad.test. is not in the cert's altnames: DNS:localhost");
        assertThat(f.failureClass().id()).isEqualTo("cert-rejected-after-handshake");
        Failure v = onlyFailure("Error: unable to verify the first certificate\n    at TLSSocket.onConnectSecure "
                + "(node:_tls_wrap:1659:34) {\n  code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'\n}");
        assertThat(v.stack()).isEqualTo("node");
        assertThat(v.failureClass().id()).isEqualTo("cert-verify-no-alert");
    }

    @Test
    void aFailureRepeatedInALogIsCountedOnce() {
        String line = "2026/11/22 10:00:00 [info] 123#123: *1 peer closed connection in SSL handshake while SSL "
                + "handshaking, client: 10.0.0.1, server: 0.0.0.0:443\n";
        Explanation e = EX.explain(line.repeat(1000));
        assertThat(e.failures()).hasSize(1);
        assertThat(e.failures().get(0).occurrences()).isEqualTo(1000);
    }

    @Test
    void ordinaryTextHoldsNoFailure() {
        Explanation e = EX.explain("GET /index.html 200 OK\nconnection closed by the client after 30s\n"
                + "database timed out, retrying\nConnection reset by peer while reading upstream\n");
        assertThat(e.failures()).isEmpty();
        assertThat(e.findings()).isEmpty();
    }

    @Test
    void everyClassHasEveryTextInBothLanguages() {
        for (FailureClass c : EX.failures().classes()) {
            for (String part : Failures.TEXT_PARTS) {
                for (Lang lang : Lang.values()) {
                    assertThat(TlsAlerts.registry().texts().find(lang, c.textKey(part)))
                            .as("%s %s", lang, c.textKey(part))
                            .isPresent();
                }
            }
        }
        assertThat(EX.failures().byId(Failures.GENERIC)).isPresent();
    }
}
