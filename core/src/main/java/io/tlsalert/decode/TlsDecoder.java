package io.tlsalert.decode;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

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

    /** SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest (RFC 8446 §4.1.3). */
    private static final byte[] HRR_RANDOM = {
        (byte) 0xCF,
        0x21,
        (byte) 0xAD,
        0x74,
        (byte) 0xE5,
        (byte) 0x9A,
        0x61,
        0x11,
        (byte) 0xBE,
        0x1D,
        (byte) 0x8C,
        0x02,
        0x1E,
        0x65,
        (byte) 0xB8,
        (byte) 0x91,
        (byte) 0xC2,
        (byte) 0xA2,
        0x11,
        0x16,
        0x7A,
        (byte) 0xBB,
        (byte) 0x8C,
        0x5E,
        0x07,
        (byte) 0x9E,
        0x09,
        (byte) 0xE2,
        (byte) 0xC8,
        (byte) 0xA8,
        0x33,
        (byte) 0x9C
    };

    private final byte[] in;
    private final List<TlsRecord> records = new ArrayList<>();

    /** After ChangeCipherSpec, or after a TLS 1.3 ServerHello, records are encrypted. */
    private boolean encrypted;
    /** The version the ServerHello chose, 0 until one is seen. */
    private int negotiated;

    /** Handshake bytes of TLS records not yet forming a whole message (a message may span records). */
    private byte[] pending = new byte[0];

    private int pendingLen;
    /** For each byte of {@link #pending}, where it stood in the input: start offsets of the appended pieces. */
    private final List<long[]> pendingPieces = new ArrayList<>(0);

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
                if (pendingLen > 0) {
                    throw new DecodeException(
                            "Handshake",
                            pendingPieces.get(0)[1],
                            "handshake message continues beyond the input (" + pendingLen + " bytes of it are here)");
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
        if (!encrypted && contentType != 23) {
            return MAX_PLAINTEXT;
        }
        return negotiated == 0x0304 ? MAX_CIPHERTEXT_TLS13 : MAX_CIPHERTEXT_TLS12;
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
        if (epoch > 0 && type != 21) {
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
            case 20 -> {
                Cursor c = new Cursor(in, at, at + length);
                int v = c.u8("ChangeCipherSpec.type");
                c.expectEnd("ChangeCipherSpec");
                encrypted = true;
                return List.of(new Message.ChangeCipherSpec(at, v));
            }
            case 21 -> {
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
            case 22 -> {
                if (encrypted) {
                    return List.of(new Message.Encrypted(at, type, length, Message.Likely.DATA));
                }
                if (length == 0) {
                    throw new DecodeException(
                            "TLSPlaintext.length", at - 2, "a handshake record must not be empty (RFC 8446 §5.1)");
                }
                return dtls ? dtlsHandshake(at, length) : handshake(at, length);
            }
            case 23 -> {
                Message.Likely l =
                        negotiated == 0x0304 && length == 19 ? Message.Likely.TLS13_ALERT : Message.Likely.DATA;
                return List.of(new Message.Encrypted(at, type, length, l));
            }
            case 24 -> {
                return List.of(new Message.Heartbeat(at, length));
            }
            default -> {
                return List.of(new Message.Unknown(at, type, length));
            }
        }
    }

    // ---- handshake messages ---------------------------------------------------------------------------------------

    /** Handshake bytes of one TLS record: whole messages are read in place; the rest waits for the next record. */
    private List<Message> handshake(int at, int length) {
        int pos = at;
        int end = at + length;
        // The usual record: exactly one whole message, read in place.
        if (pendingLen == 0 && length >= 4) {
            int len = (in[pos + 1] & 0xff) << 16 | (in[pos + 2] & 0xff) << 8 | in[pos + 3] & 0xff;
            if (len == length - 4) {
                int type = in[pos] & 0xff;
                return List.of(new Message.HandshakeMessage(
                        pos, type, len, -1, body(type, new Cursor(in, pos + 4, end), false, OffsetMap.IDENTITY)));
            }
        }
        List<Message> out = new ArrayList<>(2);
        if (pendingLen > 0) {
            append(pos, length);
            pos = end;
            drainPending(out);
            return out;
        }
        while (pos < end) {
            if (end - pos >= 4) {
                int len = (in[pos + 1] & 0xff) << 16 | (in[pos + 2] & 0xff) << 8 | in[pos + 3] & 0xff;
                if (len <= end - pos - 4) {
                    int type = in[pos] & 0xff;
                    Cursor body = new Cursor(in, pos + 4, pos + 4 + len);
                    out.add(new Message.HandshakeMessage(
                            pos, type, len, -1, body(type, body, false, OffsetMap.IDENTITY)));
                    pos += 4 + len;
                    continue;
                }
            }
            append(pos, end - pos);
            pos = end;
        }
        return out;
    }

    private void append(int at, int n) {
        if (pendingLen + n > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLen + n, pending.length * 2));
        }
        System.arraycopy(in, at, pending, pendingLen, n);
        pendingPieces.add(new long[] {pendingLen, at});
        pendingLen += n;
    }

    /** Where byte {@code i} of the pending buffer stood in the input. */
    private long inputOffset(int i) {
        long[] best = pendingPieces.get(0);
        for (long[] p : pendingPieces) {
            if (p[0] <= i) {
                best = p;
            }
        }
        return best[1] + (i - best[0]);
    }

    /** The offset map of pending[from, from + len). */
    private OffsetMap pendingMap(int from, int len) {
        int n = 0;
        int[] starts = new int[pendingPieces.size()];
        long[] inputs = new long[pendingPieces.size()];
        for (int i = 0; i < pendingPieces.size(); i++) {
            int pieceStart = (int) pendingPieces.get(i)[0];
            int pieceEnd = i + 1 < pendingPieces.size() ? (int) pendingPieces.get(i + 1)[0] : pendingLen;
            if (pieceEnd <= from || pieceStart >= from + len) {
                continue;
            }
            int s = Math.max(pieceStart, from);
            starts[n] = s - from;
            inputs[n] = inputOffset(s);
            n++;
        }
        return new OffsetMap(Arrays.copyOf(starts, n), Arrays.copyOf(inputs, n));
    }

    private void drainPending(List<Message> out) {
        int pos = 0;
        while (pendingLen - pos >= 4) {
            int len = (pending[pos + 1] & 0xff) << 16 | (pending[pos + 2] & 0xff) << 8 | pending[pos + 3] & 0xff;
            if (len > pendingLen - pos - 4) {
                break;
            }
            int type = pending[pos] & 0xff;
            byte[] copy = Arrays.copyOfRange(pending, pos + 4, pos + 4 + len);
            long start = inputOffset(pos);
            OffsetMap map = pendingMap(pos + 4, len);
            Handshake h;
            try {
                h = body(type, new Cursor(copy, 0, len), false, map);
            } catch (DecodeException e) {
                throw map.remap(e);
            }
            out.add(new Message.HandshakeMessage(start, type, len, -1, h));
            pos += 4 + len;
        }
        // keep the unread tail
        int rest = pendingLen - pos;
        if (rest == 0) {
            pendingLen = 0;
            pendingPieces.clear();
        } else if (pos > 0) {
            long restStart = inputOffset(pos);
            System.arraycopy(pending, pos, pending, 0, rest);
            pendingLen = rest;
            pendingPieces.clear();
            pendingPieces.add(new long[] {0, restStart});
        }
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
            return new OffsetMap(starts, inputs);
        }
    }

    /**
     * Reads a message body. {@code map} turns positions in the cursor's buffer into input offsets: the identity for a
     * message read in place, a piecewise map for one put together from several records or fragments.
     */
    private Handshake body(int type, Cursor c, boolean dtls, OffsetMap map) {
        Handshake h = switch (type) {
            case 1 -> clientHello(c, dtls, map);
            case 2 -> serverHello(c, map);
            case 3 -> helloVerifyRequest(c);
            case 8 ->
                new Handshake.EncryptedExtensions(extensions(c, "EncryptedExtensions.extensions", 0, Ctx.EE, map));
            case 11 -> certificate(c, map);
            case 13 -> certificateRequest(c, map);
            case 24 -> {
                int r = c.u8("KeyUpdate.request_update");
                c.expectEnd("KeyUpdate");
                yield new Handshake.KeyUpdate(r);
            }
            default -> {
                int n = c.remaining();
                c.skip(n, "body");
                yield new Handshake.Other(n);
            }
        };
        return h;
    }

    private enum Ctx {
        CH,
        SH,
        HRR,
        EE,
        CR,
        CT
    }

    private Handshake.ClientHello clientHello(Cursor c, boolean dtls, OffsetMap map) {
        int version = c.u16("ClientHello.legacy_version");
        byte[] random = c.bytes(32, "ClientHello.random");
        Cursor sid = c.vector(1, 0, 32, "ClientHello.legacy_session_id");
        byte[] sessionId = Arrays.copyOfRange(c.buf, sid.pos(), sid.end());
        Optional<byte[]> cookie = Optional.empty();
        if (dtls) {
            Cursor ck = c.vector(1, 0, 255, "ClientHello.cookie");
            cookie = Optional.of(Arrays.copyOfRange(c.buf, ck.pos(), ck.end()));
        }
        Cursor cs = c.vector(2, 2, 0xFFFE, "ClientHello.cipher_suites");
        if (cs.remaining() % 2 != 0) {
            throw new DecodeException(
                    "ClientHello.cipher_suites",
                    cs.pos() - 2,
                    "length " + cs.remaining() + " is odd: cipher suites are 2 bytes each");
        }
        int[] suites = new int[cs.remaining() / 2];
        for (int i = 0; i < suites.length; i++) {
            suites[i] = cs.u16("ClientHello.cipher_suites");
        }
        Cursor cm = c.vector(1, 1, 255, "ClientHello.legacy_compression_methods");
        int[] comp = new int[cm.remaining()];
        for (int i = 0; i < comp.length; i++) {
            comp[i] = cm.u8("ClientHello.legacy_compression_methods");
        }
        List<Extension> ext = c.hasRemaining() ? extensions(c, "ClientHello.extensions", 0, Ctx.CH, map) : List.of();
        c.expectEnd("ClientHello");
        return new Handshake.ClientHello(version, random, sessionId, cookie, suites, comp, ext);
    }

    private Handshake.ServerHello serverHello(Cursor c, OffsetMap map) {
        int version = c.u16("ServerHello.legacy_version");
        byte[] random = c.bytes(32, "ServerHello.random");
        boolean hrr = Arrays.equals(random, HRR_RANDOM);
        Cursor sid = c.vector(1, 0, 32, "ServerHello.legacy_session_id_echo");
        byte[] sessionId = Arrays.copyOfRange(c.buf, sid.pos(), sid.end());
        int suite = c.u16("ServerHello.cipher_suite");
        int comp = c.u8("ServerHello.legacy_compression_method");
        List<Extension> ext = c.hasRemaining()
                ? extensions(
                        c,
                        hrr ? "HelloRetryRequest.extensions" : "ServerHello.extensions",
                        0,
                        hrr ? Ctx.HRR : Ctx.SH,
                        map)
                : List.of();
        c.expectEnd(hrr ? "HelloRetryRequest" : "ServerHello");
        Handshake.ServerHello sh = new Handshake.ServerHello(version, random, sessionId, suite, comp, ext, hrr);
        if (!hrr) {
            negotiated = sh.version();
            if (negotiated == 0x0304 || negotiated == 0xFEFC) {
                encrypted = true;
            }
        }
        return sh;
    }

    private Handshake.HelloVerifyRequest helloVerifyRequest(Cursor c) {
        int version = c.u16("HelloVerifyRequest.server_version");
        Cursor ck = c.vector(1, 0, 255, "HelloVerifyRequest.cookie");
        c.expectEnd("HelloVerifyRequest");
        return new Handshake.HelloVerifyRequest(version, Arrays.copyOfRange(c.buf, ck.pos(), ck.end()));
    }

    private boolean tls13() {
        return negotiated == 0x0304 || negotiated == 0xFEFC;
    }

    private Handshake.Certificate certificate(Cursor c, OffsetMap map) {
        boolean form13 = negotiated != 0 ? tls13() : looksLikeTls13Certificate(c);
        Optional<byte[]> context = Optional.empty();
        if (form13) {
            Cursor ctx = c.vector(1, 0, 255, "Certificate.certificate_request_context");
            context = Optional.of(Arrays.copyOfRange(c.buf, ctx.pos(), ctx.end()));
        }
        Cursor list = c.vector(3, 0, 0xFFFFFF, "Certificate.certificate_list");
        List<Handshake.CertificateEntry> entries = new ArrayList<>();
        int i = 0;
        while (list.hasRemaining()) {
            try {
                Cursor der = list.vector(3, 1, 0xFFFFFF, "cert_data");
                List<Extension> ext = form13 ? extensions(list, "extensions", 0, Ctx.CT, map) : List.of();
                entries.add(certificateEntry(der, ext, map));
            } catch (DecodeException e) {
                throw e.within("Certificate.certificate_list[" + i + "]");
            }
            i++;
        }
        c.expectEnd("Certificate");
        return new Handshake.Certificate(context, entries);
    }

    /** With no ServerHello in the input, the TLS 1.3 form is the one whose lengths add up. */
    private static boolean looksLikeTls13Certificate(Cursor c) {
        int p = c.pos();
        int n = c.remaining();
        if (n < 4) {
            return false;
        }
        int ctx = c.buf[p] & 0xff;
        if (1 + ctx + 3 > n) {
            return false;
        }
        int q = p + 1 + ctx;
        int len = (c.buf[q] & 0xff) << 16 | (c.buf[q + 1] & 0xff) << 8 | c.buf[q + 2] & 0xff;
        return len == n - 1 - ctx - 3;
    }

    private static volatile CertificateFactory x509;

    private static CertificateFactory x509() throws CertificateException {
        CertificateFactory f = x509;
        if (f == null) {
            f = CertificateFactory.getInstance("X.509");
            x509 = f;
        }
        return f;
    }

    private static Handshake.CertificateEntry certificateEntry(Cursor der, List<Extension> ext, OffsetMap map) {
        int len = der.remaining();
        long at = map.at(der.pos());
        try {
            X509Certificate cert =
                    (X509Certificate) x509().generateCertificate(new ByteArrayInputStream(der.buf, der.pos(), len));
            List<String> sans = new ArrayList<>();
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> e : alt) {
                    if (e.size() >= 2) {
                        sans.add(String.valueOf(e.get(1)));
                    }
                }
            }
            Handshake.CertificateInfo info = new Handshake.CertificateInfo(
                    cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                    cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                    cert.getNotBefore().toInstant().toString(),
                    cert.getNotAfter().toInstant().toString(),
                    cert.getSerialNumber().toString(16),
                    cert.getSigAlgName(),
                    sans);
            return new Handshake.CertificateEntry(at, len, Optional.of(info), Optional.empty(), ext);
        } catch (CertificateException | RuntimeException e) {
            return new Handshake.CertificateEntry(
                    at, len, Optional.empty(), Optional.of("not a parsable X.509 certificate: " + e.getMessage()), ext);
        }
    }

    private Handshake.CertificateRequest certificateRequest(Cursor c, OffsetMap map) {
        boolean form13 = negotiated != 0 ? tls13() : looksLikeTls13CertificateRequest(c);
        if (form13) {
            Cursor ctx = c.vector(1, 0, 255, "CertificateRequest.certificate_request_context");
            byte[] context = Arrays.copyOfRange(c.buf, ctx.pos(), ctx.end());
            List<Extension> ext = extensions(c, "CertificateRequest.extensions", 2, Ctx.CR, map);
            c.expectEnd("CertificateRequest");
            int[] schemes = new int[0];
            List<String> cas = List.of();
            for (Extension e : ext) {
                if (e.data() instanceof Extension.SignatureSchemes s && e.type() == 13) {
                    schemes = s.schemes();
                } else if (e.data() instanceof Extension.CertificateAuthorities a) {
                    cas = a.names();
                }
            }
            return new Handshake.CertificateRequest(Optional.of(context), new int[0], schemes, cas, ext);
        }
        Cursor types = c.vector(1, 1, 255, "CertificateRequest.certificate_types");
        int[] t = new int[types.remaining()];
        for (int i = 0; i < t.length; i++) {
            t[i] = types.u8("CertificateRequest.certificate_types");
        }
        int[] schemes = new int[0];
        // TLS 1.2 has supported_signature_algorithms; TLS 1.0/1.1 go straight to the CA names.
        if (negotiated == 0x0303
                || negotiated == 0xFEFD
                || negotiated == 0 && c.remaining() >= 2 && tls12CertificateRequest(c)) {
            Cursor sa = c.vector(2, 2, 0xFFFE, "CertificateRequest.supported_signature_algorithms");
            schemes = u16s(sa, "CertificateRequest.supported_signature_algorithms");
        }
        List<String> cas = distinguishedNames(
                c.vector(2, 0, 0xFFFF, "CertificateRequest.certificate_authorities"),
                "CertificateRequest.certificate_authorities",
                map);
        c.expectEnd("CertificateRequest");
        return new Handshake.CertificateRequest(Optional.empty(), t, schemes, cas, List.of());
    }

    private static boolean looksLikeTls13CertificateRequest(Cursor c) {
        int p = c.pos();
        int n = c.remaining();
        if (n < 3) {
            return false;
        }
        int ctx = c.buf[p] & 0xff;
        if (1 + ctx + 2 > n) {
            return false;
        }
        int q = p + 1 + ctx;
        int len = (c.buf[q] & 0xff) << 8 | c.buf[q + 1] & 0xff;
        return len == n - 1 - ctx - 2 && len >= 2;
    }

    /** After certificate_types: TLS 1.2 if a signature-algorithms vector followed by a CA-names vector fills the rest. */
    private static boolean tls12CertificateRequest(Cursor c) {
        int p = c.pos();
        int n = c.remaining();
        int sa = (c.buf[p] & 0xff) << 8 | c.buf[p + 1] & 0xff;
        if (2 + sa + 2 > n) {
            return false;
        }
        int q = p + 2 + sa;
        int ca = (c.buf[q] & 0xff) << 8 | c.buf[q + 1] & 0xff;
        return 2 + sa + 2 + ca == n;
    }

    private static List<String> distinguishedNames(Cursor v, String field, OffsetMap map) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (v.hasRemaining()) {
            Cursor dn = v.vector(2, 1, 0xFFFF, field + "[" + i + "]");
            try {
                names.add(new X500Principal(Arrays.copyOfRange(v.buf, dn.pos(), dn.end()))
                        .getName(X500Principal.RFC2253));
            } catch (IllegalArgumentException e) {
                throw new DecodeException(
                        field + "[" + i + "]", dn.pos(), "not a DER DistinguishedName: " + e.getMessage());
            }
            i++;
        }
        return names;
    }

    private static int[] u16s(Cursor c, String field) {
        if (c.remaining() % 2 != 0) {
            throw new DecodeException(field, c.pos(), "length " + c.remaining() + " is odd: entries are 2 bytes each");
        }
        int[] v = new int[c.remaining() / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.u16(field);
        }
        return v;
    }

    private static int[] u8s(Cursor c, String field) {
        int[] v = new int[c.remaining()];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.u8(field);
        }
        return v;
    }

    // ---- extensions -------------------------------------------------------------------------------------------------

    private List<Extension> extensions(Cursor c, String field, int min, Ctx ctx, OffsetMap map) {
        Cursor list = c.vector(2, min, 0xFFFF, field);
        List<Extension> out = new ArrayList<>(16);
        int i = 0;
        while (list.hasRemaining()) {
            int at = list.pos();
            try {
                int type = list.u16("extension_type");
                Cursor data = list.vector(2, 0, 0xFFFF, "extension_data");
                int len = data.remaining();
                out.add(new Extension(map.at(at), type, len, extensionData(type, data, ctx, "extension_data")));
            } catch (DecodeException e) {
                // Field names are built only on this error path: a name per extension would cost more than the parse.
                throw e.within(field + "[" + i + "]");
            }
            i++;
        }
        return out;
    }

    private Extension.Data extensionData(int type, Cursor d, Ctx ctx, String f) {
        if (d.remaining() == 0) {
            return Extension.Empty.INSTANCE;
        }
        Extension.Data data = switch (type) {
            case 0 -> serverNames(d, f);
            case 16 -> alpn(d, f);
            case 10 ->
                new Extension.Groups(u16s(
                        d.vector(2, 2, 0xFFFF, "extension_data.named_group_list"), "extension_data.named_group_list"));
            case 13, 50 ->
                new Extension.SignatureSchemes(u16s(
                        d.vector(2, 2, 0xFFFE, "extension_data.supported_signature_algorithms"),
                        "extension_data.supported_signature_algorithms"));
            case 51 -> keyShare(d, ctx, f);
            case 45 ->
                new Extension.PskModes(u8s(d.vector(1, 1, 255, "extension_data.ke_modes"), "extension_data.ke_modes"));
            case 43 ->
                ctx == Ctx.CH
                        ? new Extension.Versions(
                                u16s(d.vector(1, 2, 254, "extension_data.versions"), "extension_data.versions"))
                        : new Extension.SelectedVersion(d.u16("extension_data.selected_version"));
            case 65281 ->
                new Extension.RenegotiationInfo(d.vector(1, 0, 255, "extension_data.renegotiated_connection")
                        .remaining());
            case 21 -> padding(d);
            case 11 ->
                new Extension.EcPointFormats(u8s(
                        d.vector(1, 1, 255, "extension_data.ec_point_format_list"),
                        "extension_data.ec_point_format_list"));
            case 47 ->
                new Extension.CertificateAuthorities(distinguishedNames(
                        d.vector(2, 3, 0xFFFF, "extension_data.authorities"),
                        "extension_data.authorities",
                        OffsetMap.IDENTITY));
            default -> {
                d.skip(d.remaining(), f);
                yield new Extension.Opaque();
            }
        };
        d.expectEnd(f);
        return data;
    }

    /** RFC 6066 §3: {@code ServerName server_name_list<1..2^16-1>}, each {@code NameType name_type; HostName host_name<1..2^16-1>}. */
    private static Extension.Data serverNames(Cursor d, String f) {
        Cursor list = d.vector(2, 1, 0xFFFF, "extension_data.server_name_list");
        List<String> names = new ArrayList<>(1);
        while (list.hasRemaining()) {
            int nameType = list.u8("extension_data.server_name_list.name_type");
            Cursor name = list.vector(2, 1, 0xFFFF, "extension_data.server_name_list.host_name");
            String s = new String(name.buf, name.pos(), name.remaining(), java.nio.charset.StandardCharsets.ISO_8859_1);
            names.add(nameType == 0 ? s : "(name_type " + nameType + ") " + s);
        }
        return new Extension.ServerNames(names);
    }

    /** RFC 7301 §3.1: {@code ProtocolName protocol_name_list<2..2^16-1>}, each {@code opaque ProtocolName<1..2^8-1>}. */
    private static Extension.Data alpn(Cursor d, String f) {
        Cursor list = d.vector(2, 2, 0xFFFF, "extension_data.protocol_name_list");
        List<String> protocols = new ArrayList<>(2);
        while (list.hasRemaining()) {
            Cursor p = list.vector(1, 1, 255, "extension_data.protocol_name_list.ProtocolName");
            protocols.add(new String(p.buf, p.pos(), p.remaining(), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return new Extension.Alpn(protocols);
    }

    /**
     * RFC 8446 §4.2.8: ClientHello {@code KeyShareEntry client_shares<0..2^16-1>}; ServerHello {@code KeyShareEntry
     * server_share}; HelloRetryRequest {@code NamedGroup selected_group}; KeyShareEntry is
     * {@code NamedGroup group; opaque key_exchange<1..2^16-1>}.
     */
    private static Extension.Data keyShare(Cursor d, Ctx ctx, String f) {
        if (ctx == Ctx.HRR) {
            return new Extension.KeyShareRequest(d.u16("extension_data.selected_group"));
        }
        if (ctx == Ctx.SH) {
            int group = d.u16("extension_data.server_share.group");
            int len = d.vector(2, 1, 0xFFFF, "extension_data.server_share.key_exchange")
                    .remaining();
            return new Extension.KeyShareServer(group, len);
        }
        Cursor list = d.vector(2, 0, 0xFFFF, "extension_data.client_shares");
        int start = list.pos();
        int n = 0;
        while (list.hasRemaining()) {
            list.u16("extension_data.client_shares.group");
            list.vector(2, 1, 0xFFFF, "extension_data.client_shares.key_exchange");
            n++;
        }
        // Second pass over the validated list: exact arrays, no growing.
        int[] groups = new int[n];
        int[] lens = new int[n];
        int p = start;
        for (int i = 0; i < n; i++) {
            groups[i] = (list.buf[p] & 0xff) << 8 | list.buf[p + 1] & 0xff;
            lens[i] = (list.buf[p + 2] & 0xff) << 8 | list.buf[p + 3] & 0xff;
            p += 4 + lens[i];
        }
        return new Extension.KeyShares(groups, lens);
    }

    private static Extension.Data padding(Cursor d) {
        boolean zero = true;
        int n = d.remaining();
        for (int i = 0; i < n; i++) {
            zero &= d.buf[d.pos() + i] == 0;
        }
        d.skip(n, "padding");
        return new Extension.Padding(n, zero);
    }
}
