package io.tlsalert.cli;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.LogFormats;
import io.tlsalert.explain.Summarizer;
import io.tlsalert.explain.Summary;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.report.SummaryViews;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        String what = file == null ? Main.text("cli.noun.stdin") : file.toString();
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
            throw Main.UsageError.of("no-such-file", file);
        } catch (IOException e) {
            throw Main.UsageError.of("cannot-read", file, e.getMessage());
        }
        Summary s;
        SummaryProgress progress =
                SummaryProgress.stderrIsTerminal() ? new SummaryProgress(err, t, lang, what, total) : null;
        CheckedInput checked = new CheckedInput(in, what, err);
        try (InputStream input = checked) {
            s = new Summarizer(TlsAlerts.explainer(), LogFormats.load())
                    .summarize(input, progress == null ? b -> {} : progress);
        } catch (IOException e) {
            throw Main.UsageError.of("cannot-read", what, e.getMessage());
        } finally {
            if (progress != null) {
                progress.done();
            }
        }
        if (checked.blank) {
            throw Input.empty(what);
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
        if (s.anyAlert()) {
            return Main.FOUND;
        }
        // As explain: failures without a named alert only (a log of peers closing mid-handshake) is exit 4.
        return s.groups().isEmpty() && s.other().isEmpty() ? Main.NOT_FOUND : ExplainCommand.FAILURE_WITHOUT_ALERT;
    }

    /**
     * The rules explain applies to its input, applied as the log streams by (never waiting for more of it): NUL bytes
     * in the first {@value #PROBE} bytes are refused, invalid UTF-8 there is warned about once, and an input of
     * blanks only is refused at its end.
     */
    static final class CheckedInput extends FilterInputStream {
        private final String what;
        private final PrintWriter err;
        private long offset;
        /** UTF-8 continuation bytes still expected. */
        private int pending;

        private boolean warned;
        boolean blank = true;

        CheckedInput(InputStream in, String what, PrintWriter err) {
            super(in);
            this.what = what;
            this.err = err;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = in.read(b, off, len);
            for (int i = off; i < off + r; i++) {
                byte x = b[i];
                if (blank && x != ' ' && x != '\n' && x != '\r' && x != '\t') {
                    blank = false;
                }
                if (offset < PROBE) {
                    if (x == 0) {
                        throw Input.binary(what, offset);
                    }
                    utf8(x);
                }
                offset++;
                if (!blank && offset >= PROBE) {
                    break;
                }
            }
            return r;
        }

        /** RFC 3629 §4 lead and continuation bytes (overlong forms and surrogates are not looked for). */
        private void utf8(byte x) {
            int v = x & 0xff;
            boolean bad;
            if (pending > 0) {
                bad = (v & 0xc0) != 0x80;
                pending = bad ? 0 : pending - 1;
            } else if (v < 0x80) {
                bad = false;
            } else if (v >= 0xc2 && v <= 0xdf) {
                pending = 1;
                bad = false;
            } else if (v >= 0xe0 && v <= 0xef) {
                pending = 2;
                bad = false;
            } else if (v >= 0xf0 && v <= 0xf4) {
                pending = 3;
                bad = false;
            } else {
                bad = true;
            }
            if (bad && !warned) {
                warned = true;
                Input.warnNotUtf8(err, what, offset);
            }
        }
    }
}
