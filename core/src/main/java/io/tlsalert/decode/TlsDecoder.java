package io.tlsalert.decode;

import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.HandshakeType;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes TLS and DTLS records and the handshake messages in them, from bytes as they crossed the wire (one direction
 * or a capture of both). One pass over the input; a message that lies within one record is read in place, without
 * copying. Decoding stops at the first violation of the RFC's structure, keeping what was decoded before it and saying
 * which field at which byte offset is wrong.
 *
 * <p>Not thread-safe: one instance per input ({@link #decode(byte[])} makes one).
 */
public final class TlsDecoder {
    /** RFC 8446 §5.1 / RFC 5246 §6.2.1: the largest TLSPlaintext fragment. */
    static final int MAX_PLAINTEXT = 1 << 14;
    /** RFC 8446 §5.2: TLSCiphertext may exceed it by 256. */
    static final int MAX_CIPHERTEXT_TLS13 = MAX_PLAINTEXT + 256;
    /** RFC 5246 §6.2.3: TLS 1.2 TLSCiphertext may exceed it by 2048. */
    static final int MAX_CIPHERTEXT_TLS12 = MAX_PLAINTEXT + 2048;

    private final byte[] in;
    private final DecodeLimits limits;
    private final List<TlsRecord> records = new ArrayList<>();
    /** Messages in {@link #records} so far, for {@link DecodeLimits#maxMessages()}. */
    private int messageCount;

    /** After ChangeCipherSpec, or after a TLS 1.3 ServerHello, records are encrypted. */
    private boolean encrypted;
    /** The version the ServerHello chose, 0 until one is seen. */
    private int negotiated;

    /**
     * Handshake messages of TLS records (a message may span records, a record may hold several). Made on the first
     * handshake record, like the DTLS state below: an input of other records allocates neither.
     */
    private HandshakeJoiner joiner;

    private HandshakeJoiner.Sink sink;
    /** The messages the record being fed completed: the first, then all of them once there are two. */
    private Message firstJoined;

    private List<Message> joined;

    /** DTLS handshake messages, put together from their fragments. */
    private DtlsHandshakes dtlsHandshakes;

    private DtlsHandshakes.BodyReader dtlsBody;

    private TlsDecoder(byte[] in, DecodeLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** Decodes {@code bytes} within {@link DecodeLimits#DEFAULT}; never throws for any input. */
    public static Decoding decode(byte[] bytes) {
        return decode(bytes, DecodeLimits.DEFAULT);
    }

    /** Decodes {@code bytes}, stopping at the first of {@code limits} it reaches; never throws for any input. */
    public static Decoding decode(byte[] bytes, DecodeLimits limits) {
        return new TlsDecoder(bytes, java.util.Objects.requireNonNull(limits, "limits")).run();
    }

    private Decoding run() {
        Optional<DecodeProblem> problem = Optional.empty();
        try {
            if (in.length == 0) {
                throw new DecodeException("input", 0, "no bytes");
            }
            if (!recordStart(0) && handshakeStart(0)) {
                bare();
            } else {
                int pos = 0;
                while (pos < in.length) {
                    if (pos >= limits.maxBytes()) {
                        throw limits.stop(DecodeLimits.Limit.BYTES, pos, "bytes");
                    }
                    if (records.size() >= limits.maxRecords()) {
                        throw limits.stop(DecodeLimits.Limit.RECORDS, pos, "records");
                    }
                    pos = record(pos);
                }
                if (joiner != null && joiner.pending() > 0) {
                    throw new DecodeException(
                            "Handshake",
                            joiner.pendingPosition(),
                            "handshake message continues beyond the input (" + joiner.pending()
                                    + " bytes of it are here)");
                }
            }
        } catch (DecodeException e) {
            problem = Optional.of(e.problem());
        }
        return new Decoding(records, problem, in.length);
    }

    /** Does a plausible record header start at {@code pos}? */
    private boolean recordStart(int pos) {
        int b0 = in[pos] & 0xff;
        if ((b0 & 0x80) != 0) {
            return in.length - pos >= 3; // SSL 2.0 header
        }
        if ((b0 & 0xE0) == 0x20) {
            return true; // DTLS 1.3 unified header
        }
        if (!ContentType.isAssigned(b0) || in.length - pos < 3) {
            return false;
        }
        int major = in[pos + 1] & 0xff;
        return major == 3 || major == 0xFE;
    }

    private boolean handshakeStart(int pos) {
        if (in.length - pos < 4) {
            return false;
        }
        int type = in[pos] & 0xff;
        int len = (in[pos + 1] & 0xff) << 16 | (in[pos + 2] & 0xff) << 8 | in[pos + 3] & 0xff;
        // client_hello .. key_update: the messages a bare handshake dump starts with
        return type >= HandshakeType.CLIENT_HELLO && type <= HandshakeType.KEY_UPDATE && len <= in.length - pos - 4;
    }

    // ---- records ----------------------------------------------------------------------------------------------------

    /**
     * The record at {@code pos}; returns where the next one starts.
     *
     * <pre>
     * struct {
     *     ContentType type;
     *     ProtocolVersion legacy_record_version;
     *     uint16 length;
     *     opaque fragment[TLSPlaintext.length];
     * } TLSPlaintext;                          (RFC 8446 §5.1, RFC 5246 §6.2.1)
     * </pre>
     *
     * A first byte with the high bit set is an SSL 2.0 header, {@code 001xxxxx} a DTLS 1.3 unified header, a 0xFE
     * version a DTLSPlaintext.
     */
    private int record(int pos) {
        int b0 = in[pos] & 0xff;
        if ((b0 & 0x80) != 0) {
            TlsRecord.Sslv2 r = Sslv2.read(in, pos);
            add(r);
            return pos + 2 + r.length();
        }
        if ((b0 & 0xE0) == 0x20) {
            return dtlsUnified(pos);
        }
        if (!ContentType.isAssigned(b0)) {
            throw new DecodeException(
                    "TLSPlaintext.type",
                    pos,
                    "content type " + b0 + " is not a TLS content type (20-27)"
                            + (pos == 0 ? ": these bytes do not start with a TLS record" : ""));
        }
        Cursor c = new Cursor(in, pos, in.length);
        c.u8("TLSPlaintext.type");
        if (c.remaining() >= 2 && (in[pos + 1] & 0xff) == 0xFE) {
            return dtls(pos);
        }
        int version = c.u16("TLSPlaintext.legacy_record_version");
        if (version >> 8 != 3) {
            throw new DecodeException(
                    "TLSPlaintext.legacy_record_version",
                    pos + 1,
                    String.format("0x%04X is not a TLS version (0x03xx) or a DTLS one (0xFExx)", version));
        }
        int length = c.u16("TLSPlaintext.length");
        if (length > c.remaining()) {
            throw truncated("TLSPlaintext.fragment", pos + 5, length, c.remaining());
        }
        boolean overflow = length > limit(b0);
        List<Message> messages = content(b0, pos + 5, length, false);
        add(new TlsRecord.Tls(pos, b0, version, length, overflow, messages));
        return pos + 5 + length;
    }

    /** Keeps a decoded record, unless its messages take the input past {@link DecodeLimits#maxMessages()}. */
    private void add(TlsRecord r) {
        int n = r.messages().size();
        if (messageCount + n > limits.maxMessages()) {
            throw limits.stop(DecodeLimits.Limit.MESSAGES, r.offset(), "messages");
        }
        messageCount += n;
        records.add(r);
    }

    private static DecodeException truncated(String field, int at, int length, int remaining) {
        return new DecodeException(
                field, at, "the record declares " + length + " bytes but the input has " + remaining + " (truncated?)");
    }

    private int limit(int contentType) {
        if (!encrypted && contentType != ContentType.APPLICATION_DATA) {
            return MAX_PLAINTEXT;
        }
        return ProtocolVersion.isTls13(negotiated) ? MAX_CIPHERTEXT_TLS13 : MAX_CIPHERTEXT_TLS12;
    }

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
    private int dtls(int pos) {
        Cursor c = new Cursor(in, pos, in.length);
        int type = c.u8("DTLSPlaintext.type");
        int version = c.u16("DTLSPlaintext.version");
        int epoch = c.u16("DTLSPlaintext.epoch");
        long seq = c.u48("DTLSPlaintext.sequence_number");
        int length = c.u16("DTLSPlaintext.length");
        if (length > c.remaining()) {
            throw truncated("DTLSPlaintext.fragment", pos + 13, length, c.remaining());
        }
        if (epoch > 0 && type != ContentType.ALERT) {
            encrypted = true;
        }
        boolean overflow = length > limit(type);
        List<Message> messages = content(type, pos + 13, length, true);
        add(new TlsRecord.Dtls(pos, type, version, epoch, seq, length, overflow, messages));
        return pos + 13 + length;
    }

    /**
     * <pre>
     * struct {
     *     opaque unified_hdr[variable];    (0 0 1 C S L E E: connection ID, 16-bit sequence number, length, epoch)
     *     opaque encrypted_record[length];
     * } DTLSCiphertext;                    (RFC 9147 §4)
     * </pre>
     */
    private int dtlsUnified(int pos) {
        Cursor c = new Cursor(in, pos, in.length);
        int flags = c.u8("DTLSCiphertext.unified_hdr");
        boolean cid = (flags & 0x10) != 0;
        boolean s16 = (flags & 0x08) != 0;
        boolean hasLength = (flags & 0x04) != 0;
        if (cid) {
            throw new DecodeException(
                    "DTLSCiphertext.connection_id",
                    pos + 1,
                    "a connection ID is present; its length was negotiated and is not in the record, so the header cannot be read further");
        }
        int seq = s16 ? c.u16("DTLSCiphertext.sequence_number") : c.u8("DTLSCiphertext.sequence_number");
        int length = hasLength ? c.u16("DTLSCiphertext.length") : c.remaining();
        int at = c.skip(length, "DTLSCiphertext.encrypted_record");
        List<Message> m = List.of(
                new Message.Encrypted(at, -1, length, length == 19 ? Message.Likely.TLS13_ALERT : Message.Likely.DATA));
        add(new TlsRecord.DtlsUnified(pos, cid, s16, hasLength, flags & 0x03, seq, length, m));
        return c.pos();
    }

    private List<Message> content(int type, int at, int length, boolean dtls) {
        switch (type) {
            case ContentType.CHANGE_CIPHER_SPEC -> {
                Cursor c = new Cursor(in, at, at + length);
                int v = c.u8("ChangeCipherSpec.type");
                c.expectEnd("ChangeCipherSpec");
                encrypted = true;
                return List.of(new Message.ChangeCipherSpec(at, v));
            }
            case ContentType.ALERT -> {
                if (length == 2) {
                    return List.of(new Message.Alert(at, in[at] & 0xff, in[at + 1] & 0xff));
                }
                if (encrypted) {
                    Message.Likely l = length == 26
                            ? Message.Likely.TLS12_GCM_ALERT
                            : length == 18 ? Message.Likely.TLS12_CHACHA_ALERT : Message.Likely.ALERT_OTHER_CIPHER;
                    return List.of(new Message.Encrypted(at, type, length, l));
                }
                return List.of(new Message.MalformedAlert(at, length));
            }
            case ContentType.HANDSHAKE -> {
                if (encrypted) {
                    return List.of(new Message.Encrypted(at, type, length, Message.Likely.DATA));
                }
                if (length == 0) {
                    throw new DecodeException(
                            "TLSPlaintext.length", at - 2, "a handshake record must not be empty (RFC 8446 §5.1)");
                }
                return dtls ? dtlsHandshake(at, length) : handshake(at, length);
            }
            case ContentType.APPLICATION_DATA -> {
                Message.Likely l = ProtocolVersion.isTls13(negotiated) && length == 19
                        ? Message.Likely.TLS13_ALERT
                        : Message.Likely.DATA;
                return List.of(new Message.Encrypted(at, type, length, l));
            }
            case ContentType.HEARTBEAT -> {
                return List.of(new Message.Heartbeat(at, length));
            }
            default -> {
                return List.of(new Message.Unknown(at, type, length));
            }
        }
    }

    // ---- handshake messages ---------------------------------------------------------------------------------------

    /**
     * Handshake bytes of one TLS record: whole messages are read in place; a message that spans records is joined and
     * read once whole.
     */
    private List<Message> handshake(int at, int length) {
        // The usual record: exactly one whole message and nothing pending. Read here, in place, without the joiner's
        // callback: the shallower call chain lets the JIT keep the parser's cursors off the heap.
        if ((joiner == null || joiner.pending() == 0 && !joiner.skipping()) && length >= HandshakeJoiner.HEADER) {
            int len = (in[at + 1] & 0xff) << 16 | (in[at + 2] & 0xff) << 8 | in[at + 3] & 0xff;
            if (len == length - HandshakeJoiner.HEADER) {
                int type = in[at] & 0xff;
                Cursor body = new Cursor(in, at + HandshakeJoiner.HEADER, at + length);
                return List.of(
                        new Message.HandshakeMessage(at, type, len, -1, body(type, body, false, OffsetMap.IDENTITY)));
            }
        }
        if (joiner == null) {
            joiner = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
            sink = this::message;
        }
        joined = null;
        firstJoined = null;
        joiner.feed(in, at, length, at, sink);
        if (joined != null) {
            return joined;
        }
        return firstJoined == null ? List.of() : List.of(firstJoined);
    }

    private List<Message> dtlsHandshake(int at, int length) {
        if (dtlsHandshakes == null) {
            dtlsHandshakes = new DtlsHandshakes(limits);
            dtlsBody = (type, c, map) -> body(type, c, true, map);
        }
        return dtlsHandshakes.read(in, at, length, dtlsBody);
    }

    /** The joiner's sink: reads the message and collects it for the record being fed. */
    private void message(int type, byte[] buf, int off, int len, long position, HandshakeJoiner.Spans spans) {
        Message m;
        if (spans.inPlace()) {
            m = new Message.HandshakeMessage(
                    position, type, len, -1, body(type, new Cursor(buf, off, off + len), false, OffsetMap.IDENTITY));
        } else {
            OffsetMap map = OffsetMap.joined(spans, position, off);
            Handshake h;
            try {
                h = body(type, new Cursor(buf, off, off + len), false, map);
            } catch (DecodeException e) {
                throw map.remap(e);
            }
            m = new Message.HandshakeMessage(position, type, len, -1, h);
        }
        if (firstJoined == null) {
            firstJoined = m;
        } else {
            if (joined == null) {
                joined = new ArrayList<>(4);
                joined.add(firstJoined);
            }
            joined.add(m);
        }
    }

    /** Reads a message body and follows what it changes in the record layer: a ServerHello sets the version. */
    private Handshake body(int type, Cursor c, boolean dtls, OffsetMap map) {
        Handshake h = Handshakes.body(type, c, dtls, negotiated, map);
        if (h instanceof Handshake.ServerHello sh && !sh.helloRetryRequest()) {
            negotiated = sh.version();
            if (ProtocolVersion.isTls13(negotiated)) {
                encrypted = true;
            }
        }
        return h;
    }

    /** Handshake messages given without any record header. */
    private void bare() {
        List<Message> out = new ArrayList<>();
        int pos = 0;
        try {
            while (pos < in.length) {
                if (pos >= limits.maxBytes()) {
                    throw limits.stop(DecodeLimits.Limit.BYTES, pos, "bytes");
                }
                if (out.size() >= limits.maxMessages()) {
                    throw limits.stop(DecodeLimits.Limit.MESSAGES, pos, "messages");
                }
                Cursor c = new Cursor(in, pos, in.length);
                int type = c.u8("Handshake.msg_type");
                int len = c.u24("Handshake.length");
                Cursor body = c.slice(len, "Handshake body");
                out.add(new Message.HandshakeMessage(pos, type, len, -1, body(type, body, false, OffsetMap.IDENTITY)));
                pos = c.pos();
            }
        } finally {
            records.add(new TlsRecord.BareHandshake(0, out));
        }
    }
}
