package io.tlsalert.registry;

import io.tlsalert.wire.AlertLevel;

/** The level rule for an alert as its RFC states it (RFC 5246 §7.2, RFC 8446 §6). */
public enum LevelRule {
    /** close_notify: a closure alert, not an error (RFC 8446 §6.1). */
    CLOSURE("closure", AlertLevel.WARNING),
    /** The RFC says the alert is always fatal, or that the handshake MUST be aborted with it. */
    ALWAYS_FATAL("always-fatal", AlertLevel.FATAL),
    /** TLS 1.2 and earlier leave the level to the sender; TLS 1.3 makes every error alert fatal (RFC 8446 §6.2). */
    SENDER_CHOICE("sender-choice", AlertLevel.FATAL),
    /** user_canceled: "generally a warning", followed by close_notify. */
    GENERALLY_WARNING("generally-warning", AlertLevel.WARNING),
    /** no_renegotiation: "always a warning" (RFC 5246 §7.2.2). */
    ALWAYS_WARNING("always-warning", AlertLevel.WARNING);

    private final String id;
    private final AlertLevel usualLevel;

    LevelRule(String id, AlertLevel usualLevel) {
        this.id = id;
        this.usualLevel = usualLevel;
    }

    public String id() {
        return id;
    }

    /** The level this alert is sent at in practice: {@code fatal} or {@code warning}. */
    public String usualLevel() {
        return usualLevel.name();
    }

    /** {@link #usualLevel()} as the wire type. */
    public AlertLevel usualAlertLevel() {
        return usualLevel;
    }

    public boolean alwaysFatal() {
        return this == ALWAYS_FATAL;
    }

    static LevelRule parse(String id) {
        for (LevelRule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown level rule '" + id + "'");
    }
}
