package io.tlsalert.decode;

/**
 * What one input may make decode allocate and emit. The one place these budgets are named: the CLI uses
 * {@link #DEFAULT}, a server passes its own. At a limit decoding stops with a {@link DecodeProblem} whose field is
 * {@code DecodeLimits.<limit>} and whose offset is where the input went past it, keeping what was decoded before.
 *
 * @param maxBytes           bytes of one input: a text dump may expand to no more ({@code *} lines of a hex dump
 *                           included), and the decoder reads no record that starts past them
 * @param maxRecords         records decoded from one input
 * @param maxMessages        messages (alerts, handshake messages and their DTLS fragments, ...) over all records
 * @param maxPendingMessages DTLS handshake messages being put together from fragments at once; their buffers hold
 *                           only the bytes that arrived, never what a fragment header declares
 * @param maxOutputChars     characters of a text view of the decoding (the CLI's tree and explanations); cut there,
 *                           saying so
 * @param maxExplainedAlerts alerts given explain's whole explanation (the text view and the {@code alerts} of the
 *                           JSON report): the first ones; the records still show every alert
 */
public record DecodeLimits(
        int maxBytes,
        int maxRecords,
        int maxMessages,
        int maxPendingMessages,
        long maxOutputChars,
        int maxExplainedAlerts) {
    /**
     * 16 MiB, 100,000 records, 100,000 messages, 256 fragmented messages, 32 Mi characters of text, 1,000 explained
     * alerts: far above any real handshake or capture of one connection, small enough that no input can exhaust a JVM
     * with its default heap.
     */
    public static final DecodeLimits DEFAULT = new DecodeLimits(16 << 20, 100_000, 100_000, 256, 32L << 20, 1000);

    public DecodeLimits {
        if (maxBytes < 1
                || maxRecords < 1
                || maxMessages < 1
                || maxPendingMessages < 1
                || maxOutputChars < 1
                || maxExplainedAlerts < 1) {
            throw new IllegalArgumentException("every decode limit must be at least 1: " + this);
        }
    }

    /** The budgets, by the name a {@link DecodeProblem} gives them. */
    public enum Limit {
        BYTES("maxBytes"),
        RECORDS("maxRecords"),
        MESSAGES("maxMessages"),
        PENDING_MESSAGES("maxPendingMessages"),
        OUTPUT_CHARS("maxOutputChars"),
        EXPLAINED_ALERTS("maxExplainedAlerts");

        private final String key;

        Limit(String key) {
            this.key = key;
        }

        /** The component's name, e.g. {@code maxRecords}. */
        public String key() {
            return key;
        }

        /** The field of a {@link DecodeProblem} that stops at this limit, e.g. {@code DecodeLimits.maxRecords}. */
        public String field() {
            return "DecodeLimits." + key;
        }
    }

    /** The value of {@code limit}. */
    public long of(Limit limit) {
        return switch (limit) {
            case BYTES -> maxBytes;
            case RECORDS -> maxRecords;
            case MESSAGES -> maxMessages;
            case PENDING_MESSAGES -> maxPendingMessages;
            case OUTPUT_CHARS -> maxOutputChars;
            case EXPLAINED_ALERTS -> maxExplainedAlerts;
        };
    }

    /** Decoding stops at {@code limit}, at byte {@code offset} of the input. */
    DecodeException stop(Limit limit, long offset, String what) {
        return new DecodeException(
                limit.field(),
                offset,
                "more than " + of(limit) + " " + what + " in one input: the decode limit stops here");
    }
}
