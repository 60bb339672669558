package io.tlsalert.explain;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The failure path of a scan: a text after which no alert was exchanged, or which names none ({@link Failure}), with
 * its class; a failure text of {@code failures.tsv} on a line nothing else answered; one failure per fact.
 */
final class NoAlertLines {
    private NoAlertLines() {}

    /** A note, and the same text as a failure with its class. */
    static void noteAndFailure(ScanTables t, Note note, ScanState s) {
        s.note(note);
        failure(t, note.stack(), note.text(), note.line(), note.patternId(), Optional.of(note.textKey()), s);
    }

    static void failure(
            ScanTables t, String stack, String text, int line, String source, Optional<String> whyKey, ScanState s) {
        FailureClass cls = t.failures().classify(stack, text);
        // One failure per fact: a stack that prints its failure over a few lines (Node's message, then its
        // "code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'" under it) reports one failure, not one per line. Only an indented
        // line continues the entry above it (as a stack trace's lines do): a log's next entry is its own fact, whatever
        // stands above it (issue 11 item 4). A repeated line is another occurrence of the same text, counted as such.
        List<Object> fact = List.of(cls.id(), stack);
        boolean continues = s.lineIndented
                && fact.equals(s.lastFailure)
                && !text.equals(s.lastFailureText)
                && line > s.lastFailureLine
                && line - s.lastFailureLine <= Explainer.CONTEXT_LINES;
        s.lastFailure = fact;
        s.lastFailureLine = line;
        s.lastFailureText = text;
        if (continues) {
            return;
        }
        Failure f = new Failure(cls, stack, text, line, 1, source, whyKey);
        if (cls.direction() == Direction.RECEIVED) {
            // "A TLS fatal alert has been received." beside the stack's own line naming the alert (gnutls-cli prints
            // "*** Received alert [40]: Handshake failed" on stdout, the error on stderr: either comes first) is one
            // fact: the named alert. Kept only when no such line stands within a few lines of it.
            s.unnamedReceived(f);
            return;
        }
        s.keepFailure(f, s.lineStart);
    }

    /**
     * The first failure text of {@code failures.tsv} whose anchor the window holds and whose regex matches the line,
     * kept as a failure; {@code true} when there was one.
     */
    static boolean failureText(ScanTables t, String text, int line, Stacks.Entry entry, Anchors anchors, ScanState s) {
        List<Failures.Text> texts = t.failures().texts();
        int[] ids = t.failureAnchors();
        for (int k = 0; k < ids.length; k++) {
            if (anchors.count[ids[k]] == 0) {
                continue;
            }
            Failures.Text ft = texts.get(k);
            Matcher m = ft.regex().matcher(text);
            if (m.find()) {
                String stack = t.stacks().refined(ft.stack(), text, entry);
                failure(t, stack, m.group().strip(), line, "failure-" + ft.id(), Optional.empty(), s);
                return true;
            }
        }
        return false;
    }
}
