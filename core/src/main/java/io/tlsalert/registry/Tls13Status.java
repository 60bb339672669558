package io.tlsalert.registry;

/** An alert's status in TLS 1.3 (RFC 8446 §6 and the IANA registry's notes). */
public enum Tls13Status {
    IN_USE("in-use"),
    /** Listed in RFC 8446's reserved values: a TLS 1.3 implementation MUST NOT send it. */
    RESERVED("reserved"),
    /** The mechanism it belongs to does not exist in TLS 1.3 (no_renegotiation). */
    NOT_USED("not-used"),
    /** Defined for DTLS 1.3 only (RFC 9147). */
    DTLS13_ONLY("dtls13-only");

    private final String id;

    Tls13Status(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static Tls13Status parse(String id) {
        for (Tls13Status s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown TLS 1.3 status '" + id + "'");
    }
}
