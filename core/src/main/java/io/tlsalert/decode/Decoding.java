package io.tlsalert.decode;

import java.util.List;
import java.util.Optional;

/**
 * What the bytes hold.
 *
 * @param records  every record decoded, in input order (those before a problem, when there is one)
 * @param problem  why decoding stopped before the end of the input, if it did
 * @param length   input length in bytes (for a trace: the bytes of both directions)
 * @param trace    where each record stood in the trace, when the input was a trace ({@link TraceDecoder})
 */
public record Decoding(List<TlsRecord> records, Optional<DecodeProblem> problem, long length, Optional<Trace> trace) {
    public Decoding {
        records = List.copyOf(records);
        java.util.Objects.requireNonNull(trace, "trace");
    }

    /** A decoding of bytes (not of a trace). */
    public Decoding(List<TlsRecord> records, Optional<DecodeProblem> problem, long length) {
        this(records, problem, length, Optional.empty());
    }

    /** Every alert in the input, plaintext ones decoded. */
    public List<Message.Alert> alerts() {
        java.util.ArrayList<Message.Alert> l = new java.util.ArrayList<>();
        for (TlsRecord r : records) {
            for (Message m : r.messages()) {
                if (m instanceof Message.Alert a) {
                    l.add(a);
                }
            }
        }
        return l;
    }
}
