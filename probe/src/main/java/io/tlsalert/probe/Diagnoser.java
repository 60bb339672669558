package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import io.tlsalert.wire.AlertDescription;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One diagnosis: the baseline, then follow-ups chosen by how it ended: the search for what the server accepts
 * ({@link OfferSearch}), SNI and ALPN first after their alerts, the new client's handshake after an accepted baseline
 * ({@link NewClientChecks}); stopping as soon as the cause is pinned.
 */
final class Diagnoser {
    /**
     * What a server sends after the client's Finished flight when it rejects the client's certificate or its absence:
     * handshake_failure (what OpenSSL sends under TLS 1.2), the certificate alerts, access_denied, and decrypt_error
     * (a CertificateVerify that does not verify).
     */
    private static final Set<Integer> CLIENT_CERTIFICATE_REJECTIONS = Set.of(
            AlertDescription.HANDSHAKE_FAILURE,
            AlertDescription.BAD_CERTIFICATE,
            AlertDescription.UNSUPPORTED_CERTIFICATE,
            AlertDescription.CERTIFICATE_REVOKED,
            AlertDescription.CERTIFICATE_EXPIRED,
            AlertDescription.CERTIFICATE_UNKNOWN,
            AlertDescription.UNKNOWN_CA,
            AlertDescription.ACCESS_DENIED,
            AlertDescription.DECRYPT_ERROR);

    private final Prober prober;
    private final Target target;
    private final Offer base;
    private final List<Attempt> attempts = new ArrayList<>();
    /** What each attempt changed, language-neutral (the attempt itself keeps the English). */
    private final List<Phrase> changes = new ArrayList<>();
    /** The widest offer the search tried when none of its offers was accepted, for the final verdict. */
    private Optional<Offer> refusedWidest = Optional.empty();
    /** The {@link System#nanoTime} by which every handshake has ended. */
    private final long deadline;

