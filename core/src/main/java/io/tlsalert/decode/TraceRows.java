package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

/**
 * The hex byte rows of the trace formats, read strictly so that a row is never confused with the text around it:
 * OpenSSL's {@code msg_cb} rows ({@code "   "} then {@code " %02x"} per byte, 16 to a row) and the JDK's
 * {@code HexDumpEncoder} rows ({@code "0000: "}, then {@code "%02X "} per byte with two more spaces after the eighth,
 * then padding, a space and the text column).
 */
final class TraceRows {
    private TraceRows() {}

    /**
     * The bytes of an OpenSSL {@code msg_cb} row {@code t[s, e)}: two hex digits per byte, one space between bytes,
     * leading whitespace, an optional trailing {@code " ..."}; -1 when the line is not such a row. Bytes go to
     * {@code out}.
     */
    static int opensslRow(String t, int s, int e, Bytes out) {
        int p = s;
        if (p >= e || !isGap(t.charAt(p))) {
            return -1; // rows are indented
        }
        p = skipBlanks(t, p, e);
        int end = e;
        while (end > p && isSpace(t.charAt(end - 1))) {
            end--;
        }
        if (end - p >= 4 && t.startsWith(" ...", end - 4)) {
            end -= 4;
        }
        if (p >= end || (end - p + 1) % 3 != 0) {
            return -1;
        }
        for (int i = p; i < end; i += 3) {
            if (hexValue(t.charAt(i)) < 0 || hexValue(t.charAt(i + 1)) < 0 || (i + 2 < end && t.charAt(i + 2) != ' ')) {
                return -1;
            }
        }
        int n = 0;
        for (int i = p; i < end; i += 3) {
            out.add(hexValue(t.charAt(i)) << 4 | hexValue(t.charAt(i + 1)));
            n++;
        }
        return n;
    }

    /**
     * The bytes of a JDK {@code HexDumpEncoder} row {@code t[s, e)} whose offset column must be {@code expected}
     * (the encoder's offset is 16 bits: it wraps); -1 when the line is not such a row. The text column after the
     * bytes is skipped: a byte is read only after exactly one space, or three after the eighth.
     *
     * @throws InputFormatException for a row whose offset is not {@code expected}
     */
    static int jdkRow(String t, int s, int e, long expected, Bytes out) {
        int p = skipBlanks(t, s, e);
        int q = hexRun(t, p, e);
        if (q - p != 4 || q + 1 >= e || t.charAt(q) != ':' || t.charAt(q + 1) != ' ') {
            return -1;
        }
        int offset = parseHexInt(t, p, q);
        int at = q + 2;
        int n = 0;
        while (n < 16 && at + 1 < e && hexValue(t.charAt(at)) >= 0 && hexValue(t.charAt(at + 1)) >= 0) {
            if (at + 2 < e && t.charAt(at + 2) != ' ') {
                break; // the text column, not a byte
            }
            out.add(hexValue(t.charAt(at)) << 4 | hexValue(t.charAt(at + 1)));
            n++;
            int gap = 0;
            int g = at + 2;
            while (g < e && t.charAt(g) == ' ') {
                gap++;
                g++;
            }
            if (!(gap == 1 || (n == 8 && gap == 3))) {
                break;
            }
            at = g;
        }
        if (n == 0) {
            out.truncate(out.size());
            return -1;
        }
        if (offset != (expected & 0xFFFF)) {
            out.truncate(out.size() - n);
            throw at(
                    t,
                    p,
                    String.format(
                            "the hex row's offset is %04X but %d bytes of this block came before it: a row is missing or"
                                    + " out of order",
                            offset, expected));
        }
        return n;
    }
}
