package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Hex dumps with an offset column: {@code xxd} (any {@code -g}/{@code -c}/{@code -u}/{@code -s}/{@code -a}),
 * {@code hexdump -C}, plain {@code hexdump} (16-bit little-endian words), {@code od -A x -t x1z} (also {@code -t x2}/
 * {@code x4}, octal or decimal offsets), Wireshark "Copy as Hex Dump" and {@code tshark -x}. {@code *} lines are
 * expanded; offsets are checked against the byte count. Read line by line into per-line byte ranges, then assembled
 * with the offsets checked (and {@code *} lines expanded) in a second pass over the lines.
 */
final class HexDump {
    /** Line kinds, as detection and the first pass see them. */
    private enum LineKind {
        BLANK,
        HEADER,
        STAR,
        XXD,
        OFFSET,
        OTHER
    }

    /** The bytes of the dump {@code t}. */
    static byte[] parse(String t, int maxBytes) {
        return new HexDump(t, maxBytes).parse();
    }

    /** The kind of the line [s, e). */
    private static LineKind lineKind(String t, int s, int e) {
        int p = skipBlanks(t, s, e);
        if (p == e) {
            return LineKind.BLANK;
        }
        if (t.charAt(p) == '*' && skipBlanks(t, p + 1, e) == e) {
            return LineKind.STAR;
        }
        int q = hexRun(t, p, e);
        int len = q - p;
        if (len >= 4 && len <= 16 && q < e && t.charAt(q) == ':' && (q + 1 == e || isGap(t.charAt(q + 1)))) {
            return LineKind.XXD;
        }
        if (len >= 4 && len <= 8 && (q == e || isGap(t.charAt(q)))) {
            return LineKind.OFFSET;
        }
        if (isHeader(t, p, e)) {
            return LineKind.HEADER;
        }
        return LineKind.OTHER;
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

    /** Does the text start like a dump with an offset column (rule 3 of {@link ByteInput}'s detection)? */
    static boolean looksLike(String t) {
        int s = 0;
        boolean haveFirst = false;
        int firstOffLen = 0;
        int firstGap = 0;
        int firstNextLen = 0;
        boolean firstZero = false;
        int lines = 0;
        while (s >= 0) {
            int e = lineEnd(t, s);
            LineKind kind = lineKind(t, s, e);
            if (!haveFirst) {
                if (kind == LineKind.XXD) {
                    return true;
                }
                if (kind == LineKind.OFFSET) {
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
                } else if (kind != LineKind.BLANK && kind != LineKind.HEADER) {
                    return false;
                }
            } else if (kind == LineKind.OFFSET || kind == LineKind.XXD || kind == LineKind.STAR) {
                lines++;
            } else if (kind == LineKind.OTHER) {
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

    /** What a line of the dump is, once read. */
    private enum Kind {
        /** An offset and bytes. */
        DATA,
        /** An offset alone: the end of the dump (hexdump and od print the total length so). */
        BARE,
        /** {@code *}: the previous line repeats up to the next offset. */
        STAR,
        /** A blank line or a block header: the offsets may start again at 0. */
        BREAK
    }

    /**
     * One line of the dump: where its offset is in the text, and where its bytes are in {@link #raw}.
     *
     * @param wordBytes bytes per group (2-digit bytes: 1; little-endian words: 2, 4 or 8; xxd: 0, read in order)
     */
    private record Line(Kind kind, int offStart, int offLen, int dataStart, int dataLen, int wordBytes) {}

    private final String t;
    private final Bytes raw;
    private final List<Line> lines = new ArrayList<>();

    /** What the {@code *} lines may expand the dump to ({@link DecodeLimits#maxBytes()}). */
    private final int maxBytes;

    private HexDump(String t, int maxBytes) {
        this.t = t;
        this.maxBytes = maxBytes;
        this.raw = new Bytes(t.length() / 3 + 1);
    }

    private byte[] parse() {
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
        while (firstData < lines.size() && lines.get(firstData).kind() != Kind.DATA) {
            firstData++;
        }
        boolean sevenWide = firstData < lines.size() && lines.get(firstData).offLen() == 7;
        boolean odStyle = sevenWide && lines.get(firstData).wordBytes() == 1;
        int[] radices = odStyle ? new int[] {8, 10, 16} : sevenWide ? new int[] {16, 8, 10} : new int[] {16};
        int maxDigit = 0;
        for (int r = 0; r < lines.size(); r++) {
            Line line = lines.get(r);
            if (line.kind() == Kind.DATA || line.kind() == Kind.BARE) {
                for (int i = line.offStart(); i < line.offStart() + line.offLen(); i++) {
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

    private void add(Kind k, int os, int ol, int ds, int dl, int wb) {
        lines.add(new Line(k, os, ol, ds, dl, wb));
    }

    private void parseLine(int s, int e) {
        LineKind k = lineKind(t, s, e);
        int p = skipBlanks(t, s, e);
        switch (k) {
            case BLANK:
            case HEADER:
                add(Kind.BREAK, s, 0, 0, 0, 0);
                return;
            case STAR:
                add(Kind.STAR, p, 0, 0, 0, 0);
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
            add(Kind.BARE, p, q - p, ds, 0, 1);
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
        add(Kind.DATA, p, q - p, ds, raw.size() - ds, 0);
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
            add(Kind.BARE, p, q - p, ds, 0, 1);
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
        add(Kind.DATA, p, q - p, ds, raw.size() - ds, Math.max(1, width / 2));
    }

    private InputFormatException oddGroup(int j, int g) {
        return at(
                t,
                j,
                "the group '" + shorten(t.substring(j, g)) + "' has an odd number of hex digits (" + (g - j)
                        + "): the last byte is incomplete");
    }

    private long offset(Line r, int radix) {
        long v = 0;
        for (int i = r.offStart(); i < r.offStart() + r.offLen(); i++) {
            int d = hexValue(t.charAt(i));
            if (v > (Long.MAX_VALUE - d) / radix) {
                throw at(t, r.offStart(), "the offset " + offsetText(r) + " is too large");
            }
            v = v * radix + d;
        }
        return v;
    }

    private String offsetText(Line r) {
        return t.substring(r.offStart(), r.offStart() + r.offLen());
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
        for (int r = 0; r < lines.size(); r++) {
            Line line = lines.get(r);
            Kind k = line.kind();
            if (k == Kind.BREAK) {
                afterBreak = true;
                continue;
            }
            if (k == Kind.STAR) {
                if (prev < 0 || lines.get(prev).dataLen() == 0) {
                    throw at(t, line.offStart(), "'*' (repeat the previous line) has no previous line of bytes");
                }
                star = r;
                continue;
            }
            long off = offset(line, radix);
            if (expected >= 0 && off != expected) {
                if (star >= 0) {
                    long gap = off - expected;
                    int len = lines.get(prev).dataLen();
                    if (gap < 0 || gap % len != 0) {
                        throw at(
                                t,
                                line.offStart(),
                                "the offset " + offsetText(line) + " after '*' is not a whole"
                                        + " number of repeated " + len
                                        + "-byte lines after the previous lines, which"
                                        + " end at "
                                        + format(expected, radix, line.offLen()));
                    }
                    // Bounded twice: by the dump's own next offset (the gap) and by the decode limit.
                    if (out.size() + gap > maxBytes) {
                        throw at(
                                t,
                                line.offStart(),
                                "the '*' before offset " + offsetText(line) + " expands to more than " + maxBytes
                                        + " bytes (" + DecodeLimits.Limit.BYTES.field() + ")");
                    }
                    for (long g = 0; g < gap; g += len) {
                        out.add(raw, lines.get(prev).dataStart(), len);
                    }
                    expected = off;
                } else if (afterBreak && off == 0) {
                    expected = 0; // a new block, e.g. the next packet of tshark -x
                    prev = -1;
                } else if (k == Kind.BARE
                        && prev >= 0
                        && lines.get(prev).wordBytes() > 1
                        && expected - off > 0
                        && expected - off < lines.get(prev).wordBytes()
                        && zeroTail(out, (int) (expected - off))) {
                    out.truncate(out.size() - (int) (expected - off)); // the pad byte of an odd-length dump
                    expected = off;
                } else {
                    throw at(
                            t,
                            line.offStart(),
                            "the offset " + offsetText(line) + " is out of order: the lines" + " before it end at "
                                    + format(expected, radix, line.offLen()));
                }
            }
            star = -1;
            if (expected < 0) {
                expected = off;
            }
            afterBreak = k == Kind.BARE;
            if (k == Kind.DATA) {
                // A line's own bytes after a '*' expansion may pass the limit too (fuzzing found it).
                if (out.size() + line.dataLen() > Math.max(maxBytes, t.length())) {
                    throw at(
                            t,
                            line.offStart(),
                            "the dump expands to more than " + maxBytes + " bytes (" + DecodeLimits.Limit.BYTES.field()
                                    + ")");
                }
                out.add(raw, line.dataStart(), line.dataLen());
                expected += line.dataLen();
                prev = r;
            }
        }
        if (star >= 0) {
            throw at(
                    t,
                    lines.get(star).offStart(),
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
