package io.tlsalert.capture.quic;

import java.util.HexFormat;
import java.util.Optional;

/**
 * The QUIC versions whose Initial packets can be read: each one's wire number, Initial salt, key-derivation label
 * prefix and long-header packet type bits.
 */
public enum QuicVersion {
    /** RFC 9000 §15; salt RFC 9001 §5.2; types RFC 9000 §17.2 (Table 5). */
    V1(0x00000001, "QUIC v1", "38762cf7f55934b34d179ae6a4c80cadccbb7f0a", "quic", new int[] {0, 1, 2, 3}),
    /** RFC 9369 §3.1 (version), §3.3.1 (salt), §3.3.2 (labels), §3.2 (types: Initial 0b01, 0-RTT 0b10, ...). */
    V2(0x6b3343cf, "QUIC v2", "0dede3def700a6db819381be6e269dcbf9bd2ed9", "quicv2", new int[] {1, 2, 3, 0});

    /** What a long header's type means, whatever bits the version gives it. */
    public enum PacketType {
        INITIAL,
        ZERO_RTT,
        HANDSHAKE,
        RETRY
    }

    public final int number;
    public final String label;
    private final byte[] salt;
    /** "quic" or "quicv2": the HKDF label prefix of "key", "iv", "hp". */
    public final String labelPrefix;
    /** The type bits of INITIAL, ZERO_RTT, HANDSHAKE, RETRY, in that order. */
    private final int[] typeBits;

    QuicVersion(int number, String label, String salt, String labelPrefix, int[] typeBits) {
        this.number = number;
        this.label = label;
        this.salt = HexFormat.of().parseHex(salt);
        this.labelPrefix = labelPrefix;
        this.typeBits = typeBits;
    }

    public static Optional<QuicVersion> of(int number) {
        for (QuicVersion v : values()) {
            if (v.number == number) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    public byte[] salt() {
        return salt.clone();
    }

    /** The packet type of a long header's two type bits ({@code (first byte >> 4) & 3}). */
    public PacketType type(int bits) {
        for (PacketType t : PacketType.values()) {
            if (typeBits[t.ordinal()] == bits) {
                return t;
            }
        }
        throw new IllegalArgumentException("type bits " + bits);
    }

    /** The wire number as tshark prints it: {@code 0x00000001}. */
    public static String hex(int number) {
        return String.format("0x%08x", number);
    }
}
