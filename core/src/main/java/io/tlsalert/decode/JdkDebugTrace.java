package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the record hex dumps of {@code -Djavax.net.debug=ssl:record:packet} (or {@code all}): the bytes the JDK wrote
 * to and read from the socket, as they crossed the wire.
 *
 * <ul>
 *   <li>JDK 11 and later (sun/security/ssl/SSLSocketOutputRecord.java, SSLSocketInputRecord.java,
 *       SSLEngine*Record.java, DTLSOutputRecord.java: {@code SSLLogger.fine("Raw write", buffer)}; SSLLogger.java
 *       prints the message, {@code " ("}, the buffer through HexDumpEncoder indented by two spaces, and {@code ")"}):
 *       <pre>
 * javax.net.ssl|DEBUG|10|main|2026-12-04 19:08:03.635 UTC|SSLSocketOutputRecord.java:275|Raw write (
 *   0000: 16 03 03 01 B3 01 00 01   AF 03 03 F1 BD 52 82 BE  .............R..
 * )</pre>
 *       The socket reads a record's 5-byte header and its fragment in two {@code Raw read} blocks.</li>
 *   <li>JDK 8 (sun/security/ssl/OutputRecord.java, InputRecord.java, EngineOutputRecord.java):
 *       {@code [Raw write]: length = 229}, {@code [Raw read]: length = 5}, {@code [Raw write (bb)]: ...}, each followed
 *       by HexDumpEncoder rows, not indented.</li>
 * </ul>
 *
 * Other blocks ({@code Plaintext before ENCRYPTION (}, handshake messages printed as JSON) are skipped: only the
 * wire bytes are read, so the records are what a capture of the connection shows.
 */
final class JdkDebugTrace {
    private JdkDebugTrace() {}

    private record Head(Trace.Flow flow, int declared) {}

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
                TraceEvent.Named n = named(t, headAt, e, headLine);
                if (n != null) {
                    out.add(n);
                }
                continue;
            }
            Bytes b = new Bytes(h.declared >= 0 ? Math.min(h.declared, 1 << 16) : 256);
            boolean closed = false;
            while (s >= 0) {
                int re = lineEnd(t, s);
                if (h.declared < 0 && t.substring(s, re).strip().equals(")")) {
                    closed = true;
                    s = nextLine(t, re);
                    line++;
                    break;
                }
                if (h.declared >= 0 && b.size() >= h.declared) {
                    break;
                }
                int before = b.size();
                if (TraceRows.jdkRow(t, s, re, before, b) < 0) {
                    break;
                }
                if (total + b.size() > limits.maxBytes()) {
                    throw at(
                            t,
                            s,
                            "the trace holds more than " + limits.maxBytes() + " bytes ("
                                    + DecodeLimits.Limit.BYTES.field() + ")");
                }
                s = nextLine(t, re);
                line++;
            }
            if (h.declared < 0 && !closed) {
                throw at(
                        t,
                        s < 0 ? t.length() : s,
                        "the Raw block of line " + headLine
                                + " has no closing ')': the trace is cut short or a line was"
                                + " printed into the block");
            }
            if (h.declared >= 0 && b.size() != h.declared) {
                throw at(
                        t,
                        s < 0 ? t.length() : s,
                        "the block of line " + headLine + " declares " + h.declared + " bytes but " + b.size()
                                + " follow it in hex rows");
            }
            total += b.size();
            if (b.size() > 0) {
                byte[] a = new byte[b.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = b.get(i);
                }
                out.add(new TraceEvent.Wire(h.flow, headLine, a));
            }
        }
        return out;
    }

    /**
     * A line where the JDK names an alert it writes or has read (before it is encrypted, after it is decrypted):
     *
     * <pre>
     * SSLLogger.fine("WRITE: " + protocolVersion.name + " " + ContentType.ALERT.name + "(" + Alert.nameOf(description)
     *         + ")" + ", length = " + ...);                        (SSLSocketOutputRecord, SSLEngineOutputRecord: JDK 11+)
     * SSLLogger.fine("Received alert message", am);  then  "level"      : "fatal",  "description": "unknown_ca"
     *                                                                                      (Alert.AlertConsumer: JDK 11+)
     * </pre>
     *
     * JDK 8 needs none: its alerts before ChangeCipherSpec are plaintext, and {@code SEND}/{@code RECV ... ALERT} lines
     * are explain's to read. Null for any other line.
     */
    private static TraceEvent.Named named(String t, int s, int e, int line) {
        String l = t.substring(s, e);
        int w = l.indexOf("WRITE: ");
        if (w >= 0) {
            int a = l.indexOf(" alert(", w);
            int c = a < 0 ? -1 : l.indexOf("), length = ", a);
            if (c > a && a > 0) {
                int code = alertCode(l.substring(a + " alert(".length(), c));
                return code < 0 ? null : new TraceEvent.Named(Trace.Flow.SENT, line, -1, code);
            }
            return null;
        }
        if (!l.endsWith("Received alert message (") && !l.strip().endsWith("|Received alert message (")) {
            return null;
        }
        // the block: "Alert": {, "level" : "fatal", "description": "unknown_ca", }, ) within a few lines
        int level = -1;
        int description = -1;
        int p = nextLine(t, e);
        for (int i = 0; i < 6 && p >= 0; i++) {
            int pe = lineEnd(t, p);
            String x = t.substring(p, pe).strip();
            if (x.startsWith("\"level\"")) {
                String v = quoted(x);
                level = "fatal".equals(v) ? 2 : "warning".equals(v) ? 1 : -1;
            } else if (x.startsWith("\"description\"")) {
                description = alertCode(quoted(x));
            } else if (x.equals(")")) {
                break;
            }
            p = nextLine(t, pe);
        }
        return description < 0 ? null : new TraceEvent.Named(Trace.Flow.RECEIVED, line, level, description);
    }

    /** The last double-quoted value of a line ({@code "level"      : "fatal",} is {@code fatal}), or "". */
    private static String quoted(String x) {
        int end = x.lastIndexOf('"');
        int start = end > 0 ? x.lastIndexOf('"', end - 1) : -1;
        return start >= 0 ? x.substring(start + 1, end) : "";
    }

    /** The code of an alert by the name SunJSSE's Alert enum gives it ({@code certificate_unknown}), or -1. */
    private static int alertCode(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return -1;
        }
        return io.tlsalert.TlsAlerts.registry()
                .byName(name)
                .map(io.tlsalert.registry.Alert::code)
                .orElse(-1);
    }

    /**
     * {@code ...|Raw write (} / {@code Raw read (} / DTLS {@code Raw write (123) (} at the end of a line (declared -1:
     * the block ends at {@code )}), or JDK 8's {@code [Raw write]: length = 229}; null for any other line.
     */
    private static Head head(String t, int s, int e) {
        int end = e;
        while (end > s && isSpace(t.charAt(end - 1))) {
            end--;
        }
        if (end - s < 10) {
            return null;
        }
        if (t.charAt(end - 1) == '(') {
            String line = t.substring(s, end); // searched within the line: linear in the text
            int w = line.lastIndexOf("Raw write");
            int r = line.lastIndexOf("Raw read");
            w = w < 0 ? -1 : s + w;
            r = r < 0 ? -1 : s + r;
            int k = Math.max(w, r);
            if (k < s || (k > s && t.charAt(k - 1) != '|' && !isSpace(t.charAt(k - 1)))) {
                return null;
            }
            String rest = t.substring(k + (k == w ? 9 : 8), end - 1).strip();
            // DTLS prints "Raw write (123) (": a byte count in parentheses may come before the block's own '('
            if (!rest.isEmpty() && !(rest.startsWith("(") && rest.endsWith(")"))) {
                return null;
            }
            return new Head(k == w ? Trace.Flow.SENT : Trace.Flow.RECEIVED, -1);
        }
        int p = skipBlanks(t, s, end);
        for (String word : new String[] {"[Raw write", "[Raw read"}) {
            String line = t.substring(p, end);
            int k = line.indexOf(word);
            if (k < 0) {
                continue;
            }
            int c = line.indexOf("]: length = ", k);
            if (c < 0) {
                return null;
            }
            k += p;
            c += p;
            String between = t.substring(k + word.length(), c);
            if (!between.isEmpty() && !between.equals(" (bb)")) {
                return null;
            }
            int d = c + "]: length = ".length();
            int q = d;
            while (q < end && t.charAt(q) >= '0' && t.charAt(q) <= '9' && q - d < 9) {
                q++;
            }
            if (q == d || q != end) {
                return null;
            }
            return new Head(
                    word.equals("[Raw write") ? Trace.Flow.SENT : Trace.Flow.RECEIVED,
                    Integer.parseInt(t.substring(d, q)));
        }
        return null;
    }
}
