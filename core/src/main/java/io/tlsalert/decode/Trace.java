package io.tlsalert.decode;

import io.tlsalert.wire.HandshakeType;
import java.util.List;
import java.util.Optional;

/**
 * Where the records of a decoding came from when the input was a program's trace of one connection rather than bytes:
 * which trace format, and for each record (in {@link Decoding#records()} order) whether the program that printed the
 * trace sent or received it, and the trace line it starts at. Record and message offsets of a traced decoding count
 * bytes in the stream of that record's direction, as they crossed the wire.
 *
 * @param format  the trace format read
 * @param origins one per record of the decoding, in the same order
 * @param problemAt where in the trace decoding stopped, when it did ({@link Decoding#problem()})
 * @param named   alerts in encrypted records that the program's own log lines name
 */
public record Trace(Format format, List<Origin> origins, Optional<Origin> problemAt, List<NamedAlert> named) {
    public Trace {
        origins = List.copyOf(origins);
        java.util.Objects.requireNonNull(problemAt, "problemAt");
        named = List.copyOf(named);
    }

    /**
     * An alert the program that printed the trace says it sent or received in an encrypted record (javax.net.debug
     * logs the alert before encrypting it and after decrypting it), which the record's bytes cannot show.
     *
     * @param record      index of the record in {@link Decoding#records()}
     * @param level       the alert level when the log line gives it (received alerts), else -1
     * @param description the AlertDescription
     * @param line        the trace line naming it
     */
    public record NamedAlert(int record, int level, int description, int line) {}

    /** The trace formats decode reads (their readers cite the printing code). */
    public enum Format {
        /** {@code openssl s_client -msg} / {@code s_server -msg} (apps/lib/s_cb.c {@code msg_cb}). */
        OPENSSL_MSG("openssl -msg"),
        /** {@code openssl s_client -trace} / {@code s_server -trace} (ssl/t1_trce.c {@code SSL_trace}). */
        OPENSSL_TRACE("openssl -trace"),
        /** {@code -Djavax.net.debug=ssl:record:packet} hex dumps: JDK 11+ {@code Raw write (} and JDK 8 {@code [Raw write]}. */
        JDK_DEBUG("javax.net.debug");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        /** How the format is called on the command line, e.g. {@code openssl -msg}. */
        public String label() {
            return label;
        }

        /** The stable id used in JSON: {@code openssl-msg}, {@code openssl-trace}, {@code javax-net-debug}. */
        public String id() {
            return this == JDK_DEBUG
                    ? "javax-net-debug"
                    : name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Relative to the program that printed the trace. */
    public enum Flow {
        /** It wrote the record ({@code >>>}, {@code Sent Record}, {@code Raw write}). */
        SENT,
        /** It read the record ({@code <<<}, {@code Received Record}, {@code Raw read}). */
        RECEIVED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The TLS role of the program that printed a trace. */
    public enum Role {
        CLIENT,
        SERVER;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One record's place in the trace.
     *
     * @param flow sent or received by the program that printed the trace
     * @param line the 1-based line of the trace where the record (its header, or its first bytes) is printed
     */
    public record Origin(Flow flow, int line) {}

    /**
     * Client or server: the side that sends the ClientHello is the client (RFC 8446 §4.1.2). Empty when the records
     * hold no ClientHello.
     */
    public Optional<Role> printedBy(List<TlsRecord> records) {
        for (int i = 0; i < records.size() && i < origins.size(); i++) {
            for (Message m : records.get(i).messages()) {
                if (m instanceof Message.HandshakeMessage h && h.msgType() == HandshakeType.CLIENT_HELLO) {
                    return Optional.of(origins.get(i).flow() == Flow.SENT ? Role.CLIENT : Role.SERVER);
                }
            }
        }
        return Optional.empty();
    }
}
