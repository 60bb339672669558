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

@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explains the TLS alerts in a code, a name or error text: which alert, who sent it, what it means,",
            "its common causes and how to confirm and fix each.",
            "",
            "Examples:",
            "  tlsalert explain 40",
            "  tlsalert explain tlsv1 alert unknown ca",
            "  tlsalert explain \"javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\"",
            "  kubectl logs my-pod | tlsalert explain -"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:an alert was found",
            "1:the input holds no TLS alert",
            "2:unusable input or bad usage",
            "3:internal error"
        })
final class ExplainCommand implements Callable<Integer> {
    @Parameters(
            paramLabel = "TEXT",
            arity = "0..*",
            description =
                    "A code (40, 0x28), a name in any stack's spelling, or error text; '-' (or nothing, with a pipe) reads standard input.")
    String[] words = {};

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the text from FILE (a log, a stack trace).")
    Path file;

    @Option(names = "--brief", description = "One line per alert: name, direction, stack, summary.")
    boolean brief;

    @Mixin
    Options options = new Options();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        for (String w : words) {
            if (looksLikeOption(w)) {
                throw new Main.UsageError("Unknown option: '" + w + "' (see 'tlsalert explain --help')");
            }
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
        Input.Source source = Input.source(
                words,
                file,
                "the text",
                "nothing to explain: give an alert code, a name or the error text, or pipe text in with '-'");
        byte[] input = source.bytes();
        String what = source.what();
        if (source.arguments()) {
            String q = String.join(" ", words);
            OptionalInt code = Explainer.parseCode(q);
            if (code.isPresent() && code.getAsInt() > 255 && (code.getAsInt() < 1000 || code.getAsInt() > 1255)) {
                throw new Main.UsageError(
                        q
                                + " is not an alert code: AlertDescription is one byte (0-255); OpenSSL reason codes for alerts are 1000-1255");
            }
        }
        Input.check(input, what, err);
        Explanation e = TlsAlerts.explainer().explain(input);
        if (options.json) {
            out.println(Json.write(Views.explanation(e, TlsAlerts.registry(), TlsAlerts.explainer(), lang)));
        } else if (e.found() || !e.notes().isEmpty()) {
            out.print(new ExplainView(TlsAlerts.registry(), TlsAlerts.explainer(), lang, new Style(Options.color()))
                    .render(e, brief));
        }
        if (!options.json && !e.found()) {
            out.println(TlsAlerts.registry().texts().format(lang, "ui.none.found", e.lines()));
            if (e.notes().isEmpty()) {
                out.println(TlsAlerts.registry().texts().get(lang, "ui.none.hint"));
            }
        }
        out.flush();
        return e.found() ? Main.FOUND : Main.NOT_FOUND;
    }
}
