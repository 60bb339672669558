package io.tlsalert.explain;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a text says about TLS alerts.
 *
 * @param findings       every distinct alert found, in the order of first appearance (at most the cap)
 * @param notes          TLS failures in the text that send no alert, with why (at most the cap)
 * @param lines          how many lines the text has
 * @param findingsCapped the cap on findings, when the text held more distinct alerts than it
 * @param notesCapped    the cap on notes, when the text held more notes than it
 */
public record Explanation(
        List<Finding> findings, List<Note> notes, int lines, OptionalInt findingsCapped, OptionalInt notesCapped) {
    public Explanation {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** An explanation that left nothing out. */
    public Explanation(List<Finding> findings, List<Note> notes, int lines) {
        this(findings, notes, lines, OptionalInt.empty(), OptionalInt.empty());
    }

    /** {@code true} when at least one alert was found. */
    public boolean found() {
        return !findings.isEmpty();
    }
}
