package io.tlsalert.registry;

import java.util.List;

/**
 * One assigned value of the IANA TLS Alerts registry.
 *
 * @param code       the AlertDescription value
 * @param name       the IANA description, e.g. {@code handshake_failure}
 * @param references defining documents with sections, e.g. {@code RFC 8446 §6.2}
 * @param dtlsOk     the registry's DTLS-OK column
 * @param tls13      status in TLS 1.3
 * @param levelRule  the level rule as the RFC states it
 * @param causes     common causes, most likely first
 * @param texts      where the texts in every language come from (read on first use of a language)
 */
public record Alert(
        int code,
        String name,
        List<String> references,
        boolean dtlsOk,
        Tls13Status tls13,
        LevelRule levelRule,
        List<Cause> causes,
        Texts texts) {

    public Alert {
        references = List.copyOf(references);
        causes = List.copyOf(causes);
    }

    /** The texts of this alert in {@code lang}. */
    public AlertText text(Lang lang) {
        String p = "alert." + code + ".";
        return new AlertText(
                texts.get(lang, p + "summary"),
                texts.get(lang, p + "meaning"),
                texts.get(lang, p + "level"),
                texts.get(lang, p + "tls13"),
                texts.get(lang, p + "received"),
                texts.get(lang, p + "sent"));
    }

    /** {@code true} when the RFC makes this alert fatal whatever the sender chooses. */
    public boolean alwaysFatal() {
        return levelRule.alwaysFatal();
    }
}
