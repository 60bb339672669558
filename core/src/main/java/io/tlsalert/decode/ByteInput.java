package io.tlsalert.decode;

import java.util.Arrays;
import java.util.Objects;

/**
 * Turns the bytes a user pastes (or pipes in) into a {@code byte[]}, or fails with an {@link InputFormatException}
 * that names the problem, line and column.
 *
 * <h2>Shapes understood</h2>
 * <ul>
 *   <li><b>Plain hex</b>: {@code 15030300020228}, {@code 150303000202 28}, {@code 15 03 03 00 02 02 28}, upper or
 *       lower case, {@code 15:03:03}, {@code 15,03,03}, {@code 15-03-03}, {@code 15;03}, any whitespace and line
 *       breaks (LF, CRLF, CR), {@code xxd -p} output and Wireshark "Copy as Hex Stream". With whitespace only between
 *       groups the digits are simply concatenated (a stream wrapped at any column still works); with {@code : , ; -}
 *       separators every group must hold whole bytes.</li>
 *   <li><b>Code</b>: {@code 0x15, 0x03} / {@code 0X15} (a long {@code 0x16030100} literal is several bytes),
 *       {@code \x15\x03} escapes and C/Python string literals ({@code "\x16\x03"}, {@code b'\x16'}), C arrays
 *       ({@code unsigned char msg1[] = { 0x16, 0x03, };} with {@code /* *}{@code /} and {@code //} comments and a
 *       trailing comma), {@code xxd -i} output (its {@code unsigned int x_len = 123;} line is ignored), Java
 *       {@code new byte[]{(byte)0x16, ...}} and Go {@code []byte{0x16, ...}}. When the text has braces only what is
 *       inside them is data; bare numbers inside them other than 0-9 are rejected as ambiguous (decimal or hex?).</li>
 *   <li><b>Dumps</b> with an offset column (offsets are checked against the byte count; a dump may start at any
 *       offset; a blank line may separate blocks whose offsets restart at 0, as {@code tshark -x} prints for several
 *       packets): {@code xxd} (any {@code -g}/{@code -c}/{@code -u}/{@code -s}/{@code -a}; the text column after two
 *       spaces is ignored even if it looks like hex), {@code hexdump -C}, plain {@code hexdump} (16-bit little-endian
 *       words; the final offset line drops the pad byte of an odd length), {@code od -A x -t x1z} (also
 *       {@code -t x2}/{@code x4}, octal or decimal offsets), Wireshark "Copy as Hex Dump" and {@code tshark -x}
 *       (text column after three or more spaces). {@code *} lines ("the previous line repeats") are expanded up to the
 *       next offset. Groups of 2 digits are bytes; in dumps other than xxd, groups of 4 or 8 digits are little-endian
 *       words, as hexdump and od print them on every common (little-endian) machine; xxd groups are read in order.</li>
 *   <li><b>Base64</b>: standard and URL-safe alphabets (not mixed), with or without {@code =} padding, whitespace and
 *       line breaks anywhere, PEM {@code -----BEGIN ...-----}/{@code -----END ...-----} lines and RFC 1421 header
 *       lines ({@code Proc-Type: ...}) skipped.</li>
 * </ul>
 *
 * <h2>Auto-detection ({@link Format#AUTO}), first rule that applies wins</h2>
 * <ol>
 *   <li>No non-whitespace character: error (empty input).</li>
 *   <li>A {@code -----BEGIN} armour line: base64.</li>
 *   <li>The first non-blank line is a dump line: an offset of 4-16 hex digits followed by {@code ": "} (xxd), or an
 *       offset of 4-8 digits followed by data and a {@code |...|} or {@code >...<} text column; or every non-blank
 *       line starts with a 4-8 digit offset and the first offset is followed by two or more spaces or is wider or
 *       narrower than the group after it ({@code 0000000 0316}, {@code 000000 16}, {@code 0000   16}); or the
 *       input is a single line whose offset is all zeros followed by two or more spaces and 2-digit bytes: hex dump.
 *       From then on every line must be a dump line, {@code *}, a blank line or a {@code Frame (74 bytes):}
 *       header.</li>
 *   <li>A '{', a {@code \x} escape or a free-standing {@code 0x} literal: code (hex).</li>
 *   <li>Only hex digits, whitespace and {@code : , ; -}: <b>hex</b>. This settles the classic ambiguity: a text
 *       made only of {@code [0-9a-fA-F]} is valid base64 too, but it is read as hex (pass {@link Format#BASE64} to
 *       say otherwise). So is unpadded base64 made only of hex digits and {@code -}, e.g. the base64 of zero
 *       bytes, {@code AAAA}. An odd number of hex digits is likewise reported as incomplete hex, not decoded as
 *       base64: base64 of real data is almost never made of hex digits only, a dropped digit is far likelier.</li>
 *   <li>Two or more whitespace- or separator-delimited groups, at least half of them pure hex digits: hex (a typo
 *       such as {@code 15 03 0g} is reported as a bad hex digit rather than decoded as base64).</li>
 *   <li>Only base64 characters ({@code A-Z a-z 0-9 + / - _ =}) and whitespace: base64 if it has any of
 *       {@code + / _ =} or more than 10% of its letters and digits are letters outside a-f; otherwise hex (one long
 *       hex string with a typo).</li>
 *   <li>Anything else is reported as an error by the base64 reader if the text has {@code + / _ =} and more than
 *       10% non-hex letters, otherwise by the hex reader.</li>
 * </ol>
 *
 * <p>Why a hand-written scanner: no JDK class or well-kept library parses xxd / hexdump / od / Wireshark dumps
 * (the JDK's {@code HexFormat} and {@code Base64} take one clean string, and fail without a line and column), and
 * regular expressions over untrusted, possibly multi-megabyte input risk backtracking blow-ups. Every reader here is
 * a single left-to-right pass (detection adds one more), linear in the input, and never throws anything but
 * {@link InputFormatException} for any string.
 */
