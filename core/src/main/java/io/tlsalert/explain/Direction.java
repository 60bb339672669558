package io.tlsalert.explain;

/** Who sent the alert, as far as the text tells. */
public enum Direction {
    /** The peer sent the alert; the local side received it ("Received fatal alert", "remote error"). */
    RECEIVED,
    /** The local side sent the alert, or will send it because it rejected what the peer sent. */
    SENT,
    /** The text names the alert but not who sent it (a bare code or name, a Wireshark line). */
    UNKNOWN;

    /** Parses an id as {@link #id()} writes it. */
    public static java.util.Optional<Direction> parse(String id) {
        for (Direction d : values()) {
            if (d.id().equals(id)) {
                return java.util.Optional.of(d);
            }
        }
        return java.util.Optional.empty();
    }

    /** The direction id in {@code column} of a data row; another word is an error naming file and line. */
    static Direction in(io.tlsalert.registry.DataFile.Row row, int column) {
        return parse(row.cell(column))
                .orElseThrow(
                        () -> row.error("direction must be received, sent or unknown, not '" + row.cell(column) + "'"));
    }

    /** The stable id used in JSON: {@code received}, {@code sent}, {@code unknown}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
