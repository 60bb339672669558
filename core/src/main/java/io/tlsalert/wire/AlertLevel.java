package io.tlsalert.wire;

import java.util.Optional;

/**
 * The first byte of an Alert (RFC 8446 §6, RFC 5246 §7.2): {@code enum { warning(1), fatal(2), (255) } AlertLevel;}.
 * Any other byte is kept as an unknown level, since it is what the wire held.
 *
 * <p>This is the one place where a level becomes text: {@link #name()}.
 *
 * @param value the uint8 on the wire, 0..255
 */
public record AlertLevel(int value) {
    public static final int WARNING_VALUE = 1;
    public static final int FATAL_VALUE = 2;
    public static final AlertLevel WARNING = new AlertLevel(WARNING_VALUE);
    public static final AlertLevel FATAL = new AlertLevel(FATAL_VALUE);

    public AlertLevel {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("an AlertLevel is a uint8: " + value);
        }
    }

    /** The level of a wire byte (0..255). */
    public static AlertLevel of(int value) {
        return switch (value) {
            case WARNING_VALUE -> WARNING;
            case FATAL_VALUE -> FATAL;
            default -> new AlertLevel(value);
        };
    }

    /** warning(1) or fatal(2). */
    public boolean isKnown() {
        return value == WARNING_VALUE || value == FATAL_VALUE;
    }

    public boolean isFatal() {
        return value == FATAL_VALUE;
    }

    /** "warning" or "fatal"; empty for another byte. */
    public Optional<String> knownName() {
        return Optional.ofNullable(known(value));
    }

    /** "warning", "fatal", or "unknown level 7" for another byte. */
    public String name() {
        return name(value);
    }

    @Override
    public String toString() {
        return name();
    }

    /** {@link #name()} of a wire byte. */
    public static String name(int value) {
        String n = known(value);
        return n != null ? n : "unknown level " + value;
    }

    private static String known(int value) {
        return switch (value) {
            case WARNING_VALUE -> "warning";
            case FATAL_VALUE -> "fatal";
            default -> null;
        };
    }
}
