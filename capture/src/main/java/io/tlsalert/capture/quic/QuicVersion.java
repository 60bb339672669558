package io.tlsalert.capture.quic;

import io.tlsalert.registry.DataFile;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A QUIC version whose Initial packets can be read: its wire number, Initial salt, key-derivation label prefix and
 * long-header packet type bits, from {@code quic-versions.tsv} (v1, v2 and the drafts 23–34 found in real captures).
 */
public final class QuicVersion {
    /** What a long header's type means, whatever bits the version gives it. */
    public enum PacketType {
        INITIAL,
        ZERO_RTT,
        HANDSHAKE,
        RETRY
    }

    private static final Map<Integer, QuicVersion> VERSIONS = load();
    /** RFC 9000. */
    public static final QuicVersion V1 = VERSIONS.get(0x00000001);
    /** RFC 9369. */
    public static final QuicVersion V2 = VERSIONS.get(0x6b3343cf);

    public final int number;
    /** {@code QUIC v1}, {@code QUIC draft-29}. */
    public final String label;

    private final byte[] salt;
    /** "quic" or "quicv2": the HKDF label prefix of "key", "iv", "hp". */
    public final String labelPrefix;
    /** The type bits of INITIAL, ZERO_RTT, HANDSHAKE, RETRY, in that order. */
    private final int[] typeBits;

    private QuicVersion(int number, String label, byte[] salt, String labelPrefix, int[] typeBits) {
        this.number = number;
        this.label = label;
        this.salt = salt;
        this.labelPrefix = labelPrefix;
        this.typeBits = typeBits;
    }

    private static Map<Integer, QuicVersion> load() {
        Map<Integer, QuicVersion> m = new HashMap<>();
        for (DataFile.Row r : DataFile.read(
                QuicVersion.class, "quic-versions.tsv", 6, List.of("number", "name", "salt", "labels", "types"))) {
            try {
                int number = (int) Long.parseLong(r.cell(0).substring(2), 16);
                byte[] salt = HexFormat.of().parseHex(r.cell(2));
                String[] t = r.cell(4).split(",");
                int[] types = new int[4];
                boolean[] used = new boolean[4];
                for (int i = 0; i < 4; i++) {
                    types[i] = Integer.parseInt(t[i]);
                    if (used[types[i]]) {
                        throw r.error("type bits written twice: " + r.cell(4));
                    }
                    used[types[i]] = true;
                }
                if (salt.length != 20
                        || m.put(number, new QuicVersion(number, r.cell(1), salt, r.cell(3), types)) != null) {
                    throw r.error("a 20-byte salt, each version once");
                }
            } catch (RuntimeException e) {
                if (e instanceof IllegalStateException) {
                    throw e;
                }
                throw r.error("malformed row: " + e.getMessage());
            }
        }
        return Map.copyOf(m);
    }

    public static Optional<QuicVersion> of(int number) {
        return Optional.ofNullable(VERSIONS.get(number));
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

    @Override
    public String toString() {
        return label;
    }
}
