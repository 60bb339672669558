package io.tlsalert.decode;

import java.util.List;

/** What a trace reader finds, in trace order; {@link TraceDecoder} turns the events into records. */
sealed interface TraceEvent {
    Trace.Flow flow();

    /** 1-based line of the trace where the event is printed. */
    int line();

    /** A piece of one direction's byte stream as it crossed the wire (javax.net.debug {@code Raw write}/{@code Raw read}). */
    record Wire(Trace.Flow flow, int line, byte[] bytes) implements TraceEvent {}

    /** A record header printed on its own: the 5 bytes of TLSPlaintext before its fragment (-msg {@code RecordHeader}). */
    record Header(Trace.Flow flow, int line, byte[] bytes) implements TraceEvent {}

    /**
     * Content of one type as the program handed it to its record layer or got it from it: for handshake, whole
     * messages; decrypted when the record was encrypted (-msg {@code Handshake}, {@code Alert}, ...).
     *
     * @param version the version the line names (for a record made from content without a printed header)
     */
    record Content(Trace.Flow flow, int line, int contentType, int version, byte[] bytes) implements TraceEvent {}

    /**
     * A record the trace describes in words (-trace): its header fields and what it says of the messages, their
     * offsets counted from the start of the fragment.
     */
    record Described(Trace.Flow flow, int line, int contentType, int version, int length, List<Message> messages)
            implements TraceEvent {}

    /**
     * The program's own line naming an alert it wrote or read, for the record that carries it when that record is
     * encrypted (javax.net.debug: {@code WRITE: TLSv1.3 alert(certificate_unknown), length = 2} before the
     * {@code Raw write}; {@code "Received alert message"} with its level and description after the {@code Raw read}).
     *
     * @param level the alert level, -1 when the line does not say
     */
    record Named(Trace.Flow flow, int line, int level, int description) implements TraceEvent {}
}
