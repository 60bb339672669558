package io.tlsalert.probe;

import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A sentence of the probe's output, language-neutral: a key of core's text data ({@code probe.…} in
 * text_en/zh.properties) and its arguments, rendered in a language only when printed ({@link TargetReport},
 * {@link ProbeJson}). An argument is a plain value (a code point's IANA name, a number, what a server sent), another
 * phrase, or a list of phrases (rendered one after the other, each with the language's list separator). A
 * {@link #literal} carries text that is the same in every language (protocol names, what a server sent, or text from
 * a caller that has no key yet).
 *
 * @param key  the text key, or null for a literal
 * @param args the arguments; for a literal, its one text
 */
public record Phrase(String key, List<Object> args) {
    private static final class Holder {
        static final Texts TEXTS = AlertRegistry.load().texts();
    }

    public static final Phrase EMPTY = literal("");

    public Phrase {
        args = List.copyOf(args);
        if (key == null && (args.size() != 1 || !(args.get(0) instanceof String))) {
            throw new IllegalArgumentException("a literal phrase has one text");
        }
    }

    public static Phrase of(String key, Object... args) {
        Objects.requireNonNull(key, "key");
        List<Object> a = new ArrayList<>();
        for (Object o : args) {
            a.add(o instanceof Object[] arr ? Arrays.asList(arr) : o);
        }
        return new Phrase(key, a);
    }

    public static Phrase literal(String text) {
        return new Phrase(null, List.of(Objects.requireNonNull(text, "text")));
    }

    /** True when the text data has this key (in English, which has every key). */
    public static boolean exists(String key) {
        return Holder.TEXTS.find(Lang.EN, key).isPresent();
    }

    public boolean isEmpty() {
        return key == null && ((String) args.get(0)).isEmpty();
    }

    /** This phrase in this language; a key missing from the data shows as the key (the text test catches it). */
    public String render(Lang lang) {
        if (key == null) {
            return (String) args.get(0);
        }
        Object[] out = new Object[args.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = renderArg(args.get(i), lang);
        }
        return Holder.TEXTS.format(lang, key, out);
    }

    private static String renderArg(Object o, Lang lang) {
        if (o instanceof Phrase p) {
            return p.render(lang);
        }
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(renderArg(x, lang));
            }
            return String.join(Holder.TEXTS.get(lang, "probe.list.separator"), parts);
        }
        return String.valueOf(o);
    }

    /** English, for callers that want a plain string (logs, tests, the fields {@link Cause} had before). */
    @Override
    public String toString() {
        return render(Lang.EN);
    }
}
