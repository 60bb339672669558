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
        return cause(b, base, Optional.empty());
    }

    /**
     * @param newClient the new client's handshake that was accepted too ({@link NewClientChecks}), when one was made
     */
    static Cause cause(Attempt b, Offer base, Optional<Attempt> newClient) {
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
        Phrase certs =
                check.map(c -> Phrase.of("probe.evidence.ok.chain", c.reason())).orElse(Phrase.EMPTY);
        Phrase cr = b.certificateRequest()
                .map(r -> Phrase.of(
                        base.clientCert().isPresent()
                                ? "probe.evidence.ok.request.accepted"
                                : "probe.evidence.ok.request.none",
                        r.describe()))
                .orElse(Phrase.EMPTY);
        Phrase modern = newClient
                .map(a -> Phrase.of("probe.evidence.ok.newclient", a.clientHelloBytes()))
                .orElse(Phrase.EMPTY);
        return new Cause(
                CauseId.OK,
                Phrase.of("probe.evidence.ok", negotiated, certs, cr, modern, HttpCheck.okNote(b)),
                Phrase.literal(negotiated),
                Phrase.of("probe.fix.ok"));
    }
}
