package io.tlsalert.cli;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Explanation;
import io.tlsalert.registry.Lang;
import io.tlsalert.report.Views;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true)
final class ExplainCommand implements Callable<Integer> {
    /**
     * The exit code when the text holds no alert but a failure without one (peer closed, not TLS, local policy...):
     * not 1, since something was found and explained.
     */
    static final int FAILURE_WITHOUT_ALERT = 4;

    @Parameters(paramLabel = "TEXT", arity = "0..*", descriptionKey = "text")
    String[] words = {};

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE")
    Path file;

    @Option(names = "--brief")
    boolean brief;

    @Option(names = "--summary")
    boolean summary;

    @Mixin
    Options options = new Options();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String w : words) {
            if (looksLikeOption(w)) {
                throw Main.UsageError.of("explain-unknown-option", w);
            }
        }
        if (summary) {
            return Summarize.execute(
                    words,
                    file,
                    brief,
                    options,
                    spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        return execute(
                words,
                file,
                brief,
                options,
                spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /**
     * An argument shaped like an option ({@code -x}, {@code --name}, {@code --name=value}); a pasted line that starts
     * with a dash and a space ({@code - Received alert [48]: CA is unknown}, gnutls-cli's info lines) is text, and so
     * is {@code -} (standard input).
     */
    static boolean looksLikeOption(String arg) {
        return OPTION_LIKE.matcher(arg).matches();
    }

    private static final java.util.regex.Pattern OPTION_LIKE =
            java.util.regex.Pattern.compile("--?[A-Za-z@][\\w.-]*(=.*)?", java.util.regex.Pattern.DOTALL);

    /** The command itself, callable without picocli (see {@link Main#main}). */
    static int execute(String[] words, Path file, boolean brief, Options options, PrintWriter out, PrintWriter err) {
        Lang lang = options.language();
        Input.Source source =
                Input.source(words, file, Main.text("cli.noun.text"), Main.text("cli.error.nothing-to-explain"));
        byte[] input = source.bytes();
        String what = source.what();
        if (source.arguments()) {
            String q = String.join(" ", words);
            OptionalInt code = Explainer.parseCode(q);
            if (code.isPresent() && code.getAsInt() > 255 && (code.getAsInt() < 1000 || code.getAsInt() > 1255)) {
                throw Main.UsageError.of("not-an-alert-code", q);
            }
        }
        Input.check(input, what, err);
        Explanation e = TlsAlerts.explainer().explain(input);
        if (options.json) {
            out.println(Json.write(Views.explanation(e, TlsAlerts.registry(), TlsAlerts.explainer(), lang)));
        } else if (e.found() || e.failed()) {
            out.print(new ExplainView(TlsAlerts.registry(), TlsAlerts.explainer(), lang, new Style(Options.color()))
                    .render(e, brief));
        }
        if (!options.json && !e.found() && !e.failed()) {
            out.println(TlsAlerts.registry().texts().format(lang, "ui.none.found", e.lines()));
            out.println(TlsAlerts.registry().texts().get(lang, "ui.none.hint"));
        }
        out.flush();
        return e.found() ? Main.FOUND : e.failed() ? FAILURE_WITHOUT_ALERT : Main.NOT_FOUND;
    }
}
