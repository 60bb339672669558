package io.tlsalert.explain;

import java.util.Optional;

/**
 * The general detector's path of a scan: a line that no table answered but that holds the word "alert" is given to
 * {@link InferredAlerts}, whose alert is kept with evidence {@code inferred} and stack {@code unknown}.
 */
final class InferredLines {
    private InferredLines() {}

    /** {@code true} when the line held an alert the detector read. */
    static boolean inferred(ScanTables t, String text, int line, Anchors anchors, ScanState s) {
        boolean alertWord = false;
        for (int id : t.alertWords()) {
            alertWord |= anchors.count[id] > 0;
        }
        if (!alertWord) {
            return false;
        }
        Optional<InferredAlerts.Hit> h = InferredAlerts.find(t.names(), s.registry, text);
        if (h.isEmpty()) {
            return false;
        }
        InferredAlerts.Hit hit = h.get();
        Finding f = s.finding(
                hit.code(),
                hit.direction(),
                Evidence.INFERRED,
                "unknown",
                Optional.empty(),
                text.substring(hit.start(), hit.end()),
                line,
                "inferred");
        s.tellAndKeep(f, text); // counted by a summary too, as every other finding
        return true;
    }
}
