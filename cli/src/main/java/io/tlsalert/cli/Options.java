package io.tlsalert.cli;

import io.tlsalert.registry.Lang;
import picocli.CommandLine.Option;

/** Options every command shares. */
final class Options {
    @Option(names = "--json")
    boolean json;

    @Option(names = "--lang", paramLabel = "LANG")
    String lang;

    Lang language() {
        if (lang == null) {
            return Main.runLang(); // --lang before the command (tlsalert --lang zh explain 40), else the locale's
        }
        return Lang.parse(lang).orElseThrow(() -> Main.UsageError.of("unknown-language", lang));
    }

    /** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
    static boolean color() {
        String noColor = System.getenv("NO_COLOR");
        String term = System.getenv("TERM");
        return System.console() != null && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
    }
}
