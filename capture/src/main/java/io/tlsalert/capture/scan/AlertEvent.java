package io.tlsalert.capture.scan;

/**
 * One alert in a connection.
 *
 * @param frame     frame number (as tshark counts) of the packet holding the alert record's last byte
 * @param timeNanos capture time of that packet
 * @param from      {@code client} or {@code server}
 * @param level     1 warning, 2 fatal; -1 when encrypted and not decrypted
 * @param code      AlertDescription; -1 when encrypted and not decrypted
 * @param name      IANA name, {@code unassigned}, or {@code encrypted}
 * @param encrypted the record was encrypted (decrypted with --keylog when {@code code} is known)
 * @param after     the handshake step it followed, e.g. {@code client_hello}, {@code server_hello}, {@code finished},
 *                  {@code application_data}
 * @param evidence  for an encrypted alert not decrypted: why it is taken for an alert (record length, what followed)
 */
public record AlertEvent(
        long frame,
        long timeNanos,
        String from,
        int level,
        int code,
        String name,
        boolean encrypted,
        String after,
        String evidence) {}
