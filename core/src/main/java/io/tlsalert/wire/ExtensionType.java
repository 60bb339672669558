package io.tlsalert.wire;

import io.tlsalert.decode.TlsParameters;

/**
 * {@code enum { ... } ExtensionType;} (RFC 8446 §4.2 and the RFCs cited), the values code branches on. Their names are
 * read from the IANA registry data: {@link #name(int)}.
 */
public final class ExtensionType {
    /** RFC 6066 §3. */
    public static final int SERVER_NAME = 0;
    /** RFC 6066 §8. */
    public static final int STATUS_REQUEST = 5;
    /** RFC 8446 §4.2.7 (elliptic_curves before RFC 8422). */
    public static final int SUPPORTED_GROUPS = 10;
    /** RFC 8422 §5.1.2. */
    public static final int EC_POINT_FORMATS = 11;
    /** RFC 8446 §4.2.3. */
    public static final int SIGNATURE_ALGORITHMS = 13;
    /** RFC 7301 §3.1: application_layer_protocol_negotiation. */
    public static final int ALPN = 16;
    /** RFC 7685. */
    public static final int PADDING = 21;
    /** RFC 7627. */
    public static final int EXTENDED_MASTER_SECRET = 23;
    /** RFC 5077. */
    public static final int SESSION_TICKET = 35;
    /** RFC 8446 §4.2.11. */
    public static final int PRE_SHARED_KEY = 41;
    /** RFC 8446 §4.2.10. */
    public static final int EARLY_DATA = 42;
    /** RFC 8446 §4.2.1. */
    public static final int SUPPORTED_VERSIONS = 43;
    /** RFC 8446 §4.2.2. */
    public static final int COOKIE = 44;
    /** RFC 8446 §4.2.9. */
    public static final int PSK_KEY_EXCHANGE_MODES = 45;
    /** RFC 8446 §4.2.4. */
    public static final int CERTIFICATE_AUTHORITIES = 47;
    /** RFC 8446 §4.2.5. */
    public static final int OID_FILTERS = 48;
    /** RFC 8446 §4.2.6. */
    public static final int POST_HANDSHAKE_AUTH = 49;
    /** RFC 8446 §4.2.3. */
    public static final int SIGNATURE_ALGORITHMS_CERT = 50;
    /** RFC 8446 §4.2.8. */
    public static final int KEY_SHARE = 51;
    /** RFC 5746 §3.2. */
    public static final int RENEGOTIATION_INFO = 0xFF01;

    private ExtensionType() {}

    /** The IANA name as the registry spells it, "GREASE" for an RFC 8701 value, else "unassigned". */
    public static String name(int value) {
        return TlsParameters.get().extension(value);
    }
}
