package io.tlsalert.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every human text of tlsalert in every language, from {@code text_<lang>.properties} (UTF-8).
 * Alerts, causes, per-pattern notes and the labels of the output all live there, so a language is a data change.
 */
public final class Texts {
    /** One slot per language, filled on first use: a run in one language never reads the other's file. */
    private final Properties[] byLang = new Properties[Lang.values().length];

    private Texts() {}

    static Texts load() {
        return Shared.TEXTS;
    }

    /** The one instance (each language's file read once, on first use), for callers that need no registry. */
    public static Texts shared() {
        return Shared.TEXTS;
    }

    private static final class Shared {
        static final Texts TEXTS = new Texts();
    }

    private Properties props(Lang lang) {
        Properties p = byLang[lang.ordinal()];
        if (p == null) {
            synchronized (this) {
                p = byLang[lang.ordinal()];
                if (p == null) {
                    p = read(lang);
                    byLang[lang.ordinal()] = p;
                }
            }
        }
        return p;
    }

    private static Properties read(Lang lang) {
        String file = "text_" + lang.id() + ".properties";
        try (InputStream in = Texts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing registry data file " + file);
            }
            Properties p = new Properties();
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The text for {@code key}; empty when the key is not there. */
    public Optional<String> find(Lang lang, String key) {
        return Optional.ofNullable(props(lang).getProperty(key));
    }

    /** The text for {@code key}; a missing key is a data defect that the registry test catches, shown here as the key. */
    public String get(Lang lang, String key) {
        String v = props(lang).getProperty(key);
        return v == null ? key : v;
    }

    /** Formats the text with {@code {0}}, {@code {1}}... replaced by the arguments (no MessageFormat: quotes stay quotes). */
    public String format(Lang lang, String key, Object... args) {
        String s = get(lang, key);
        for (int i = 0; i < args.length; i++) {
            s = s.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return s;
    }

    public Set<String> keys(Lang lang) {
        return new TreeSet<>(props(lang).stringPropertyNames());
    }
}
