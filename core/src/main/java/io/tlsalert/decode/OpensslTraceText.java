package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

import io.tlsalert.wire.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the output of {@code openssl s_client -trace} / {@code s_server -trace}, {@code SSL_trace} in ssl/t1_trce.c
 * (OpenSSL 1.1.1 and 3.x; 3.5+ says "Sent TLS Record"): a record described in words, not bytes.
 *
 * <pre>
 * BIO_puts(bio, write_p ? "Sent" : "Received");
 * BIO_printf(bio, " Record\nHeader:\n  Version = %s (0x%x)\n", ...);
 * BIO_printf(bio, "  Content Type = %s (%d)\n  Length = %d", ...);
 * BIO_printf(bio, "  Inner Content Type = %s (%d)", ...);                          (TLS 1.3, decrypted)
 * BIO_printf(bio, "%s, Length=%d\n", ssl_trace_str(htype, ssl_handshake_tbl), hlen);  (indent 4: each handshake message)
 * BIO_printf(bio, "    Level=%s(%d), description=%s(%d)\n", ...);                   (an alert)
 * BIO_puts(bio, "    change_cipher_spec (1)\n");
 * </pre>
 *
 * What the record holds beyond that (hello fields, certificates) is printed as text and not read back: a handshake
 * message is its type and length. Lines of other output between records are skipped.
 */
final class OpensslTraceText {
    private OpensslTraceText() {}

    static boolean looksLike(String t) {
        for (int s = 0; s >= 0; ) {
            int e = lineEnd(t, s);
            if (recordLine(t, s, e) != null) {
                int n = nextLine(t, e);
                if (n >= 0 && t.substring(n, lineEnd(t, n)).strip().equals("Header:")) {
                    return true;
                }
            }
            s = nextLine(t, e);
        }
        return false;
    }

    private static Trace.Flow recordLine(String t, int s, int e) {
        String l = t.substring(s, Math.min(e, s + 40)).strip();
        return switch (l) {
            case "Sent Record", "Sent TLS Record" -> Trace.Flow.SENT;
            case "Received Record", "Received TLS Record" -> Trace.Flow.RECEIVED;
            default -> null;
        };
    }

    /** A record being read: its header fields, then its messages. */
    private static final class Rec {
        final Trace.Flow flow;
        final int line;
        int version = -1;
        int type = -1;
        int length = -1;
        int inner = -1;
        final List<Message> messages = new ArrayList<>();
        /** Bytes of the fragment the messages so far take, for the next message's offset. */
        int used;

        Rec(Trace.Flow flow, int line) {
            this.flow = flow;
            this.line = line;
        }
    }

    static List<TraceEvent> read(String t, DecodeLimits limits) {
        List<TraceEvent> out = new ArrayList<>();
        Rec r = null;
        int rAt = 0;
        long total = 0;
        int line = 1;
        for (int s = 0; s >= 0; line++) {
            int e = lineEnd(t, s);
            Trace.Flow f = e - s <= 60 ? recordLine(t, s, e) : null;
            if (f != null) {
                if (r != null) {
                    total += finish(t, rAt, r, out);
                }
                if (total > limits.maxBytes()) {
                    throw at(
                            t,
                            s,
                            "the trace describes more than " + limits.maxBytes() + " bytes ("
                                    + DecodeLimits.Limit.BYTES.field() + ")");
                }
                r = new Rec(f, line);
                rAt = s;
            } else if (r != null) {
                field(t, s, e, r);
            }
            s = nextLine(t, e);
        }
        if (r != null) {
            finish(t, rAt, r, out);
        }
        return out;
    }

    private static long finish(String t, int at, Rec r, List<TraceEvent> out) {
        if (r.version < 0 || r.type < 0 || r.length < 0) {
            throw at(
                    t,
                    at,
                    "the record of line " + r.line
                            + " has no complete Header (Version, Content Type and Length lines)");
        }
        out.add(new TraceEvent.Described(r.flow, r.line, r.type, r.version, r.length, r.messages));
        return 5L + r.length;
    }

