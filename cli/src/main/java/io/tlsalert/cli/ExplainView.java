package io.tlsalert.cli;

import io.tlsalert.explain.Evidence;
import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Failure;
import io.tlsalert.explain.FailureClass;
import io.tlsalert.explain.Finding;
import io.tlsalert.explain.RankedCause;
import io.tlsalert.registry.Alert;
import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.AlertText;
import io.tlsalert.registry.CauseText;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.report.TerminalText;
import io.tlsalert.report.Views;

/** The human view of an explanation. */
final class ExplainView {
    private final AlertRegistry reg;
    private final Explainer ex;
    private final Texts t;
    private final Lang lang;
    private final Style st;
    private final StringBuilder out = new StringBuilder();
    private boolean showSource = true;

    ExplainView(AlertRegistry reg, Explainer ex, Lang lang, Style st) {
        this.reg = reg;
        this.ex = ex;
        this.t = reg.texts();
        this.lang = lang;
        this.st = st;
    }

    /** Leaves out the "matched text (line N)" line: for alerts read from bytes, where there is no text. */
    ExplainView withoutSource() {
        showSource = false;
        return this;
    }

    private boolean traced;

    /**
     * For alerts read from a trace (decode of openssl -msg/-trace, javax.net.debug): no source text, and the sender is
     * the program that printed the trace or its peer, as the finding's direction says.
     */
    ExplainView fromTrace() {
        showSource = false;
        traced = true;
        return this;
    }

    String render(Explanation e, boolean brief) {
        boolean first = true;
        // Every note is a failure too (with its class); the failures are shown, each once.
        for (Failure f : e.failures()) {
            if (brief) {
                briefFailure(f);
            } else {
                failure(f);
            }
        }
        for (Finding f : e.findings()) {
            if (!first) {
                out.append(brief ? "" : "\n");
            }
            first = false;
            if (brief) {
                briefLine(f);
            } else {
                finding(f);
            }
        }
        e.findingsCapped()
                .ifPresent(c -> out.append(brief ? "" : "\n")
                        .append(st.yellow(t.format(lang, "explain.capped.findings", c, "Explainer.MAX_FINDINGS")))
                        .append('\n'));
        e.notesCapped()
                .ifPresent(c -> out.append(brief ? "" : "\n")
                        .append(st.yellow(t.format(lang, "explain.capped.notes", c, "Explainer.MAX_NOTES")))
                        .append('\n'));
        e.failuresCapped()
                .ifPresent(c -> out.append(brief ? "" : "\n")
                        .append(st.yellow(t.format(lang, "explain.capped.failures", c, "Explainer.MAX_NOTES")))
                        .append('\n'));
        return out.toString();
    }

    private String failureHead(Failure f) {
        FailureClass c = f.failureClass();
        if (c.direction() == io.tlsalert.explain.Direction.RECEIVED) {
            return t.get(lang, "ui.label.alert-received-unnamed");
        }
        return t.get(lang, c.unnamed() ? "ui.label.alert-unnamed" : "ui.label.no-alert");
    }

    private void briefFailure(Failure f) {
        out.append(failureHead(f))
                .append('\t')
                .append(t.get(lang, f.failureClass().textKey("title")))
                .append('\t')
                .append(f.stack())
                .append('\t')
                .append(clip(f.text(), 120))
                .append('\n');
    }

    private void failure(Failure f) {
        FailureClass c = f.failureClass();
        out.append(st.yellow(st.bold(failureHead(f)))).append("  ·  ").append(st.bold(t.get(lang, c.textKey("title"))));
        if (!f.stack().equals("unknown")) {
            out.append("  ·  ").append(Views.stackName(ex, f.stack()));
        }
        out.append('\n');
        out.append("  ")
                .append(st.dim("\"" + clip(f.text(), 160) + "\"  (" + t.get(lang, "ui.label.line") + " " + f.line()
                        + (f.occurrences() > 1 ? ", " + f.occurrences() + " " + t.get(lang, "ui.label.times") : "")
                        + ")"))
                .append('\n');
        f.whyKey().ifPresent(k -> out.append("  ").append(t.get(lang, k)).append('\n'));
        out.append('\n');
        field("ui.label.meaning", t.get(lang, c.textKey("meaning")));
        if (!c.maybe().isEmpty()) {
            StringBuilder names = new StringBuilder();
            for (int code : c.maybe()) {
                names.append(names.length() == 0 ? "" : ", ")
                        .append(reg.byCode(code).map(a -> a.name()).orElse("?"))
                        .append(" (")
                        .append(code)
                        .append(')');
            }
            field("ui.label.maybe", names.toString());
        }
        field("ui.label.likely", t.get(lang, c.textKey("causes")));
        field("ui.label.confirm", t.get(lang, c.textKey("confirm")));
        field("ui.label.fix", t.get(lang, c.textKey("fix")));
        out.append('\n');
    }

    private String levelOf(Finding f) {
        String level =
                f.level().orElse(f.alert().map(a -> a.levelRule().usualLevel()).orElse(""));
        if (f.alert().map(Alert::alwaysFatal).orElse(false)) {
            return t.get(lang, "ui.level.always-fatal");
        }
        return level.isEmpty() ? "" : t.get(lang, "ui.level." + level);
    }

