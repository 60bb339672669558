package io.tlsalert.capture.report;

import io.tlsalert.capture.scan.AlertEvent;

/** How the scan's views write what is not a plain value. */
final class ScanText {
    private ScanText() {}

    /** AlertLevel: {@code fatal}, {@code warning}, or the number of a level no RFC defines. */
    static String level(int level) {
        return level == 2 ? "fatal" : level == 1 ? "warning" : String.valueOf(level);
    }

    /** The level in the table and CSV: {@code fatal}, {@code warning}, {@code level N}, or {@code encrypted}. */
    static String levelOrEncrypted(AlertEvent a) {
        return a.read()
                .map(r -> r.level() == 1 || r.level() == 2 ? level(r.level()) : "level " + r.level())
                .orElse("encrypted");
    }
}
