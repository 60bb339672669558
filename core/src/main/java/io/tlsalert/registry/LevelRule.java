package io.tlsalert.registry;

/** The level rule for an alert as its RFC states it (RFC 5246 §7.2, RFC 8446 §6). */
public enum LevelRule {
    /** close_notify: a closure alert, not an error (RFC 8446 §6.1). */
    CLOSURE("closure", "warning"),
    /** The RFC says the alert is always fatal, or that the handshake MUST be aborted with it. */
    ALWAYS_FATAL("always-fatal", "fatal"),
    /** TLS 1.2 and earlier leave the level to the sender; TLS 1.3 makes every error alert fatal (RFC 8446 §6.2). */
    SENDER_CHOICE("sender-choice", "fatal"),
    /** user_canceled: "generally a warning", followed by close_notify. */
    GENERALLY_WARNING("generally-warning", "warning"),
    /** no_renegotiation: "always a warning" (RFC 5246 §7.2.2). */
    ALWAYS_WARNING("always-warning", "warning");

    private final String id;
    private final String usualLevel;

    LevelRule(String id, String usualLevel) {
        this.id = id;
        this.usualLevel = usualLevel;
    }

    public String id() {
        return id;
    }

    /** The level this alert is sent at in practice: {@code fatal} or {@code warning}. */
    public String usualLevel() {
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
