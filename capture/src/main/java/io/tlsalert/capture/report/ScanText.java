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

    /**
     * Text from a capture (an SNI value, a warning quoting it) made safe for a terminal: C0 and C1 control characters,
     * DEL and the bidirectional controls become {@code \xHH} or a backslash, {@code u} and four hex digits, so no escape sequence a capture
     * carries reaches the terminal. Only the table view needs it: JSON and CSV writers quote what they write.
     */
    static String printable(String s) {
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!unsafe(c)) {
                b.append(c);
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20
                || c >= 0x7f && c < 0xa0
                || c >= 0x202a && c <= 0x202e
                || c >= 0x2066 && c <= 0x2069
                || c == 0x200e
                || c == 0x200f
                || c == 0x061c;
    }

    /** The level in the table and CSV: {@code fatal}, {@code warning}, {@code level N}, or {@code encrypted}. */
    static String levelOrEncrypted(AlertEvent a) {
        return a.level().map(l -> l.knownName().orElse("level " + l.value())).orElse("encrypted");
    }
}
