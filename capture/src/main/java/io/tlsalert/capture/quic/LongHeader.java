package io.tlsalert.capture.quic;

import java.util.Optional;

/**
 * The version-independent start of a long header packet (RFC 8999 §5.1, RFC 9000 §17.2):
 *
 * <pre>
 * Long Header Packet {
 *   Header Form (1) = 1,
 *   Fixed Bit (1) = 1,            (0 allowed in Version Negotiation, RFC 9000 §17.2.1)
 *   Long Packet Type (2),
 *   Type-Specific Bits (4),
 *   Version (32),
 *   Destination Connection ID Length (8),
 *   Destination Connection ID (0..160),
 *   Source Connection ID Length (8),
 *   Source Connection ID (0..160),
 *   Type-Specific Payload (..),
 * }
 * </pre>
 *
 * @param first   the first byte (still header-protected in its low bits)
 * @param version the Version field; 0 is Version Negotiation
 * @param end     the offset just after the Source Connection ID
 */
public record LongHeader(int first, int version, byte[] dcid, byte[] scid, int end) {
    /** RFC 9000 §17.2: at most 20 bytes in QUIC v1 (and v2); Version Negotiation allows up to 255 (RFC 8999 §5.1). */
    public static final int MAX_CID = 20;

    /** A long header at {@code b[off]} if one fits in {@code b[off, end)}; empty otherwise (never throws). */
    public static Optional<LongHeader> parse(byte[] b, int off, int end) {
        Wire w = new Wire(b, off, end);
        try {
            int first = w.u8("first byte");
            if ((first & 0x80) == 0) {
                return Optional.empty();
            }
            int version = w.u32("version");
            int dl = w.u8("DCID length");
            byte[] dcid = w.bytes(dl, "DCID");
            int sl = w.u8("SCID length");
            byte[] scid = w.bytes(sl, "SCID");
            if (version != 0 && (dl > MAX_CID || sl > MAX_CID)) {
                return Optional.empty();
            }
            return Optional.of(new LongHeader(first, version, dcid, scid, w.pos));
        } catch (Wire.Short e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a UDP payload starts with what a QUIC endpoint sends first: a long header of a version read here, or
     * Version Negotiation. A cheap check on every UDP datagram, before any allocation.
     */
    public static boolean looksLikeQuic(byte[] b, int off, int len) {
        if (len < 7 || (b[off] & 0x80) == 0) {
            return false;
        }
        int version =
                (b[off + 1] & 0xff) << 24 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 8 | (b[off + 4] & 0xff);
        if (version == 0) {
            return true;
        }
        return (b[off] & 0x40) != 0 && QuicVersion.of(version).isPresent() && (b[off + 5] & 0xff) <= MAX_CID;
    }
}
