package io.tlsalert.probe;

import java.util.Optional;

/**
 * The cause when the baseline handshake completed: a problem of the server's chain that a strict client refuses
 * (the probe itself checks nothing during the handshake, see {@link CertChecker}), else ok.
 */
final class CompletedHandshake {
    private CompletedHandshake() {}

    /** @param base the baseline offer (whether a client certificate was offered) */
    static Cause cause(Attempt b, Offer base) {
        Outcome o = b.outcome();
        Optional<CertificateCheck> check = b.certificateCheck();
        String negotiated = o.describe().replaceFirst("^handshake ok: ", "");
        if (check.isPresent() && !check.get().ok()) {
            CertificateCheck c = check.get();
            String alert = c.strictAlertName()
                    .map(n -> n + " (" + c.strictAlert().get() + ")")
                    .orElse("an alert");
            String fix;
            switch (c.problem()) {
                case "server-certificate-untrusted":
                    fix = "Serve a certificate from a CA the clients trust, or add the root that issued it to the"
                            + " clients' trust store (JDK keytool -importcert into cacerts, update-ca-certificates).";
                    break;
                case "server-certificate-incomplete-chain":
                    fix = "Serve the full chain, leaf then intermediates (nginx ssl_certificate fullchain.pem; Apache"
                            + " SSLCertificateFile with the chain appended; OpenSSL s_server -cert_chain). Browsers may"
                            + " hide this by fetching intermediates (AIA); most other clients fail.";
                    break;
                case "server-certificate-expired":
                    fix = "Renew the certificate (and check that renewal automation reloads the server).";
                    break;
                case "server-certificate-not-yet-valid":
                    fix = "Check the clocks on client and server (NTP); reissue the certificate if its notBefore is in"
                            + " the future.";
                    break;
                default:
                    fix = "Serve a certificate whose subjectAltName includes '" + c.checkedName() + "', or connect with"
                            + " a name the certificate lists.";
            }
            return new Cause(
                    c.problem(),
                    "the handshake completed (" + negotiated + ") but a strict client sends " + alert + ": "
                            + c.reason(),
                    negotiated,
                    fix);
        }
        String certs = check.map(c -> "; the server's chain: " + c.reason()).orElse("");
        String cr = b.certificateRequest()
                .map(r -> "; the server requested a client certificate (" + r.describe() + ")"
                        + (base.clientCert().isPresent() ? " and accepted the one sent" : " and accepted none"))
                .orElse("");
        return new Cause("ok", "baseline: " + negotiated + certs + cr, negotiated, "Nothing to fix.");
    }
}
