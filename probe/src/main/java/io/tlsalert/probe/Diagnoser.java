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

/** One diagnosis: the baseline, then one factor changed at a time, stopping as soon as the cause is pinned. */
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

    /** The versions the diagnosis offers one at a time, newest first. */
    private static final List<ProtocolVersion> VERSIONS =
            List.of(ProtocolVersion.TLS_1_3, ProtocolVersion.TLS_1_2, ProtocolVersion.TLS_1_1, ProtocolVersion.TLS_1_0);

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
                        "server-misbehaves",
                        "baseline: " + o.detail(),
                        "",
                        "No TLS server needs this much for a handshake, so the probe stopped reading (limits: "
                                + Limits.SERVER_MESSAGES + " handshake messages, " + Limits.ALERTS + " alerts, "
                                + Limits.BYTES_READ + " bytes per handshake). Check what listens on " + target
                                + ": a broken TLS stack, a tarpit or a tool aimed at clients; no client setting fixes it.");
            case NOT_TLS:
                return new Cause(
                        "not-tls",
                        "baseline: " + o.detail(),
                        "",
                        "The port does not speak TLS. Check the port number; for protocols that start in plaintext"
                                + " (SMTP, IMAP, POP3, FTP, LDAP, PostgreSQL...) the client must use STARTTLS"
                                + " (openssl s_client -starttls smtp), and an HTTP answer means an http:// port.");
            case ERROR:
                return new Cause(
                        "unknown", "baseline: " + o.detail(), "", "Fix the local problem first: " + o.detail());
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
                    "unknown",
                    evidence() + ". The probe's own TLS stack (Bouncy Castle) refused the server's" + " answer"
                            + alert.reason().map(r -> ": " + r).orElse(""),
                    "",
                    "The server sent something a TLS client must refuse (" + alert.name() + "); see the steps and check"
                            + " the server's TLS configuration or implementation.");
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
                "unknown",
                evidence() + "; no single change made the handshake succeed",
                "",
                "The server answers " + alert.name() + " (" + code + ") after " + alert.after() + " to every variation"
                        + " tried: read its logs for why (run `tlsalert explain "
                        + (TlsAlerts.lookup(code).isPresent() ? alert.name() : String.valueOf(code))
                        + "` for the usual causes).");
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
        String cas = cr.certificateAuthorities().isEmpty()
                ? "any CA (the request names none)"
                : String.join("; ", cr.certificateAuthorities());
        String accepts = "a client certificate issued by " + cas + ", signed with one of "
                + String.join(", ", cr.signatureSchemes());
        if (base.clientCert().isEmpty()) {
            return new Cause(
                    "client-certificate-required",
                    evidence() + ". The server sent a CertificateRequest ("
                            + cr.describe() + "); the probe answered with no certificate and the server sent "
                            + alert.name()
                            + " (" + alert.code() + ")" + (alert.encrypted() ? ", as a TLS 1.3 encrypted alert" : ""),
                    accepts,
                    "Give the client a certificate (and key) issued by " + cas + " (curl --cert/--key, JDK"
                            + " javax.net.ssl.keyStore, openssl s_client -cert/-key), or stop requiring one on the server"
                            + " (nginx ssl_verify_client optional; Apache SSLVerifyClient optional; OpenSSL -verify instead of -Verify).");
        }
        String subject =
                base.clientCert().get().chain().get(0).getSubjectX500Principal().getName();
        return new Cause(
                "client-certificate-rejected",
                evidence() + ". The server asked for a client certificate ("
                        + cr.describe() + "), the probe sent " + subject + " and the server answered " + alert.name()
                        + " ("
                        + alert.code() + ")",
                accepts,
                "The server does not accept this client certificate: check that it chains to one of " + cas
                        + ", is within its validity, carries the clientAuth extended key usage, and that the client"
                        + " sends its intermediates.");
    }

    private Cause fallbackCause(Attempt b) {
        Offer o = base.withCipherSuites(base.cipherSuites().stream()
                .filter(s -> s != Offer.FALLBACK_SCSV)
                .toList());
        Attempt a = o.cipherSuites().isEmpty() ? null : tryOffer("TLS_FALLBACK_SCSV: removed", o);
        return new Cause(
                "inappropriate-fallback",
                evidence() + ". The ClientHello carried TLS_FALLBACK_SCSV (RFC 7507)"
                        + " with a version below the server's best, so the server refused the downgrade",
                a != null && a.ok()
                        ? a.outcome().version().map(ProtocolVersion::name).orElse("")
                        : "",
                "The client retried with a lower version after a first failure; find why the first, higher-version"
                        + " handshake failed (a middlebox, a timeout) instead of downgrading.");
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
            Attempt a = tryOffer("SNI: none", base.withSni(Optional.empty()));
            if (a == null) {
                return null;
            }
            if (a.ok()) {
                return sniCause(true, Optional.of("no SNI"));
            }
            if (target.sni().isPresent() && !target.sni().equals(base.sni())) {
                Attempt b = tryOffer("SNI: " + target.sni().get(), base.withSni(target.sni()));
                if (b != null && b.ok()) {
                    return sniCause(true, Optional.of("SNI " + target.sni().get()));
                }
            }
        } else if (target.sni().isPresent()) {
            Attempt a = tryOffer("SNI: " + target.sni().get(), base.withSni(target.sni()));
            if (a == null) {
                return null;
            }
            if (a.ok()) {
                return sniCause(false, Optional.of("SNI " + target.sni().get()));
            }
        }
        return null;
    }

    private Cause sniCause(boolean sent, Optional<String> accepts) {
        if (sent) {
            String name = base.sni().get();
            return new Cause(
                    "sni-unrecognized",
                    evidence() + ". The server does not know the name '" + name + "'",
                    accepts.orElse(""),
                    "Connect with a name the server is configured for, or add '" + name
                            + "' to the server's names (nginx server_name, Apache ServerName/ServerAlias, OpenSSL"
                            + " -servername) with a certificate for it.");
        }
        return new Cause(
                "sni-required",
                evidence() + ". The server needs SNI and the ClientHello had none",
                accepts.orElse(""),
                "Send SNI: connect by host name rather than IP address (curl --resolve"
                        + " host:port:ip, openssl s_client -servername host), or give the server a default certificate"
                        + " for clients without SNI.");
    }

    private Cause alpn() {
        if (!base.alpn().isEmpty()) {
            Attempt none = tryOffer("ALPN: none", base.withAlpn(List.of()));
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
                Attempt a = tryOffer("ALPN: " + p, base.withAlpn(List.of(p)));
                if (a == null) {
                    break;
                }
                if (a.ok()) {
                    return alpnCause(Optional.of(p + (a.outcome().alpn().isPresent() ? "" : " (or no ALPN)")));
                }
            }
            return alpnCause(Optional.of("no ALPN"));
        }
        for (String p : List.of("h2", "http/1.1")) {
            Attempt a = tryOffer("ALPN: " + p, base.withAlpn(List.of(p)));
            if (a == null) {
                return null;
            }
            if (a.ok()) {
                return alpnCause(Optional.of(p));
            }
        }
        return null;
    }

    private Cause alpnCause(Optional<String> accepts) {
        String offered = base.alpn().isEmpty() ? "no ALPN" : String.join(", ", base.alpn());
        return new Cause(
                "alpn-mismatch",
                evidence() + ". The server refuses the application protocols offered (" + offered + ")",
                accepts.orElse(""),
                "Offer a protocol the server supports"
                        + accepts.map(a -> " (" + a + ")").orElse("") + ", or add " + offered
                        + " to the server's ALPN list (nginx http2 / http2 off, Go NextProtos, OpenSSL -alpn).");
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
        Attempt a = tryOffer("ClientHello: smaller (was " + b.clientHelloBytes() + " bytes)", small);
        if (a != null && a.ok()) {
            return new Cause(
                    "clienthello-too-large",
                    evidence() + ". The same offer in " + a.clientHelloBytes() + " bytes instead of "
                            + b.clientHelloBytes() + " succeeded",
                    "ClientHellos of " + a.clientHelloBytes() + " bytes",
                    "Something on the path (a middlebox, an old load balancer: the F5 256-511 byte bug, devices that"
                            + " cannot reassemble a ClientHello over two TCP segments, e.g. with post-quantum key shares)"
                            + " drops large ClientHellos. Update or bypass it; meanwhile offer fewer suites and key shares, or"
                            + " pad the ClientHello to at least 512 bytes (RFC 7685).");
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
