package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.requireNotBlank;

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

    private ByteInput() {}

    /** {@link #parse(String, Format)} with {@link Format#AUTO}. */
    public static byte[] parse(String text) {
        return parse(text, Format.AUTO);
    }

    /** The bytes {@code text} shows, in the given format ({@link Format#AUTO}: see the class comment). */
    public static byte[] parse(String text, Format format) {
        return parse(text, format, DecodeLimits.DEFAULT);
    }

    /**
     * The bytes {@code text} shows, in the given format; a hex dump's {@code *} lines expand to no more than
     * {@link DecodeLimits#maxBytes()} (the other shapes hold fewer bytes than characters).
     */
    public static byte[] parse(String text, Format format, DecodeLimits limits) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(limits, "limits");
        switch (format) {
            case HEX:
                return parseHex(text, limits);
            case BASE64:
                return parseBase64(text);
            default:
                requireNotBlank(text);
                return FormatDetection.detect(text).read(text, limits.maxBytes());
        }
    }

    /** The bytes of a hex text in any of the shapes in the class comment (plain, code or dump). */
    public static byte[] parseHex(String text) {
        return parseHex(text, DecodeLimits.DEFAULT);
    }

    /** {@link #parseHex(String)} within {@code limits}. */
    public static byte[] parseHex(String text, DecodeLimits limits) {
        Objects.requireNonNull(text, "text");
        requireNotBlank(text);
        if (HexDump.looksLike(text)) {
            return HexDump.parse(text, limits.maxBytes());
        }
        if (CodeLiterals.hasCodeMarkers(text)) {
            return CodeLiterals.parse(text);
        }
        return PlainHex.parse(text);
    }

    /**
     * The bytes of a base64 text: standard or URL-safe alphabet, padding optional, whitespace anywhere, PEM armour
     * lines skipped.
     */
    public static byte[] parseBase64(String text) {
        Objects.requireNonNull(text, "text");
        requireNotBlank(text);
        return Base64Text.parse(text);
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
}