    Diagnoser(Prober prober, Target target, Offer base, long deadline) {
        this.prober = prober;
        this.target = target;
        this.base = base;
        this.deadline = deadline;
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** What each attempt changed, language-neutral. */
    List<Phrase> changes() {
        return List.copyOf(changes);
    }

    /**
     * One follow-up, or null when the diagnosis must stop: {@link Prober#MAX_HANDSHAKES} made, the deadline reached,
     * or the last handshake flooded (a server that does that is not probed further).
     */
    private Attempt tryOffer(String changed, Offer o) {
        return tryOffer(Phrase.literal(changed), o);
    }

    private Attempt tryOffer(Phrase changed, Offer o) {
        if (attempts.size() >= Prober.MAX_HANDSHAKES || System.nanoTime() >= deadline) {
            return null;
        }
        if (attempts.get(attempts.size() - 1).outcome().kind() == Outcome.Kind.OVER_LIMIT) {
            return null;
        }
        Attempt a = prober.followUp(target, o, changed.render(Lang.EN), deadline);
        attempts.add(a);
        changes.add(changed);
        return a;
    }

    Cause run() {
        Attempt b = prober.baseline(target, base, deadline);
        attempts.add(b);
        changes.add(Phrase.of("probe.changed.baseline"));
        Outcome o = b.outcome();
        if (o.kind() == Outcome.Kind.REFUSED) {
            return ConnectCauses.refused(target, b);
        }
        switch (o.kind()) {
            case HANDSHAKE_OK: {
                Cause c = CompletedHandshake.cause(b, base);
                if (!c.id().equals(CauseId.OK.id())) {
                    return c;
                }
                Cause n = new NewClientChecks(base, this::tryOffer).run(b, this::evidenceText);
                if (n != null) {
                    return n;
                }
                Optional<Attempt> modern =
                        attempts.size() > 1 && attempts.get(1).ok() ? Optional.of(attempts.get(1)) : Optional.empty();
                return CompletedHandshake.cause(b, base, modern);
            }
            case OVER_LIMIT:
                return new Cause(
                        CauseId.SERVER_MISBEHAVES,
                        Phrase.of("probe.evidence.baseline", o.detail()),
                        Phrase.EMPTY,
                        Phrase.of(
                                "probe.fix.server-misbehaves",
                                Limits.SERVER_MESSAGES,
                                Limits.ALERTS,
                                Limits.BYTES_READ,
                                target.toString()));
            case NOT_TLS:
                return new Cause(
                        CauseId.NOT_TLS,
                        Phrase.of("probe.evidence.baseline", o.detail()),
                        Phrase.EMPTY,
                        Phrase.of("probe.fix.not-tls"));
            case ERROR:
                return new Cause(
                        CauseId.UNKNOWN,
                        Phrase.of("probe.evidence.baseline", o.detail()),
                        Phrase.EMPTY,
                        Phrase.of("probe.fix.local", o.detail()));
            case ALERT:
                return alertCause(b, o.alert().get());
            default:
                return silentCause(b);
        }
    }

    // ---------------------------------------------------------------------------------------------------- alerts

    private Cause alertCause(Attempt b, AlertInfo alert) {
        if (alert.sender() == Side.CLIENT) {
            return new Cause(
                    CauseId.UNKNOWN,
                    Phrase.of(
                            "probe.evidence.client-refused",
                            evidenceText(),
                            alert.reason().map(r -> ": " + r).orElse("")),
                    Phrase.EMPTY,
                    Phrase.of("probe.fix.client-refused", alert.name()));
        }
        int code = alert.code();
        if (b.certificateRequest().isPresent()
                && (code == AlertDescription.CERTIFICATE_REQUIRED
                        || (alert.after().equals("client Finished") && CLIENT_CERTIFICATE_REJECTIONS.contains(code)))) {
            return clientCertificateCause(b, alert);
        }
        if (code == AlertDescription.INAPPROPRIATE_FALLBACK) {
            return fallbackCause(b);
        }
        List<Supplier<Cause>> order = order(code);
        for (Supplier<Cause> s : order) {
            Cause c = s.get();
            if (c != null) {
                return c;
            }
            if (attempts.size() >= Prober.MAX_HANDSHAKES) {
                break;
            }
        }
        if (code == AlertDescription.UNRECOGNIZED_NAME) {
            return sniCause(base.sni().isPresent(), Optional.empty());
        }
        if (code == AlertDescription.NO_APPLICATION_PROTOCOL) {
            return alpnCause(Optional.empty());
        }
        if (refusedWidest.isPresent()) {
            return new Cause(
                    CauseId.UNKNOWN,
                    Phrase.of(
                            "probe.evidence.nothing",
                            evidenceText(),
                            OfferSearch.describe(refusedWidest.get()),
                            Phrase.of(unsatisfiedDimension(code))),
                    Phrase.EMPTY,
                    Phrase.of(
                            "probe.fix.nothing",
                            alert.name(),
                            code,
                            TlsAlerts.lookup(code).isPresent() ? alert.name() : String.valueOf(code)));
        }
        return new Cause(
                CauseId.UNKNOWN,
                Phrase.of("probe.evidence.unknown", evidenceText()),
                Phrase.EMPTY,
                Phrase.of(
                        "probe.fix.unknown",
                        alert.name(),
                        code,
                        alert.after(),
                        TlsAlerts.lookup(code).isPresent() ? alert.name() : String.valueOf(code)));
    }

    /** Which dimension an alert points at, when even the widest offer got it. */
    private static String unsatisfiedDimension(int code) {
        return switch (code) {
            case AlertDescription.PROTOCOL_VERSION -> "probe.unsatisfied.version";
            case AlertDescription.UNRECOGNIZED_NAME -> "probe.unsatisfied.sni";
            case AlertDescription.NO_APPLICATION_PROTOCOL -> "probe.unsatisfied.alpn";
            default -> "probe.unsatisfied.crypto";
        };
    }

    /** Which factor to change first after this alert: the one the alert points at, then the others. */
    private List<Supplier<Cause>> order(int code) {
        return switch (code) {
            case AlertDescription.HANDSHAKE_FAILURE, AlertDescription.INSUFFICIENT_SECURITY ->
                List.of(this::search, this::sni, this::alpn, this::size);
            case AlertDescription.UNRECOGNIZED_NAME -> List.of(this::sni, this::search, this::alpn, this::size);
            case AlertDescription.NO_APPLICATION_PROTOCOL -> List.of(this::alpn, this::search, this::sni, this::size);
            case AlertDescription.MISSING_EXTENSION -> List.of(this::sni, this::alpn, this::search, this::size);
            // protocol_version, and any other alert: versions first
            default -> List.of(this::search, this::sni, this::alpn, this::size);
        };
    }

    private Cause clientCertificateCause(Attempt b, AlertInfo alert) {
        CertificateRequestInfo cr = b.certificateRequest().get();
        Phrase cas = cr.certificateAuthorities().isEmpty()
                ? Phrase.of("probe.client-cert.any-ca")
                : Phrase.literal(String.join("; ", cr.certificateAuthorities()));
        Phrase accepts = Phrase.of("probe.accepts.client-cert", cas, String.join(", ", cr.signatureSchemes()));
        if (base.clientCert().isEmpty()) {
            return new Cause(
                    CauseId.CLIENT_CERTIFICATE_REQUIRED,
                    Phrase.of(
                            alert.encrypted()
                                    ? "probe.evidence.client-cert-required.encrypted"
                                    : "probe.evidence.client-cert-required",
                            evidenceText(),
                            cr.describe(),
                            alert.name(),
                            alert.code()),
                    accepts,
                    Phrase.of("probe.fix.client-certificate-required", cas));
        }
        String subject =
                base.clientCert().get().chain().get(0).getSubjectX500Principal().getName();
        return new Cause(
                CauseId.CLIENT_CERTIFICATE_REJECTED,
                Phrase.of(
                        "probe.evidence.client-cert-rejected",
                        evidenceText(),
                        cr.describe(),
                        subject,
                        alert.name(),
                        alert.code()),
                accepts,
                Phrase.of("probe.fix.client-certificate-rejected", cas));
    }

    private Cause fallbackCause(Attempt b) {
        Offer o = base.withCipherSuites(base.cipherSuites().stream()
                .filter(s -> s != Offer.FALLBACK_SCSV)
                .toList());
        Attempt a = o.cipherSuites().isEmpty() ? null : tryOffer(Phrase.of("probe.changed.fallback"), o);
        return new Cause(
                CauseId.INAPPROPRIATE_FALLBACK,
                Phrase.of("probe.evidence.fallback", evidenceText()),
                Phrase.literal(
                        a != null && a.ok()
                                ? a.outcome()
                                        .version()
                                        .map(ProtocolVersion::name)
                                        .orElse("")
                                : ""),
                Phrase.of("probe.fix.inappropriate-fallback"));
    }

    // ------------------------------------------------------------------------------------------- factor searches

    private Cause search() {
        if (refusedWidest.isPresent()) {
            return null;
        }
        OfferSearch.Result r = new OfferSearch(base, this::tryOffer).run();
        if (r.accepted().isEmpty()) {
            refusedWidest = Optional.of(r.widest());
            return null;
        }
        if (r.faults().isEmpty()) {
            return null;
        }
        return SearchVerdict.cause(base, r, evidenceText());
    }

    private Cause sni() {
        if (base.sni().isPresent()) {
            Attempt a = tryOffer(Phrase.of("probe.changed.sni.none"), base.withSni(Optional.empty()));
            if (a == null) {
                return null;
            }
            if (a.ok()) {
                return sniCause(true, Optional.of(Phrase.of("probe.accepts.sni.none")));
            }
            if (target.sni().isPresent() && !target.sni().equals(base.sni())) {
                Attempt b = tryOffer(Phrase.of("probe.changed.sni", target.sni().get()), base.withSni(target.sni()));
                if (b != null && b.ok()) {
                    return sniCause(
                            true,
                            Optional.of(
                                    Phrase.of("probe.accepts.sni", target.sni().get())));
                }
            }
        } else if (target.sni().isPresent()) {
            Attempt a = tryOffer(Phrase.of("probe.changed.sni", target.sni().get()), base.withSni(target.sni()));
            if (a == null) {
                return null;
            }
            if (a.ok()) {
                return sniCause(
                        false,
                        Optional.of(Phrase.of("probe.accepts.sni", target.sni().get())));
            }
        }
        return null;
    }

    private Cause sniCause(boolean sent, Optional<Phrase> accepts) {
        if (sent) {
            String name = base.sni().get();
            return new Cause(
                    CauseId.SNI_UNRECOGNIZED,
                    Phrase.of("probe.evidence.sni-unrecognized", evidenceText(), name),
                    accepts.orElse(Phrase.EMPTY),
                    Phrase.of("probe.fix.sni-unrecognized", name));
        }
        return new Cause(
                CauseId.SNI_REQUIRED,
                Phrase.of("probe.evidence.sni-required", evidenceText()),
                accepts.orElse(Phrase.EMPTY),
                Phrase.of("probe.fix.sni-required"));
    }

    private Cause alpn() {
        if (!base.alpn().isEmpty()) {
            Attempt none = tryOffer(Phrase.of("probe.changed.alpn.none"), base.withAlpn(List.of()));
            if (none == null) {
                return null;
            }
            if (!none.ok()) {
                return null;
            }
            for (String p : List.of("h2", "http/1.1")) {
                if (base.alpn().contains(p)) {
                    continue;
                }
                Attempt a = tryOffer(Phrase.of("probe.changed.alpn", p), base.withAlpn(List.of(p)));
                if (a == null) {
                    break;
                }
                if (a.ok()) {
                    return alpnCause(Optional.of(
                            a.outcome().alpn().isPresent()
                                    ? Phrase.literal(p)
                                    : Phrase.of("probe.accepts.alpn.or-none", p)));
                }
            }
            return alpnCause(Optional.of(Phrase.of("probe.accepts.alpn.none")));
        }
        for (String p : List.of("h2", "http/1.1")) {
            Attempt a = tryOffer(Phrase.of("probe.changed.alpn", p), base.withAlpn(List.of(p)));
            if (a == null) {
                return null;
            }
            if (a.ok()) {
                return alpnCause(Optional.of(Phrase.literal(p)));
            }
        }
        return null;
    }

    private Cause alpnCause(Optional<Phrase> accepts) {
        Phrase offered = base.alpn().isEmpty()
                ? Phrase.of("probe.accepts.alpn.none")
                : Phrase.literal(String.join(", ", base.alpn()));
        return new Cause(
                CauseId.ALPN_MISMATCH,
                Phrase.of("probe.evidence.alpn-mismatch", evidenceText(), offered),
                accepts.orElse(Phrase.EMPTY),
                accepts.map(x -> Phrase.of("probe.fix.alpn-mismatch.known", x, offered))
                        .orElse(Phrase.of("probe.fix.alpn-mismatch", offered)));
    }

    private Cause size() {
        Attempt b = attempts.get(0);
        if (b.clientHelloBytes() <= 256 && base.padTo() == 0) {
            return null;
        }
        List<Integer> suites = new ArrayList<>();
        base.tls13Suites().stream().limit(2).forEach(suites::add);
        base.legacySuites().stream().limit(4).forEach(suites::add);
        Offer small = base.withPadTo(0)
                .withCipherSuites(suites)
                .withGroups(base.groups().stream().limit(1).toList())
                .withSignatureSchemes(base.signatureSchemes().stream().limit(6).toList());
        Attempt a = tryOffer(Phrase.of("probe.changed.smaller", b.clientHelloBytes()), small);
        if (a != null && a.ok()) {
            return new Cause(
                    CauseId.CLIENTHELLO_TOO_LARGE,
                    Phrase.of("probe.evidence.smaller", evidenceText(), a.clientHelloBytes(), b.clientHelloBytes()),
                    Phrase.of("probe.accepts.large", a.clientHelloBytes()),
                    Phrase.of("probe.fix.large"));
        }
        return null;
    }

    // --------------------------------------------------------------------------------- silence, resets, closes

    private Cause silentCause(Attempt b) {
        Outcome o = b.outcome();
        if (o.kind() == Outcome.Kind.CLOSED
                && b.bytesReceived() > 0
                && o.detail().contains("middle of a record")) {
            return new Cause(
                    "not-tls",
                    "baseline: " + o.detail(),
                    "",
                    "The port does not speak TLS (it sent a"
                            + " fragment and closed). Check the port number and what listens on it.");
        }
        boolean connectFailed =
                o.detail().startsWith("TCP connect") || o.detail().startsWith("connection refused");
        if (!connectFailed && o.kind() != Outcome.Kind.TIMEOUT) {
            Cause c = size();
            if (c != null) {
                return c;
            }
            if (o.kind() == Outcome.Kind.RESET || o.kind() == Outcome.Kind.CLOSED) {
                c = search();
                if (c != null) {
                    return c;
                }
            }
        }
        switch (o.kind()) {
            case RESET:
                return new Cause(
                        "connection-reset",
                        evidence(),
                        "",
                        connectFailed
                                ? "Nothing listens on " + target
                                        + ": check the host and port, and that the service runs."
                                : "The connection was reset in answer to the ClientHello: a firewall or IPS, a load balancer"
                                        + " without a TLS listener on this port, or a server that drops this ClientHello. Check the"
                                        + " server's logs and a packet capture on both sides.");
            case CLOSED:
                if (b.bytesReceived() > 0) {
                    return new Cause(
                            "unknown",
                            evidence() + ". The server closed the connection without an alert",
                            "",
                            "The server gave up without saying why: read its logs.");
                }
                return new Cause(
                        "no-response",
                        evidence() + ". The server accepted the TCP connection and closed it" + " without answering",
                        "",
                        "The server (or a proxy in front of it) refuses this ClientHello"
                                + " silently, or expects another protocol first: check its logs and that the port serves TLS.");
            default:
                return new Cause(
                        "no-response",
                        evidence(),
                        "",
                        connectFailed
                                ? "The TCP connection could not be made in time: check the address, routes and firewalls."
                                : "The server accepted the connection but did not complete an answer in time: it may expect"
                                        + " another protocol first (STARTTLS), be overloaded, or sit behind a device that drops"
                                        + " the ClientHello. Try a longer timeout and a capture.");
        }
    }

    /** Every handshake so far, language-neutral: what changed, and what came back. */
    private Phrase evidenceText() {
        List<Phrase> steps = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            if (seen.add(a.changed() + " → " + a.outcome().describe())) {
                steps.add(Phrase.of(
                        "probe.evidence.step", changes.get(i), a.outcome().describe()));
            }
        }
        return Phrase.of("probe.evidence.steps", steps);
    }

    private String evidence() {
        Set<String> parts = new LinkedHashSet<>();
        for (Attempt a : attempts) {
            parts.add(a.changed() + " → " + a.outcome().describe());
        }
        return String.join("; ", parts);
    }
}
