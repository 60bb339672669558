package io.tlsalert.probe;

/**
 * The cause for a completed handshake whose chain a strict client refuses: the problem {@link CertChecker} found,
 * with the evidence and the fix from the {@code probe.cert.*} text data.
 */
final class CertCause {
    private CertCause() {}

    /** @param negotiated what the handshake negotiated, in words */
    static Cause of(CertificateCheck c, String negotiated) {
        String alert = c.strictAlertName()
                .map(n -> n + " (" + c.strictAlert().get() + ")")
                .orElse("an alert");
        Phrase fix = switch (c.problem()) {
            case "server-certificate-untrusted" -> text("probe.cert.fix.untrusted");
            case "server-certificate-incomplete-chain" -> text("probe.cert.fix.incomplete");
            case "server-certificate-self-signed" -> text("probe.cert.fix.selfSigned", c.checkedName());
            case "server-certificate-expired" -> text("probe.cert.fix.expired");
            case "server-certificate-not-yet-valid" -> text("probe.cert.fix.notYetValid");
            case "server-certificate-weak-key" -> text("probe.cert.fix.weakKey");
            case "server-certificate-weak-signature" -> text("probe.cert.fix.weakSignature");
            default -> text("probe.cert.fix.nameMismatch", c.checkedName());
        };
        return new Cause(
                c.problem(),
                text("probe.cert.evidence", negotiated, alert, c.reason()),
                Phrase.literal(negotiated),
                fix);
    }

    /** A text of the probe's data, rendered in the language the diagnosis is printed in. */
    private static Phrase text(String key, Object... args) {
        return Phrase.of(key, args);
    }
}
