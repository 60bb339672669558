package io.tlsalert.registry;

/**
 * A common real-world cause of an alert.
 *
 * @param alertCode the alert it causes
 * @param id        stable id, unique within the alert (e.g. {@code no-shared-cipher-suite})
 * @param texts     where its texts in every language come from
 */
public record Cause(int alertCode, String id, Texts texts) {
    /** What it is, how to confirm it and how to fix it, in {@code lang}. */
    public CauseText text(Lang lang) {
        String p = "alert." + alertCode + ".cause." + id + ".";
        return new CauseText(texts.get(lang, p + "title"), texts.get(lang, p + "confirm"), texts.get(lang, p + "fix"));
    }
}
