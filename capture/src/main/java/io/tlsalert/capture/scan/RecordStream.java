package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import io.tlsalert.wire.ContentType;

/**
 * Walks the TLS records of one direction of a TCP stream as its bytes arrive, in order, in pieces of any size.
 *
 * <pre>
 * struct {
 *     ContentType type;                      (20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data)
 *     ProtocolVersion legacy_record_version;
 *     uint16 length;
 *     opaque fragment[TLSPlaintext.length];
 * } TLSPlaintext;                            (RFC 8446 §5.1)
 * </pre>
 *
 * Bodies are kept only for the records the scan reads (alerts, change_cipher_spec, handshake before encryption, and
 * every record when a key log can decrypt them); application data is counted and skipped without copying, which is
 * what makes the scan run at disk speed.
 */
final class RecordStream {
    /** A record as the scan needs it. */
    interface Sink {
        /**
         * @param type   content type
         * @param body   the body when kept, else null
         * @param length body length
         * @param frame  frame of the record's last byte
         * @param time   capture time of that frame
         */
        void record(int type, int version, byte[] body, int length, long frame, long time);

        /** Whether to keep the body of a record of this type and length. */
        boolean wants(int type, int length);

        /** The bytes are not (or no longer) a TLS record stream. */
        void notTls(String why, long frame);

        /**
         * An SSL 2.0 record that starts the stream (a CLIENT-HELLO, or a SERVER-HELLO), whole, its 2-byte header
         * included; see {@link #sslv2Start}.
         */
        default void sslv2(byte[] record, long frame, long time) {}

        /** A budget stopped something in {@code frame}: {@code what} says what, naming the budget. */
        default void overBudget(String what, long frame) {}

        /**
         * TLS starts at stream offset {@code offset}, after a plaintext prelude: a tunnel, an upgrade, or both (a
         * STARTTLS inside a SOCKS tunnel); either may be null.
         */
        default void tlsStarts(Prelude tunnel, Prelude upgrade, long offset, long frame) {}
    }

    private static final int MAX_RECORD = Budget.RECORD_BYTES.limit;
    /** A kept body starts at the bytes at hand (at least this many) and doubles as more arrive. */
    private static final int FIRST_BODY = 256;

    private final Sink sink;
    private final byte[] header = new byte[5];
    private int headerLen;
    private int type;
    private int version;
    private int remaining;
    private int length;
    private byte[] body;
    private int bodyLen;
    private boolean first = true;
    private boolean dead;
    /** Bytes are being searched for a record header (a capture that started mid-stream, or after a gap). */
    private boolean resync;
    /** Reading a plaintext prelude (the stream's first byte was not a record's): null before and after. */
    private PreludeReader prelude;

    private int records;
    /** The record being read is the SSL 2.0 record that started the stream. */
    private boolean sslv2Record;
    /** The stream speaks SSL 2.0 past its hello: its records are encrypted SSL 2.0, not read. */
    private boolean sslv2Only;

    RecordStream(Sink sink) {
        this.sink = sink;
    }

    int records() {
        return records;
    }

    boolean dead() {
        return dead;
    }

    /** Bytes held for the record being read: its body so far (the buffer grows with the bytes, not the header). */
    int held() {
        return (body == null ? 0 : body.length) + (prelude == null ? 0 : prelude.held());
    }

    /** Tells the sink that a budget stopped something. */
    void overBudget(String what, long frame) {
        sink.overBudget(what, frame);
    }

    /** The stream lost bytes (a gap in the capture): find the next record header. */
    void gap() {
        prelude = null; // bytes of the prelude were lost: TLS, if it comes, is found by its record header
        headerLen = 0;
        remaining = 0;
        body = null;
        resync = true;
    }

    /** A capture that starts mid-connection: the first bytes may be the middle of a record. */
    void startMidStream() {
        resync = true;
    }

    void feed(byte[] b, int off, int len, long frame, long time) {
        if (first && !resync && len > 0 && (prelude != null || headerLen == 0 && !startsRecord(b, off, len))) {
            // Not TLS at byte 0: TLS may start after a prelude (CONNECT, SOCKS, STARTTLS). The test is one byte, on
            // the first segment only: a stream that starts with a record goes straight on below.
            if (prelude == null) {
                prelude = new PreludeReader();
            }
            int r = prelude.feed(b, off, len);
            if (r == PreludeReader.WAIT) {
                return;
            }
            PreludeReader p = prelude;
            prelude = null;
            if (r == PreludeReader.NOT_TLS) {
                dead = true;
                sink.notTls("not TLS", frame);
                return;
            }
            sink.tlsStarts(p.tunnel(), p.upgrade(), p.tlsOffset(), frame);
            b = p.rest();
            off = 0;
            len = b.length;
        }
        int end = off + len;
        int p = off;
        while (p < end && !dead) {
            if (sslv2Only) {
                return;
            }
            if (resync) {
                int found = findHeader(b, p, end);
                if (found < 0) {
                    return; // keep looking in the next segment
                }
                p = found;
                resync = false;
                first = false;
            }
            if (remaining > 0) {
                int n = Math.min(remaining, end - p);
                if (body != null) {
                    if (bodyLen + n > body.length) {
                        body = java.util.Arrays.copyOf(body, Math.min(length, Math.max(bodyLen + n, 2 * body.length)));
                    }
                    System.arraycopy(b, p, body, bodyLen, n);
                    bodyLen += n;
                }
                remaining -= n;
                p += n;
                if (remaining == 0) {
                    complete(frame, time);
                }
                continue;
            }
            int n = Math.min(5 - headerLen, end - p);
            System.arraycopy(b, p, header, headerLen, n);
            headerLen += n;
            p += n;
            if (headerLen < 5) {
                return;
            }
            headerLen = 0;
            if (first && sslv2Start(header)) {
                first = false;
                sslv2Record = true;
                length = 2 + ((header[0] & 0x7f) << 8 | header[1] & 0xff);
                body = new byte[length];
                System.arraycopy(header, 0, body, 0, 5);
                bodyLen = 5;
                remaining = length - 5;
                continue;
            }
            type = header[0] & 0xff;
            version = (header[1] & 0xff) << 8 | header[2] & 0xff;
            length = (header[3] & 0xff) << 8 | header[4] & 0xff;
            if (!plausible(type, version, length)) {
                if (first) {
                    dead = true;
                    sink.notTls("not TLS", frame);
                } else {
                    sink.notTls(
                            String.format(
                                    "bytes that are not a TLS record header (type %d, version 0x%04X, length %d): resynchronising",
                                    type, version, length),
                            frame);
                    resync = true;
                }
                continue;
            }
            first = false;
            remaining = length;
            // A header alone does not make a buffer of the length it declares: the body grows as its bytes come.
            body = sink.wants(type, length) ? new byte[Math.min(length, Math.max(end - p, FIRST_BODY))] : null;
            bodyLen = 0;
            if (length == 0) {
                complete(frame, time);
            }
        }
    }

