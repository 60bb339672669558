package io.tlsalert.probe;

/**
 * Text that came from a server or an input file (SNI values, certificate subjects and names, the bytes a non-TLS
 * server sent, error messages quoting them) made safe to print on a terminal: every control character is shown as an
 * escape instead of being obeyed, so that a certificate or a targets file cannot move the cursor, rewrite earlier
 * lines, set the window title or reorder text. Escaped: C0 controls and DEL ({@code \n}, {@code \r}, {@code \t},
 * {@code \e}, else {@code \xNN}), C1 controls ({@code \xNN}), and the Unicode bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A..U+202E, U+2066..U+2069, as {@code \u202e}). JSON output needs none of this: its writer escapes
 * control characters itself.
 *
 * <p>Core has no such function yet; when it has one, this should go and its callers use core's.
 */
public final class TerminalText {
    private TerminalText() {}

    /** {@code s} with every control character escaped; a line break too, so one value stays on one line. */
    public static String escape(String s) {
        int i = 0;
        while (i < s.length() && !isControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                b.append(c);
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == 0x1b) {
                b.append("\\e");
            } else if (c < 0x100) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    /** Each line of {@code s} escaped, the line breaks kept: for text made of lines, each a value. */
    public static String escapeLines(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int start = 0;
        for (int nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
            b.append(escape(s.substring(start, nl))).append('\n');
            start = nl + 1;
        }
        return b.append(escape(s.substring(start))).toString();
    }

    static boolean isControl(char c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c
                || c == 0x200e
                || c == 0x200f
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
