package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

/**
 * Base64 (RFC 4648 §4 standard and §5 URL-safe alphabets, not mixed), with or without {@code =} padding, whitespace
 * and line breaks anywhere, PEM {@code -----BEGIN ...-----}/{@code -----END ...-----} lines (RFC 7468) and RFC 1421
 * header lines ({@code Proc-Type: ...}) skipped.
 */
final class Base64Text {
    private Base64Text() {}

    /** A {@code -----BEGIN} line: PEM. */
    static boolean hasPemArmour(String t) {
        int i = t.indexOf("-----BEGIN");
        return i >= 0 && (i == 0 || t.charAt(i - 1) == '\n' || t.charAt(i - 1) == '\r' || isSpace(t.charAt(i - 1)));
    }

    /** The bytes of a base64 text (standard or URL-safe, not mixed; padding optional; PEM armour lines skipped). */
    static byte[] parse(String t) {
        int n = t.length();
        Bytes out = new Bytes(n / 4 * 3 + 3);
        boolean armour = hasPemArmour(t);
        int acc = 0;
        int bits = 0;
        long count = 0;
        int pad = 0;
        int padPos = -1;
        int lastPos = -1;
        int stdPos = -1;
        int urlPos = -1;
        int s = 0;
        while (s >= 0) {
            int e = lineEnd(t, s);
            int p = skipBlanks(t, s, e);
            if (t.startsWith("-----BEGIN", p) || t.startsWith("-----END", p)) {
                s = nextLine(t, e);
                continue;
            }
            if (armour && count == 0 && pad == 0 && indexOf(t, ':', p, e) >= 0) {
                s = nextLine(t, e); // an RFC 1421 header such as Proc-Type: 4,ENCRYPTED
                continue;
            }
            for (int i = p; i < e; i++) {
                char c = t.charAt(i);
                if (isSpace(c)) {
                    continue;
                }
                if (c == '=') {
                    if (pad++ == 0) {
                        padPos = i;
                    }
                    continue;
                }
                int v = base64Value(c);
                if (v < 0) {
                    throw at(t, i, describe(t, i) + " is not a base64 character");
                }
                if (pad > 0) {
                    throw at(
                            t,
                            i,
                            "base64 data after '=' padding (line " + locate(t, padPos)[0] + ", column "
                                    + locate(t, padPos)[1] + "): padding may only end the text");
                }
                if (c == '+' || c == '/') {
                    stdPos = stdPos < 0 ? i : stdPos;
                    if (urlPos >= 0) {
                        throw mixed(t, i, urlPos);
                    }
                } else if (c == '-' || c == '_') {
                    urlPos = urlPos < 0 ? i : urlPos;
                    if (stdPos >= 0) {
                        throw mixed(t, i, stdPos);
                    }
                }
                acc = (acc << 6) | v;
                bits += 6;
                count++;
                lastPos = i;
                if (bits >= 8) {
                    bits -= 8;
                    out.add((acc >> bits) & 0xFF);
                    acc &= (1 << bits) - 1;
                }
            }
            s = nextLine(t, e);
        }
        if (count == 0) {
            if (pad > 0) {
                throw at(t, padPos, "base64 padding '=' without any data before it");
            }
            throw new InputFormatException("no base64 data: the input has only armour lines", 1, 1, 0);
        }
        if (count % 4 == 1) {
            int[] lc = locate(t, lastPos);
            throw new InputFormatException(
                    "invalid base64 length: " + count + " characters, one more than a"
                            + " multiple of 4, so the last character is left over (line " + lc[0] + ", column " + lc[1]
                            + ")",
                    lc[0],
                    lc[1],
                    lastPos);
        }
        if (pad > 0 && (pad > 2 || (count + pad) % 4 != 0)) {
            int[] lc = locate(t, padPos);
            throw new InputFormatException(
                    "invalid base64 padding: " + count + " characters and " + pad
                            + " '=' are not a multiple of 4 (line " + lc[0] + ", column " + lc[1] + ")",
                    lc[0],
                    lc[1],
                    padPos);
        }
        return out.result(t);
    }

    private static InputFormatException mixed(String t, int i, int other) {
        int[] lc = locate(t, other);
        return at(
                t,
                i,
                describe(t, i) + " mixes the base64 alphabets: " + describe(t, other) + " at line " + lc[0]
                        + ", column " + lc[1] + " belongs to the other one ('+' '/' standard, '-' '_' URL-safe)");
    }

    private static int base64Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+' || c == '-') {
            return 62;
        }
        if (c == '/' || c == '_') {
            return 63;
        }
        return -1;
    }
}
