package io.tlsalert.wire;

import io.tlsalert.decode.TlsParameters;

/**
 * {@code enum { ... } HandshakeType;} (RFC 8446 §4, RFC 5246 §7.4, RFC 6347 §4.2.2), the values code branches on.
 * Their names are read from the IANA registry data: {@link #name(int)}.
 */
public final class HandshakeType {
    public static final int HELLO_REQUEST = 0;
    public static final int CLIENT_HELLO = 1;
    public static final int SERVER_HELLO = 2;
    /** DTLS only (RFC 6347 §4.2.1). */
    public static final int HELLO_VERIFY_REQUEST = 3;

    public static final int NEW_SESSION_TICKET = 4;
    public static final int END_OF_EARLY_DATA = 5;
    public static final int ENCRYPTED_EXTENSIONS = 8;
    public static final int CERTIFICATE = 11;
    public static final int SERVER_KEY_EXCHANGE = 12;
    public static final int CERTIFICATE_REQUEST = 13;
    public static final int SERVER_HELLO_DONE = 14;
    public static final int CERTIFICATE_VERIFY = 15;
    public static final int CLIENT_KEY_EXCHANGE = 16;
    public static final int FINISHED = 20;
    public static final int CERTIFICATE_STATUS = 22;
    public static final int KEY_UPDATE = 24;
    /** RFC 8446 §4.4.1: the synthetic message standing for ClientHello1 in the transcript after a HelloRetryRequest. */
    public static final int MESSAGE_HASH = 254;

    private HandshakeType() {}

    /** The IANA name as the registry spells it ("client_hello", "server_hello_done_RESERVED"), or "unassigned". */
    public static String name(int value) {
        return TlsParameters.get().handshakeType(value);
    }
}
