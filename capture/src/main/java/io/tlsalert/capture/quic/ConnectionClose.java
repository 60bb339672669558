package io.tlsalert.capture.quic;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A CONNECTION_CLOSE frame (RFC 9000 §19.19):
 *
 * <pre>
 * CONNECTION_CLOSE Frame {
 *   Type (i) = 0x1c..0x1d,
 *   Error Code (i),
 *   [Frame Type (i)],               (0x1c only: the frame that caused the error)
 *   Reason Phrase Length (i),
 *   Reason Phrase (..),
 * }
 * </pre>
 *
 * @param space       the packet number space of the packet that carried it
 * @param application type 0x1d: an application error, not a transport one
 * @param errorCode   the error code; a transport CRYPTO_ERROR 0x0100 + alert is a TLS alert (RFC 9001 §4.8)
 * @param frameType   the frame type that caused the error (0x1c only)
 * @param reason      the reason phrase as UTF-8 (RFC 9000 §19.19 says it SHOULD be), malformed bytes replaced
 */
public record ConnectionClose(Space space, boolean application, long errorCode, OptionalLong frameType, String reason) {
    /** RFC 9000 §20.1: CRYPTO_ERROR (0x0100-0x01ff). */
    public static final long CRYPTO_ERROR = 0x0100;

    /** The TLS alert carried (RFC 9001 §4.8: error code 0x0100 + AlertDescription), when a transport error is one. */
    public OptionalInt alert() {
        return !application && errorCode >= CRYPTO_ERROR && errorCode <= CRYPTO_ERROR + 0xff
                ? OptionalInt.of((int) (errorCode - CRYPTO_ERROR))
                : OptionalInt.empty();
    }

    /** {@code PROTOCOL_VIOLATION (0x0a)}, {@code CRYPTO_ERROR (0x0130)} or {@code application error 0x0101}. */
    public String describe() {
        if (application) {
            return String.format("application error 0x%x", errorCode);
        }
        return String.format(
                errorCode > 0xff ? "%s (0x%04x)" : "%s (0x%02x)", TransportErrors.name(errorCode), errorCode);
    }
}
