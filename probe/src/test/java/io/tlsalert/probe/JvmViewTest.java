package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which JDK setting a failure points at: read from the JDK's own error texts and this JDK's java.security. */
class JvmViewTest {
    @Test
    void pkixFailuresPointAtTheTrustStore() {
        assertThat(
                        JvmView.blockedBy(
                                "SSLHandshakeException: PKIX path building failed: unable to find valid certification path to requested target"))
                .get()
                .asString()
                .contains("trust store");
    }

    @Test
    void anOldServerPointsAtDisabledAlgorithms() {
        assertThat(JvmView.blockedBy("SSLHandshakeException: Received fatal alert: protocol_version"))
                .get()
                .asString()
                .contains("jdk.tls.disabledAlgorithms")
                .contains("TLSv1");
        assertThat(
                        JvmView.blockedBy(
                                "SSLHandshakeException: No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"))
                .get()
                .asString()
                .contains("jdk.tls.disabledAlgorithms");
    }

    @Test
    void nameMismatchPointsAtHostNameVerification() {
        assertThat(JvmView.blockedBy(
                        "SSLHandshakeException: No subject alternative names matching IP address 127.0.0.1 found"))
                .get()
                .asString()
                .contains("host name verification");
    }
}
