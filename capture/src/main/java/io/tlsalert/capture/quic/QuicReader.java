package io.tlsalert.capture.quic;

import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.capture.keylog.PacketKeys;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.Handshake;
import io.tlsalert.decode.Message;
import io.tlsalert.decode.TlsDecoder;
import io.tlsalert.decode.TlsRecord;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.HandshakeType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the datagrams of one QUIC connection: removes the protection of its Initial packets (keys anyone can derive
 * from the client's first Destination Connection ID, RFC 9001 §5.2) and, with a key log, of its Handshake packets;
 * reassembles the CRYPTO frames of each space into TLS handshake messages; and reports CONNECTION_CLOSE frames.
 * Everything it is given may be malformed: a problem is reported with its offset, never thrown.
 */
public final class QuicReader {
    /** What the reader finds, in datagram order. */
    public interface Listener {
        /** A whole TLS handshake message from CRYPTO frames; the ClientHello and ServerHello decoded. */
        void handshake(boolean fromClient, Space space, int msgType, Optional<Handshake> hello);

        void close(boolean fromClient, ConnectionClose close);

        /** A packet of this space was seen; {@code read}: its protection was removed. */
        void packet(boolean fromClient, Space space, boolean read);

        /** The server offered these versions instead (RFC 9000 §17.2.1). */
        void versionNegotiation(List<Integer> versions);

        /** The server asked for a Retry (RFC 9000 §17.2.5): new Initial keys from its Source Connection ID. */
        void retry();

        /** A packet's plaintext (its frames), once its protection was removed. The default ignores it. */
        default void payload(boolean fromClient, Space space, long packetNumber, byte[] frames) {}

        /** Something that could not be read, with where: the reader goes on with the next packet or datagram. */
        void problem(String what);
    }

    private final KeyLog keyLog;
    private QuicVersion version;
    /** The Destination Connection ID the Initial keys come from: the client's first, or a Retry's SCID. */
    private byte[] initialDcid;
    /** Initial keys for the version in use: [0] the client's, [1] the server's. */
    private PacketKeys[] initialKeys;

    private QuicVersion keysVersion;
    private final PacketKeys[] handshakeKeys = new PacketKeys[2];
    private boolean saidNoSecrets;
    /** Largest packet number read, per space and direction (-1: none yet). */
    private final long[][] largest = {{-1, -1}, {-1, -1}, {-1, -1}};

    private final CryptoStream[][] crypto = new CryptoStream[3][2];
    private byte[] clientRandom;
    private int cipherSuite = -1;

    /**
     * @param firstDcid the Destination Connection ID of the client's first Initial packet
     * @param keyLog    secrets for the Handshake packets, or null
     */
    public QuicReader(QuicVersion version, byte[] firstDcid, KeyLog keyLog) {
        this.version = version;
        this.initialDcid = firstDcid.clone();
        this.keyLog = keyLog;
    }

    /** Bytes held now for CRYPTO data not yet in order or messages not yet whole. */
    public long held() {
        long n = 0;
        for (CryptoStream[] s : crypto) {
            for (CryptoStream c : s) {
                n += c == null ? 0 : c.held();
            }
        }
        return n;
    }

    /** The version of the last long header read. */
    public QuicVersion version() {
        return version;
    }

    /**
     * One UDP payload: {@code b[off, off + len)}. Several packets may be coalesced in it (RFC 9000 §12.2); a short
     * header packet is always the last.
     */
    public void datagram(byte[] b, int off, int len, boolean fromClient, Listener l) {
        current = l;
        int end = off + len;
        int pos = off;
        while (pos < end) {
            int first = b[pos] & 0xff;
            if ((first & 0x80) == 0) {
                if ((first & 0x40) != 0) {
                    l.packet(fromClient, Space.APPLICATION, false);
                } else if (!allZero(b, pos, end)) {
                    l.problem("byte " + (pos - off) + " of the datagram: not a QUIC packet (fixed bit 0)");
                }
                return;
            }
            int next = longPacket(b, off, pos, end, fromClient, l);
            if (next < 0) {
                return;
            }
            pos = next;
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * One long header packet at {@code b[pos]}; returns where the next coalesced packet starts, or -1 when the rest
     * of the datagram cannot be read.
     *
     * <pre>
     * Initial Packet {                  Handshake Packet {                 Retry Packet {
     *   Header Form (1) = 1,              ... Long Packet Type (2) = 2,      ... Long Packet Type (2) = 3,
     *   Fixed Bit (1) = 1,                Version ... Source CID,            Version ... Source CID,
     *   Long Packet Type (2) = 0,         Length (i),                        Retry Token (..),
     *   Reserved Bits (2),                Packet Number (8..32),             Retry Integrity Tag (128),
     *   Packet Number Length (2),         Packet Payload (8..),            }
     *   Version (32),                   }                                  (RFC 9000 §17.2.2, §17.2.4, §17.2.5;
     *   DCID Len (8), DCID (0..160),                                        v2 type bits: RFC 9369 §3.2)
     *   SCID Len (8), SCID (0..160),
     *   Token Length (i), Token (..),
     *   Length (i),
     *   Packet Number (8..32),
     *   Packet Payload (8..),
     * }
     * </pre>
     */
    private int longPacket(byte[] b, int off, int pos, int end, boolean fromClient, Listener l) {
        String at = "byte " + (pos - off) + " of the datagram: ";
        Optional<LongHeader> oh = LongHeader.parse(b, pos, end);
        if (oh.isEmpty()) {
            l.problem(at + "long header packet cut short or with a connection ID over 20 bytes");
            return -1;
        }
        LongHeader h = oh.get();
        if (h.version() == 0) {
            versionNegotiation(b, h, end, l, at);
            return -1;
        }
        Optional<QuicVersion> ov = QuicVersion.of(h.version());
        if (ov.isEmpty()) {
            l.problem(at + "QUIC version " + QuicVersion.hex(h.version()) + " is not one read here");
            return -1;
        }
        QuicVersion v = ov.get();
        QuicVersion.PacketType type = v.type((h.first() >>> 4) & 3);
        Wire w = new Wire(b, h.end(), end);
        try {
            if (type == QuicVersion.PacketType.RETRY) {
                if (fromClient || w.left() < 16) {
                    l.problem(at + "Retry packet " + (fromClient ? "from the client" : "shorter than its 16-byte tag"));
                    return -1;
                }
                // RFC 9001 §5.2: after a Retry the client's Initial keys come from the Retry's Source Connection ID.
                initialDcid = h.scid();
                initialKeys = null;
                l.retry();
                return -1; // a Retry packet takes the rest of the datagram
            }
            if (type == QuicVersion.PacketType.INITIAL) {
                long tokenLength = w.varint("Token Length");
                w.skip(tokenLength, "Token");
            }
            long length = w.varint("Length");
            if (length > w.left()) {
                l.problem(at + type.name().toLowerCase(java.util.Locale.ROOT) + " packet's Length " + length
                        + " runs past the datagram's end (" + w.left() + " bytes left)");
                return -1;
            }
            int pnOffset = w.pos;
            int packetEnd = pnOffset + (int) length;
            if (type == QuicVersion.PacketType.INITIAL) {
                if (v != version || initialKeys == null || keysVersion != v) {
                    version = v;
                    keysVersion = v;
                    initialKeys = new PacketKeys[] {
                        PacketKeys.initial(v.salt(), initialDcid, true, v.labelPrefix),
                        PacketKeys.initial(v.salt(), initialDcid, false, v.labelPrefix)
                    };
                }
                open(b, off, pos, pnOffset, packetEnd, Space.INITIAL, initialKeys[fromClient ? 0 : 1], fromClient, l);
            } else if (type == QuicVersion.PacketType.HANDSHAKE) {
                PacketKeys k = handshakeKeys[fromClient ? 0 : 1];
                if (k == null) {
                    l.packet(fromClient, Space.HANDSHAKE, false);
                } else {
                    open(b, off, pos, pnOffset, packetEnd, Space.HANDSHAKE, k, fromClient, l);
                }
            } else {
                l.packet(fromClient, Space.APPLICATION, false); // 0-RTT
            }
            return packetEnd;
        } catch (Wire.Short e) {
            l.problem("byte " + (e.at - off) + " of the datagram: "
                    + type.name().toLowerCase(java.util.Locale.ROOT) + " packet cut short in its " + e.getMessage());
            return -1;
        }
    }

    /**
     * Version Negotiation (RFC 9000 §17.2.1): after the connection IDs, the Supported Versions, 32 bits each.
     */
    private void versionNegotiation(byte[] b, LongHeader h, int end, Listener l, String at) {
        List<Integer> versions = new ArrayList<>();
        Wire w = new Wire(b, h.end(), end);
        while (w.left() >= 4 && versions.size() < 256) {
            try {
                versions.add(w.u32("Supported Version"));
            } catch (Wire.Short e) {
                break;
            }
        }
        if (w.left() != 0 && versions.size() < 256) {
            l.problem(at + "Version Negotiation packet ends inside a version");
        }
        l.versionNegotiation(versions);
    }

    /**
     * Removes header protection (RFC 9001 §5.4.2: the sample starts 4 bytes after the Packet Number's start), then
     * the AEAD (§5.3), then reads the frames.
     */
    private void open(
            byte[] b,
            int off,
            int pos,
            int pnOffset,
            int packetEnd,
            Space space,
            PacketKeys keys,
            boolean fromClient,
            Listener l) {
        String what = space.packet + " packet at byte " + (pos - off) + " of the datagram";
        if (pnOffset + 4 + 16 > packetEnd) {
            l.problem(what + ": too short to sample for header protection (" + (packetEnd - pnOffset) + " bytes)");
            return;
        }
        byte[] mask = keys.headerMask(b, pnOffset + 4);
        int first = (b[pos] & 0xff) ^ (mask[0] & 0x0f);
        int pnLength = (first & 3) + 1;
        byte[] header = Arrays.copyOfRange(b, pos, pnOffset + pnLength);
        header[0] = (byte) first;
        long truncated = 0;
        for (int i = 0; i < pnLength; i++) {
            int j = pnOffset - pos + i;
            header[j] ^= mask[1 + i];
            truncated = truncated << 8 | (header[j] & 0xff);
        }
        int dir = fromClient ? 0 : 1;
        long pn = decodePacketNumber(largest[space.ordinal()][dir], truncated, pnLength * 8);
        byte[] payload;
        try {
            payload = keys.open(pn, header, b, pnOffset + pnLength, packetEnd - pnOffset - pnLength);
        } catch (GeneralSecurityException e) {
            l.problem(what + " (" + (fromClient ? "client" : "server") + ", packet number " + pn
                    + "): could not be decrypted (" + e.getMessage() + ")");
            l.packet(fromClient, space, false);
            return;
        }
        largest[space.ordinal()][dir] = Math.max(largest[space.ordinal()][dir], pn);
        l.packet(fromClient, space, true);
        l.payload(fromClient, space, pn, payload);
        frames(payload, space, fromClient, l, what);
    }

    /** The frames of a packet whose protection is already removed (the fuzz target's way past the AEAD). */
    void plaintext(byte[] frames, Space space, boolean fromClient, Listener l) {
        current = l;
        frames(frames, space, fromClient, l, space.packet + " packet");
    }

    /** RFC 9000 Appendix A.3: the packet number closest to the next one expected. */
    static long decodePacketNumber(long largestPn, long truncated, int bits) {
        long expected = largestPn + 1;
        long win = 1L << bits;
        long hwin = win / 2;
        long candidate = (expected & ~(win - 1)) | truncated;
        if (candidate <= expected - hwin && candidate < (1L << 62) - win) {
            return candidate + win;
        }
        if (candidate > expected + hwin && candidate >= win) {
            return candidate - win;
        }
        return candidate;
    }

    /**
     * The frames of an Initial or Handshake packet (RFC 9000 §12.4: only PADDING, PING, ACK, CRYPTO and
     * CONNECTION_CLOSE of type 0x1c may be there; 0x1d is tolerated and reported as an application close).
     */
    private void frames(byte[] p, Space space, boolean fromClient, Listener l, String what) {
        Wire w = new Wire(p, 0, p.length);
        try {
            while (w.left() > 0) {
                int at = w.pos;
                long type = w.varint("frame type");
                if (type == 0x00 || type == 0x01) {
                    continue; // PADDING, PING (RFC 9000 §19.1, §19.2)
                }
                if (type == 0x02 || type == 0x03) {
                    // ACK Frame { Largest Acknowledged (i), ACK Delay (i), ACK Range Count (i),
                    //             First ACK Range (i), ACK Range (..) ..., [ECN Counts (..)] }   (§19.3)
                    w.varint("ACK Largest Acknowledged");
                    w.varint("ACK Delay");
                    long ranges = w.varint("ACK Range Count");
                    w.varint("First ACK Range");
                    for (long i = 0; i < ranges; i++) {
                        w.varint("ACK Range Gap");
                        w.varint("ACK Range Length");
                    }
                    if (type == 0x03) {
                        w.varint("ECT0 Count");
                        w.varint("ECT1 Count");
                        w.varint("ECN-CE Count");
                    }
                } else if (type == 0x06) {
                    // CRYPTO Frame { Type (i) = 0x06, Offset (i), Length (i), Crypto Data (..) }   (§19.6)
                    long offset = w.varint("CRYPTO Offset");
                    long length = w.varint("CRYPTO Length");
                    byte[] data = w.bytes(length, "CRYPTO Data");
                    if (offset + length > (1L << 62) - 1) {
                        l.problem(what + ": CRYPTO frame past the largest offset (RFC 9000 §19.6)");
                        return;
                    }
                    String refused = stream(space, fromClient).add(offset, data);
                    if (refused != null) {
                        l.problem(what + ": " + refused);
                    }
                } else if (type == 0x1c || type == 0x1d) {
                    long code = w.varint("CONNECTION_CLOSE Error Code");
                    OptionalLong frameType =
                            type == 0x1c ? OptionalLong.of(w.varint("Frame Type")) : OptionalLong.empty();
                    long reasonLength = w.varint("Reason Phrase Length");
                    byte[] reason = w.bytes(reasonLength, "Reason Phrase");
                    l.close(
                            fromClient,
                            new ConnectionClose(
                                    space, type == 0x1d, code, frameType, new String(reason, StandardCharsets.UTF_8)));
                } else {
                    l.problem(what + ": frame type 0x" + Long.toHexString(type) + " at byte " + at
                            + " of its payload is not allowed there (RFC 9000 §12.4); the rest of the packet not read");
                    return;
                }
            }
        } catch (Wire.Short e) {
            l.problem(what + ": payload cut short in its " + e.getMessage() + " at byte " + e.at);
        }
    }

    private CryptoStream stream(Space space, boolean fromClient) {
        int dir = fromClient ? 0 : 1;
        CryptoStream s = crypto[space.ordinal()][dir];
        if (s == null) {
            s = new CryptoStream(new Messages(space, fromClient));
            crypto[space.ordinal()][dir] = s;
        }
        return s;
    }

    private Listener current;

    /** Receives the whole handshake messages of one space and direction. */
    private final class Messages implements HandshakeJoiner.Sink {
        private final Space space;
        private final boolean fromClient;

        Messages(Space space, boolean fromClient) {
            this.space = space;
            this.fromClient = fromClient;
        }

        @Override
        public void message(int type, byte[] buf, int off, int len, long position, HandshakeJoiner.Spans spans) {
            Optional<Handshake> hello = Optional.empty();
            if (type == HandshakeType.CLIENT_HELLO || type == HandshakeType.SERVER_HELLO) {
                Decoding d = TlsDecoder.decode(Arrays.copyOfRange(buf, off - HandshakeJoiner.HEADER, off + len));
                for (TlsRecord r : d.records()) {
                    for (Message m : r.messages()) {
                        if (m instanceof Message.HandshakeMessage hm && hm.body() != null) {
                            hello = Optional.of(hm.body());
                        }
                    }
                }
                d.problem()
                        .ifPresent(p -> current.problem(space.packet + " CRYPTO data, " + HandshakeType.name(type)
                                + " at offset " + position + ": " + p));
            }
            if (hello.isPresent() && hello.get() instanceof Handshake.ClientHello ch) {
                clientRandom = ch.random();
            } else if (hello.isPresent()
                    && hello.get() instanceof Handshake.ServerHello sh
                    && !sh.helloRetryRequest()) {
                cipherSuite = sh.cipherSuite();
                handshakeKeys();
            }
            current.handshake(fromClient, space, type, hello);
        }

        @Override
        public void overBound(int msgType, int length, long position) {
            current.problem(space.packet + " CRYPTO data: " + HandshakeType.name(msgType) + " of " + length
                    + " bytes at offset " + position + " is over " + CryptoStream.MAX_HELD + " bytes, not read");
        }
    }

    /** With a key log: the Handshake packets' keys from the logged handshake traffic secrets (RFC 9001 §5.1). */
    private void handshakeKeys() {
        if (keyLog == null || clientRandom == null) {
            return;
        }
        Optional<byte[]> c = keyLog.secret(KeyLog.CLIENT_HANDSHAKE_TRAFFIC_SECRET, clientRandom);
        Optional<byte[]> s = keyLog.secret(KeyLog.SERVER_HANDSHAKE_TRAFFIC_SECRET, clientRandom);
        if (c.isEmpty() || s.isEmpty()) {
            if (!saidNoSecrets) {
                saidNoSecrets = true;
                current.problem("the key log has no handshake traffic secrets for this connection's client random");
            }
            return;
        }
        handshakeKeys[0] =
                PacketKeys.fromSecret(cipherSuite, c.get(), version.labelPrefix).orElse(null);
        handshakeKeys[1] =
                PacketKeys.fromSecret(cipherSuite, s.get(), version.labelPrefix).orElse(null);
        if (handshakeKeys[0] == null || handshakeKeys[1] == null) {
            current.problem(
                    String.format("cipher suite 0x%04x: its Handshake packets cannot be decrypted here", cipherSuite));
        }
    }
}