    /** One line inside a record: a header field or a message line; anything else is skipped. */
    private static void field(String t, int s, int e, Rec r) {
        int p = skipBlanks(t, s, e);
        int indent = p - s;
        String l = t.substring(p, Math.min(e, p + 200)).stripTrailing();
        if (indent == 2 && r.length < 0) {
            if (l.startsWith("Version = ")) {
                r.version = number(t, s, l, "0x", 16, 0xFFFF);
            } else if (l.startsWith("Content Type = ")) {
                r.type = number(t, s, l, "(", 10, 255);
            } else if (l.startsWith("Length = ")) {
                r.length = decimal(t, s, l.substring("Length = ".length()), 0xFFFF);
            }
            return;
        }
        if (indent == 2 && l.startsWith("Inner Content Type = ")) {
            r.inner = number(t, s, l, "(", 10, 255);
            return;
        }
        if (indent != 4 || r.length < 0) {
            return;
        }
        int type = r.inner >= 0 ? r.inner : r.type;
        if (type == ContentType.ALERT && l.startsWith("Level=")) {
            int a = l.indexOf('(');
            int b = l.indexOf("), description=");
            int c = l.lastIndexOf('(');
            if (a > 0 && b > a && c > b && l.endsWith(")")) {
                int level = decimal(t, s, l.substring(a + 1, b), 255);
                int desc = decimal(t, s, l.substring(c + 1, l.length() - 1), 255);
                add(r, new Message.Alert(r.used, level, desc), 2);
            }
        } else if (type == ContentType.ALERT && l.equals("Illegal Alert Length")) {
            add(r, new Message.MalformedAlert(r.used, r.length), r.length);
        } else if (type == ContentType.CHANGE_CIPHER_SPEC && l.equals("change_cipher_spec (1)")) {
            add(r, new Message.ChangeCipherSpec(r.used, 1), 1);
        } else if (type == ContentType.HANDSHAKE) {
            int k = l.lastIndexOf(", Length=");
            if (k > 0 && isWord(l, 0, k)) {
                int len = decimal(t, s, l.substring(k + ", Length=".length()), 0xFFFFFF);
                int code = handshakeType(l.substring(0, k));
                if (code >= 0) {
                    add(r, new Message.HandshakeMessage(r.used, code, len, -1, new Handshake.Other(len)), 4 + len);
                }
            }
        }
    }

    private static void add(Rec r, Message m, int size) {
        r.messages.add(m);
        r.used += size;
    }

    private static boolean isWord(String l, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isWordChar(l.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    /**
     * The code of a handshake type as t1_trce.c's ssl_handshake_tbl names it ("ClientHello", "ServerHelloDone"): the
     * IANA name in the TLS registry without its underscores; -1 for "UNKNOWN" and names the registry lacks.
     */
    private static int handshakeType(String camel) {
        String want = camel.toLowerCase(Locale.ROOT);
        TlsParameters p = TlsParameters.get();
        for (int v = 0; v < 256; v++) {
            int code = v;
            boolean match = p.handshakeTypeName(v)
                    .map(n -> TlsParameters.shortName(n).replace("_", "").toLowerCase(Locale.ROOT))
                    .filter(want::equals)
                    .isPresent();
            if (match) {
                return code;
            }
        }
        return -1;
    }

    /** The number after the last {@code marker} of {@code l} (up to ')' or the end), at most {@code max}. */
    private static int number(String t, int s, String l, String marker, int radix, int max) {
        int k = l.lastIndexOf(marker);
        if (k < 0) {
            throw at(t, s, "expected a number after '" + marker + "' in this header line");
        }
        int from = k + marker.length();
        int to = l.indexOf(')', from);
        String digits = l.substring(from, to < 0 ? l.length() : to);
        try {
            int v = Integer.parseInt(digits, radix);
            if (v < 0 || v > max) {
                throw at(t, s, "the number " + digits + " in this header line is out of range");
            }
            return v;
        } catch (NumberFormatException x) {
            throw at(t, s, "'" + shorten(digits) + "' in this header line is not a number");
        }
    }

    private static int decimal(String t, int s, String digits, int max) {
        if (digits.isEmpty() || digits.length() > 9) {
            throw at(t, s, "'" + shorten(digits) + "' in this line is not a number");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw at(t, s, "'" + shorten(digits) + "' in this line is not a number");
            }
        }
        int v = Integer.parseInt(digits);
        if (v > max) {
            throw at(t, s, "the number " + digits + " in this line is out of range");
        }
        return v;
    }
}
