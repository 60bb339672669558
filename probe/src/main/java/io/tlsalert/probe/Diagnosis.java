package io.tlsalert.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        if (!cause.accepts().isEmpty())
            b.append("  server accepts: ").append(cause.accepts()).append('\n');
        certificateCheck
                .filter(c -> !c.ok())
                .ifPresent(c -> b.append("  certificate: ").append(c.reason()).append('\n'));
        certificateRequest.ifPresent(r -> b.append("  client certificate requested: ")
                .append(r.describe())
                .append('\n'));
        b.append("  fix: ").append(cause.fix()).append('\n');
        b.append("  handshakes (").append(handshakes).append("):\n");
        for (Attempt a : attempts)
            b.append("    ")
                    .append(a.changed())
                    .append(" -> ")
                    .append(a.outcome().describe())
                    .append('\n');
        return b.toString();
    }

    /** Plain values only (String, Number, Boolean, List, Map, null), ready for any JSON writer. Keys are stable. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("host", target.host());
        t.put("port", target.port());
        t.put("sni", target.sni().orElse(null));
        m.put("target", t);
        m.put("cause", cause.toMap());
        m.put("alert", alert.map(AlertInfo::toMap).orElse(null));
        List<Object> chain = new ArrayList<>();
        serverChain.forEach(c -> chain.add(c.toMap()));
        m.put("serverChain", chain);
        m.put("certificateCheck", certificateCheck.map(CertificateCheck::toMap).orElse(null));
        m.put(
                "certificateRequest",
                certificateRequest.map(CertificateRequestInfo::toMap).orElse(null));
        m.put("handshakes", handshakes);
        List<Object> a = new ArrayList<>();
        attempts.forEach(x -> a.add(x.toMap()));
        m.put("attempts", a);
        m.put("started", started.toString());
        m.put("millis", millis);
        return m;
    }
}
