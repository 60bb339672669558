package io.tlsalert.server;

import io.tlsalert.probe.Diagnosis;
import io.tlsalert.probe.Offer;
import io.tlsalert.probe.Prober;
import io.tlsalert.probe.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/probe}: a live server's alert and its cause. Only targets the {@link ProbePolicy} allows; the probe
 * connects to the address the policy checked (the name only travels as SNI); at most {@link ProbeLimit} at once.
 */
final class ProbeEndpoint {
    static final String USAGE =
            "use POST with JSON {\"target\": \"host:port\", \"sni\": ..., \"tls\": ..., \"alpn\": [...]}";

    private final ProbePolicy policy;
    private final ProbeLimit limit;

    ProbeEndpoint(ProbePolicy policy, ProbeLimit limit) {
        this.policy = policy;
        this.limit = limit;
    }

    /** What {@code /api/probe} answers, whatever the method, on a server started without {@code --allow-probe}. */
    static Reply off(Request r) {
        return Reply.error(404, "probing is off: start the server with --allow-probe and --probe-allow PATTERN");
    }

    Reply probe(Request r) throws IOException, BodyTooLarge {
        Optional<Map<String, Object>> body = r.jsonBody();
        if (body.isEmpty() || !(body.get().get("target") instanceof String spec)) {
            return Reply.error(
                    400,
                    "expected JSON {\"target\": \"host[:port]\", \"sni\": ..., \"tls\": \"1.2\", \"alpn\": [...]}");
        }
        Map<String, Object> m = body.get();
        Target t;
        try {
            t = Target.parse(spec);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "target '" + spec + "': " + e.getMessage());
        }
        ProbePolicy.Decision d = policy.check(t.host());
        if (d.address().isEmpty()) {
            return Reply.error(403, d.reason());
        }
        Optional<String> sni = m.get("sni") instanceof String s ? Optional.of(s) : t.sni();
        // Connect to the address that was checked; the name only travels as SNI.
        Target pinned = new Target(d.address().get().getHostAddress(), t.port(), sni);
        Offer offer = Offer.broad(pinned);
        if (m.get("tls") instanceof String v) {
            try {
                offer = offer.withVersions(Offer.parseVersions(v));
            } catch (IllegalArgumentException e) {
                return Reply.error(400, "tls: " + e.getMessage());
            }
        }
        if (m.get("alpn") instanceof List<?> l) {
            List<String> alpn = new ArrayList<>();
            for (Object o : l) {
                alpn.add(String.valueOf(o));
            }
            offer = offer.withAlpn(alpn);
        }
        Offer chosen = offer;
        Optional<Diagnosis> diag =
                limit.tryRun(() -> new Prober(Duration.ofSeconds(5), Duration.ofMillis(100)).diagnose(pinned, chosen));
        if (diag.isEmpty()) {
            return Reply.error(429, "too many probes running; try again shortly");
        }
        Map<String, Object> out = diag.get().toMap();
        out.put("lang", r.lang().id());
        return Reply.json(200, out);
    }
}