    private void complete(long frame, long time) {
        records++;
        byte[] b = body;
        body = null;
        if (sslv2Record) {
            sslv2Record = false;
            // A CLIENT-HELLO offering SSL 3.0 or later is followed by TLS records; after SSL 2.0's own hellos
            // the records are SSL 2.0's, encrypted.
            sslv2Only = !(b[2] == 1 && (b[3] & 0xff) == 3);
            sink.sslv2(b, frame, time);
            return;
        }
        sink.record(type, version, b, length, frame, time);
    }

    /**
     * Whether the first five bytes of a stream start an SSL 2.0 CLIENT-HELLO or SERVER-HELLO (the SSL 2.0 draft,
     * draft-hickman-netscape-ssl-00; RFC 5246 Appendix E.2 for the CLIENT-HELLO that offers SSL 3.0 or TLS):
     *
     * <pre>
     * uint16 length with the high bit set (a 2-byte header: no padding)
     * CLIENT-HELLO: uint8 msg_type = 1; Version version (0x0002, or 0x0300..0x0304); uint16 cipher_spec_length ...
     *               (9 bytes, then at least one 3-byte V2CipherSpec)
     * SERVER-HELLO: uint8 msg_type = 4; uint8 session_id_hit (0 or 1); uint8 certificate_type (1 X.509, or 0 with
     *               no certificate on a session hit); Version server_version ... (11 bytes at least)
     * </pre>
     */
    static boolean sslv2Start(byte[] h) {
        if ((h[0] & 0x80) == 0) {
            return false;
        }
        int len = (h[0] & 0x7f) << 8 | h[1] & 0xff;
        if (len > MAX_RECORD) {
            return false;
        }
        int major = h[3] & 0xff;
        int minor = h[4] & 0xff;
        return switch (h[2]) {
            case 1 -> len >= 12 && (major == 0 && minor == 2 || major == 3 && minor <= 4);
            case 4 -> len >= 11 && major <= 1 && minor <= 1;
            default -> false;
        };
    }

    /**
     * Whether a stream's first byte can begin a TLS record: a content type (the fast path of every TLS stream), or
     * an SSL 2.0 CLIENT-HELLO or SERVER-HELLO ({@link #sslv2Start} on the first five bytes: a MySQL greeting's
     * 3-byte length may also start with a byte over 0x7F, and goes to the prelude reader).
     */
    private static boolean startsRecord(byte[] b, int off, int len) {
        int t = b[off] & 0xff;
        if (t >= ContentType.CHANGE_CIPHER_SPEC && t <= ContentType.HEARTBEAT) {
            return true;
        }
        return (t & 0x80) != 0 && len >= 5 && sslv2Start(java.util.Arrays.copyOfRange(b, off, off + 5));
    }

    static boolean plausible(int type, int version, int length) {
        return type >= ContentType.CHANGE_CIPHER_SPEC
                && type <= ContentType.HEARTBEAT
                && (version >> 8) == 3
                && (version & 0xff) <= 4
                && length <= MAX_RECORD;
    }

    /** The first offset in [p, end) where a plausible header starts (and, when the bytes are there, another follows). */
    private static int findHeader(byte[] b, int p, int end) {
        for (int i = p; i + 5 <= end; i++) {
            int t = b[i] & 0xff;
            if (t < ContentType.CHANGE_CIPHER_SPEC || t > ContentType.APPLICATION_DATA) {
                continue;
            }
            int v = (b[i + 1] & 0xff) << 8 | b[i + 2] & 0xff;
            int l = (b[i + 3] & 0xff) << 8 | b[i + 4] & 0xff;
            if (!plausible(t, v, l) || v < 0x0301) {
                continue;
            }
            int next = i + 5 + l;
            if (next + 5 <= end) {
                int t2 = b[next] & 0xff;
                int v2 = (b[next + 1] & 0xff) << 8 | b[next + 2] & 0xff;
                int l2 = (b[next + 3] & 0xff) << 8 | b[next + 4] & 0xff;
                if (!plausible(t2, v2, l2)) {
                    continue;
                }
            }
            return i;
        }
        return -1;
    }
}
