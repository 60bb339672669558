package io.tlsalert.wire;

import io.tlsalert.decode.TlsParameters;

/**
 * {@code enum { ... } ContentType;} of the record layer (RFC 8446 §5.1, RFC 6520, RFC 9146, RFC 9147), the values code
 * branches on. Their names are read from the IANA registry data: {@link #name(int)}.
 */
public final class ContentType {
    public static final int CHANGE_CIPHER_SPEC = 20;
    public static final int ALERT = 21;
    public static final int HANDSHAKE = 22;
    public static final int APPLICATION_DATA = 23;
    /** RFC 6520. */
    public static final int HEARTBEAT = 24;
    /** RFC 9146: a DTLS 1.2 record with a connection ID. */
    public static final int TLS12_CID = 25;
    /** RFC 9147 §7: DTLS 1.3 ACK. */
    public static final int ACK = 26;
    /** RFC 9853: DTLS return_routability_check, the highest assigned content type. */
    public static final int RETURN_ROUTABILITY_CHECK = 27;

    /** Is {@code value} an assigned content type (20-27)? A record whose first byte is not is no TLS record. */
    public static boolean isAssigned(int value) {
        return value >= CHANGE_CIPHER_SPEC && value <= RETURN_ROUTABILITY_CHECK;
    }

    private ContentType() {}

    /** The IANA name ("handshake"), or "unassigned". */
    public static String name(int value) {
        return TlsParameters.get().contentType(value);
    }
}
