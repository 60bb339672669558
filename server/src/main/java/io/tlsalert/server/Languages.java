package io.tlsalert.server;

import io.tlsalert.registry.Lang;
import java.util.Optional;

/** The language of an answer: {@code ?lang=} first, then Accept-Language (its first language we have), then English. */
final class Languages {
    private Languages() {}

    static Lang negotiate(String rawQuery, String acceptLanguage) {
        Optional<String> q = Request.queryParam(rawQuery, "lang");
        if (q.isPresent()) {
            return Lang.parse(q.get()).orElse(Lang.EN);
        }
        if (acceptLanguage != null) {
            for (String part : acceptLanguage.split(",")) {
                // "a;q=1", ";" or "" alike: the tag is what comes before the first ';' (RFC 9110 §12.5.4).
                int semi = part.indexOf(';');
                String tag = (semi < 0 ? part : part.substring(0, semi)).trim();
                Optional<Lang> l = Lang.parse(tag);
                if (l.isPresent()) {
                    return l.get();
                }
            }
        }
        return Lang.EN;
    }
}
