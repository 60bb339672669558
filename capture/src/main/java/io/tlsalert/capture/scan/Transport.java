package io.tlsalert.capture.scan;

/** What carries the connection: TLS over TCP, or DTLS over UDP. */
public enum Transport {
    TCP("tcp"),
    UDP("udp");

    private final String id;

    Transport(String id) {
        this.id = id;
    }

    /** {@code tcp} or {@code udp}, as the scan's JSON and CSV say it. */
    public String id() {
        return id;
    }
}
