package io.tlsalert.explain;

import io.tlsalert.registry.AlertRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one scan keeps across its windows: the findings, notes and failures so far (at most {@value
 * Explainer#MAX_FINDINGS} findings and {@value Explainer#MAX_NOTES} notes and failures, and whether it left some out),
 * the lines whose own text named the alert they report, and the listener told of each occurrence.
 */
final class ScanState {
    final AlertRegistry registry;
    /** Findings by code, direction, evidence and stack: occurrences of the same are counted on the first. */
    private final Map<List<Object>, Counted> found = new LinkedHashMap<>();

    /** A finding's first occurrence and how many there were (counted in place: a big log has millions). */
    private static final class Counted {
        final Finding first;
        int occurrences = 1;

        Counted(Finding first) {
            this.first = first;
        }
    }

    final List<Note> notes = new ArrayList<>();
    /** Failures without a named alert by class, stack and text (at most {@value Explainer#MAX_NOTES}). */
    final Map<List<Object>, Failure> failures = new LinkedHashMap<>();

    boolean findingsCapped;
    boolean notesCapped;
    boolean failuresCapped;
    /** Lines with a finding of evidence {@code alert}: a stack trace's cause lines under one add no implied alert. */
    final java.util.BitSet alertLines = new java.util.BitSet();
    /** The class and stack of the last failure and its line: the lines just below it continue the same fact. */
    List<Object> lastFailure = List.of();

    int lastFailureLine;

    String lastFailureText = "";
    /** Told of each occurrence; the line being matched starts here. */
    final Explainer.Occurrences to;

    int lineStart;
    /** The line being matched begins with a space or tab: it continues the log entry above it. */
    boolean lineIndented;

    ScanState(AlertRegistry registry, Explainer.Occurrences to) {
        this.registry = registry;
        this.to = to;
    }

    /** A finding of the line being matched. */
    Finding finding(
            int code,
            Direction d,
            Evidence e,
            String stack,
            Optional<String> level,
            String text,
            int line,
            String patternId) {
        return new Finding(code, registry.byCode(code), d, e, stack, level, text, line, 1, patternId);
    }

    /** Keeps {@code f} (found on {@code line}), or counts one more of the same, unless the findings are capped. */
    private void keep(Finding f, String line) {
        List<Object> key = List.of(f.code(), f.direction(), f.evidence(), f.stack());
        Counted c = found.get(key);
        if (c != null) {
            c.occurrences++;
        } else if (found.size() >= Explainer.MAX_FINDINGS) {
            findingsCapped = true;
        } else {
            found.put(key, new Counted(withContext(f, line)));
        }
    }

    /** Tells the listener of {@code f}, then keeps it. */
    void tellAndKeep(Finding f, String line) {
        to.finding(f, lineStart);
        keep(f, line);
        if (f.evidence() == Evidence.ALERT && f.direction() == Direction.RECEIVED) {
            receivedAlertLine.put(f.stack(), f.line());
            if (!pending.isEmpty()) {
                // The line just above that said "an alert was received" meant this one.
                pending.removeIf(p -> p.failure().stack().equals(f.stack())
                        && f.line() - p.failure().line() <= Explainer.CONTEXT_LINES);
            }
        }
    }

    /**
     * The finding with its line as the context, kept on its first occurrence only (later ones are counted on it). The
     * hints are read from it when the finding is shown ({@link Explainer#rankedCauses}), not here: a scan of a big log
     * pays nothing for them.
     */
    private static Finding withContext(Finding f, String line) {
        return f.withContext(line.length() <= Finding.CONTEXT_MAX ? line : line.substring(0, Finding.CONTEXT_MAX));
    }

    /** Tells the listener of a note and keeps it, once per text and key. */
    void note(Note note) {
        to.note(note, lineStart);
        for (Note n : notes) {
            if (n.textKey().equals(note.textKey()) && n.text().equals(note.text())) {
                return;
            }
        }
        if (notes.size() < Explainer.MAX_NOTES) {
            notes.add(note);
        } else {
            notesCapped = true;
        }
    }

    /** Tells the listener of a failure found on the line at {@code lineStart}, then keeps it (by class, stack, text). */
    void keepFailure(Failure f, int lineStart) {
        List<Object> key = List.of(f.failureClass().id(), f.stack(), f.text());
        Failure old = failures.get(key);
        to.failure(f, lineStart);
        if (old != null) {
            failures.put(key, old.withOneMore());
        } else if (failures.size() < Explainer.MAX_NOTES) {
            failures.put(key, f);
        } else {
            failuresCapped = true;
        }
    }

    /** The line of the last received alert each stack's text named (evidence {@code alert}). */
    private final Map<String, Integer> receivedAlertLine = new HashMap<>();

    private record Pending(Failure failure, int lineStart) {}
    /** Failures saying an alert was received but not which, waiting for a line that names it just below. */
    private final List<Pending> pending = new ArrayList<>();

    /**
     * A failure that says an alert was received but not which: dropped when a line just above named the stack's
     * received alert, else held for {@value Explainer#CONTEXT_LINES} lines in case one below does (one finding per
     * fact).
     */
    void unnamedReceived(Failure f) {
        Integer named = receivedAlertLine.get(f.stack());
        if (named != null && f.line() - named <= Explainer.CONTEXT_LINES) {
            return;
        }
        pending.add(new Pending(f, lineStart));
    }

    /** Keeps the held failures of lines before {@code line} (all of them for {@code Integer.MAX_VALUE}). */
    void settleBefore(int line) {
        if (pending.isEmpty()) {
            return;
        }
        for (java.util.Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.failure().line() < line) {
                it.remove();
                keepFailure(p.failure(), p.lineStart());
            }
        }
    }

    /** What the scan found, over {@code lines} lines. */
    Explanation explanation(int lines) {
        settleBefore(Integer.MAX_VALUE);
        List<Finding> findings = new ArrayList<>(found.size());
        for (Counted c : found.values()) {
            findings.add(c.occurrences == 1 ? c.first : c.first.withOccurrences(c.occurrences));
        }
        return new Explanation(
                findings,
                notes,
                new ArrayList<>(failures.values()),
                lines,
                findingsCapped ? OptionalInt.of(Explainer.MAX_FINDINGS) : OptionalInt.empty(),
                notesCapped ? OptionalInt.of(Explainer.MAX_NOTES) : OptionalInt.empty(),
                failuresCapped ? OptionalInt.of(Explainer.MAX_NOTES) : OptionalInt.empty());
    }
}
