package io.tlsalert.probe;

/**
 * What one handshake may take from a server before the probe stops reading and reports the server as misbehaving
 * ({@link Outcome.Kind#OVER_LIMIT}, cause {@code server-misbehaves}). A real handshake needs a fraction of each: a
 * TLS 1.3 handshake is 6 to 8 server messages, a TLS 1.2 one 4 to 6, at most a warning and a fatal alert, and a long
 * certificate chain is tens of kilobytes. The limits hold against a server that floods (warning alerts,
 * HelloRequests, records Bouncy Castle drops unread), so that a probe's memory and work stay bounded whatever comes
 * back; time is bounded by the timeout ({@link Prober#deadline()}).
 */
public final class Limits {
    /** Handshake messages from the server per handshake (HelloRequests included). */
    public static final int SERVER_MESSAGES = 64;
    /** Alerts per handshake, received and raised (warnings included). */
    public static final int ALERTS = 16;
    /** Bytes read from the server per handshake. */
    public static final long BYTES_READ = 1 << 20;
    /** Steps kept per handshake: every message, every alert and the client's flights. */
    public static final int STEPS = SERVER_MESSAGES + ALERTS + 16;

    private Limits() {}
}
