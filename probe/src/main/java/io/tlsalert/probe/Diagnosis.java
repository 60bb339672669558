package io.tlsalert.probe;

import io.tlsalert.registry.Lang;
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
 * @param changes    what each attempt changed, language-neutral, in attempt order (each attempt keeps the English)
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
        long millis,
        List<Phrase> changes) {

    public Diagnosis {
        attempts = List.copyOf(attempts);
        serverChain = List.copyOf(serverChain);
        changes = List.copyOf(changes);
    }

    /** A diagnosis whose attempts' changes are the English each attempt keeps. */
    public Diagnosis(
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
        this(
                target,
                baseline,
                cause,
                attempts,
                handshakes,
                alert,
                serverChain,
                certificateCheck,
                certificateRequest,
                started,
                millis,
                attempts.stream().map(a -> Phrase.literal(a.changed())).toList());
    }

    /**
     * A few lines for people: the cause, the alert, every handshake tried. What came from the server or the input (a
     * certificate's names, SNI, bytes a server sent) is escaped for a terminal ({@link TerminalText}), so each value
     * stays on its line.
     */
    public String summary() {
        return summary(Lang.EN);
    }

    /** {@link #summary()} in this language: the labels, the cause's title, evidence, fix and what the server accepts. */
    public String summary(Lang lang) {
        StringBuilder b = new StringBuilder();
        line(b, "", target + ": " + cause.id() + " (" + cause.title(lang) + ")");
        alert.ifPresent(a -> line(b, label(lang, "probe.label.alert"), a.toString()));
        String accepts = cause.accepts(lang);
        if (!accepts.isEmpty()) {
            line(b, label(lang, "probe.label.accepts"), accepts);
        }
        certificateCheck
                .filter(c -> !c.ok())
                .ifPresent(c -> line(b, label(lang, "probe.label.certificate"), c.reason()));
        certificateRequest.ifPresent(r -> line(b, label(lang, "probe.label.request"), r.describe()));
        baseline.http().ifPresent(h -> line(b, label(lang, "probe.label.http"), h.note()));
        line(b, label(lang, "probe.label.fix"), cause.fix(lang));
        b.append("  ")
                .append(Phrase.of("probe.label.handshakes", handshakes).render(lang))
                .append('\n');
        for (int i = 0; i < attempts.size(); i++) {
            Attempt a = attempts.get(i);
            String changed = i < changes.size() ? changes.get(i).render(lang) : a.changed();
            line(b, "    ", changed + " -> " + a.outcome().describe());
        }
        return b.toString();
    }

    /** "  alert: ", "  告警：": a label of the text views, indented. */
    static String label(Lang lang, String key) {
        String text = Phrase.of(key).render(lang);
        // a full-width colon carries its own space
        return "  " + text + (text.endsWith("：") ? "" : " ");
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(label).append(TerminalText.escape(value)).append('\n');
    }
}
