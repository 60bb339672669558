package io.tlsalert.capture.quic;

/** A packet number space (RFC 9000 §12.3) and the packets that use it. */
public enum Space {
    INITIAL("Initial"),
    HANDSHAKE("Handshake"),
    APPLICATION("1-RTT");

    /** The packet type's name, as RFC 9000 §17 writes it. */
    public final String packet;

    Space(String packet) {
        this.packet = packet;
    }
}
