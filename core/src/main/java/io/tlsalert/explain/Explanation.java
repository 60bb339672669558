package io.tlsalert.explain;

import java.util.List;

/**
 * What a text says about TLS alerts.
 *
 * @param findings every distinct alert found, in the order of first appearance
 * @param notes    TLS failures in the text that send no alert, with why
 * @param lines    how many lines the text has
 */
public record Explanation(List<Finding> findings, List<Note> notes, int lines) {
    public Explanation {
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
    }

    /** {@code true} when at least one alert was found. */
    public boolean found() {
        return !findings.isEmpty();
    }
}
