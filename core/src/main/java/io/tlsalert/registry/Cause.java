package io.tlsalert.registry;

import java.util.Map;

/** A common real-world cause of an alert, with its texts in every language. */
public record Cause(String id, Map<Lang, CauseText> texts) {
    public Cause {
        texts = Map.copyOf(texts);
    }

    public CauseText text(Lang lang) {
        return texts.get(lang);
    }
}
