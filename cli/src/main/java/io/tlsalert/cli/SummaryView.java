package io.tlsalert.cli;

import io.tlsalert.explain.Evidence;
import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Subject;
import io.tlsalert.explain.Summarizer;
import io.tlsalert.explain.Summary;
import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.report.TerminalText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The human view of a log summary: a table of the groups, then what each alert or failure means. */
final class SummaryView {
    private final AlertRegistry reg;
    private final Explainer ex;
    private final Texts t;
    private final Lang lang;
    private final Style st;
    /** Rows the text view shows; the JSON lists every group. A terminal reader wants the top of the list. */
    static final int MAX_ROWS = 100;

    SummaryView(AlertRegistry reg, Explainer ex, Lang lang, Style st) {
        this.reg = reg;
        this.ex = ex;
        this.t = reg.texts();
        this.lang = lang;
        this.st = st;
    }

    /** The whole view; {@code brief}: the table with counts and line numbers only. */
    String render(Summary s, String what, boolean brief) {
        StringBuilder out = new StringBuilder();
        long alerts = s.groups().stream().mapToLong(g -> g.span().alerts()).sum()
                + s.other().map(Summary.Span::alerts).orElse(0L);
        out.append(st.bold(t.format(
                        lang,
                        "summary.title",
                        TerminalText.escape(what),
                        num(s.lines()),
                        bytes(s.bytes()),
                        num(alerts),
                        num(s.occurrences() - alerts),
                        num(s.groups().size()))))
                .append("\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(
                brief
                        ? new String[] {
                            t.get(lang, "summary.col.count"),
                            t.get(lang, "summary.col.subject"),
                            t.get(lang, "summary.col.direction"),
                            t.get(lang, "summary.col.stack"),
                            t.get(lang, "summary.col.peer"),
                            t.get(lang, "summary.col.first-line"),
                            t.get(lang, "summary.col.last-line")
                        }
                        : new String[] {
                            t.get(lang, "summary.col.count"),
                            t.get(lang, "summary.col.subject"),
                            t.get(lang, "summary.col.direction"),
                            t.get(lang, "summary.col.stack"),
                            t.get(lang, "summary.col.peer"),
                            t.get(lang, "summary.col.first"),
                            t.get(lang, "summary.col.last")
                        });
        boolean otherPeers = false;
        long hiddenGroups = 0;
        long hidden = 0;
        for (Summary.Group g : s.groups()) {
            otherPeers |= g.otherPeers();
            if (rows.size() > MAX_ROWS) {
                hiddenGroups++;
                hidden += g.span().count();
                continue;
            }
            String peer = g.otherPeers()
                    ? t.get(lang, "summary.peer.other")
                    : g.peer().map(Object::toString).orElse("-");
            rows.add(new String[] {
                num(g.span().count()),
                subject(g.subject()),
                direction(g.subject()),
                g.stack(),
                peer,
                brief
                        ? num(g.span().firstLine())
                        : when(g.span().firstTime(), g.span().firstLine()),
                brief
                        ? num(g.span().lastLine())
                        : when(g.span().lastTime(), g.span().lastLine())
            });
        }
        s.other()
                .ifPresent(o -> rows.add(new String[] {
                    num(o.count()),
                    t.get(lang, "summary.other.short"),
                    "-",
                    "-",
                    "-",
                    brief ? num(o.firstLine()) : when(o.firstTime(), o.firstLine()),
                    brief ? num(o.lastLine()) : when(o.lastTime(), o.lastLine())
                }));
        table(out, rows);
        if (hiddenGroups > 0) {
            out.append(st.dim(t.format(lang, "summary.more-groups", num(hiddenGroups), num(hidden), MAX_ROWS)))
                    .append('\n');
        }
        s.other()
                .ifPresent(o -> out.append('\n')
                        .append(st.yellow(t.format(
                                lang,
                                "summary.other",
                                num(o.count()),
                                num(o.alerts()),
                                num(o.firstLine()),
                                num(o.lastLine()),
                                s.maxGroups(),
                                Summarizer.MAX_OTHER_PEER_GROUPS)))
                        .append('\n'));
        if (otherPeers) {
            out.append('\n')
                    .append(st.yellow(t.format(lang, "summary.other-peers", s.maxGroups())))
                    .append('\n');
        }
        if (!brief) {
            legend(out, s);
        }
        return out.toString();
    }

    /** Each alert and failure once: what it means, and the first text that showed it. */
    private void legend(StringBuilder out, Summary s) {
        Map<String, Summary.Group> first = new LinkedHashMap<>();
        for (Summary.Group g : s.groups()) {
            first.putIfAbsent(subject(g.subject()), g);
        }
        if (first.isEmpty()) {
            return;
        }
        out.append('\n').append(st.bold(t.get(lang, "summary.legend"))).append('\n');
        for (Map.Entry<String, Summary.Group> e : first.entrySet()) {
            Summary.Group g = e.getValue();
            String meaning;
            if (g.subject() instanceof Subject.Alert a) {
                meaning = reg.byCode(a.code())
                        .map(x -> x.text(lang).summary())
                        .orElse(t.get(lang, "ui.unassigned.title"));
            } else {
                meaning = t.get(lang, ((Subject.NoAlert) g.subject()).textKey());
            }
            out.append("  ")
                    .append(st.red(st.bold(e.getKey())))
                    .append("  ")
                    .append(meaning)
                    .append('\n');
            out.append("    ")
                    .append(st.dim(t.format(
                            lang,
                            "summary.example",
                            ExplainView.clip(g.text(), 160),
                            t.format(lang, "summary.at", num(g.span().firstLine())))))
                    .append('\n');
        }
        out.append('\n').append(st.dim(t.get(lang, "summary.hint"))).append('\n');
    }

    private String subject(Subject s) {
        if (s instanceof Subject.Alert a) {
            return reg.byCode(a.code()).map(x -> x.name()).orElse("unassigned") + " (" + a.code() + ")";
        }
        return t.get(lang, "summary.no-alert") + " (" + ((Subject.NoAlert) s).failureClass() + ")";
    }

    private String direction(Subject s) {
        if (s instanceof Subject.Alert a) {
            return t.get(lang, "summary.direction." + a.direction().id())
                    + (a.evidence() == Evidence.IMPLIED ? " " + t.get(lang, "summary.implied") : "");
        }
        return "-";
    }

    private String when(java.util.Optional<String> time, long line) {
        String at = t.format(lang, "summary.at", num(line));
        return time.map(x -> TerminalText.escape(x) + " (" + at + ")").orElse(at);
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], ListCommand.width(r[i]));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = r[i];
                // Counts are right-aligned, the rest left-aligned.
                if (i == 0) {
                    line.append(" ".repeat(w[i] - ListCommand.width(c))).append(c);
                } else {
                    line.append(c);
                    if (i < cols - 1) {
                        line.append(" ".repeat(w[i] - ListCommand.width(c)));
                    }
                }
                if (i < cols - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        if (b < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        if (b < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0);
        }
        return String.format(Locale.ROOT, "%.2f GiB", b / 1073741824.0);
    }
}
