package io.tlsalert.probe;

import io.tlsalert.wire.AlertLevel;
import java.util.Optional;

/**
 * One alert on the wire.
 *
 * @param code      the AlertDescription value
 * @param name      its name from core's registry
 * @param level     the level byte as sent (warning, fatal)
 * @param sender    SERVER (received by the probe) or CLIENT (raised by the probe's TLS stack)
 * @param after     the handshake step it followed, e.g. "ClientHello", "ServerHelloDone", "client Finished"
 * @param reason    for alerts the client raised: why (Bouncy Castle's message)
 * @param encrypted true when it came as a TLS 1.3 encrypted record (content type 23) and was decrypted
 */
public record AlertInfo(
        int code,
        String name,
        AlertLevel level,
        Side sender,
        String after,
        Optional<String> reason,
        boolean encrypted) {

    @Override
    public String toString() {
        return level + " " + name + " (" + code + ") from the " + sender + " after " + after
                + (encrypted ? " (encrypted, decrypted by the probe)" : "")
                + reason.map(r -> ": " + r).orElse("");
    }
}
