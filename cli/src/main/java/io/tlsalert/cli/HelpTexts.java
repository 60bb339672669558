package io.tlsalert.cli;

import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.util.Collections;
import java.util.Enumeration;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * The texts of {@code --help} in one language, as the resource bundle picocli reads: picocli's key {@code K} is the
 * text key {@code cli.K} of core's text data (text_en/zh.properties), so help is translated like every other text.
 * picocli looks keys up qualified by the command first ({@code tlsalert.explain.usage.header},
 * {@code tlsalert.probe.timeout}), then plain ({@code help}, {@code lang}: shared by every command).
 */
final class HelpTexts extends ResourceBundle {
    private static final String PREFIX = "cli.";
    private final Texts texts;
    private final Lang lang;

    HelpTexts(Lang lang) {
        this.texts = Texts.shared();
        this.lang = lang;
    }

    @Override
    protected Object handleGetObject(String key) {
        return texts.find(lang, PREFIX + key).orElse(null);
    }

    @Override
    public Enumeration<String> getKeys() {
        return Collections.enumeration(texts.keys(lang).stream()
                .filter(k -> k.startsWith(PREFIX))
                .map(k -> k.substring(PREFIX.length()))
                .collect(Collectors.toList()));
    }

    /**
     * The language a command line asks for, before picocli parses it (the help is laid out before any command runs):
     * {@code --lang X} or {@code --lang=X} anywhere, else the environment's, as {@link Options#language} decides.
     * An unknown value falls back to the environment here; the command itself then reports it.
     */
    static Lang requested(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String v = null;
            if (args[i].equals("--lang") && i + 1 < args.length) {
                v = args[i + 1];
            } else if (args[i].startsWith("--lang=")) {
                v = args[i].substring("--lang=".length());
            }
            if (v != null) {
                var parsed = Lang.parse(v);
                if (parsed.isPresent()) {
                    return parsed.get();
                }
            }
        }
        return Lang.fromEnvironment(System.getenv());
    }
}
