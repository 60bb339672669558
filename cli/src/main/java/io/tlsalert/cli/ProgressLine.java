package io.tlsalert.cli;

import java.io.PrintWriter;

/**
 * One progress line on stderr, rewritten in place and erased at the end: what {@link SummaryProgress} (explain
 * --summary) and the probe show while they work. With NO_COLOR (or TERM=dumb) it writes no escape sequence: it pads
 * with spaces instead. Callers show it only when {@link SummaryProgress#stderrIsTerminal()}. Thread-safe.
 */
final class ProgressLine {
    private final PrintWriter err;
    private final boolean escapes;
    private int width;

    ProgressLine(PrintWriter err) {
        this.err = err;
        String noColor = System.getenv("NO_COLOR");
        this.escapes = (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    /** Replaces the line with {@code line}. */
    synchronized void show(String line) {
        int w = ListCommand.width(line);
        err.print("\r" + line + (escapes ? "\033[K" : " ".repeat(Math.max(0, width - w))));
        width = Math.max(width, w);
        err.flush();
    }

    /** Erases the line, if one was shown. */
    synchronized void done() {
        if (width > 0) {
            err.print(escapes ? "\r\033[K" : "\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
