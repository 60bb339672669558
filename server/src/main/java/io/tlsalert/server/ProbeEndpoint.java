package io.tlsalert.server;

import io.tlsalert.probe.Diagnosis;
import io.tlsalert.probe.Offer;
import io.tlsalert.probe.OfferParser;
import io.tlsalert.probe.ProbeJson;
import io.tlsalert.probe.Prober;
import io.tlsalert.probe.Target;
import io.tlsalert.wire.ProtocolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/probe}: a live server's alert and its cause. Every field is checked before anything is resolved
 * (400 naming the field); only targets the {@link ProbePolicy} allows; the probe connects to the address the policy
 * checked (the name only travels as SNI); at most {@link ProbeLimit} at once, each answered within its deadline.
 */
final class ProbeEndpoint {
    static final String USAGE =
            "use POST with JSON {\"target\": \"host:port\", \"sni\": ..., \"tls\": ..., \"alpn\": [...]}";

    /** A host:port, bracketed IPv6 included, is never longer (a DNS name is at most 253 characters). */
    private static final int MAX_TARGET_CHARS = 300;
    /** RFC 7301 §3.1: {@code opaque ProtocolName<1..2^8-1>; ProtocolName protocol_name_list<2..2^16-1>}. */
    private static final int MAX_ALPN_NAME_BYTES = 255;

    private static final int MAX_ALPN_NAMES = 32;

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

    /** A field the request got wrong: 400 with {@code "field"} naming it. */
    private static final class BadField extends Exception {
        final String field;

        BadField(String field, String message) {
            super(field + ": " + message, null, false, false);
            this.field = field;
        }
    }

    /** The probe the request asks for, every field checked. */
    private record Ask(
            Target target, Optional<String> sni, Optional<List<ProtocolVersion>> versions, List<String> alpn) {}

    Reply probe(Request r) throws IOException, BodyTooLarge {
        Optional<Map<String, Object>> body = r.jsonBody();
        if (body.isEmpty()) {
            return fieldError(
                    "body",
                    "expected JSON {\"target\": \"host[:port]\", \"sni\": ..., \"tls\": \"1.2\", \"alpn\": [...]}");
        }
        Ask ask;
        try {
            ask = ask(body.get());
        } catch (BadField e) {
            return fieldError(e.field, e.getMessage());
        }
        Target t = ask.target();
        ProbePolicy.Decision d = policy.check(t.host());
        if (d.address().isEmpty()) {
            return Reply.error(403, d.reason());
        }
        Optional<String> sni = ask.sni().isPresent() ? ask.sni() : t.sni();
        // Connect to the address that was checked; the name only travels as SNI.
        Target pinned = new Target(d.address().get().getHostAddress(), t.port(), sni);
        Offer offer = Offer.broad(pinned);
        if (ask.versions().isPresent()) {
            offer = offer.withVersions(ask.versions().get());
        }
        if (!ask.alpn().isEmpty()) {
            offer = offer.withAlpn(ask.alpn());
        }
        Offer chosen = offer;
        ProbeLimit.Outcome<Diagnosis> outcome =
                limit.tryRun(() -> new Prober(Duration.ofSeconds(5), Duration.ofMillis(100)).diagnose(pinned, chosen));
        if (outcome instanceof ProbeLimit.Outcome.Busy) {
            return Reply.error(429, "too many probes running; try again shortly")
                    .withHeader("Retry-After", "5");
        }
        if (outcome instanceof ProbeLimit.Outcome.PastDeadline<Diagnosis> late) {
            return Reply.error(
                    504,
                    "the probe of " + SiteGuard.printable(t.host()) + ":" + t.port() + " took longer than the server's "
                            + late.deadline().toSeconds() + " s limit and was cancelled");
        }
        Map<String, Object> out = ProbeJson.diagnosis(((ProbeLimit.Outcome.Done<Diagnosis>) outcome).value(), r.lang());
        out.put("lang", r.lang().id());
        return Reply.json(200, out);
    }

    private static Ask ask(Map<String, Object> m) throws BadField {
        if (!(m.get("target") instanceof String spec)) {
            throw new BadField("target", "expected a string \"host[:port]\"");
        }
        if (spec.length() > MAX_TARGET_CHARS || !printableAscii(spec)) {
            throw new BadField(
                    "target", "expected host[:port] in at most " + MAX_TARGET_CHARS + " printable ASCII characters");
        }
        Target t;
        try {
            t = Target.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new BadField("target", e.getMessage());
        }
        Optional<String> sni = Optional.empty();
        if (m.containsKey("sni") && m.get("sni") != null) {
            if (!(m.get("sni") instanceof String s) || !s.matches("[A-Za-z0-9._-]{1,253}")) {
                throw new BadField("sni", "expected a host name of 1-253 letters, digits, '.', '-' or '_'");
            }
            sni = Optional.of(s);
        }
        Optional<List<ProtocolVersion>> versions = Optional.empty();
        if (m.containsKey("tls") && m.get("tls") != null) {
            if (!(m.get("tls") instanceof String v) || v.length() > 20) {
                throw new BadField("tls", "expected a version such as \"1.2\" or a range \"1.0..1.3\"");
            }
            try {
                versions = Optional.of(OfferParser.versions(v));
            } catch (IllegalArgumentException e) {
                throw new BadField("tls", e.getMessage());
            }
        }
        List<String> alpn = new ArrayList<>();
        if (m.containsKey("alpn") && m.get("alpn") != null) {
            if (!(m.get("alpn") instanceof List<?> l) || l.size() > MAX_ALPN_NAMES) {
                throw new BadField("alpn", "expected a list of at most " + MAX_ALPN_NAMES + " protocol names");
            }
            for (Object o : l) {
                if (!(o instanceof String name)) {
                    throw new BadField("alpn", "expected protocol names as strings, such as \"h2\"");
                }
                int bytes = name.getBytes(StandardCharsets.UTF_8).length;
                if (bytes < 1 || bytes > MAX_ALPN_NAME_BYTES) {
                    throw new BadField(
                            "alpn",
                            "a protocol name is 1-" + MAX_ALPN_NAME_BYTES + " bytes (RFC 7301 §3.1), not " + bytes);
                }
                alpn.add(name);
            }
        }
        return new Ask(t, sni, versions, alpn);
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static Reply fieldError(String field, String message) {
        Map<String, Object> e = Reply.errorBody(400, message);
        e.put("field", field);
        return Reply.json(400, e);
    }
}
