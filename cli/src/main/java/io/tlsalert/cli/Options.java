package io.tlsalert.cli;

import io.tlsalert.registry.Lang;
import picocli.CommandLine.Option;

/** Options every command shares. */
final class Options {
    @Option(names = "--json", description = "Print JSON for machines (keys documented in the README).")
    boolean json;

    @Option(
            names = "--lang",
            paramLabel = "LANG",
            description = "Language of the texts: en or zh (default: from LC_ALL/LC_MESSAGES/LANG, else en).")
    String lang;

    Lang language() {
        if (lang == null) {
            return Lang.fromEnvironment(System.getenv());
        }
        return Lang.parse(lang).orElseThrow(() -> new Main.UsageError("unknown language '" + lang + "': use en or zh"));
    }

    /** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
    static boolean color() {
        String noColor = System.getenv("NO_COLOR");
        String term = System.getenv("TERM");
        return System.console() != null && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
    }
}
