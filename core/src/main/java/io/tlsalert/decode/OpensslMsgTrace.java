package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

import io.tlsalert.wire.ContentType;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the output of {@code openssl s_client -msg} / {@code s_server -msg}, the {@code msg_cb} of
 * apps/lib/s_cb.c (OpenSSL 3.x; apps/s_cb.c in 1.1.1 and 1.0.2, same format):
 *
 * <pre>
 * BIO_printf(bio, "%s %s%s [length %04lx]%s%s\n", str_write_p, str_version, str_content_type, len, str_details1, ...);
 *     (">>>" written, "<<<" read; "TLS 1.2"; ", RecordHeader" / ", Handshake" / ", Alert" / ", ChangeCipherSpec" /
 *      ", ApplicationData" / ", InnerContent"; 1.1.1 and 1.0.2 print no name for a header or inner content type,
 *      and "???" as the version of the headers they read)
 * then "   " and " %02x" per byte, a new row of "   " every 16 bytes
 * </pre>
 *
 * A {@code RecordHeader} block is the 5-byte TLSPlaintext header as it crossed the wire; the blocks after it are that
 * record's content as the record layer handed it over: whole handshake messages, decrypted in TLS 1.3 (then an
 * {@code InnerContent} block holds the real content type). Lines between blocks (s_client's own messages, stderr) are
 * skipped; a block must be followed by as many bytes as its {@code [length]} says.
 */
final class OpensslMsgTrace {
    private OpensslMsgTrace() {}

    /** A block's first line, from its {@code >>>}/{@code <<<}: direction, kind and length. */
    private record Head(Trace.Flow flow, String label, int length, int version) {}

    /** Does any line of {@code t} look like a {@code msg_cb} block header? */
    static boolean looksLike(String t) {
        for (int s = 0; s >= 0; ) {
            int e = lineEnd(t, s);
            if (head(t, s, e) != null) {
                return true;
            }
            s = nextLine(t, e);
        }
        return false;
    }

    static List<TraceEvent> read(String t, DecodeLimits limits) {
        List<TraceEvent> out = new ArrayList<>();
        long total = 0;
        int line = 1;
        int s = 0;
        while (s >= 0) {
            int e = lineEnd(t, s);
            Head h = head(t, s, e);
            int headLine = line;
            int headAt = s;
            s = nextLine(t, e);
            line++;
            if (h == null) {
                continue;
            }
            if (total + h.length > limits.maxBytes()) {
                throw at(
                        t,
                        headAt,
                        "the trace holds more than " + limits.maxBytes() + " bytes (" + DecodeLimits.Limit.BYTES.field()
                                + ")");
            }
            Bytes b = new Bytes(Math.min(h.length, 1 << 16));
            while (b.size() < h.length && s >= 0) {
                int re = lineEnd(t, s);
                int before = b.size();
                if (TraceRows.opensslRow(t, s, re, b) < 0) {
                    break;
                }
                if (b.size() > h.length) {
                    b.truncate(before);
                    throw at(
                            t,
                            s,
                            "this row takes the block of line " + headLine + " past its [length] of " + h.length
                                    + " bytes");
                }
                s = nextLine(t, re);
                line++;
            }
            if (b.size() < h.length) {
                throw at(
                        t,
                        headAt,
                        "this block declares " + h.length + " bytes ([length " + Integer.toHexString(h.length)
                                + "]) but " + b.size()
                                + " bytes of hex rows follow it (a pasted trace cut short, or a line printed into it)");
            }
            total += h.length;
            byte[] bytes = h.length == 0 ? new byte[0] : java.util.Arrays.copyOf(bytes(b), h.length);
            int type = contentType(h);
            if (type == MAYBE_HEADER) {
                type = (bytes[0] & 0xff) >= 20 && (bytes[0] & 0xff) <= 24 && bytes[1] == 3 ? HEADER : SKIP;
            }
            if (type == HEADER) {
                if (bytes.length != 5) {
                    throw at(t, headAt, "a RecordHeader of " + bytes.length + " bytes: a TLS record header has 5");
                }
                out.add(new TraceEvent.Header(h.flow, headLine, bytes));
            } else if (type >= 0) {
                out.add(new TraceEvent.Content(h.flow, headLine, type, h.version, bytes));
            }
            // InnerContent, Unknown (content_type=...), and blocks of an unknown version: read, not decoded
        }
        return out;
    }

    private static byte[] bytes(Bytes b) {
        byte[] a = new byte[b.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = b.get(i);
        }
        return a;
    }

    private static final int HEADER = 256;
    private static final int SKIP = -1;
    private static final int MAYBE_HEADER = 257;

    private static int contentType(Head h) {
        String l = h.label;
        if (l.contains("RecordHeader") || l.contains("content_type=256")) {
            return HEADER;
        }
        if (l.contains("InnerContent") || l.contains("Unknown") || l.contains("Not TLS data")) {
            return SKIP;
        }
        if (l.contains("ChangeCipherSpec")) {
            return ContentType.CHANGE_CIPHER_SPEC;
        }
        if (l.contains("Alert")) {
            return ContentType.ALERT;
        }
        if (l.contains("Handshake")) {
            return ContentType.HANDSHAKE;
        }
        if (l.contains("ApplicationData")) {
            return ContentType.APPLICATION_DATA;
        }
        // OpenSSL 1.1.1 and 1.0.2 name no content type for a record header (256) or TLS 1.3's inner content type
        // (257): ">>> TLS 1.2 [length 0005]", and "<<< ??? [length 0005]" for the headers it reads, which the record
        // layer reports with version 0. A 5-byte block that starts like a TLSPlaintext header is one.
        return h.length == 5 ? MAYBE_HEADER : SKIP;
    }

    private static final String[] VERSIONS = {"SSL 3.0", "TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"};

    /** {@code >>> TLS 1.2, RecordHeader [length 0005]}, leading whitespace allowed; null for any other line. */
    private static Head head(String t, int s, int e) {
        int p = skipBlanks(t, s, e);
        if (e - p < 5 || !(t.startsWith(">>> ", p) || t.startsWith("<<< ", p))) {
            return null;
        }
        Trace.Flow flow = t.charAt(p) == '>' ? Trace.Flow.SENT : Trace.Flow.RECEIVED;
        int rel = t.substring(p + 4, e).indexOf("[length "); // within the line: linear in the text
        if (rel < 0) {
            return null;
        }
        int open = p + 4 + rel;
        int d = open + "[length ".length();
        int q = hexRun(t, d, e);
        if (q == d || q - d > 6 || q >= e || t.charAt(q) != ']') {
            return null;
        }
        String label = t.substring(p + 4, open);
        int version = 0; // "???": a version msg_cb does not know, or none (1.1.1 reports read headers so)
        for (int i = 0; i < VERSIONS.length; i++) {
            if (label.startsWith(VERSIONS[i])) {
                version = 0x0300 + i;
            }
        }
        if (label.startsWith("DTLS")) {
            version = 0; // DTLS blocks are skipped: s_cb.c names DTLS 1.2 "Not TLS data", and DTLS records are not in
            // streams
        }
        return new Head(flow, label, parseHexInt(t, d, q), version);
    }
}
