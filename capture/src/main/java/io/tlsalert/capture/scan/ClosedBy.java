package io.tlsalert.capture.scan;

/** How the scan saw a connection end. */
public enum ClosedBy {
    /** A FIN each way. */
    FIN("fin"),
    /** A TCP reset. */
    RST("rst"),
    /** Silent for longer than the idle time (capture time). */
    IDLE("idle"),
    /** Forgotten to make room: more connections were open at once than the scan tracks. */
    EVICTED("evicted"),
    /** Still open when the capture ended. */
    END_OF_CAPTURE("end-of-capture"),
    /** QUIC: a CONNECTION_CLOSE frame was seen (RFC 9000 §10.2); the connection is reported when it goes idle. */
    CONNECTION_CLOSE("connection-close");

    private final String id;

    ClosedBy(String id) {
        this.id = id;
    }

    /** The id in the scan's JSON. */
    public String id() {
        return id;
    }
}
