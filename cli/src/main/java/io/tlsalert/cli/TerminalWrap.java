package io.tlsalert.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The text output's paragraphs wrapped at the terminal's width (picocli wraps the help; this wraps what commands
 * print): a line wider than the terminal breaks at its last space that fits (between two CJK characters too, which
 * carry no spaces), and its continuation lines are indented two columns past the line's own indent. A line that
 * holds a run of two spaces inside it is a table row, kept whole; so is anything inside a terminal escape.
 * Only on a terminal: piped output is left as printed, so scripts and files get whole lines.
 */
final class TerminalWrap extends Writer {
    private final Writer out;
    private final int width;
    private final StringBuilder line = new StringBuilder();

    TerminalWrap(Writer out, int width) {
        this.out = out;
        this.width = width;
    }

    /**
     * The terminal's width: $COLUMNS when the shell exports it, else what {@code stty size} says of the controlling
     * terminal (one short process, only when stdout is a terminal); empty when not on a terminal.
     */
    static OptionalInt width() {
        if (System.console() == null) {
            return OptionalInt.empty();
        }
        try {
            String columns = System.getenv("COLUMNS");
            if (columns != null) {
                return OptionalInt.of(Integer.parseInt(columns.trim()));
            }
        } catch (NumberFormatException e) {
            // not a number: ask the terminal
        }
        try {
            Process p = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/tty")))
                    .redirectErrorStream(true)
                    .start();
            String[] rc = new String(p.getInputStream().readAllBytes()).trim().split("\\s+");
            if (p.waitFor(1, TimeUnit.SECONDS) && p.exitValue() == 0 && rc.length == 2) {
                int w = Integer.parseInt(rc[1]);
                return w >= 20 ? OptionalInt.of(w) : OptionalInt.empty();
            }
        } catch (IOException | NumberFormatException e) {
            // no stty, or no terminal to ask: no wrapping
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = cbuf[i];
            if (c == '\n') {
                out.write(wrap(line.toString(), width));
                out.write('\n');
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (line.length() > 0) {
            out.write(wrap(line.toString(), width));
            line.setLength(0);
        }
        out.close();
    }

    /** One line wrapped to {@code width} display columns (CJK characters count two). */
    static String wrap(String s, int width) {
        if (columns(s) <= width || s.indexOf('\u001b') >= 0 || s.strip().contains("  ")) {
            return s;
        }
        int indent = 0;
        while (indent < s.length() && s.charAt(indent) == ' ') {
            indent++;
        }
        String hang = " ".repeat(Math.min(indent + 2, width / 2));
        StringBuilder b = new StringBuilder();
        String rest = s;
        String prefix = "";
        while (columns(prefix + rest) > width) {
            int fit = fitting(prefix, rest, width);
            int cut = breakAt(rest, fit);
            if (cut <= 0) {
                break; // one word wider than the line: printed whole
            }
            b.append(prefix).append(rest.substring(0, cut).stripTrailing()).append('\n');
            rest = rest.substring(cut).stripLeading();
            prefix = hang;
        }
        return b.append(prefix).append(rest).toString();
    }

    /** How many characters of {@code rest} fit after {@code prefix} in {@code width} columns. */
    private static int fitting(String prefix, String rest, int width) {
        int cols = columns(prefix);
        int i = 0;
        while (i < rest.length()) {
            int w = wide(rest.charAt(i)) ? 2 : 1;
            if (cols + w > width) {
                break;
            }
            cols += w;
            i++;
        }
        return i;
    }

    /** Where to break within the first {@code fit} characters: after the last space, or between CJK characters. */
    private static int breakAt(String s, int fit) {
        for (int i = fit; i > 0; i--) {
            char before = s.charAt(i - 1);
            char after = i < s.length() ? s.charAt(i) : ' ';
            if (after == ' ' || before == ' ' || wide(before) && wide(after)) {
                return i;
            }
        }
        return -1;
    }

    static int columns(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += wide(s.charAt(i)) ? 2 : 1;
        }
        return n;
    }

    /** East Asian wide and full-width characters (CJK ideographs, kana, hangul, full-width forms and punctuation). */
    private static boolean wide(char c) {
        return c >= 0x1100 && c <= 0x115F
                || c >= 0x2E80 && c <= 0xA4CF
                || c >= 0xAC00 && c <= 0xD7A3
                || c >= 0xF900 && c <= 0xFAFF
                || c >= 0xFE30 && c <= 0xFE4F
                || c >= 0xFF00 && c <= 0xFF60
                || c >= 0xFFE0 && c <= 0xFFE6;
    }
}
