package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When the text says more than the alert, the cause it points at comes first, and the answer says why. */
class CauseRankingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            javax.net.ssl.SSLHandshakeException: (certificate_expired) PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed | 45 | expired-leaf | expired
            curl: (60) SSL certificate problem: certificate has expired                                                                                          | 45 | expired-leaf | expired
            Get "https://example.test/": x509: certificate has expired or is not yet valid: current time 2026-11-22T10:00:00Z is after 2020-02-01T00:00:00Z       | 42 | server-certificate-rejected-by-go | expired
            curl: (60) SSL certificate problem: certificate is not yet valid                                                                                     | 42 | clock-skew-not-yet-valid | not-yet-valid
            main, fatal error: 42: null cert chain                                                                                                               | 42 | client-certificate-missing | no-client-cert
            2026/11/22 10:00:00 [info] 7#7: *3 SSL_do_handshake() failed (SSL: error:0A0000C7:SSL routines::peer did not return a certificate) while SSL handshaking, client: 10.0.0.4, server: 0.0.0.0:443 | 116 | client-cert-not-configured | no-client-cert
            ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1006)                     | 48 | private-ca-not-trusted | self-signed
            curl: (60) SSL certificate problem: unable to get local issuer certificate                                                                           | 48 | missing-intermediate | unknown-issuer
            javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching example.test found.                                                   | 46 | name-mismatch | hostname
            javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target | 46 | missing-intermediate | unknown-issuer
            javax.net.ssl.SSLHandshakeException: The server selected protocol version TLS10 is not accepted by client preferences [TLS13, TLS12]                  | 70 | tls10-disabled-by-policy | tls10
            40C7D3E1B37F0000:error:0A000102:SSL routines:tls_process_server_hello:unsupported protocol:../ssl/statem/statem_clnt.c:1045: SSLv3 is disabled       | 70 | tls10-disabled-by-policy | tls10
            """)
    void theCauseTheTextPointsAtComesFirstWithWhy(String text, int code, String firstCause, String hint) {
        Explanation e = TlsAlerts.explain(text.strip());
        assertThat(e.findings()).as(text).isNotEmpty();
        Finding f = e.findings().get(0);
        assertThat(f.code()).as(text).isEqualTo(code);
        RankedCause first = TlsAlerts.explainer().rankedCauses(f).get(0);
        assertThat(first.cause().id()).as(text).isEqualTo(firstCause);
        assertThat(first.because()).as(text).isPresent();
        assertThat(first.because().get().id()).isEqualTo(hint);
        assertThat(text).contains(first.because().get().said());
        // Every cause is still there, once.
        assertThat(TlsAlerts.explainer().rankedCauses(f))
                .hasSameSizeAs(f.alert().get().causes());
    }

    @Test
    void aLineThatSaysNothingMoreKeepsTheRegistrysOrder() {
        Finding f = TlsAlerts.explain("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure")
                .findings()
                .get(0);
        assertThat(TlsAlerts.explainer().rankedCauses(f))
                .extracting(c -> c.cause().id())
                .containsExactlyElementsOf(f.alert().get().causes().stream()
                        .map(io.tlsalert.registry.Cause::id)
                        .toList());
        assertThat(TlsAlerts.explainer().rankedCauses(f))
                .allMatch(c -> c.because().isEmpty());
    }

    @Test
    void opensslReasonNamesAndRecordVersionsAreNoVersionEvidence() {
        for (String line : List.of(
                "ssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:2580)",
                "error:0A000410:SSL routines::sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1586:SSL alert number 40",
                "<<< TLS 1.0, Alert [length 0002], fatal handshake_failure")) {
            Finding f = TlsAlerts.explain(line).findings().get(0);
            assertThat(TlsAlerts.explainer().causeHints().match(f.context()))
                    .as(line)
                    .noneMatch(h -> h.id().equals("tls10") || h.id().equals("tls-version"));
        }
    }

    @Test
    void theWhyTextQuotesTheLineInBothLanguages() {
        Finding f = TlsAlerts.explain("curl: (60) SSL certificate problem: certificate has expired")
                .findings()
                .get(0);
        CauseHint h = TlsAlerts.explainer().rankedCauses(f).get(0).because().get();
        for (io.tlsalert.registry.Lang lang : io.tlsalert.registry.Lang.values()) {
            assertThat(TlsAlerts.registry().texts().format(lang, h.whyKey(), h.said()))
                    .contains("certificate has expired");
        }
    }
}
