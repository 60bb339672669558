package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import java.util.List;
import java.util.Optional;

/**
 * The server's chain checked like a strict client would: against a trust store and the host name.
 *
 * @param problem     "ok" or a cause id: server-certificate-untrusted (the chain ends at a root the trust store
 *                    lacks), server-certificate-incomplete-chain (an intermediate is missing),
 *                    server-certificate-self-signed, server-certificate-expired, server-certificate-not-yet-valid,
 *                    server-certificate-name-mismatch, server-certificate-weak-key, server-certificate-weak-signature
 * @param strictAlert the alert a strict client (OpenSSL's verification) sends for the first problem, empty when ok
 * @param reason      why, in words (which certificate, which date, which names), and what common clients send
 * @param problems    every problem found, first one first (e.g. expired and name mismatch)
 * @param checkedName the name checked against the certificate (SNI, else the host)
 * @param trustStore  which trust store was used
 * @param clients     what common clients (OpenSSL, JDK, Go) do with the first problem ({@code
 *                    certificate_alerts.tsv}); empty when ok
 */
public record CertificateCheck(
        String problem,
        Optional<Integer> strictAlert,
        String reason,
        List<String> problems,
        String checkedName,
        String trustStore,
        List<ClientAlert> clients) {
    public CertificateCheck {
        problems = List.copyOf(problems);
        clients = List.copyOf(clients);
    }

    public CertificateCheck(
            String problem,
            Optional<Integer> strictAlert,
            String reason,
            List<String> problems,
            String checkedName,
            String trustStore) {
        this(problem, strictAlert, reason, problems, checkedName, trustStore, List.of());
    }

    public boolean ok() {
        return problem.equals("ok");
    }

    public Optional<String> strictAlertName() {
        return strictAlert.map(TlsAlerts::name);
    }
}
