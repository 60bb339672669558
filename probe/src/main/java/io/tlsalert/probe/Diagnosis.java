package io.tlsalert.probe;

import io.tlsalert.report.TerminalText;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@link Prober#diagnose}: the baseline handshake, the cause, every follow-up, and the facts a report
 * needs without digging: the baseline's alert, the server's chain and its check, the CertificateRequest.
 *
 * @param attempts   every handshake, the baseline first
 * @param handshakes how many handshakes were made (the baseline included)
 * @param alert      the alert that ended the baseline, if any
 * @param serverChain the server's chain, from the first attempt that got one
 * @param certificateCheck that chain checked against the trust store and the host name
 * @param certificateRequest the server's CertificateRequest, from the first attempt that got one
 * @param started    when the diagnosis began
 * @param millis     how long it took, pauses included
 */
public record Diagnosis(
        Target target,
        Attempt baseline,
        Cause cause,
        List<Attempt> attempts,
        int handshakes,
        Optional<AlertInfo> alert,
        List<CertInfo> serverChain,
        Optional<CertificateCheck> certificateCheck,
        Optional<CertificateRequestInfo> certificateRequest,
        Instant started,
        long millis) {

    public Diagnosis {
        attempts = List.copyOf(attempts);
        serverChain = List.copyOf(serverChain);
    }

    /**
     * A few lines for people: the cause, the alert, every handshake tried. What came from the server or the input (a
     * certificate's names, SNI, bytes a server sent) is escaped for a terminal ({@link TerminalText}), so each value
     * stays on its line.
     */
    public String summary() {
        StringBuilder b = new StringBuilder();
        line(b, "", target + ": " + cause.id());
        alert.ifPresent(a -> line(b, "  alert: ", a.toString()));
        if (!cause.accepts().isEmpty()) {
            line(b, "  server accepts: ", cause.accepts());
        }
        certificateCheck.filter(c -> !c.ok()).ifPresent(c -> line(b, "  certificate: ", c.reason()));
        certificateRequest.ifPresent(r -> line(b, "  client certificate requested: ", r.describe()));
        baseline.http().ifPresent(h -> line(b, "  http: ", h.note()));
        line(b, "  fix: ", cause.fix());
        line(b, "  handshakes (", handshakes + "):");
        for (Attempt a : attempts) {
            line(b, "    ", a.changed() + " -> " + a.outcome().describe());
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(label).append(TerminalText.escape(value)).append('\n');
    }
}
