package io.tlsalert.cli;

import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tlsalert} command. Exit codes (documented in the README and in {@code --help}):
 * 0 an alert was found (or the command did its job), 1 the input holds no alert, 2 unusable input or usage,
 * 3 an internal error.
 */
@Command(
        name = "tlsalert",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {
            ExplainCommand.class,
            DecodeCommand.class,
            ScanCommand.class,
            ProbeCommand.class,
            ListCommand.class,
            ServeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    public static final int FOUND = 0;
    public static final int NOT_FOUND = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Also before the command (tlsalert --lang zh explain 40): the run's language is read from the arguments. */
    @CommandLine.Option(names = "--lang", paramLabel = "LANG")
    String lang;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), text("cli.error.missing-command"));
    }

    public static void main(String[] args) {
        java.io.Writer stdout = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
        if (!machineOutput(args)) {
            java.util.OptionalInt width = TerminalWrap.width();
            if (width.isPresent()) {
                stdout = new TerminalWrap(stdout, width.getAsInt());
            }
        }
        PrintWriter out = new PrintWriter(stdout, true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = plainExplain(args) ? runPlainExplain(args, out, err) : run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** JSON and CSV are for programs: never wrapped, whatever the terminal. */
    static boolean machineOutput(String[] args) {
        for (String a : args) {
            if (a.equals("--json") || a.equals("--csv") || a.equals("--help") || a.equals("-h")) {
                return true; // (--help: picocli lays it out at the terminal's width itself)
            }
        }
        return false;
    }

    /**
     * {@code explain WORDS...} or {@code explain -} with no option: the most common call, answered without building
     * picocli's command model, which costs ~100 ms of reflection at every start (measured: bench/scripts/startup.sh).
     * Anything else, --help included, goes through picocli.
     */
    static boolean plainExplain(String[] args) {
        if (args.length < 2 || !args[0].equals("explain")) {
            return false;
        }
        if (args.length == 2 && args[1].equals("-")) {
            return true;
        }
        for (int i = 1; i < args.length; i++) {
            if (ExplainCommand.looksLikeOption(args[i]) || args[i].startsWith("@")) {
                return false;
            }
        }
        return true;
    }

    static int runPlainExplain(String[] args, PrintWriter out, PrintWriter err) {
        String[] words = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            return ExplainCommand.execute(words, null, false, new Options(), out, err);
        } catch (UsageError u) {
            err.println("tlsalert: " + u.getMessage());
            return BAD_INPUT;
        } catch (Throwable e) {
            return internalError(err, e);
        }
    }

    /**
     * Any internal error, an {@link OutOfMemoryError} or another {@link Error} included: one line on stderr and exit
     * code 3, so that a script never reads a crash as "no alert found" (1). The stack trace only with
     * {@code TLSALERT_DEBUG} set.
     */
    static int internalError(PrintWriter err, Throwable e) {
        try {
            err.println("tlsalert: internal error: " + e);
            if (System.getenv("TLSALERT_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
        } catch (Throwable ignored) {
            // Out of memory even for the message: the exit code still says what happened.
        }
        return INTERNAL;
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String... args) {
        return run(null, null, args);
    }

    /** Runs the command line with the given output and error writers (null: the standard ones); used by tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        runLang = HelpTexts.requested(args);
        cl.setResourceBundle(new HelpTexts(runLang));
        cl.setUsageHelpAutoWidth(true);
        // A pasted line may start with a dash ("- Received alert [48]: CA is unknown", gnutls-cli): explain takes it as
        // text and refuses only words shaped like an option itself (ExplainCommand.looksLikeOption).
        cl.getSubcommands().get("explain").setUnmatchedOptionsArePositionalParams(true);
        if (out != null) {
            cl.setOut(out);
        }
        if (err != null) {
            cl.setErr(err);
        }
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UsageError u) {
                cmd.getErr().println("tlsalert: " + u.getMessage());
                return BAD_INPUT;
            }
            return internalError(cmd.getErr(), ex);
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("tlsalert: " + UsageMessages.of(ex));
            c.getErr().println(text("cli.error.try-help", c.getCommandSpec().qualifiedName()));
            return BAD_INPUT;
        });
        try {
            return cl.execute(args);
        } catch (Throwable e) {
            // An Error thrown by a command (OutOfMemoryError, StackOverflowError) is not an Exception: picocli lets it
            // through.
            return internalError(err != null ? err : cl.getErr(), e);
        }
    }

    /** A problem with what the user gave us: printed as one line, exit code 2, never a stack trace. */
    /**
     * A problem with what the user gave us: printed as one line, exit code 2, never a stack trace. {@link #of} takes
     * a text key ({@code cli.error.<key>} in text_en/zh.properties) in the language of this run; the plain
     * constructor carries a message made elsewhere (another module's, or a library's) as it is.
     */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }

        static UsageError of(String key, Object... args) {
            return new UsageError(text("cli.error." + key, args));
        }
    }

    /** The language of this run's messages: --lang, else the locale (set once per run, before parsing). */
    private static volatile Lang runLang = Lang.EN;

    static Lang runLang() {
        return runLang;
    }

    /** A text of this run's language, {0}, {1}... filled. */
    static String text(String key, Object... args) {
        return Texts.shared().format(runLang, key, args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.load().line()};
        }
    }
}
