package io.tlsalert.decode;

/**
 * What the input readers share: character classes, line boundaries, and errors that point at a line and column of the
 * pasted text.
 */
final class InputText {
    private InputText() {}

    /** End of the line starting at {@code s} (index of its '\n' or '\r', or the text length). */
    static int lineEnd(String t, int s) {
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
    static int nextLine(String t, int e) {
        int n = t.length();
        if (e >= n) {
            return -1;
        }
        if (t.charAt(e) == '\r' && e + 1 < n && t.charAt(e + 1) == '\n') {
            return e + 2;
        }
        return e + 1;
    }

    static int skipBlanks(String t, int p, int e) {
        while (p < e && isSpace(t.charAt(p))) {
            p++;
        }
        return p;
    }

    static int hexRun(String t, int p, int e) {
        while (p < e && hexValue(t.charAt(p)) >= 0) {
            p++;
        }
        return p;
    }

    static boolean isGap(char c) {
        return c == ' ' || c == '\t';
    }

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

    static int indexOf(String t, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (t.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    static int parseHexInt(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v << 4 | hexValue(t.charAt(i));
        }
        return v;
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** ASCII whitespace, NBSP, BOM, zero-width space and the Unicode space separators: pasted text has them all. */
    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }
        return c == 0xA0 || c == 0xFEFF || c == 0x200B || (c >= 0x1680 && Character.isSpaceChar(c));
    }

    static void requireNotBlank(String t) {
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
    static String describe(String t, int i) {
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

    static String shorten(String s) {
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

    static InputFormatException at(String t, int pos, String detail) {
        int[] lc = locate(t, pos);
        return new InputFormatException("line " + lc[0] + ", column " + lc[1] + ": " + detail, lc[0], lc[1], pos);
    }
}
