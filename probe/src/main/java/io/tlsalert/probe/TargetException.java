package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import java.util.List;

/**
 * A target the user wrote that names no server: the text key ({@code probe.target.*} in the text data) and its
 * arguments, so that the CLI and the HTTP API word it in the user's language; the message is the English text.
 */
public final class TargetException extends IllegalArgumentException {
    private final String key;
    private final List<Object> args;

    TargetException(String key, Object... args) {
        super(TlsAlerts.registry().texts().format(Lang.EN, key, args));
        this.key = key;
        this.args = List.of(args);
    }

    /** The error in {@code lang}. */
    public String message(Lang lang) {
        return TlsAlerts.registry().texts().format(lang, key, args.toArray());
    }

    public String key() {
        return key;
    }
}
