package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

/**
 * Plain hex: {@code 15030300020228}, {@code 15 03 03}, {@code 15:03:03}, {@code 15,03}, {@code 15-03}, {@code 15;03},
 * upper or lower case, any line breaks; {@code xxd -p} output and Wireshark "Copy as Hex Stream".
 */
final class PlainHex {
    private PlainHex() {}

    /**
     * Hex digits with whitespace between any of them (concatenated: a stream wrapped at any column works), or with
     * {@code : , ; -} between groups that each hold whole bytes.
     */
    static byte[] parse(String t) {
        int n = t.length();
        boolean explicit = false;
        for (int i = 0; i < n && !explicit; i++) {
            char c = t.charAt(i);
            explicit = c == ':' || c == ',' || c == ';' || c == '-';
        }
        Bytes out = new Bytes(n / 2 + 1);
        long digits = 0;
        int pending = -1;
        int pendingPos = -1;
        int groupStart = -1;
        int groupLen = 0;
        int firstOddGroup = -1;
        int firstOddLen = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? t.charAt(i) : ' ';
            int v = hexValue(c);
            if (v >= 0) {
                if (groupLen++ == 0) {
                    groupStart = i;
                }
                digits++;
                if (pending < 0) {
                    pending = v;
                    pendingPos = i;
                } else {
                    out.add(pending << 4 | v);
                    pending = -1;
                }
                continue;
            }
            if (groupLen > 0) {
                if ((groupLen & 1) == 1) {
                    if (explicit) {
                        throw at(
                                t,
                                groupStart,
                                "the group '" + t.substring(groupStart, groupStart + groupLen)
                                        + "' has an odd number of hex digits (" + groupLen
                                        + "): with ':', ',', ';' or '-' between groups each group must be whole bytes");
                    }
                    if (firstOddGroup < 0) {
                        firstOddGroup = groupStart;
                        firstOddLen = groupLen;
                    }
                }
                groupLen = 0;
            }
            if (i == n || isSpace(c) || c == ':' || c == ',' || c == ';' || c == '-') {
                continue;
            }
            throw at(t, i, describe(t, i) + " is not a hex digit");
        }
        if (pending >= 0) {
            int[] lc = locate(t, pendingPos);
            String msg = "odd number of hex digits (" + digits + "): the last byte is incomplete (line " + lc[0]
                    + ", column " + lc[1] + ")";
            if (firstOddGroup >= 0 && firstOddGroup != pendingPos) {
                int[] g = locate(t, firstOddGroup);
                msg += "; the first group with an odd number of digits is '"
                        + shorten(t.substring(firstOddGroup, firstOddGroup + firstOddLen)) + "' at line " + g[0]
                        + ", column " + g[1];
            }
            throw new InputFormatException(msg, lc[0], lc[1], pendingPos);
        }
        return out.result(t);
    }
}
