package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import java.util.List;
import java.util.Optional;

/**
 * The server's chain checked like a strict client would: against a trust store and the host name.
 *
 * @param problem     "ok" or a cause id: server-certificate-untrusted, server-certificate-incomplete-chain,
 *                    server-certificate-expired, server-certificate-not-yet-valid, server-certificate-name-mismatch
 * @param strictAlert the alert a strict client sends for the first problem (unknown_ca, certificate_expired,
 *                    bad_certificate...), empty when ok
 * @param reason      why, in words (which certificate, which date, which names)
 * @param problems    every problem found, first one first (e.g. expired and name mismatch)
 * @param checkedName the name checked against the certificate (SNI, else the host)
 * @param trustStore  which trust store was used
 */
public record CertificateCheck(
        String problem,
        Optional<Integer> strictAlert,
        String reason,
        List<String> problems,
        String checkedName,
        String trustStore) {
    public boolean ok() {
        return problem.equals("ok");
    }

    public Optional<String> strictAlertName() {
        return strictAlert.map(TlsAlerts::name);
    }
}