public final class ByteInput {
    /** Which reader to use. */
    public enum Format {
        AUTO,
        HEX,
        BASE64
    }

    /** A {@code *} line can stand for a lot of bytes; beyond this the dump is refused rather than expanded. */
    static final int MAX_BYTES = 1 << 26;

    private ByteInput() {}

    /** {@link #parse(String, Format)} with {@link Format#AUTO}. */
    public static byte[] parse(String text) {
        return parse(text, Format.AUTO);
    }

    /** The bytes {@code text} shows, in the given format ({@link Format#AUTO}: see the class comment). */
    public static byte[] parse(String text, Format format) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        switch (format) {
            case HEX:
                return parseHex(text);
            case BASE64:
                return parseBase64(text);
            default:
                return parseAuto(text);
        }
    }

    /** The bytes of a hex text in any of the shapes in the class comment (plain, code or dump). */
    public static byte[] parseHex(String text) {
        Objects.requireNonNull(text, "text");
        requireNotBlank(text);
        if (looksLikeDump(text)) {
            return new Dump(text).parse();
        }
        if (hasCodeMarkers(text)) {
            return code(text);
        }
        return plainHex(text);
    }

    /**
     * The bytes of a base64 text: standard or URL-safe alphabet, padding optional, whitespace anywhere, PEM armour
     * lines skipped.
     */
    public static byte[] parseBase64(String text) {
        Objects.requireNonNull(text, "text");
        requireNotBlank(text);
        return base64(text);
    }

    /**
     * For files and stdin: true if {@code raw} is not a text dump but the bytes themselves, so the caller should use
     * them as they are. True if they contain a NUL byte, start with a TLS record header (content type 20-24, version
     * 3.x), or if more than a quarter of them are control characters or bytes that are not part of valid UTF-8.
     * Empty input is not binary (it is an empty text).
     */
    public static boolean looksBinary(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        int n = raw.length;
        if (n == 0) {
            return false;
        }
        if (n >= 3 && raw[0] >= 20 && raw[0] <= 24 && raw[1] == 3 && (raw[2] & 0xFF) <= 4) {
            return true;
        }
        int bad = 0;
        for (int i = 0; i < n; i++) {
            int b = raw[i] & 0xFF;
            if (b == 0) {
                return true;
            }
            if (b < 0x20) {
                if (b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) {
                    bad++;
                }
            } else if (b == 0x7F) {
                bad++;
            } else if (b >= 0x80) {
                int len = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
                boolean ok = len > 0 && i + len <= n;
                for (int k = 1; ok && k < len; k++) {
                    ok = (raw[i + k] & 0xC0) == 0x80;
                }
                if (ok) {
                    i += len - 1;
                } else {
                    bad++;
                }
            }
        }
        return bad * 4L > n;
    }

    // ------------------------------------------------------------------------------------------------ detection

    private static byte[] parseAuto(String t) {
        requireNotBlank(t);
        if (hasPemArmour(t)) {
            return base64(t);
        }
        if (looksLikeDump(t)) {
            return new Dump(t).parse();
        }
        if (hasCodeMarkers(t)) {
            return code(t);
        }
        int n = t.length();
        long alnum = 0;
        long nonHexLetters = 0;
        boolean b64Special = false;
        boolean other = false;
        long groups = 0;
        long hexGroups = 0;
        boolean inGroup = false;
        boolean groupAllHex = true;
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            boolean sep = isSpace(c) || c == ':' || c == ',' || c == ';';
            if (sep) {
                if (inGroup) {
                    groups++;
                    if (groupAllHex) {
                        hexGroups++;
                    }
                    inGroup = false;
                }
                continue;
            }
            if (!inGroup) {
                inGroup = true;
                groupAllHex = true;
            }
            if (hexValue(c) >= 0) {
                alnum++;
            } else {
                if (c != '-') {
                    groupAllHex = false;
                }
                if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                    alnum++;
                    nonHexLetters++;
                } else if (c == '+' || c == '/' || c == '_' || c == '=') {
                    b64Special = true;
                } else if (c != '-') {
                    other = true;
                }
            }
        }
        if (inGroup) {
            groups++;
            if (groupAllHex) {
                hexGroups++;
            }
        }
        if (!other && nonHexLetters == 0 && !b64Special) {
            return plainHex(t);
        }
        if (groups >= 2 && hexGroups * 2 >= groups) {
            return plainHex(t);
        }
        boolean mostlyNonHex = nonHexLetters * 10 > alnum;
        if (!other) {
            return b64Special || mostlyNonHex ? base64(t) : plainHex(t);
        }
        return b64Special && mostlyNonHex ? base64(t) : plainHex(t);
    }

    private static boolean hasPemArmour(String t) {
        int i = t.indexOf("-----BEGIN");
        return i >= 0 && (i == 0 || t.charAt(i - 1) == '\n' || t.charAt(i - 1) == '\r' || isSpace(t.charAt(i - 1)));
    }

    /** A '{', a \x escape followed by a hex digit, or a free-standing 0x literal (not inside a base64 run). */
    private static boolean hasCodeMarkers(String t) {
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

    // Line kinds used by dump detection and parsing.
    private static final int BLANK = 0;
    private static final int HEADER = 1;
    private static final int STAR = 2;
    private static final int XXD = 3;
    private static final int OFFSET = 4;
    private static final int OTHER = 5;

    /** End of the line starting at {@code s} (index of its '\n' or '\r', or the text length). */
    private static int lineEnd(String t, int s) {
        int n = t.length();
        int e = s;
        while (e < n) {
            char c = t.charAt(e);
            if (c == '\n' || c == '\r') {
                break;
            }
            e++;
        }
        return e;
    }

    /** Start of the line after the one ending at {@code e}, or -1 if {@code e} is the end of the text. */
    private static int nextLine(String t, int e) {
        int n = t.length();
        if (e >= n) {
            return -1;
        }
        if (t.charAt(e) == '\r' && e + 1 < n && t.charAt(e + 1) == '\n') {
            return e + 2;
        }
        return e + 1;
    }

    private static int skipBlanks(String t, int p, int e) {
        while (p < e && isSpace(t.charAt(p))) {
            p++;
        }
        return p;
    }

    private static int hexRun(String t, int p, int e) {
        while (p < e && hexValue(t.charAt(p)) >= 0) {
            p++;
        }
        return p;
    }

    private static boolean isGap(char c) {
        return c == ' ' || c == '\t';
    }

    /** The kind of the line [s, e). */
    private static int lineKind(String t, int s, int e) {
        int p = skipBlanks(t, s, e);
        if (p == e) {
            return BLANK;
        }
        if (t.charAt(p) == '*' && skipBlanks(t, p + 1, e) == e) {
            return STAR;
        }
        int q = hexRun(t, p, e);
        int len = q - p;
        if (len >= 4 && len <= 16 && q < e && t.charAt(q) == ':' && (q + 1 == e || isGap(t.charAt(q + 1)))) {
            return XXD;
        }
        if (len >= 4 && len <= 8 && (q == e || isGap(t.charAt(q)))) {
            return OFFSET;
        }
        if (isHeader(t, p, e)) {
            return HEADER;
        }
        return OTHER;
    }

    /** A block header such as {@code Frame (74 bytes):} or {@code Reassembled TCP (1200 bytes):}. */
    private static boolean isHeader(String t, int p, int e) {
        int last = e - 1;
        while (last > p && isSpace(t.charAt(last))) {
            last--;
        }
        char c = t.charAt(p);
        return last > p && t.charAt(last) == ':' && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    }

    private static boolean looksLikeDump(String t) {
        int s = 0;
        boolean haveFirst = false;
        int firstOffLen = 0;
        int firstGap = 0;
        int firstNextLen = 0;
        boolean firstZero = false;
        int lines = 0;
        while (s >= 0) {
            int e = lineEnd(t, s);
            int kind = lineKind(t, s, e);
            if (!haveFirst) {
                if (kind == XXD) {
                    return true;
                }
                if (kind == OFFSET) {
                    haveFirst = true;
                    lines = 1;
                    int p = skipBlanks(t, s, e);
                    int q = hexRun(t, p, e);
                    firstOffLen = q - p;
                    firstZero = true;
                    for (int i = p; i < q; i++) {
                        firstZero &= t.charAt(i) == '0';
                    }
                    int r = q;
                    while (r < e && isGap(t.charAt(r))) {
                        firstGap += t.charAt(r) == '\t' ? 4 : 1;
                        r++;
                    }
                    int v = hexRun(t, r, e);
                    firstNextLen = v - r;
                    if (firstNextLen > 0 && hasTextColumnMarker(t, v, e)) {
                        return true;
                    }
                } else if (kind != BLANK && kind != HEADER) {
                    return false;
                }
            } else if (kind == OFFSET || kind == XXD || kind == STAR) {
                lines++;
            } else if (kind == OTHER) {
                return false;
            }
            s = nextLine(t, e);
        }
        if (!haveFirst) {
            return false;
        }
        if (lines >= 2) {
            return firstNextLen > 0 && (firstGap >= 2 || firstOffLen != firstNextLen);
        }
        return firstZero && firstGap >= 2 && firstNextLen == 2;
    }

    /** Whether the rest of a line, after its first data group, has a {@code |text|} or {@code >text<} column. */
    private static boolean hasTextColumnMarker(String t, int p, int e) {
        for (int i = p; i < e; i++) {
            char c = t.charAt(i);
            if (c == '|' || c == '>') {
                return true;
            }
            if (hexValue(c) < 0 && !isGap(c)) {
                return false;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------ plain hex

    private static byte[] plainHex(String t) {
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

    // ------------------------------------------------------------------------------------------------ code

    private static byte[] code(String t) {
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

    // ------------------------------------------------------------------------------------------------ dumps

    /**
     * A dump with an offset column, parsed line by line into per-line byte ranges, then assembled with the offsets
     * checked (and {@code *} lines expanded) in a second pass over the line records.
     */
    private static final class Dump {
        private static final int K_DATA = 0;
        private static final int K_BARE = 1;
        private static final int K_STAR = 2;
        private static final int K_BREAK = 3;

        private final String t;
        private final Bytes raw;
        private int count;
        private int[] kind = new int[64];
        private int[] offStart = new int[64];
        private int[] offLen = new int[64];
        private int[] dataStart = new int[64];
        private int[] dataLen = new int[64];
        private int[] wordBytes = new int[64];

        Dump(String t) {
            this.t = t;
            this.raw = new Bytes(t.length() / 3 + 1);
        }

        byte[] parse() {
            int s = 0;
            while (s >= 0) {
                int e = lineEnd(t, s);
                parseLine(s, e);
                s = nextLine(t, e);
            }
            // Offsets are hex, except od's default octal (-A o) and decimal (-A d) offsets. od prints those 7 digits
            // wide before 2-digit bytes, a layout no hex-offset tool uses (hexdump -C: 8 digits, od -A x: 6,
            // hexdump: 4-digit words), so that layout tries octal first: with '*' lines an octal dump can also add
            // up in hex. Other 7-digit offsets (hexdump, od -t x2) try hex first, then octal and decimal; offsets of
            // any other width are hex.
            int firstData = 0;
            while (firstData < count && kind[firstData] != K_DATA) {
                firstData++;
            }
            boolean sevenWide = firstData < count && offLen[firstData] == 7;
            boolean odStyle = sevenWide && wordBytes[firstData] == 1;
            int[] radices = odStyle ? new int[] {8, 10, 16} : sevenWide ? new int[] {16, 8, 10} : new int[] {16};
            int maxDigit = 0;
            for (int r = 0; r < count; r++) {
                if (kind[r] == K_DATA || kind[r] == K_BARE) {
                    for (int i = offStart[r]; i < offStart[r] + offLen[r]; i++) {
                        maxDigit = Math.max(maxDigit, hexValue(t.charAt(i)));
                    }
                }
            }
            InputFormatException first = null;
            for (int radix : radices) {
                if (maxDigit < radix) {
                    try {
                        return assemble(radix);
                    } catch (InputFormatException ex) {
                        first = first == null ? ex : first; // report the first reading tried
                    }
                }
            }
            throw first;
        }

        private void record(int k, int os, int ol, int ds, int dl, int wb) {
            if (count == kind.length) {
                int m = count * 2;
                kind = Arrays.copyOf(kind, m);
                offStart = Arrays.copyOf(offStart, m);
                offLen = Arrays.copyOf(offLen, m);
                dataStart = Arrays.copyOf(dataStart, m);
                dataLen = Arrays.copyOf(dataLen, m);
                wordBytes = Arrays.copyOf(wordBytes, m);
            }
            kind[count] = k;
            offStart[count] = os;
            offLen[count] = ol;
            dataStart[count] = ds;
            dataLen[count] = dl;
            wordBytes[count] = wb;
            count++;
        }

        private void parseLine(int s, int e) {
            int k = lineKind(t, s, e);
            int p = skipBlanks(t, s, e);
            switch (k) {
                case BLANK:
                case HEADER:
                    record(K_BREAK, s, 0, 0, 0, 0);
                    return;
                case STAR:
                    record(K_STAR, p, 0, 0, 0, 0);
                    return;
                case XXD:
                    xxdLine(p, hexRun(t, p, e), e);
                    return;
                case OFFSET:
                    offsetLine(p, hexRun(t, p, e), e);
                    return;
                default:
                    int q = hexRun(t, p, e);
                    if (q > p && q < e && !isSpace(t.charAt(q)) && t.charAt(q) != ':') {
                        throw at(t, q, describe(t, q) + " is not a hex digit");
                    }
                    if (q > p) {
                        throw at(
                                t,
                                p,
                                "the offset '" + shorten(t.substring(p, q)) + "' has " + (q - p)
                                        + " digits: a hex dump offset has 4 to 8 (or up to 16 before ':')");
                    }
                    throw at(
                            t,
                            p,
                            "expected a hex dump line (an offset such as 00000010 and bytes), '*' or a"
                                    + " blank line, found " + describe(t, p));
            }
        }

        /** {@code 00000010: 1603 0100 ...  ascii}: groups of any even width in order; text after 2+ spaces. */
        private void xxdLine(int p, int q, int e) {
            int ds = raw.size();
            int j = q + 1;
            while (j < e && isGap(t.charAt(j))) {
                j++;
            }
            if (j == e) {
                record(K_BARE, p, q - p, ds, 0, 1);
                return;
            }
            while (j < e) {
                int g = hexRun(t, j, e);
                if (g == j) {
                    throw at(t, j, describe(t, j) + " is not a hex digit");
                }
                if (((g - j) & 1) == 1) {
                    throw oddGroup(j, g);
                }
                for (int i = j; i < g; i += 2) {
                    raw.add(hexValue(t.charAt(i)) << 4 | hexValue(t.charAt(i + 1)));
                }
                if (g == e || t.charAt(g) == '\t') {
                    break;
                }
                if (t.charAt(g) != ' ') {
                    throw at(t, g, describe(t, g) + " is not a hex digit");
                }
                if (g + 1 == e || isGap(t.charAt(g + 1))) {
                    break; // two spaces: the text column follows
                }
                j = g + 1;
            }
            record(K_DATA, p, q - p, ds, raw.size() - ds, 0);
        }

        /**
         * {@code 0000010 0316 0001}, {@code 00000010  16 03 ... |ascii|}, {@code 000010 16 03 ... >ascii<},
         * {@code 0010   16 03 ...   ascii}: 2-digit bytes or little-endian 4/8/16-digit words; data ends at '|' or
         * '>', or at a gap of three or more spaces.
         */
        private void offsetLine(int p, int q, int e) {
            int ds = raw.size();
            int j = skipBlanks(t, q, e);
            if (j == e) {
                record(K_BARE, p, q - p, ds, 0, 1);
                return;
            }
            int width = 0;
            while (j < e) {
                char c = t.charAt(j);
                if (c == '|' || c == '>') {
                    break;
                }
                int g = hexRun(t, j, e);
                if (g == j) {
                    throw at(t, j, describe(t, j) + " is not a hex digit");
                }
                int w = g - j;
                if (width == 0) {
                    width = w;
                    if ((w & 1) == 1) {
                        throw oddGroup(j, g);
                    }
                    if (w != 2 && w != 4 && w != 8 && w != 16) {
                        throw at(
                                t,
                                j,
                                "the group '" + shorten(t.substring(j, g)) + "' has " + w
                                        + " digits: expected 2-digit bytes or 4-, 8- or 16-digit little-endian words"
                                        + (w == 6
                                                ? " (od's default octal words are not supported: use od -A x -t x1z)"
                                                : ""));
                    }
                } else if (w != width) {
                    throw at(
                            t,
                            j,
                            "the group '" + shorten(t.substring(j, g)) + "' has " + w
                                    + " digits but the groups before it on this line have " + width);
                }
                for (int i = g - 2; i >= j; i -= 2) { // little-endian: last pair first
                    raw.add(hexValue(t.charAt(i)) << 4 | hexValue(t.charAt(i + 1)));
                }
                if (g == e) {
                    break;
                }
                if (!isGap(t.charAt(g))) {
                    throw at(t, g, describe(t, g) + " is not a hex digit");
                }
                int gap = 0;
                j = g;
                while (j < e && isGap(t.charAt(j))) {
                    gap += t.charAt(j) == '\t' ? 4 : 1;
                    j++;
                }
                if (j < e && gap >= 3 && t.charAt(j) != '|' && t.charAt(j) != '>') {
                    break; // the text column of Wireshark / tshark
                }
            }
            record(K_DATA, p, q - p, ds, raw.size() - ds, Math.max(1, width / 2));
        }

        private InputFormatException oddGroup(int j, int g) {
            return at(
                    t,
                    j,
                    "the group '" + shorten(t.substring(j, g)) + "' has an odd number of hex digits (" + (g - j)
                            + "): the last byte is incomplete");
        }

        private long offset(int r, int radix) {
            long v = 0;
            for (int i = offStart[r]; i < offStart[r] + offLen[r]; i++) {
                int d = hexValue(t.charAt(i));
                if (v > (Long.MAX_VALUE - d) / radix) {
                    throw at(t, offStart[r], "the offset " + offsetText(r) + " is too large");
                }
                v = v * radix + d;
            }
            return v;
        }

        private String offsetText(int r) {
            return t.substring(offStart[r], offStart[r] + offLen[r]);
        }

        private String format(long v, int radix, int width) {
            String s = Long.toString(v, radix);
            StringBuilder b = new StringBuilder();
            for (int i = s.length(); i < width; i++) {
                b.append('0');
            }
            return b.append(s).toString();
        }

        private byte[] assemble(int radix) {
            Bytes out = new Bytes(raw.size());
            long expected = -1;
            boolean afterBreak = false;
            int prev = -1; // the last data line, for '*'
            int star = -1; // a pending '*' line
            for (int r = 0; r < count; r++) {
                int k = kind[r];
                if (k == K_BREAK) {
                    afterBreak = true;
                    continue;
                }
                if (k == K_STAR) {
                    if (prev < 0 || dataLen[prev] == 0) {
                        throw at(t, offStart[r], "'*' (repeat the previous line) has no previous line of bytes");
                    }
                    star = r;
                    continue;
                }
                long off = offset(r, radix);
                if (expected >= 0 && off != expected) {
                    if (star >= 0) {
                        long gap = off - expected;
                        int len = dataLen[prev];
                        if (gap < 0 || gap % len != 0) {
                            throw at(
                                    t,
                                    offStart[r],
                                    "the offset " + offsetText(r) + " after '*' is not a whole"
                                            + " number of repeated " + len
                                            + "-byte lines after the previous lines, which"
                                            + " end at " + format(expected, radix, offLen[r]));
                        }
                        if (out.size() + gap > MAX_BYTES) {
                            throw at(
                                    t,
                                    offStart[r],
                                    "the '*' before offset " + offsetText(r) + " expands to more than " + MAX_BYTES
                                            + " bytes");
                        }
                        for (long g = 0; g < gap; g += len) {
                            out.add(raw, dataStart[prev], len);
                        }
                        expected = off;
                    } else if (afterBreak && off == 0) {
                        expected = 0; // a new block, e.g. the next packet of tshark -x
                        prev = -1;
                    } else if (k == K_BARE
                            && prev >= 0
                            && wordBytes[prev] > 1
                            && expected - off > 0
                            && expected - off < wordBytes[prev]
                            && zeroTail(out, (int) (expected - off))) {
                        out.truncate(out.size() - (int) (expected - off)); // the pad byte of an odd-length dump
                        expected = off;
                    } else {
                        throw at(
                                t,
                                offStart[r],
                                "the offset " + offsetText(r) + " is out of order: the lines" + " before it end at "
                                        + format(expected, radix, offLen[r]));
                    }
                }
                star = -1;
                if (expected < 0) {
                    expected = off;
                }
                afterBreak = k == K_BARE;
                if (k == K_DATA) {
                    out.add(raw, dataStart[r], dataLen[r]);
                    expected += dataLen[r];
                    prev = r;
                }
            }
            if (star >= 0) {
                throw at(
                        t,
                        offStart[star],
                        "'*' (repeat the previous line) is not followed by an offset line,"
                                + " so the number of repeated lines is unknown");
            }
            return out.result(t);
        }

        private static boolean zeroTail(Bytes out, int k) {
            for (int i = out.size() - k; i < out.size(); i++) {
                if (i < 0 || out.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------------ base64

    private static byte[] base64(String t) {
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

    // ------------------------------------------------------------------------------------------------ helpers

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int indexOf(String t, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static int parseHexInt(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v << 4 | hexValue(t.charAt(i));
        }
        return v;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** ASCII whitespace, NBSP, BOM, zero-width space and the Unicode space separators: pasted text has them all. */
    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }
        return c == 0xA0 || c == 0xFEFF || c == 0x200B || (c >= 0x1680 && Character.isSpaceChar(c));
    }

    private static void requireNotBlank(String t) {
        for (int i = 0; i < t.length(); i++) {
            if (!isSpace(t.charAt(i))) {
                return;
            }
        }
        throw new InputFormatException(
                t.isEmpty() ? "empty input: no bytes to decode" : "the input is only whitespace: no bytes to decode",
                1,
                1,
                0);
    }

    /** {@code 'g'}, or for invisible and non-ASCII characters {@code 'é' (U+00E9)} / {@code U+0001}. */
    private static String describe(String t, int i) {
        int cp = t.codePointAt(i);
        if (cp > 0x20 && cp < 0x7F) {
            return "'" + (char) cp + "'";
        }
        String u = String.format("U+%04X", cp);
        if (Character.isISOControl(cp)
                || Character.isWhitespace(cp)
                || Character.getType(cp) == Character.FORMAT
                || Character.getType(cp) == Character.UNASSIGNED
                || Character.getType(cp) == Character.SURROGATE
                || Character.getType(cp) == Character.PRIVATE_USE) {
            return cp == ' ' ? "' ' (space)" : u;
        }
        return "'" + new String(Character.toChars(cp)) + "' (" + u + ")";
    }

    private static String shorten(String s) {
        return s.length() <= 24 ? s : s.substring(0, 20) + "...";
    }

    /** 1-based line and column (in code points) of char offset {@code pos}; CRLF, LF and CR end lines. */
    static int[] locate(String t, int pos) {
        int end = Math.max(0, Math.min(pos, t.length()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            char c = t.charAt(i);
            if (c == '\n' || (c == '\r' && !(i + 1 < t.length() && t.charAt(i + 1) == '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, t.codePointCount(lineStart, end) + 1};
    }

    private static InputFormatException at(String t, int pos, String detail) {
        int[] lc = locate(t, pos);
        return new InputFormatException("line " + lc[0] + ", column " + lc[1] + ": " + detail, lc[0], lc[1], pos);
    }

    /** A growable byte array. */
    private static final class Bytes {
        private byte[] a;
        private int n;

        Bytes(int capacity) {
            a = new byte[Math.max(16, Math.min(capacity, MAX_BYTES))];
        }

        void add(int b) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = (byte) b;
        }

        void add(Bytes src, int from, int len) {
            if (n + len > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, n + len));
            }
            System.arraycopy(src.a, from, a, n, len);
            n += len;
        }

        int size() {
            return n;
        }

        byte get(int i) {
            return a[i];
        }

        void truncate(int size) {
            n = size;
        }

        /** The bytes; no bytes at all is an error, since there is nothing to decode. */
        byte[] result(String t) {
            if (n == 0) {
                throw new InputFormatException("no bytes found in the input", 1, 1, 0);
            }
            return Arrays.copyOf(a, n);
        }
    }
}
