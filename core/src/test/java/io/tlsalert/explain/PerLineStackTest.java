package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 4, "the stack is decided per line": every real example line of the test corpora (patterns.tsv,
 * failures.tsv and log_formats.tsv examples, the public corpus, the derived tables' recall lines) gives the same
 * findings (line, code, direction, evidence, stack) and failures (line, class, stack) alone as it gives placed between
 * random other corpus lines; and {@code explain --summary} groups it the same (subject, stack, and its own peer).
 *
 * <p>The one layout that truly joins lines is kept out of the "before" side: a line that continues the log entry above
 * it (indented, like Node's "  code: '...'" under its message, or a JDK trace's "Caused by: ...") belongs to that
 * entry, whatever it is; such an example gets neighbours after it only, and the line just after an example begins an
 * entry of its own. A text that says an alert was received but not which (GnuTLS "A TLS fatal alert has been
 * received.") is one fact with the stack's line that names the alert beside it: its neighbours name no received alert.
 */
class PerLineStackTest {
    static final Explainer EX = TlsAlerts.explainer();
    static final LogFormats F = LogFormats.load();
    /** Placements per example: each between its own random neighbours. */
    static final int PLACEMENTS = 2;

    static final int NEIGHBOURS = 3;

    @Test
    void aLineGivesTheSameFindingsWhereverItStands() throws IOException {
        List<String> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThan(3000);
        // A text saying an alert was received but not which, beside the line that names that alert, is one fact (the
        // named alert): such an example gets neighbours that name no received alert.
        List<String> namesNoReceived = corpus.stream()
                .filter(l -> facts(l, 0).stream().noneMatch(f -> f.contains(" RECEIVED ALERT ")))
                .toList();
        List<String> entries = corpus.stream().filter(l -> !continuesEntry(l)).toList();
        List<String> entriesNoReceived =
                namesNoReceived.stream().filter(l -> !continuesEntry(l)).toList();
        Random random = new Random(11);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String example : corpus) {
            Set<String> alone = facts(example, 0);
            String[] own = example.split("\n", -1);
            Set<String> aloneGroups = groups(example + "\n", 0, own);
            boolean unnamed = alone.stream().anyMatch(f -> f.contains(" alert-received-unnamed "));
            for (int k = 0; k < PLACEMENTS; k++) {
                StringBuilder b = new StringBuilder();
                int before = continuesEntry(example) ? 0 : NEIGHBOURS;
                int lineOffset = 0;
                for (int n = 0; n < before; n++) {
                    List<String> pool = unnamed ? namesNoReceived : corpus;
                    String s = pool.get(random.nextInt(pool.size()));
                    b.append(s).append('\n');
                    lineOffset += lines(s);
                }
                b.append(example).append('\n');
                for (int n = 0; n < NEIGHBOURS; n++) {
                    // The first line after the example begins the next entry: an indented one would continue the
                    // example's own entry (where a stack may print its marker).
                    List<String> from =
                            n == 0 ? (unnamed ? entriesNoReceived : entries) : unnamed ? namesNoReceived : corpus;
                    b.append(from.get(random.nextInt(from.size()))).append('\n');
                }
                String text = b.toString();
                Set<String> placed = facts(text, lineOffset, lines(example));
                Set<String> placedGroups = groups(text, lineOffset, own);
                checked++;
                if (!placed.equals(alone)) {
                    wrong.add("explain " + alone + " alone, " + placed + " in:\n" + text);
                } else if (!placedGroups.equals(aloneGroups)) {
                    wrong.add("summary " + aloneGroups + " alone, " + placedGroups + " in:\n" + text);
                }
            }
        }
        assertThat(checked).isGreaterThan(6000);
        assertThat(wrong)
                .as("%d of %d placements differ; the first:\n%s", wrong.size(), checked, first(wrong))
                .isEmpty();
    }

    private static String first(List<String> wrong) {
        return String.join("\n----\n", wrong.subList(0, Math.min(20, wrong.size())));
    }

    /** An indented line or a JDK trace's cause line continues the log entry above it, whatever that is. */
    private static boolean continuesEntry(String example) {
        return example.startsWith(" ")
                || example.startsWith("\t")
                || example.startsWith("Caused by:")
                || example.startsWith("Suppressed:");
    }

    private static Set<String> facts(String example, int offset) {
        return facts(example + "\n", offset, lines(example));
    }

    /** The findings and failures on lines offset+1 .. offset+count of the text, their line made relative. */
    private static Set<String> facts(String text, int offset, int count) {
        Set<String> s = new LinkedHashSet<>();
        byte[] b = bytes(text);
        EX.scan(b, b.length, new Explainer.Occurrences() {
            @Override
            public void finding(Finding f, int lineStart) {
                if (f.line() > offset && f.line() <= offset + count) {
                    s.add((f.line() - offset) + " " + f.code() + " " + f.direction() + " " + f.evidence() + " "
                            + f.stack());
                }
            }

            @Override
            public void note(Note n, int lineStart) {}

            @Override
            public void failure(Failure f, int lineStart) {
                if (f.line() > offset && f.line() <= offset + count) {
                    s.add((f.line() - offset) + " " + f.failureClass().id() + " " + f.stack());
                }
            }
        });
        return s;
    }

    /**
     * What the summary groups the lines offset+1 .. offset+count by: subject and stack, and the peer when the example
     * alone names one (a line that names none may take its connection's peer from a line above: detail, not its
     * attribution).
     */
    private static Set<String> groups(String text, int offset, String[] own) throws IOException {
        Set<String> s = new LinkedHashSet<>();
        new Summarizer(EX, F)
                .summarize(new ByteArrayInputStream(bytes(text)), bytes -> {}, (line, subject, stack, peer) -> {
                    if (line > offset && line <= offset + own.length) {
                        String ownLine = own[(int) (line - offset - 1)];
                        String p = peer == null || F.peer(ownLine).isEmpty() ? "-" : peer.toString();
                        s.add((line - offset) + " " + subject + " " + stack + " " + p);
                    }
                });
        return s;
    }

    private static int lines(String s) {
        int n = 1;
        for (int i = 0; i < s.length(); i++) {
            n += s.charAt(i) == '\n' ? 1 : 0;
        }
        return n;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Every real example line the test corpora hold. */
    static List<String> corpus() throws IOException {
        Set<String> l = new LinkedHashSet<>();
        for (Pattern p : EX.patterns()) {
            l.add(p.example());
        }
        for (Failures.Text t : EX.failures().texts()) {
            l.add(t.example());
        }
        for (LogFormats.Row r : F.rows()) {
            l.add(r.example());
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PerLineStackTest.class.getResourceAsStream("/corpus/public.tsv"), StandardCharsets.UTF_8))) {
            r.readLine(); // the header
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    l.add(line.split("\t", 6)[5]);
                }
            }
        }
        for (DerivedTexts.Row row : EX.derived().rows()) {
            l.addAll(DerivedTextsTest.lines(row));
        }
        l.removeIf(String::isBlank);
        return new ArrayList<>(l);
    }
}
