package io.tlsalert.report;

/**
 * Text from an input (a log line, an SNI value, a certificate subject) made safe to print on a terminal: the one
 * escaping function every text view uses. Control characters would otherwise reach the terminal raw, where an escape
 * sequence can move the cursor, rewrite earlier lines, set the window title or hide text. Escaped: C0 controls
 * (U+0000-U+001F, tab and line breaks included: a value is printed on one line), DEL, C1 controls (U+0080-U+009F),
 * and the bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) that can make a
 * line read differently than it is. JSON needs none of this: its writer escapes control characters itself.
 */
public final class TerminalText {
    private TerminalText() {}

    /**
     * {@code s} with each character above written as an escape: {@code \t}, {@code \n}, {@code \r}, {@code \x1b}
     * (C0 and DEL), {@code \u0085} (C1 and bidirectional); a backslash stays as it is. Returns {@code s} itself when
     * there is nothing to escape.
     */
    public static String escape(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                b.append(c);
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c < 0x80) {
                b.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20
                || c >= 0x7F && c <= 0x9F
                || c >= 0x202A && c <= 0x202E
                || c >= 0x2066 && c <= 0x2069
                || c == 0x200E
                || c == 0x200F
                || c == 0x061C;
    }
}
