package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

/**
 * Bytes written as code: {@code 0x15, 0x03} (a long {@code 0x16030100} literal is several bytes), {@code \x15}
 * escapes and C/Python string literals ({@code "\x16\x03"}, {@code b'\x16'}), C arrays with comments and a trailing
 * comma, {@code xxd -i} output, Java {@code new byte[]{(byte)0x16, ...}} and Go {@code []byte{0x16, ...}}. Inside
 * braces, bare numbers other than 0-9 are rejected as ambiguous (decimal or hex?).
 */
final class CodeLiterals {
    private CodeLiterals() {}

    /** A '{', a \x escape followed by a hex digit, or a free-standing 0x literal (not inside a base64 run). */
    static boolean hasCodeMarkers(String t) {
        if (t.indexOf('{') >= 0) {
            return true;
        }
        int n = t.length();
        for (int i = 0; i + 2 < n; i++) {
            char c = t.charAt(i);
            char x = t.charAt(i + 1);
            if (x != 'x' && x != 'X') {
                continue;
            }
            if (c == '\\' && hexValue(t.charAt(i + 2)) >= 0) {
                return true;
            }
            if (c == '0' && hexValue(t.charAt(i + 2)) >= 0 && (i == 0 || !base64ish(t.charAt(i - 1)))) {
                int k = i + 2;
                while (k < n && hexValue(t.charAt(k)) >= 0) {
                    k++;
                }
                if (k == n || !base64ish(t.charAt(k))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean base64ish(char c) {
        return isWordChar(c) || c == '+' || c == '/' || c == '=' || c == '-';
    }

    /** The bytes of the literals; with braces in the text only what is inside them is data. */
    static byte[] parse(String t) {
        int n = t.length();
        boolean braces = t.indexOf('{') >= 0;
        int depth = 0;
        int lastOpen = -1;
        Bytes out = new Bytes(n / 4 + 1);
        int i = 0;
        while (i < n) {
            char c = t.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && t.charAt(i + 1) == '*') {
                int end = t.indexOf("*/", i + 2);
                if (end < 0) {
                    throw at(t, i, "the comment '/*' is never closed with '*/'");
                }
                i = end + 2;
                continue;
            }
            if ((c == '/' && i + 1 < n && t.charAt(i + 1) == '/') || (c == '#' && atLineStart(t, i))) {
                i = lineEnd(t, i);
                continue;
            }
            boolean data = !braces || depth > 0;
            if (c == '{') {
                depth++;
                lastOpen = i;
                i++;
                continue;
            }
            if (c == '}') {
                if (depth == 0) {
                    throw at(t, i, "'}' has no matching '{'");
                }
                depth--;
                i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                i = stringLiteral(t, i, data, out);
                continue;
            }
            if (c == '\\') {
                if (i + 1 < n && (t.charAt(i + 1) == 'x' || t.charAt(i + 1) == 'X')) {
                    i = hexEscape(t, i, data, out);
                    continue;
                }
                throw at(t, i, "'\\' outside a string literal must start a \\x escape");
            }
            if (isWordChar(c)) {
                int j = i;
                while (j < n && isWordChar(t.charAt(j))) {
                    j++;
                }
                if (c == '0' && j - i >= 2 && (t.charAt(i + 1) == 'x' || t.charAt(i + 1) == 'X')) {
                    int k = hexRun(t, i + 2, j);
                    int nd = k - (i + 2);
                    if (k < j) {
                        throw at(t, k, describe(t, k) + " is not a hex digit");
                    }
                    if (nd == 0) {
                        throw at(t, i, "'" + t.substring(i, i + 2) + "' is not followed by hex digits");
                    }
                    if (nd > 2 && (nd & 1) == 1) {
                        int[] lc = locate(t, j - 1);
                        throw new InputFormatException(
                                "odd number of hex digits (" + nd + ") in '" + shorten(t.substring(i, j))
                                        + "': the last byte is incomplete (line " + lc[0] + ", column "
                                        + lc[1] + ")",
                                lc[0],
                                lc[1],
                                j - 1);
                    }
                    if (data) {
                        if (nd <= 2) {
                            out.add(parseHexInt(t, i + 2, j));
                        } else {
                            for (int p = i + 2; p < j; p += 2) {
                                out.add(hexValue(t.charAt(p)) << 4 | hexValue(t.charAt(p + 1)));
                            }
                        }
                    }
                    i = j;
                    continue;
                }
                if (j < n && (t.charAt(j) == '"' || t.charAt(j) == '\'')) {
                    i = j; // a string prefix: b'..', u8"..", L".."
                    continue;
                }
                if (data) {
                    boolean digitFirst = c >= '0' && c <= '9';
                    int k = hexRun(t, i, j);
                    if (k == j) {
                        if (j - i == 1 && digitFirst) {
                            out.add(c - '0');
                            i = j;
                            continue;
                        }
                        throw at(
                                t,
                                i,
                                "'" + shorten(t.substring(i, j))
                                        + "' has no 0x prefix: in code only 0x.. literals (and the digits 0-9) are bytes,"
                                        + " a bare number could be decimal or hex");
                    }
                    if (digitFirst) {
                        throw at(t, k, describe(t, k) + " is not a hex digit");
                    }
                }
                i = j; // an identifier (type, name, cast), or a number outside the braces such as an x_len
                continue;
            }
            if ("[]()=;,*&<>+.:-".indexOf(c) >= 0) {
                i++;
                continue;
            }
            throw at(t, i, describe(t, i) + " is not a hex digit or part of a C/Java/Go byte array");
        }
        if (depth > 0) {
            throw at(t, lastOpen, "'{' is never closed with '}'");
        }
        return out.result(t);
    }

    private static boolean atLineStart(String t, int i) {
        for (int k = i - 1; k >= 0; k--) {
            char c = t.charAt(k);
            if (c == '\n' || c == '\r') {
                return true;
            }
            if (!isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    /** A \x escape at i (backslash): one or two hex digits. Returns the index after it. */
    private static int hexEscape(String t, int i, boolean data, Bytes out) {
        int n = t.length();
        int k = i + 2;
        int end = Math.min(n, i + 4);
        while (k < end && hexValue(t.charAt(k)) >= 0) {
            k++;
        }
        if (k == i + 2) {
            throw at(t, i, "'\\" + t.charAt(i + 1) + "' is not followed by a hex digit");
        }
        if (data) {
            out.add(parseHexInt(t, i + 2, k));
        }
        return k;
    }

    /** A C/Python/Java string or char literal at i; its characters and escapes are bytes. */
    private static int stringLiteral(String t, int i, boolean data, Bytes out) {
        int n = t.length();
        char q = t.charAt(i);
        int j = i + 1;
        while (j < n) {
            char c = t.charAt(j);
            if (c == q) {
                return j + 1;
            }
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == '\\') {
                if (j + 1 >= n) {
                    break;
                }
                char e = t.charAt(j + 1);
                if (e == 'x' || e == 'X') {
                    j = hexEscape(t, j, data, out);
                    continue;
                }
                int v;
                int len = 2;
                switch (e) {
                    case 'n':
                        v = '\n';
                        break;
                    case 'r':
                        v = '\r';
                        break;
                    case 't':
                        v = '\t';
                        break;
                    case 'a':
                        v = 7;
                        break;
                    case 'b':
                        v = 8;
                        break;
                    case 'f':
                        v = 12;
                        break;
                    case 'v':
                        v = 11;
                        break;
                    case '\\':
                    case '\'':
                    case '"':
                    case '?':
                        v = e;
                        break;
                    default:
                        if (e >= '0' && e <= '7') {
                            v = 0;
                            len = 1;
                            while (len < 4 && j + len < n && t.charAt(j + len) >= '0' && t.charAt(j + len) <= '7') {
                                v = v * 8 + (t.charAt(j + len) - '0');
                                len++;
                            }
                            if (v > 255) {
                                throw at(
                                        t, j, "the octal escape '" + t.substring(j, j + len) + "' is more than a byte");
                            }
                        } else {
                            throw at(
                                    t,
                                    j,
                                    "the escape " + describe(t, j + 1) + " after '\\' is not supported"
                                            + " (use \\xHH)");
                        }
                }
                if (data) {
                    out.add(v);
                }
                j += len;
                continue;
            }
            if (c < 0x20 || c > 0x7E) {
                throw at(t, j, describe(t, j) + " in a string literal is not printable ASCII (use \\xHH)");
            }
            if (data) {
                out.add(c);
            }
            j++;
        }
        throw at(t, i, "the string literal is not closed on its line");
    }
}
