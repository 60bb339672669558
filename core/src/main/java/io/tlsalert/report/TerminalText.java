package io.tlsalert.report;

/**
 * Text from an input (a log line, an SNI value, a certificate subject, the bytes a server sent) made safe to print on
 * a terminal: the one escaping function every text view uses (explain, decode, scan's table, probe's summary and JVM
 * view, the CLI's usage errors that quote an input). Control characters would otherwise reach the terminal raw, where
 * an escape sequence can move the cursor, rewrite earlier lines, set the window title or hide text.
 *
 * <p>Escaped: C0 controls (U+0000-U+001F), DEL, C1 controls (U+0080-U+009F) and the bidirectional formatting
 * characters (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) that can make a line read differently than it is.
 * One spelling everywhere, chosen so a reader can tell which byte it was:
 *
 * <ul>
 *   <li>{@code \t}, {@code \n}, {@code \r} for tab, line feed and carriage return: the names everyone reads. A tab and
 *       a line break are escaped too, not kept as "legitimate text": every escaped value is printed on one line of a
 *       view (a table cell, a {@code key: value} line), and a raw tab or line break there would shift columns or
 *       start a forged line ({@code \nfix: ok}).
 *   <li>{@code \xNN} (two lower-case hex digits) for every other character below U+0100: C0, DEL and C1 alike, so ESC
 *       is {@code \x1b} and the one-character CSI is {@code \x9b} (no {@code \e}: not every reader knows it).
 *   <li><code>&#92;uNNNN</code> (four lower-case hex digits) for the bidirectional controls.
 * </ul>
 *
 * A backslash stays as it is (paths and regular expressions in log lines keep their look); the escape is for safety,
 * not a reversible encoding. JSON and CSV need none of this: their writers quote control characters themselves.
 */
public final class TerminalText {
    private TerminalText() {}

    /** {@code s} with each character above written as its escape; {@code s} itself when there is nothing to escape. */
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
            } else if (c < 0x100) {
                b.append("\\x").append(hex(c >> 4)).append(hex(c));
            } else {
                b.append("\\u")
                        .append(hex(c >> 12))
                        .append(hex(c >> 8))
                        .append(hex(c >> 4))
                        .append(hex(c));
            }
        }
        return b.toString();
    }

    /** Whether {@link #escape} rewrites {@code c}: for tests and views that check their output is clean. */
    public static boolean needsEscape(char c) {
        return c < 0x20
                || c >= 0x7F && c <= 0x9F
                || c >= 0x202A && c <= 0x202E
                || c >= 0x2066 && c <= 0x2069
                || c == 0x200E
                || c == 0x200F
                || c == 0x061C;
    }

    private static char hex(int nibble) {
        return Character.forDigit(nibble & 0xF, 16);
    }
}
