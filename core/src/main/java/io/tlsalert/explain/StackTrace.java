package io.tlsalert.explain;

/**
 * The JDK's stack-trace layout in a text: which line heads the trace a cause line belongs to. A JDK exception that
 * names its alert repeats its cause on the lines below it; those lines are the same fact (one finding per fact).
 */
final class StackTrace {
    private StackTrace() {}

    /** How far back a cause line is followed to the head of its stack trace. */
    private static final int MAX_TRACE_LINES = 256;

    /**
     * The number of the line that heads the stack trace the line at {@code lineStart} continues ("Caused by: ...",
     * "\tat ...", "... 12 more", "Suppressed: ..."), or -1 when it continues none: a JDK exception that names its
     * alert ("(certificate_expired) PKIX path validation failed") repeats its cause on the lines below it, and those
     * are the same fact, not a second alert.
     */
    static int head(byte[] buf, int lineStart, int line) {
        if (!continuesTrace(buf, lineStart)) {
            return -1;
        }
        int p = lineStart;
        int l = line;
        for (int k = 0; k < MAX_TRACE_LINES && p > 0; k++) {
            int q = p - 1;
            while (q > 0 && buf[q - 1] != '\n') {
                q--;
            }
            l--;
            if (!continuesTrace(buf, q)) {
                return l;
            }
            p = q;
        }
        return -1;
    }

    /**
     * {@code true} when the line at {@code at} (of the first {@code n} bytes) continues the log entry above it: it is
     * indented (a trace's "\tat ...", Node's "  code: '...'") or a JDK trace's "Caused by:" / "Suppressed:" line.
     */
    static boolean continuesEntry(byte[] buf, int at, int n) {
        if (at >= n) {
            return false;
        }
        return buf[at] == ' '
                || buf[at] == '\t'
                || startsWith(buf, at, "Caused by:")
                || startsWith(buf, at, "Suppressed:");
    }

    private static boolean continuesTrace(byte[] buf, int at) {
        int p = at;
        while (p < buf.length && (buf[p] == ' ' || buf[p] == '\t')) {
            p++;
        }
        boolean indented = p > at;
        return startsWith(buf, p, "Caused by:")
                || startsWith(buf, p, "Suppressed:")
                || indented && (startsWith(buf, p, "at ") || startsWith(buf, p, "..."));
    }

    private static boolean startsWith(byte[] buf, int at, String ascii) {
        if (at + ascii.length() > buf.length) {
            return false;
        }
        for (int k = 0; k < ascii.length(); k++) {
            if (buf[at + k] != ascii.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
