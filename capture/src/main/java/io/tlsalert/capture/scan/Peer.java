package io.tlsalert.capture.scan;

/** One side of a connection. */
public enum Peer {
    CLIENT("client"),
    SERVER("server");

    private final String id;

    Peer(String id) {
        this.id = id;
    }

    /** {@code client} or {@code server}, as the scan's JSON and CSV say it. */
    public String id() {
        return id;
    }
}
