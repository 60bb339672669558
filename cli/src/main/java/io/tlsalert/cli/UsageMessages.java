package io.tlsalert.cli;

import java.util.List;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * picocli's parse errors in this run's language (its own messages are English only): an unknown command or
 * option, with "did you mean" from picocli's suggestions (its candidates over the command's names, kept when
 * within a typo's edit distance of what was typed: 'explian' suggests explain, not list); a
 * missing or invalid value. Anything else keeps picocli's message.
 */
final class UsageMessages {
    private UsageMessages() {}

    static String of(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String arg = unmatched.isEmpty() ? "" : unmatched.get(0);
            boolean subcommandExpected = !u.getCommandLine().getSubcommands().isEmpty();
            String key = arg.startsWith("-")
                    ? "unknown-option"
                    : subcommandExpected ? "unknown-command" : "unknown-argument";
            String msg = Main.text("cli.error." + key, arg);
            List<String> suggestions =
                    u.getSuggestions().stream().filter(sug -> close(arg, sug)).toList();
            if (!suggestions.isEmpty()) {
                msg += Main.text("cli.error.did-you-mean", String.join(", ", suggestions));
            }
            return msg;
        }
        if (ex instanceof MissingParameterException m) {
            List<ArgSpec> missing = m.getMissing();
            if (!missing.isEmpty()) {
                ArgSpec a = missing.get(0);
                if (a instanceof OptionSpec o && ex.getMessage().startsWith("Missing required parameter for option")) {
                    return Main.text("cli.error.missing-value", o.longestName());
                }
                return Main.text("cli.error.missing-parameter", a.paramLabel());
            }
        }
        if (ex instanceof OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
            return Main.text("cli.error.repeated-option", spec.longestName());
        }
        if (ex.getArgSpec() instanceof OptionSpec o && ex.getValue() != null) {
            return Main.text("cli.error.invalid-value", o.longestName(), ex.getValue());
        }
        return Main.text("cli.error.usage", ex.getMessage());
    }

    /** Within a typo of each other: an edit distance (optimal string alignment) of at most 2, or a third of the name. */
    static boolean close(String typed, String name) {
        String a = typed.replaceFirst("^-+", "");
        String b = name.replaceFirst("^-+", "");
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()] <= Math.max(2, b.length() / 3);
    }
}
