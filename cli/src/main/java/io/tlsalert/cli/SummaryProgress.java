package io.tlsalert.cli;

import io.tlsalert.explain.Summarizer;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The "reading FILE: 412 MiB of 1.0 GiB (40%)" line on stderr while a summary reads, rewritten in place: shown only
 * when stderr is a terminal and only once the work has taken a second, then at most five times a second; erased at
 * the end. With NO_COLOR (or TERM=dumb) it writes no escape sequence: it pads with spaces instead.
 */
final class SummaryProgress implements Summarizer.Progress {
    static final long DELAY_NANOS = 1_000_000_000L;
    static final long EVERY_NANOS = 200_000_000L;

    private final Texts t;
    private final Lang lang;
    private final String what;
    private final OptionalLong total;
    private final ProgressLine progress;
    private final long start = System.nanoTime();
    private long shown;

    SummaryProgress(PrintWriter err, Texts t, Lang lang, String what, OptionalLong total) {
        this.t = t;
        this.lang = lang;
        this.what = what;
        this.total = total;
        this.progress = new ProgressLine(err);
    }

    /**
     * {@code true} when standard error is a terminal. Java 17 has no isatty: System.console() asks about stdin and
     * stdout, and a summary usually reads a pipe; on Linux /proc says where fd 2 goes.
     */
    static boolean stderrIsTerminal() {
        try {
            String to = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return to.startsWith("/dev/pts/") || to.startsWith("/dev/tty") || to.equals("/dev/console");
        } catch (Exception e) {
            return System.console() != null;
        }
    }

    @Override
    public void read(long bytes) {
        long now = System.nanoTime();
        if (now - start < DELAY_NANOS || now - shown < EVERY_NANOS) {
            return;
        }
        shown = now;
        String line = total.isPresent() && total.getAsLong() > 0
                ? t.format(
                        lang,
                        "summary.progress",
                        what,
                        SummaryView.bytes(bytes),
                        SummaryView.bytes(total.getAsLong()),
                        Math.min(100, bytes * 100 / total.getAsLong()))
                : t.format(lang, "summary.progress.stream", what, SummaryView.bytes(bytes));
        progress.show(line);
    }

    /** Erases the line, if one was shown. */
    void done() {
        progress.done();
    }
}
