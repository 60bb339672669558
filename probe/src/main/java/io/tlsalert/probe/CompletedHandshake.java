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
            return CertCause.of(check.get(), negotiated);
        }
        Optional<Cause> http = HttpCheck.cause(b, base, negotiated);
        if (http.isPresent()) {
            return http.get();
        }
        String certs = check.map(c -> "; the server's chain: " + c.reason()).orElse("");
        String cr = b.certificateRequest()
                .map(r -> "; the server requested a client certificate (" + r.describe() + ")"
                        + (base.clientCert().isPresent() ? " and accepted the one sent" : " and accepted none"))
                .orElse("");
        return new Cause(
                "ok", "baseline: " + negotiated + certs + cr + HttpCheck.okNote(b), negotiated, "Nothing to fix.");
    }
}
