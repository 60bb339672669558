package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

/** Which reader a pasted text is for, when the user did not say ({@link ByteInput.Format#AUTO}). */
final class FormatDetection {
    /** The readers, each in a file of its own. */
    enum Shape {
        PLAIN_HEX,
        CODE,
        DUMP,
        BASE64;

        /** The bytes of {@code t}; a dump's {@code *} lines expand to at most {@code maxBytes}. */
        byte[] read(String t, int maxBytes) {
            return switch (this) {
                case PLAIN_HEX -> PlainHex.parse(t);
                case CODE -> CodeLiterals.parse(t);
                case DUMP -> HexDump.parse(t, maxBytes);
                case BASE64 -> Base64Text.parse(t);
            };
        }
    }

    private FormatDetection() {}

    /** The reader for {@code t}, a text that is not blank: the first rule of {@link ByteInput}'s list that applies. */
    static Shape detect(String t) {
        if (Base64Text.hasPemArmour(t)) {
            return Shape.BASE64;
        }
        if (HexDump.looksLike(t)) {
            return Shape.DUMP;
        }
        if (CodeLiterals.hasCodeMarkers(t)) {
            return Shape.CODE;
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
            return Shape.PLAIN_HEX;
        }
        if (groups >= 2 && hexGroups * 2 >= groups) {
            return Shape.PLAIN_HEX;
        }
        boolean mostlyNonHex = nonHexLetters * 10 > alnum;
        if (!other) {
            return b64Special || mostlyNonHex ? Shape.BASE64 : Shape.PLAIN_HEX;
        }
        return b64Special && mostlyNonHex ? Shape.BASE64 : Shape.PLAIN_HEX;
    }
}
