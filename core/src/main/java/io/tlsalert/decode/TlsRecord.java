package io.tlsalert.decode;

import java.util.List;

/** A record as it stood in the input, with what it carries. */
public sealed interface TlsRecord {
    /** Byte offset of the record header in the input. */
    long offset();

    List<Message> messages();

    /**
     * <pre>
     * struct {
     *     ContentType type;
     *     ProtocolVersion legacy_record_version;
     *     uint16 length;
     *     opaque fragment[TLSPlaintext.length];
     * } TLSPlaintext;                          (RFC 8446 §5.1, RFC 5246 §6.2.1)
     * </pre>
     *
     * @param overflow the length is above what the RFC allows (2^14 plaintext, 2^14+256 TLS 1.3 ciphertext,
     *                 2^14+2048 TLS 1.2 ciphertext): the receiver answers record_overflow
     */
    record Tls(
            long offset, int contentType, int legacyRecordVersion, int length, boolean overflow, List<Message> messages)
            implements TlsRecord {}

    /**
     * <pre>
     * struct {
     *     ContentType type;
     *     ProtocolVersion version;
     *     uint16 epoch;
     *     uint48 sequence_number;
     *     uint16 length;
     *     opaque fragment[DTLSPlaintext.length];
     * } DTLSPlaintext;                         (RFC 6347 §4.1, RFC 9147 §4)
     * </pre>
     */
    record Dtls(
            long offset,
            int contentType,
            int version,
            int epoch,
            long sequenceNumber,
            int length,
            boolean overflow,
            List<Message> messages)
            implements TlsRecord {}

    /**
     * DTLS 1.3 unified header (RFC 9147 §4): first byte {@code 0 0 1 C S L E E}; C: a connection ID follows,
     * S: 16-bit (else 8-bit) sequence number, L: a length field is present, EE: low bits of the epoch.
     *
     * @param sequenceNumberLow the (encrypted) low bits of the sequence number
     * @param length            the ciphertext length (to the end of the datagram when L is 0)
     */
    record DtlsUnified(
            long offset,
            boolean connectionId,
            boolean sequence16,
            boolean lengthPresent,
            int epochLowBits,
            int sequenceNumberLow,
            int length,
            List<Message> messages)
            implements TlsRecord {}

    /** SSL 2.0 record with a 2-byte header (high bit set): {@code uint15 length} then the message. */
    record Sslv2(long offset, int length, List<Message> messages) implements TlsRecord {}

    /** Handshake messages given without a record header (as {@code openssl s_client -msg} prints them). */
    record BareHandshake(long offset, List<Message> messages) implements TlsRecord {}
}