    private String stackName(Finding f) {
        return Views.stackName(ex, f.stack());
    }

    private void briefLine(Finding f) {
        out.append(f.name())
                .append(" (")
                .append(f.code())
                .append(")\t")
                .append(t.get(lang, "ui.direction." + f.direction().id()))
                .append(f.evidence() == Evidence.IMPLIED ? " " + t.get(lang, "ui.evidence.implied.short") : "")
                .append(f.evidence() == Evidence.INFERRED ? " " + t.get(lang, "ui.evidence.inferred.short") : "")
                .append('\t')
                .append(f.stack())
                .append('\t')
                .append(f.alert().map(a -> a.text(lang).summary()).orElse(t.get(lang, "ui.unassigned.title")))
                .append('\n');
    }

    private void finding(Finding f) {
        String head = f.name() + " (" + f.code() + ")";
        out.append(st.red(st.bold(head)));
        String level = levelOf(f);
        if (!level.isEmpty()) {
            out.append("  ").append(level);
        }
        if (f.alert().isPresent() || f.evidence() != Evidence.QUERY) {
            out.append("  ·  ")
                    .append(st.bold(
                            showSource
                                    ? t.get(
                                            lang,
                                            "ui.direction." + f.direction().id())
                                    : traced
                                            ? t.get(
                                                    lang,
                                                    "decode.trace.alert."
                                                            + f.direction().id())
                                            : t.get(lang, "decode.alert.sender")));
        }
        if (!f.stack().equals("unknown")) {
            out.append("  ·  ").append(stackName(f));
        }
        out.append('\n');
        if (f.evidence() != Evidence.QUERY && showSource) {
            out.append("  ")
                    .append(st.dim("\"" + clip(f.text(), 160) + "\"  (" + t.get(lang, "ui.label.line") + " " + f.line()
                            + (f.occurrences() > 1 ? ", " + f.occurrences() + " " + t.get(lang, "ui.label.times") : "")
                            + ")"))
                    .append('\n');
        }
        if (f.alert().isEmpty()) {
            out.append("  ")
                    .append(reg.codeNote(f.code(), lang).orElse(f.code() + " " + t.get(lang, "code.unassigned")))
                    .append('\n');
            return;
        }
        Alert a = f.alert().get();
        AlertText x = a.text(lang);
        out.append("  ").append(x.summary()).append('\n');
        if (f.evidence() == Evidence.IMPLIED) {
            out.append('\n')
                    .append("  ")
                    .append(st.yellow(t.format(lang, "ui.evidence.implied", a.name(), a.code())))
                    .append('\n');
            field("ui.label.why", t.get(lang, "pattern." + f.patternId() + ".why"));
        }
        if (f.evidence() == Evidence.INFERRED) {
            out.append('\n')
                    .append("  ")
                    .append(st.yellow(t.get(lang, "explain.inferred.why")))
                    .append('\n');
        }
        out.append('\n');
        String who = showSource
                ? t.get(lang, "ui.direction." + f.direction().id() + ".long")
                : traced
                        ? t.get(lang, "decode.trace.alert." + f.direction().id() + ".who")
                        : t.get(lang, "decode.alert.who");
        switch (f.direction()) {
            case RECEIVED -> who = who + t.get(lang, "ui.sentence.join") + x.received();
            case SENT -> who = who + t.get(lang, "ui.sentence.join") + x.sent();
            default -> {}
        }
        field("ui.label.who", who);
        field("ui.label.meaning", x.meaning());
        field("ui.label.level", x.level());
        field("ui.label.tls13", t.get(lang, "ui.tls13." + a.tls13().id()) + t.get(lang, "ui.sentence.end") + x.tls13());
        if (!a.causes().isEmpty()) {
            out.append("  ").append(st.bold(t.get(lang, "ui.label.causes"))).append('\n');
            int i = 1;
            for (RankedCause rc : ex.rankedCauses(f)) {
                CauseText ct = rc.cause().text(lang);
                out.append("    ")
                        .append(i++)
                        .append(". ")
                        .append(st.bold(ct.title()))
                        .append('\n');
                rc.because()
                        .ifPresent(h -> out.append("       ")
                                .append(st.yellow(t.format(lang, h.whyKey(), clip(h.said(), 80))))
                                .append('\n'));
                out.append("       ")
                        .append(t.get(lang, "ui.label.confirm"))
                        .append(": ")
                        .append(ct.confirm())
                        .append('\n');
                out.append("       ")
                        .append(t.get(lang, "ui.label.fix"))
                        .append(": ")
                        .append(ct.fix())
                        .append('\n');
            }
        }
        field("ui.label.references", String.join(", ", a.references()));
    }

    private void field(String labelKey, String value) {
        out.append("  ")
                .append(st.bold(t.get(lang, labelKey)))
                .append(": ")
                .append(value)
                .append('\n');
    }

    /** Text from the input on one line, at most {@code max} characters of it, control characters escaped. */
    static String clip(String s, int max) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return TerminalText.escape(one.length() <= max ? one : one.substring(0, max - 1) + "…");
    }
}
