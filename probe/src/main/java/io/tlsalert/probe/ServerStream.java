package io.tlsalert.probe;

import io.tlsalert.decode.DecodeException;
import io.tlsalert.decode.Extension;
import io.tlsalert.decode.Handshake;
import io.tlsalert.decode.Handshakes;
import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.HandshakeType;
import io.tlsalert.wire.ProtocolVersion;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's bytes as they arrive: checks that they are TLS records, and reads the plaintext ServerHello and
 * HelloRetryRequest with core's decoder (Bouncy Castle does not report the retry, nor the key share group it asks
 * for). Handshake messages are put together by core's {@link HandshakeJoiner}; reading stops where the server's
 * records become encrypted.
 */
final class ServerStream {
    static final int MAX_RECORD = (1 << 14) + 2048;
    /**
     * Only the ServerHello is read, so a larger message (a long certificate chain in TLS 1.2) is skipped, not
     * buffered.
     */
    private static final int MAX_HANDSHAKE = 1 << 18;

    final List<ServerHelloInfo> hellos = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final HandshakeJoiner handshake = new HandshakeJoiner(MAX_HANDSHAKE);
    private final ByteArrayOutputStream firstBytes = new ByteArrayOutputStream();
    private boolean encrypted;
    private String notTls;
    long total;
    int completeRecords;

    /** Why these bytes are not TLS, or null. */
    String notTls() {
        return notTls;
    }

    /** True when the bytes received so far end inside a record. */
    boolean midRecord() {
        return pending.size() > 0;
    }

    /**
     * The next bytes from the server, cut into records (RFC 8446 §5.1, RFC 5246 §6.2.1):
     *
     * <pre>
     * struct {
     *     ContentType type;
     *     ProtocolVersion legacy_record_version;   (major byte 3 in every TLS version)
     *     uint16 length;
     *     opaque fragment[TLSPlaintext.length];
     * } TLSPlaintext;
     * </pre>
     */
    void feed(byte[] b, int off, int len) {
        total += len;
        if (firstBytes.size() < 64) {
            firstBytes.write(b, off, Math.min(len, 64 - firstBytes.size()));
        }
        if (notTls != null) {
            return;
        }
        pending.write(b, off, len);
        byte[] buf = pending.toByteArray();
        int p = 0;
        while (true) {
            int avail = buf.length - p;
            if (avail >= 1
                    && ((buf[p] & 0xff) < ContentType.CHANGE_CIPHER_SPEC || (buf[p] & 0xff) > ContentType.HEARTBEAT)) {
                notTls = "byte " + (total - (buf.length - p)) + " is 0x" + String.format("%02x", buf[p] & 0xff)
                        + ", not a TLS record type; the server sent: " + preview();
                return;
            }
            if (avail >= 2 && (buf[p + 1] & 0xff) != 3) {
                notTls = "record version major byte 0x" + String.format("%02x", buf[p + 1] & 0xff)
                        + " is not 3 (TLS); the server sent: " + preview();
                return;
            }
            if (avail < 5) {
                break;
            }
            int rlen = ((buf[p + 3] & 0xff) << 8) | (buf[p + 4] & 0xff);
            if (rlen > MAX_RECORD) {
                notTls = "record length " + rlen + " exceeds the TLS maximum of " + MAX_RECORD + "; the server sent: "
                        + preview();
                return;
            }
            if (avail < 5 + rlen) {
                break;
            }
            record(buf[p] & 0xff, buf, p + 5, rlen, total - (buf.length - p) + 5);
            completeRecords++;
            p += 5 + rlen;
        }
        pending.reset();
        pending.write(buf, p, buf.length - p);
    }

    private void record(int type, byte[] b, int off, int len, long position) {
        if (encrypted) {
            return;
        }
        if (type == ContentType.CHANGE_CIPHER_SPEC) {
            // TLS 1.2: what follows the server's ChangeCipherSpec is encrypted (in TLS 1.3 it is only a compatibility
            // record, RFC 8446 §D.4, and the ServerHello already said so).
            if (!hellos.isEmpty() && !hellos.get(hellos.size() - 1).version().isTls13()) {
                encrypted = true;
            }
            return;
        }
        if (type == ContentType.HANDSHAKE) {
            handshake.feed(b, off, len, position, this::message);
        }
    }

    /** One whole handshake message from the server: a ServerHello or HelloRetryRequest is read, the rest skipped. */
    private void message(int msgType, byte[] b, int off, int len, long position, HandshakeJoiner.Spans spans) {
        if (msgType != HandshakeType.SERVER_HELLO) {
            return;
        }
        Handshake.ServerHello sh;
        try {
            sh = (Handshake.ServerHello) Handshakes.parse(msgType, b, off, len, Handshakes.Context.TLS);
        } catch (DecodeException e) {
            return; // malformed: Bouncy Castle reports it
        }
        ServerHelloInfo info = info(sh);
        if (hellos.size() < Limits.SERVER_MESSAGES) {
            hellos.add(info); // more is a flood, which the recorder's count ends
        }
        if (!info.retryRequest() && info.version().isTls13()) {
            // TLS 1.3: every handshake message after the ServerHello is encrypted (RFC 8446 §2).
            encrypted = true;
            handshake.reset();
        }
    }

    /** The facts the probe reports of a ServerHello: version, suite, key share group (or the group a retry asks for), ALPN. */
    private static ServerHelloInfo info(Handshake.ServerHello sh) {
        Optional<Integer> group = Optional.empty();
        Optional<String> alpn = Optional.empty();
        for (Extension e : sh.extensions()) {
            if (e.data() instanceof Extension.KeyShareServer k) {
                group = Optional.of(k.group());
            } else if (e.data() instanceof Extension.KeyShareRequest r) {
                group = Optional.of(r.selectedGroup());
            } else if (e.data() instanceof Extension.Alpn a && !a.protocols().isEmpty()) {
                alpn = Optional.of(a.protocols().get(0));
            }
        }
        return new ServerHelloInfo(
                sh.helloRetryRequest(), ProtocolVersion.of(sh.version()), sh.cipherSuite(), group, alpn);
    }

    /** The first bytes received, as text when printable, else hex. */
    String preview() {
        byte[] f = firstBytes.toByteArray();
        int printable = 0;
        for (byte x : f) {
            if ((x >= 32 && x < 127) || x == '\r' || x == '\n' || x == '\t') {
                printable++;
            }
        }
        if (f.length > 0 && printable * 10 >= f.length * 9) {
            String s = new String(f, StandardCharsets.ISO_8859_1)
                    .replace("\r", "\\r")
                    .replace("\n", "\\n");
            return "'" + (s.length() > 48 ? s.substring(0, 48) + "..." : s) + "'";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(f.length, 16); i++) {
            sb.append(String.format("%02x ", f[i] & 0xff));
        }
        return sb.toString().trim() + (f.length > 16 ? " ..." : "") + " (hex)";
    }
}
