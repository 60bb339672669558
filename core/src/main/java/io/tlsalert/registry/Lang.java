package io.tlsalert.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The languages the registry's texts are written in. Adding one is a data change: a text_&lt;id&gt;.properties file and a constant here. */
public enum Lang {
    EN("en"),
    ZH("zh");

    private final String id;

    Lang(String id) {
        this.id = id;
    }

    /** The language tag used in file names, {@code --lang} and {@code ?lang=}. */
    public String id() {
        return id;
    }

    /** Parses {@code en}, {@code zh}, {@code zh-CN}, {@code zh_CN.UTF-8}, {@code EN}...; empty when not a known language. */
    public static Optional<Lang> parse(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String t = tag.trim().toLowerCase(Locale.ROOT);
        for (Lang l : values()) {
            if (t.equals(l.id) || t.startsWith(l.id + "_") || t.startsWith(l.id + "-") || t.startsWith(l.id + ".")) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The language of a POSIX environment: the first of LC_ALL, LC_MESSAGES, LANG that is set and not empty decides,
     * as setlocale(3) does; anything that is not a known language gives English.
     */
    public static Lang fromEnvironment(Map<String, String> env) {
        for (String var : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String v = env.get(var);
            if (v != null && !v.isEmpty()) {
                return parse(v).orElse(EN);
            }
        }
        return EN;
    }
}
