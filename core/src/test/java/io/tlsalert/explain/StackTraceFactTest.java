package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One finding per fact across a stack trace: the cause lines under an exception that names its alert add none. */
class StackTraceFactTest {
    /** What JDK 17.0.21's client printed (RealStackCorpusTest) for an expired server certificate. */
    static final String JDK_EXPIRED = """
            javax.net.ssl.SSLHandshakeException: (certificate_expired) PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed
            \tat java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)
            Caused by: sun.security.validator.ValidatorException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed
            \t... 12 more
            Caused by: java.security.cert.CertPathValidatorException: validity check failed
            Caused by: java.security.cert.CertificateExpiredException: NotAfter: Sat Feb 01 00:00:00 UTC 2020
            """;

    @Test
    void causeLinesUnderANamedAlertAreTheSameFact() {
        List<Finding> f = TlsAlerts.explain(JDK_EXPIRED).findings();
        assertThat(f).extracting(Finding::code).containsExactly(45);
        assertThat(f.get(0).direction()).isEqualTo(Direction.SENT);
        assertThat(f.get(0).evidence()).isEqualTo(Evidence.ALERT);
    }

    @Test
    void aCauseLineOnItsOwnStillImpliesItsAlert() {
        // Without the head line naming an alert, the PKIX failure is what tells: certificate_unknown, implied.
        List<Finding> f = TlsAlerts.explain(
                        "Caused by: sun.security.validator.ValidatorException: PKIX path validation failed: x")
                .findings();
        assertThat(f).extracting(Finding::code).containsExactly(46);
        assertThat(f.get(0).evidence()).isEqualTo(Evidence.IMPLIED);
    }

    @Test
    void anotherExceptionAfterTheTraceIsItsOwnFact() {
        String log = JDK_EXPIRED
                + "2026-12-03 10:00:01 ERROR sun.security.validator.ValidatorException: PKIX path building failed\n";
        assertThat(TlsAlerts.explain(log).findings()).extracting(Finding::code).containsExactlyInAnyOrder(45, 46);
    }
}
