package io.tlsalert.explain;

import java.util.List;
import java.util.OptionalInt;

/**
 * What a text says about TLS alerts.
 *
 * @param findings       every distinct alert found, in the order of first appearance (at most the cap)
 * @param notes          TLS failures in the text that send no alert, with why (at most the cap); each is in
 *                       {@code failures} too, with its class
 * @param failures       TLS failures after which no alert was exchanged, or whose text names none, each with its class
 *                       (at most the cap)
 * @param lines          how many lines the text has
 * @param findingsCapped the cap on findings, when the text held more distinct alerts than it
 * @param notesCapped    the cap on notes, when the text held more notes than it
 * @param failuresCapped the cap on failures, when the text held more distinct failures than it
 */
public record Explanation(
        List<Finding> findings,
        List<Note> notes,
        List<Failure> failures,
        int lines,
        OptionalInt findingsCapped,
        OptionalInt notesCapped,
        OptionalInt failuresCapped) {
    public Explanation {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        failures = List.copyOf(failures);
    }

    /** An explanation that left nothing out. */
    public Explanation(List<Finding> findings, List<Note> notes, int lines) {
        this(findings, notes, List.of(), lines, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    /** {@code true} when at least one alert was found. */
    public boolean found() {
        return !findings.isEmpty();
    }

    /** {@code true} when at least one failure without a named alert was found. */
    public boolean failed() {
        return !failures.isEmpty();
    }
}
