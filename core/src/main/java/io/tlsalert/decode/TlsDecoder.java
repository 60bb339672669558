package io.tlsalert.decode;

import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final List<TlsRecord> records = new ArrayList<>();

    /** After ChangeCipherSpec, or after a TLS 1.3 ServerHello, records are encrypted. */
    private boolean encrypted;
    /** The version the ServerHello chose, 0 until one is seen. */
    private int negotiated;

    /** Handshake messages of TLS records (a message may span records, a record may hold several). */
    private final HandshakeJoiner joiner = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);

    private final HandshakeJoiner.Sink sink = this::message;
    /** The messages the record being fed completed: the first, then all of them once there are two. */
    private Message firstJoined;

    private List<Message> joined;

    /** DTLS messages arriving in fragments, by message_seq. */
    private final Map<Integer, DtlsAssembly> assemblies = new HashMap<>(0);

    private TlsDecoder(byte[] in) {
        this.in = in;
    }

    /** Decodes {@code bytes}; never throws for any input. */
    public static Decoding decode(byte[] bytes) {
        return new TlsDecoder(bytes).run();
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
                    pos = record(pos);
                }
                if (joiner.pending() > 0) {
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
        if (b0 < 20 || b0 > 27 || in.length - pos < 3) {
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
        return type >= 1 && type <= 24 && len <= in.length - pos - 4;
    }

    // ---- records ----------------------------------------------------------------------------------------------------

    private int record(int pos) {
        int b0 = in[pos] & 0xff;
        if ((b0 & 0x80) != 0) {
            return sslv2(pos);
        }
        if ((b0 & 0xE0) == 0x20) {
            return dtlsUnified(pos);
        }
        if (b0 < 20 || b0 > 27) {
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
            throw new DecodeException(
                    "TLSPlaintext.fragment",
                    pos + 5,
                    "the record declares " + length + " bytes but the input has " + c.remaining() + " (truncated?)");
        }
        boolean overflow = length > limit(b0);
        List<Message> messages = content(b0, pos + 5, length, false);
        records.add(new TlsRecord.Tls(pos, b0, version, length, overflow, messages));
        return pos + 5 + length;
    }

    private int limit(int contentType) {
        if (!encrypted && contentType != ContentType.APPLICATION_DATA) {
            return MAX_PLAINTEXT;
        }
        return ProtocolVersion.isTls13(negotiated) ? MAX_CIPHERTEXT_TLS13 : MAX_CIPHERTEXT_TLS12;
    }

    private int dtls(int pos) {
        Cursor c = new Cursor(in, pos, in.length);
        int type = c.u8("DTLSPlaintext.type");
        int version = c.u16("DTLSPlaintext.version");
        int epoch = c.u16("DTLSPlaintext.epoch");
        long seq = c.u48("DTLSPlaintext.sequence_number");
        int length = c.u16("DTLSPlaintext.length");
        if (length > c.remaining()) {
            throw new DecodeException(
                    "DTLSPlaintext.fragment",
                    pos + 13,
                    "the record declares " + length + " bytes but the input has " + c.remaining() + " (truncated?)");
        }
        if (epoch > 0 && type != ContentType.ALERT) {
            encrypted = true;
        }
        boolean overflow = length > limit(type);
        List<Message> messages = content(type, pos + 13, length, true);
        records.add(new TlsRecord.Dtls(pos, type, version, epoch, seq, length, overflow, messages));
        return pos + 13 + length;
    }

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
        records.add(new TlsRecord.DtlsUnified(pos, cid, s16, hasLength, flags & 0x03, seq, length, m));
        return c.pos();
    }

    /**
     * SSL 2.0 record with a 2-byte header: {@code length = ((byte[0] & 0x7f) << 8) | byte[1]}, then the message
     * (RFC 5246 Appendix E.2; the SSL 2.0 draft).
     */
    private int sslv2(int pos) {
        Cursor c = new Cursor(in, pos, in.length);
        int length = c.u16("SSLv2 record length") & 0x7FFF;
        Cursor body = c.slice(length, "SSLv2 record body");
        int type = body.u8("SSLv2 msg_type");
        Message m;
        if (type == 1) {
            int version = body.u16("CLIENT-HELLO.version");
            int specLen = body.u16("CLIENT-HELLO.cipher_spec_length");
            int sidLen = body.u16("CLIENT-HELLO.session_id_length");
            int chLen = body.u16("CLIENT-HELLO.challenge_length");
            if (specLen % 3 != 0) {
                throw new DecodeException(
                        "CLIENT-HELLO.cipher_spec_length", pos + 5, specLen + " is not a multiple of 3");
            }
            if (specLen == 0) {
                throw new DecodeException("CLIENT-HELLO.cipher_spec_length", pos + 5, "no cipher specs");
            }
            int[] specs = new int[specLen / 3];
            for (int i = 0; i < specs.length; i++) {
                specs[i] = body.u24("CLIENT-HELLO.cipher_specs");
            }
            byte[] sid = body.bytes(sidLen, "CLIENT-HELLO.session_id");
            byte[] challenge = body.bytes(chLen, "CLIENT-HELLO.challenge");
            body.expectEnd("CLIENT-HELLO");
            m = new Message.Sslv2ClientHello(pos + 2, version, specs, sid, challenge);
        } else if (type == 0) {
            m = new Message.Sslv2Error(pos + 2, body.u16("ERROR.error_code"));
        } else {
            m = new Message.Sslv2Other(pos + 2, type, length);
        }
        records.add(new TlsRecord.Sslv2(pos, length, List.of(m)));
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
        joined = null;
        firstJoined = null;
        joiner.feed(in, at, length, at, sink);
        if (joined != null) {
            return joined;
        }
        return firstJoined == null ? List.of() : List.of(firstJoined);
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

    /** DTLS handshake fragments of one record (RFC 6347 §4.2.2). */
    private List<Message> dtlsHandshake(int at, int length) {
        List<Message> out = new ArrayList<>(2);
        Cursor c = new Cursor(in, at, at + length);
        while (c.hasRemaining()) {
            int start = c.pos();
            int type = c.u8("Handshake.msg_type");
            int len = c.u24("Handshake.length");
            int seq = c.u16("Handshake.message_seq");
            int fragOffset = c.u24("Handshake.fragment_offset");
            int fragLength = c.u24("Handshake.fragment_length");
            if ((long) fragOffset + fragLength > len) {
                throw new DecodeException(
                        "Handshake.fragment_length",
                        start + 9,
                        "fragment " + fragOffset + "+" + fragLength + " overruns the message length " + len);
            }
            Cursor frag = c.slice(fragLength, "Handshake fragment");
            if (fragOffset == 0 && fragLength == len) {
                out.add(new Message.HandshakeMessage(
                        start, type, len, seq, body(type, frag, true, OffsetMap.IDENTITY)));
                continue;
            }
            DtlsAssembly a = assemblies.get(seq);
            if (a == null) {
                a = new DtlsAssembly(type, len, start);
                assemblies.put(seq, a);
            } else if (a.type != type || a.bytes.length != len) {
                throw new DecodeException(
                        "Handshake.length",
                        start + 1,
                        "fragment of message_seq " + seq + " says msg_type " + type + " and length " + len
                                + ", an earlier fragment said msg_type " + a.type + " and length " + a.bytes.length);
            }
            a.add(in, frag.pos(), fragOffset, fragLength);
            if (a.complete()) {
                assemblies.remove(seq);
                OffsetMap map = a.offsets();
                Handshake h;
                try {
                    h = body(type, new Cursor(a.bytes, 0, len), true, map);
                } catch (DecodeException e) {
                    throw map.remap(e);
                }
                out.add(new Message.HandshakeMessage(a.firstOffset, type, len, seq, h));
            } else {
                out.add(new Message.HandshakeMessage(
                        start, type, len, seq, new Handshake.Fragment(fragOffset, fragLength)));
            }
        }
        return out;
    }

    /** A DTLS message being put together from its fragments. */
    private static final class DtlsAssembly {
        final int type;
        final byte[] bytes;
        final boolean[] have;
        final long firstOffset;
        int covered;

        DtlsAssembly(int type, int length, long firstOffset) {
            this.type = type;
            this.bytes = new byte[length];
            this.have = new boolean[length];
            this.firstOffset = firstOffset;
        }

        /** Fragment offsets in the message, and where each fragment's data stood in the input. */
        final java.util.TreeMap<Integer, Long> pieces = new java.util.TreeMap<>();

        void add(byte[] src, int from, int offset, int length) {
            System.arraycopy(src, from, bytes, offset, length);
            pieces.put(offset, (long) from);
            for (int i = offset; i < offset + length; i++) {
                if (!have[i]) {
                    have[i] = true;
                    covered++;
                }
            }
        }

        boolean complete() {
            return covered == bytes.length;
        }

        OffsetMap offsets() {
            int[] starts = new int[pieces.size()];
            long[] inputs = new long[pieces.size()];
            int i = 0;
            for (Map.Entry<Integer, Long> e : pieces.entrySet()) {
                starts[i] = e.getKey();
                inputs[i] = e.getValue();
                i++;
            }
            return OffsetMap.pieces(starts, inputs);
        }
    }
}
