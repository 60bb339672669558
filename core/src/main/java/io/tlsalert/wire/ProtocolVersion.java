package io.tlsalert.wire;

import io.tlsalert.decode.TlsParameters;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code ProtocolVersion} (RFC 8446 §4.1.2: {@code uint16 ProtocolVersion}; RFC 9147 §5.3 for DTLS, whose versions
 * count down from 0xFEFF as the 1's complement of the TLS version they match).
 *
 * <p>The one rule for printing a version is {@link #name()}: "TLS 1.3", "DTLS 1.2", "GREASE" (RFC 8701), else
 * "unknown (0x7F1C)". The static {@code isTls13(int)}, {@code isDtls(int)} and {@code name(int)} answer the same for a
 * bare wire value, so hot code need not box it.
 *
 * @param value the uint16 on the wire, 0..0xFFFF
 */
public record ProtocolVersion(int value) {
    public static final ProtocolVersion SSL_3_0 = new ProtocolVersion(0x0300);
    public static final ProtocolVersion TLS_1_0 = new ProtocolVersion(0x0301);
    public static final ProtocolVersion TLS_1_1 = new ProtocolVersion(0x0302);
    public static final ProtocolVersion TLS_1_2 = new ProtocolVersion(0x0303);
    public static final ProtocolVersion TLS_1_3 = new ProtocolVersion(0x0304);
    /** DTLS 1.0 (RFC 4347), 1's complement of TLS 1.1. */
    public static final ProtocolVersion DTLS_1_0 = new ProtocolVersion(0xFEFF);
    /** DTLS 1.2 (RFC 6347), 1's complement of TLS 1.2. */
    public static final ProtocolVersion DTLS_1_2 = new ProtocolVersion(0xFEFD);
    /** DTLS 1.3 (RFC 9147 §5.3). */
    public static final ProtocolVersion DTLS_1_3 = new ProtocolVersion(0xFEFC);

    public ProtocolVersion {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("a ProtocolVersion is a uint16: " + value);
        }
    }

    /** The version of a wire value. */
    public static ProtocolVersion of(int value) {
        return new ProtocolVersion(value);
    }

    /** TLS 1.3 or DTLS 1.3: the versions with the TLS 1.3 handshake (encrypted after the ServerHello). */
    public boolean isTls13() {
        return isTls13(value);
    }

    /** A DTLS version: major byte 0xFE. */
    public boolean isDtls() {
        return isDtls(value);
    }

    /** An RFC 8701 GREASE value (0x0A0A, 0x1A1A, ... 0xFAFA). */
    public boolean isGrease() {
        return TlsParameters.isGrease(value);
    }

    /** "TLS 1.3", "DTLS 1.2", ... for a version tlsalert knows; empty for GREASE and others. */
    public Optional<String> knownName() {
        return Optional.ofNullable(known(value));
    }

    /** The one printed form: "TLS 1.3", "DTLS 1.2", "GREASE", else "unknown (0x7F1C)". */
    public String name() {
        return name(value);
    }

    /** The value as four upper-case hex digits after 0x: "0x0303". */
    public String hex() {
        return String.format(Locale.ROOT, "0x%04X", value);
    }

    @Override
    public String toString() {
        return name();
    }

    /** {@link #isTls13()} of a wire value: 0x0304 or 0xFEFC. */
    public static boolean isTls13(int value) {
        return value == 0x0304 || value == 0xFEFC;
    }

    /** {@link #isDtls()} of a wire value. */
    public static boolean isDtls(int value) {
        return value >> 8 == 0xFE;
    }

    /** {@link #name()} of a wire value. */
    public static String name(int value) {
        String n = known(value);
        if (n != null) {
            return n;
        }
        if (TlsParameters.isGrease(value)) {
            return TlsParameters.GREASE;
        }
        return String.format(Locale.ROOT, "unknown (0x%04X)", value);
    }

    private static String known(int value) {
        return switch (value) {
            case 0x0300 -> "SSL 3.0";
            case 0x0301 -> "TLS 1.0";
            case 0x0302 -> "TLS 1.1";
            case 0x0303 -> "TLS 1.2";
            case 0x0304 -> "TLS 1.3";
            case 0xFEFF -> "DTLS 1.0";
            case 0xFEFD -> "DTLS 1.2";
            case 0xFEFC -> "DTLS 1.3";
            default -> null;
        };
    }
}
