package io.tlsalert.capture.scan;

/** What carries the connection: TLS over TCP, DTLS over UDP, or QUIC (TLS in CRYPTO frames, over UDP). */
public enum Transport {
    TCP("tcp"),
    UDP("udp"),
    QUIC("quic");

    private final String id;

    Transport(String id) {
        this.id = id;
    }

    /** {@code tcp}, {@code udp} or {@code quic}, as the scan's JSON and CSV say it. */
    public String id() {
        return id;
    }
}
