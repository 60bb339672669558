package io.tlsalert.capture.report;

import io.tlsalert.capture.scan.AlertEvent;
import io.tlsalert.wire.AlertLevel;

/** How the scan's views write an alert's level. */
final class ScanText {
    private ScanText() {}

    /** The JSON level: {@code fatal}, {@code warning} ({@link AlertLevel}'s names), or the number of another byte. */
    static String level(AlertLevel level) {
        return level.knownName().orElse(String.valueOf(level.value()));
    }

    /** The level in the table and CSV: {@code fatal}, {@code warning}, {@code level N}, or {@code encrypted}. */
    static String levelOrEncrypted(AlertEvent a) {
        return a.level().map(l -> l.knownName().orElse("level " + l.value())).orElse("encrypted");
    }
}
