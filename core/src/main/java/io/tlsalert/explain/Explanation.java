package io.tlsalert.explain;

import java.util.List;

/**
 * What a text says about TLS alerts.
 *
 * @param findings every distinct alert found, in the order of first appearance
 * @param lines    how many lines the text has
 */
public record Explanation(List<Finding> findings, int lines) {
    public Explanation {
        findings = List.copyOf(findings);
    }

    /** {@code true} when at least one alert was found. */
    public boolean found() {
        return !findings.isEmpty();
    }
}
