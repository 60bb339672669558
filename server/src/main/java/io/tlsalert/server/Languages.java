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
                String tag = part.split(";")[0].trim();
                Optional<Lang> l = Lang.parse(tag);
                if (l.isPresent()) {
                    return l.get();
                }
            }
        }
        return Lang.EN;
    }
}
