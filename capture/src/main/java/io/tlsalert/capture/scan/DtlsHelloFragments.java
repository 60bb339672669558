package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.CoveredRanges;

/**
 * One DTLS hello (ClientHello or ServerHello) sent in fragments across datagrams, put back together (RFC 6347
 * §4.2.2, RFC 9147 §5.5): fragments come in any order, may overlap, and are retransmitted; the message is whole once
 * every byte of its length has come. The decoder reads one datagram at a time, so a hello cut over several is
 * joined here.
 *
 * <pre>
 * struct {
 *     HandshakeType msg_type;
 *     uint24 length;            (of the whole message)
 *     uint16 message_seq;
 *     uint24 fragment_offset;
 *     uint24 fragment_length;
 *     opaque body[fragment_length];
 * } Handshake;                  (the fragment, after the record's 13-byte DTLSPlaintext header)
 * </pre>
 */
final class DtlsHelloFragments {
    private static final int MAX = Budget.HANDSHAKE_MESSAGE_BYTES.limit;

    private int msgType = -1;
    private int messageSeq;
    private int version;
    private byte[] body;
    private CoveredRanges covered;

    /**
     * One fragment, {@code dgram[at, at + 12 + fragmentLength)} from its handshake header on; returns the whole
     * message as one DTLS record (header, then the message as a single fragment) once it is complete, else null.
     */
    byte[] add(int recordVersion, byte[] dgram, int at, int fragmentLength) {
        if (at + 12 + fragmentLength > dgram.length) {
            return null;
        }
        int type = dgram[at] & 0xff;
        int length = u24(dgram, at + 1);
        int seq = (dgram[at + 4] & 0xff) << 8 | dgram[at + 5] & 0xff;
        int offset = u24(dgram, at + 6);
        if (length > MAX || (long) offset + fragmentLength > length) {
            return null;
        }
        if (type != msgType || seq != messageSeq || body == null || body.length != length) {
            // A new message (or a retransmission under a new message_seq, after a HelloVerifyRequest): start again.
            msgType = type;
            messageSeq = seq;
            version = recordVersion;
            body = new byte[length];
            covered = new CoveredRanges();
        }
        System.arraycopy(dgram, at + 12, body, offset, fragmentLength);
        covered.add(offset, offset + fragmentLength);
        if (!covered.coversExactly(length)) {
            return null;
        }
        byte[] rec = new byte[13 + 12 + length];
        rec[0] = ContentType.HANDSHAKE;
        rec[1] = (byte) (version >> 8);
        rec[2] = (byte) version;
        // epoch 0 and sequence_number 0: the hellos are in epoch 0
        rec[11] = (byte) ((12 + length) >> 8);
        rec[12] = (byte) (12 + length);
        rec[13] = (byte) msgType;
        put24(rec, 14, length);
        rec[17] = (byte) (messageSeq >> 8);
        rec[18] = (byte) messageSeq;
        put24(rec, 19, 0);
        put24(rec, 22, length);
        System.arraycopy(body, 0, rec, 25, length);
        body = null;
        covered = null;
        msgType = -1;
        return rec;
    }

    /** Bytes held for a hello not yet whole. */
    int held() {
        return body == null ? 0 : body.length;
    }

    private static int u24(byte[] b, int o) {
        return (b[o] & 0xff) << 16 | (b[o + 1] & 0xff) << 8 | b[o + 2] & 0xff;
    }

    private static void put24(byte[] b, int o, int v) {
        b[o] = (byte) (v >> 16);
        b[o + 1] = (byte) (v >> 8);
        b[o + 2] = (byte) v;
    }
}
