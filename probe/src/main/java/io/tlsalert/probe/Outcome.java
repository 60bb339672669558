package io.tlsalert.probe;

import io.tlsalert.wire.ProtocolVersion;
import java.util.Optional;

/**
 * How one handshake ended.
 *
 * @param kind        {@link Kind}
 * @param version     negotiated version (ok), or the ServerHello's when one came
 * @param cipherSuite negotiated suite (ok), or the ServerHello's when one came
 * @param group       the key exchange group, when known
 * @param alpn        the negotiated application protocol (ok)
 * @param alert       the alert that ended it (kind ALERT), with sender and step
 * @param detail      in words: "connection reset after 0 bytes", "first bytes 'HTTP/1.1 400' are not a TLS record"...
 * @param extendedMasterSecret true when the completed handshake (TLS 1.0-1.2) used the extended master secret
 *                    (RFC 7627); false otherwise and in TLS 1.3, where the key schedule makes it moot
 */
public record Outcome(
        Kind kind,
        Optional<ProtocolVersion> version,
        Optional<Integer> cipherSuite,
        Optional<Integer> group,
        Optional<String> alpn,
        Optional<AlertInfo> alert,
        String detail,
        boolean extendedMasterSecret) {

    public Outcome(
            Kind kind,
            Optional<ProtocolVersion> version,
            Optional<Integer> cipherSuite,
            Optional<Integer> group,
            Optional<String> alpn,
            Optional<AlertInfo> alert,
            String detail) {
        this(kind, version, cipherSuite, group, alpn, alert, detail, false);
    }

    public enum Kind {
        /** The handshake completed (and, in TLS 1.3, the server did not reject the client's Finished flight). */
        HANDSHAKE_OK("handshake-ok"),
        /** An alert ended it: sent by the server, or raised by the probe's own TLS stack. */
        ALERT("alert"),
        /** Nothing came back within the timeout (or the server closed without a byte). */
        NO_RESPONSE("no-response"),
        /** TCP reset after the connection was made. */
        RESET("reset"),
        /** The server closed the connection after sending something, with no alert. */
        CLOSED("closed"),
        /** The bytes that came back are not TLS records. */
        NOT_TLS("not-tls"),
        /** The server answered, then stalled past the timeout. */
        TIMEOUT("timeout"),
        /** The server sent more than a handshake needs ({@link Limits}): a flood of alerts, messages or bytes. */
        OVER_LIMIT("over-limit"),
        /** A local problem: the host does not resolve, no route... */
        ERROR("error"),
        /** The TCP connection was refused (ECONNREFUSED: the host answered the SYN with a reset; nothing listens). */
        REFUSED("refused");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public boolean ok() {
        return kind == Kind.HANDSHAKE_OK;
    }

    public String describe() {
        switch (kind) {
            case HANDSHAKE_OK:
                return "handshake ok: " + version.map(ProtocolVersion::name).orElse("?") + ", "
                        + cipherSuite.map(CodePointLabels::cipherSuite).orElse("?")
                        + group.map(g -> ", " + CodePointLabels.group(g)).orElse("")
                        + alpn.map(a -> ", ALPN " + a).orElse("");
            case ALERT:
                return "alert: " + alert.map(AlertInfo::toString).orElse("?");
            default:
                return kind.id() + ": " + detail;
        }
    }
}
