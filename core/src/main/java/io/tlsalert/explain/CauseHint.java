package io.tlsalert.explain;

import java.util.List;

/**
 * What a finding's line says besides the alert, and the causes it points at (a row of {@code cause-hints.tsv}).
 *
 * @param id     stable id; its text is {@code hint.<id>.why}
 * @param said   the words of the line that matched, as they stand there
 * @param causes the cause ids it points at, most specific first
 */
public record CauseHint(String id, String said, List<String> causes) {
    public CauseHint {
        causes = List.copyOf(causes);
    }

    /** The key of the text that says why the cause comes first. */
    public String whyKey() {
        return "hint." + id + ".why";
    }
}
