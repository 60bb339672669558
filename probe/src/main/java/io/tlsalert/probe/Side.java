package io.tlsalert.probe;

/** Which side of the connection sent something: the probe (the client) or the server. */
public enum Side {
    CLIENT("client"),
    SERVER("server");

    private final String id;

    Side(String id) {
        this.id = id;
    }

    /** "client" or "server", as JSON and reports print it. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
