package io.tlsalert.capture.scan;

/** How a TLS connection went, as far as the capture shows it. */
public enum Outcome {
    /** Application data flowed and no fatal alert was seen. */
    HEALTHY("healthy"),
    /** A fatal alert, or a handshake that ended without application data. */
    FAILED("failed"),
    /** The capture lost bytes of it (gaps in the TCP stream): not judged. */
    INCOMPLETE("incomplete"),
    /** Still open, before application data, when the capture ended. */
    UNFINISHED("unfinished");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    /** The id in the scan's JSON and CSV. */
    public String id() {
        return id;
    }
}
