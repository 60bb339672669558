package io.tlsalert.cli;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.LogFormats;
import io.tlsalert.explain.Summarizer;
import io.tlsalert.explain.Summary;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.report.SummaryViews;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/** {@code explain --summary FILE|-}: a log of any size, streamed, summarised by {@link Summarizer}. */
final class Summarize {
    /** The head of the input checked before the summary starts (as explain checks its whole input). */
    static final int PROBE = 1 << 20;

    private Summarize() {}

    static int execute(String[] words, Path file, boolean brief, Options options, PrintWriter out, PrintWriter err) {
        Lang lang = options.language();
        Texts t = TlsAlerts.registry().texts();
        if (file != null && words.length > 0 || words.length > 1) {
            throw new Main.UsageError(t.get(lang, "summary.words"));
        }
        if (file == null && words.length == 1 && !words[0].equals("-")) {
            file = Path.of(words[0]);
        }
        if (file == null && words.length == 0 && System.console() != null) {
            throw new Main.UsageError(t.get(lang, "summary.words"));
        }
        String what = file == null ? "standard input" : file.toString();
        OptionalLong total = OptionalLong.empty();
        InputStream in;
        try {
            if (file != null) {
                if (Files.isDirectory(file)) {
                    throw new Main.UsageError(t.format(lang, "summary.directory", file));
                }
                in = Files.newInputStream(file);
                if (Files.isRegularFile(file)) {
                    total = OptionalLong.of(Files.size(file));
                }
            } else {
                in = System.in;
            }
        } catch (NoSuchFileException e) {
            throw new Main.UsageError(file + ": no such file");
        } catch (IOException e) {
            throw new Main.UsageError(file + ": cannot read: " + e.getMessage());
        }
        Summary s;
        SummaryProgress progress =
                SummaryProgress.stderrIsTerminal() ? new SummaryProgress(err, t, lang, what, total) : null;
        try (InputStream input = in) {
            byte[] head = input.readNBytes(PROBE);
            check(head, what, err);
            InputStream all = new SequenceInputStream(new ByteArrayInputStream(head), input);
            s = new Summarizer(TlsAlerts.explainer(), LogFormats.load())
                    .summarize(all, progress == null ? b -> {} : progress);
        } catch (IOException e) {
            throw new Main.UsageError(what + ": cannot read: " + e.getMessage());
        } finally {
            if (progress != null) {
                progress.done();
            }
        }
        if (options.json) {
            out.println(Json.write(SummaryViews.summary(s, TlsAlerts.registry(), TlsAlerts.explainer(), lang)));
        } else if (s.groups().isEmpty() && s.other().isEmpty()) {
            out.println(t.format(lang, "summary.none", what, SummaryView.num(s.lines())));
        } else {
            out.print(new SummaryView(TlsAlerts.registry(), TlsAlerts.explainer(), lang, new Style(Options.color()))
                    .render(s, what, brief));
        }
        out.flush();
        return s.anyAlert() ? Main.FOUND : Main.NOT_FOUND;
    }

    /**
     * The rules explain applies to its input, on the head of the log: blank or empty input and NUL bytes are refused,
     * invalid UTF-8 is warned about. The head is cut at its last line end, so a character split by the cut is not
     * taken for invalid UTF-8.
     */
    private static void check(byte[] head, String what, PrintWriter err) {
        if (head.length < PROBE) {
            Input.check(head, what, err);
            return;
        }
        int end = head.length;
        while (end > 0 && head[end - 1] != '\n') {
            end--;
        }
        byte[] whole = end == 0 ? head : Arrays.copyOf(head, end);
        // A head of blanks is not an empty input when the log goes on: only NUL bytes are then refused.
        if (!blank(whole)) {
            Input.check(whole, what, err);
        } else if (!blank(head)) {
            Input.check(head, what, err);
        }
    }

    private static boolean blank(byte[] b) {
        for (byte x : b) {
            if (x != ' ' && x != '\n' && x != '\r' && x != '\t') {
                return false;
            }
        }
        return true;
    }
}
