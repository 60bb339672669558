package io.tlsalert.wire;

import io.tlsalert.TlsAlerts;

/**
 * {@code enum { ... } AlertDescription;} (RFC 8446 §6, RFC 5246 §7.2 and the IANA TLS Alerts registry): a constant
 * for each assigned value, named as the registry names it, for code that branches on an alert. What an alert means,
 * its level rule and causes are data: {@link io.tlsalert.TlsAlerts#lookup(int)}.
 */
public final class AlertDescription {
    public static final int CLOSE_NOTIFY = 0;
    public static final int UNEXPECTED_MESSAGE = 10;
    public static final int BAD_RECORD_MAC = 20;
    public static final int DECRYPTION_FAILED = 21;
    public static final int RECORD_OVERFLOW = 22;
    public static final int DECOMPRESSION_FAILURE = 30;
    public static final int HANDSHAKE_FAILURE = 40;
    public static final int NO_CERTIFICATE = 41;
    public static final int BAD_CERTIFICATE = 42;
    public static final int UNSUPPORTED_CERTIFICATE = 43;
    public static final int CERTIFICATE_REVOKED = 44;
    public static final int CERTIFICATE_EXPIRED = 45;
    public static final int CERTIFICATE_UNKNOWN = 46;
    public static final int ILLEGAL_PARAMETER = 47;
    public static final int UNKNOWN_CA = 48;
    public static final int ACCESS_DENIED = 49;
    public static final int DECODE_ERROR = 50;
    public static final int DECRYPT_ERROR = 51;
    public static final int TOO_MANY_CIDS_REQUESTED = 52;
    public static final int EXPORT_RESTRICTION = 60;
    public static final int PROTOCOL_VERSION = 70;
    public static final int INSUFFICIENT_SECURITY = 71;
    public static final int INTERNAL_ERROR = 80;
    public static final int INAPPROPRIATE_FALLBACK = 86;
    public static final int USER_CANCELED = 90;
    public static final int NO_RENEGOTIATION = 100;
    public static final int MISSING_EXTENSION = 109;
    public static final int UNSUPPORTED_EXTENSION = 110;
    public static final int CERTIFICATE_UNOBTAINABLE = 111;
    public static final int UNRECOGNIZED_NAME = 112;
    public static final int BAD_CERTIFICATE_STATUS_RESPONSE = 113;
    public static final int BAD_CERTIFICATE_HASH_VALUE = 114;
    public static final int UNKNOWN_PSK_IDENTITY = 115;
    public static final int CERTIFICATE_REQUIRED = 116;
    public static final int NO_APPLICATION_PROTOCOL = 120;
    public static final int ECH_REQUIRED = 121;

    private AlertDescription() {}

    /** The registry's name ("handshake_failure"), or "unassigned". */
    public static String name(int value) {
        return TlsAlerts.name(value);
    }
}
