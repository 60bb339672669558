package io.tlsalert.capture.scan;

import io.tlsalert.wire.AlertDescription;
import io.tlsalert.wire.AlertLevel;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One alert in a connection.
 *
 * @param frame     frame number (as tshark counts) of the packet holding the alert record's last byte
 * @param timeNanos capture time of that packet
 * @param from      the side that sent it
 * @param read      the alert's level and description; empty when encrypted and not decrypted
 * @param encrypted the record was encrypted (decrypted with --keylog when {@code read} is there)
 * @param after     the handshake step it followed, e.g. {@code client_hello}, {@code server_hello}, {@code finished},
 *                  {@code application_data}
 * @param evidence  for an encrypted alert not decrypted: why it is taken for an alert (record length, what followed)
 */
public record AlertEvent(
        long frame,
        long timeNanos,
        Peer from,
        Optional<Read> read,
        boolean encrypted,
        String after,
        Optional<String> evidence) {

    /**
     * The two bytes of the alert.
     *
     * <pre>
     * struct {
     *     AlertLevel level;
     *     AlertDescription description;
     * } Alert;                                  (RFC 8446 §6, RFC 5246 §7.2)
     * </pre>
     */
    public record Read(AlertLevel level, int description) {}

    /** An alert whose two bytes were read: in the clear, or decrypted ({@code decrypted}). */
    static AlertEvent read(
            long frame, long timeNanos, Peer from, AlertLevel level, int description, boolean decrypted, String after) {
        return new AlertEvent(
                frame, timeNanos, from, Optional.of(new Read(level, description)), decrypted, after, Optional.empty());
    }

    /** An encrypted record taken for an alert without keys to read it; {@code evidence} says why. */
    static AlertEvent unread(long frame, long timeNanos, Peer from, String after, String evidence) {
        return new AlertEvent(frame, timeNanos, from, Optional.empty(), true, after, Optional.of(evidence));
    }

    /** The level, when read. */
    public Optional<AlertLevel> level() {
        return read.map(Read::level);
    }

    /** AlertDescription, when read. */
    public OptionalInt code() {
        return read.isPresent() ? OptionalInt.of(read.get().description()) : OptionalInt.empty();
    }

    /** IANA name, {@code unassigned}, or {@code encrypted} when not read. */
    public String name() {
        return read.map(r -> AlertDescription.name(r.description())).orElse("encrypted");
    }

    AlertEvent withAfter(String step) {
        return new AlertEvent(frame, timeNanos, from, read, encrypted, step, evidence);
    }

    AlertEvent withEvidence(String why) {
        return new AlertEvent(frame, timeNanos, from, read, encrypted, after, Optional.of(why));
    }
}
