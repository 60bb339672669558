package io.tlsalert.probe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    /** A few lines for people: the cause, the alert, every handshake tried. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(target).append(": ").append(cause.id()).append('\n');
        alert.ifPresent(a -> b.append("  alert: ").append(a).append('\n'));
        if (!cause.accepts().isEmpty()) {
            b.append("  server accepts: ").append(cause.accepts()).append('\n');
        }
        certificateCheck
                .filter(c -> !c.ok())
                .ifPresent(c -> b.append("  certificate: ").append(c.reason()).append('\n'));
        certificateRequest.ifPresent(r -> b.append("  client certificate requested: ")
                .append(r.describe())
                .append('\n'));
        b.append("  fix: ").append(cause.fix()).append('\n');
        b.append("  handshakes (").append(handshakes).append("):\n");
        for (Attempt a : attempts) {
            b.append("    ")
                    .append(a.changed())
                    .append(" -> ")
                    .append(a.outcome().describe())
                    .append('\n');
        }
        return b.toString();
    }

    /**
     * This diagnosis as JSON values: {@link ProbeJson#diagnosis}, which this delegates to for the server's
     * /api/probe until it calls ProbeJson itself.
     */
    public Map<String, Object> toMap() {
        return ProbeJson.diagnosis(this);
    }
}
