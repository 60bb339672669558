package io.tlsalert.probe;

/**
 * One step of a handshake as the probe saw it, in order.
 *
 * @param from    who sent it
 * @param message "ClientHello", "ServerHello", "HelloRetryRequest", "EncryptedExtensions", "Certificate",
 *                "CertificateRequest", "ServerKeyExchange", "ServerHelloDone", "CertificateVerify", "Finished",
 *                "NewSessionTicket", "client Finished" (the client's last flight), "alert", "close"
 * @param detail  what it said, for people: "TLS 1.3, TLS_AES_128_GCM_SHA256, key share x25519"
 */
public record Step(Side from, String message, String detail) {

    @Override
    public String toString() {
        return from + ": " + message + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
