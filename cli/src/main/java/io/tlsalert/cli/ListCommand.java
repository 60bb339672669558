package io.tlsalert.cli;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Alert;
import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.registry.Tls13Status;
import io.tlsalert.report.Views;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true)
final class ListCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SEARCH", arity = "0..*", descriptionKey = "search")
    String[] search = {};

    @Option(names = "--tls13")
    boolean tls13;

    @Option(names = "--fatal")
    boolean fatal;

    @Mixin
    Options options = new Options();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Lang lang = options.language();
        AlertRegistry reg = TlsAlerts.registry();
        String q = String.join(" ", search).toLowerCase(Locale.ROOT).strip();
        List<Alert> rows = new ArrayList<>();
        for (Alert a : reg.all()) {
            if (tls13 && a.tls13() != Tls13Status.IN_USE) {
                continue;
            }
            if (fatal && !a.alwaysFatal()) {
                continue;
            }
            if (!q.isEmpty() && !matches(a, q, lang)) {
                continue;
            }
            rows.add(a);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            List<Object> l = new ArrayList<>();
            for (Alert a : rows) {
                l.add(Views.listRow(a, lang));
            }
            out.println(Json.write(java.util.Map.of("alerts", l)));
        } else {
            table(out, rows, reg.texts(), lang, new Style(Options.color()));
            if (q.isEmpty() && !tls13 && !fatal) {
                out.println();
                out.println(reg.codeNote(255, lang).orElse(""));
            }
        }
        out.flush();
        return rows.isEmpty() ? Main.NOT_FOUND : Main.FOUND;
    }

    private static boolean matches(Alert a, String q, Lang lang) {
        return String.valueOf(a.code()).equals(q)
                || a.name().replace('_', ' ').contains(q.replace('_', ' '))
                || a.text(lang).summary().toLowerCase(Locale.ROOT).contains(q)
                || a.text(lang).meaning().toLowerCase(Locale.ROOT).contains(q);
    }

    private static void table(PrintWriter out, List<Alert> rows, Texts t, Lang lang, Style st) {
        String[] head = {
            t.get(lang, "ui.list.code"),
            t.get(lang, "ui.list.name"),
            t.get(lang, "ui.list.level"),
            t.get(lang, "ui.list.tls13"),
            t.get(lang, "ui.list.summary")
        };
        List<String[]> cells = new ArrayList<>();
        for (Alert a : rows) {
            cells.add(new String[] {
                String.valueOf(a.code()),
                a.name(),
                a.alwaysFatal()
                        ? t.get(lang, "ui.level.always-fatal")
                        : t.get(lang, "ui.level." + a.levelRule().usualLevel()),
                t.get(lang, "ui.tls13." + a.tls13().id()),
                a.text(lang).summary()
            });
        }
        int[] w = new int[4];
        for (int i = 0; i < 4; i++) {
            w[i] = width(head[i]);
            for (String[] c : cells) {
                w[i] = Math.max(w[i], width(c[i]));
            }
        }
        out.println(st.bold(row(head, w)));
        for (String[] c : cells) {
            out.println(row(c, w));
        }
        out.println(st.dim(t.format(lang, "ui.list.count", rows.size())));
    }

    private static String row(String[] c, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            b.append(c[i]).append(" ".repeat(w[i] - width(c[i]) + 2));
        }
        return b.append(c[4]).toString();
    }

    /** Display width: CJK characters take two columns in a terminal. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            w += c >= 0x1100
                            && (c <= 0x115f
                                    || c >= 0x2e80 && c <= 0xa4cf
                                    || c >= 0xac00 && c <= 0xd7a3
                                    || c >= 0xf900 && c <= 0xfaff
                                    || c >= 0xfe30 && c <= 0xfe4f
                                    || c >= 0xff00 && c <= 0xff60
                                    || c >= 0xffe0 && c <= 0xffe6)
                    ? 2
                    : 1;
        }
        return w;
    }
}
