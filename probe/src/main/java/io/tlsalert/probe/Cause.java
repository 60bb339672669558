package io.tlsalert.probe;

import io.tlsalert.registry.Lang;
import java.util.Arrays;
import java.util.List;

/**
 * The diagnosed cause, language-neutral: each text is a {@link Phrase} rendered when printed.
 *
 * @param id           one of {@link #IDS} ({@link CauseId})
 * @param evidenceText which follow-ups succeeded or failed and what the server answered
 * @param acceptsText  what the server accepts (e.g. "TLS 1.3 only (TLS_AES_256_GCM_SHA384)"), empty when unknown
 * @param fixText      what to change, on the client or the server
 */
public record Cause(String id, Phrase evidenceText, Phrase acceptsText, Phrase fixText) {
    /** Every id, as {@link CauseId} spells it. */
    public static final List<String> IDS =
            Arrays.stream(CauseId.values()).map(CauseId::id).toList();

    public Cause {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown cause id " + id);
        }
    }

    public Cause(CauseId id, Phrase evidence, Phrase accepts, Phrase fix) {
        this(id.id(), evidence, accepts, fix);
    }

    /** A cause whose texts are the same in every language (literals). */
    public Cause(String id, String evidence, String accepts, String fix) {
        this(id, Phrase.literal(evidence), Phrase.literal(accepts), Phrase.literal(fix));
    }

    public String title(Lang lang) {
        return Phrase.of(CauseId.of(id).orElseThrow().titleKey()).render(lang);
    }

    public String evidence(Lang lang) {
        return evidenceText.render(lang);
    }

    public String accepts(Lang lang) {
        return acceptsText.render(lang);
    }

    public String fix(Lang lang) {
        return fixText.render(lang);
    }

    /** English. */
    public String evidence() {
        return evidence(Lang.EN);
    }

    /** English. */
    public String accepts() {
        return accepts(Lang.EN);
    }

    /** English. */
    public String fix() {
        return fix(Lang.EN);
    }
}
