package io.tlsalert.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.tlsalert.decode.ByteInput.Format;
import io.tlsalert.testkit.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ByteInputTest {
    /** A TLS 1.2 fatal handshake_failure alert record. */
    private static final byte[] ALERT = hex("15030300020228");

    private static final byte[] HELLO_START = hex("16030100f8010000f40303a5");

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    static String hexOf(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /**
     * A 300-byte ClientHello-like record: header, random, session id, cipher suites, then extensions with a 64-byte
     * zero padding run and a 48-byte 'A' run aligned to 16 bytes (so hexdump/od print '*'), and bytes 0x61-0x66 so
     * text columns look like hex.
     */
    static byte[] clientHello() {
        byte[] b = new byte[300];
        Random r = new Random(42);
        r.nextBytes(b);
        byte[] head = hex("16030101270100012303037a");
        System.arraycopy(head, 0, b, 0, head.length);
        Arrays.fill(b, 96, 160, (byte) 0);
        Arrays.fill(b, 160, 208, (byte) 'A');
        byte[] text = "abcdef0123456789cafe".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, 208, text.length);
        return b;
    }

    // ------------------------------------------------------------------------------------------- hex shapes

    static Stream<Arguments> hexShapes() {
        String crHello = "16 03 01 00 f8 01 00 00 f4 03 03 a5";
        return Stream.of(
                Arguments.of("plain", "15030300020228", ALERT),
                Arguments.of("plain with a space", "150303000202 28", ALERT),
                Arguments.of("spaced", "15 03 03 00 02 02 28", ALERT),
                Arguments.of("upper case", "16 03 01 00 F8 01 00 00 F4 03 03 A5", HELLO_START),
                Arguments.of("mixed case", "16030100F8010000f40303A5", HELLO_START),
                Arguments.of("colon", "15:03:03:00:02:02:28", ALERT),
                Arguments.of("comma", "15,03,03,00,02,02,28", ALERT),
                Arguments.of("comma and space", "15, 03, 03, 00, 02, 02, 28", ALERT),
                Arguments.of("dash", "15-03-03-00-02-02-28", ALERT),
                Arguments.of("semicolon", "15;03;03;00;02;02;28", ALERT),
                Arguments.of("colon groups", "1503:0300:0202:28", ALERT),
                Arguments.of("0x comma", "0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28", ALERT),
                Arguments.of("0X upper", "0X15 0X03 0X03 0X00 0X02 0X02 0X28", ALERT),
                Arguments.of("0x single digits", "0x15, 0x3, 0x3, 0x0, 0x2, 0x2, 0x28", ALERT),
                Arguments.of("0x stream", "0x15030300020228", ALERT),
                Arguments.of("\\x escapes", "\\x15\\x03\\x03\\x00\\x02\\x02\\x28", ALERT),
                Arguments.of("\\x in a C string", "\"\\x15\\x03\\x03\\x00\" \"\\x02\\x02\\x28\"", ALERT),
                Arguments.of("python bytes", "b'\\x15\\x03\\x03\\x00\\x02\\x02('", ALERT),
                Arguments.of("python list", "bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])", ALERT),
                Arguments.of("C array", "unsigned char hello[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };", ALERT),
                Arguments.of("C array, trailing comma, comments, name with digits", """
                        /* a TLS alert */
                        static const unsigned char msg1[7] = {
                            0x15, 0x03, 0x03, // record header
                            0x00, 0x02,       /* length 0x0002 */
                            0x02, 0x28,       // fatal, handshake_failure
                        };
                        """, ALERT),
                Arguments.of(
                        "C array with #include",
                        "#include <stdint.h>\nuint8_t a1[] = {0x15,0x03,0x03," + "0x00,0x02,0x02,0x28};",
                        ALERT),
                Arguments.of("xxd -i", """
                        unsigned char alert_bin[] = {
                          0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28
                        };
                        unsigned int alert_bin_len = 7;
                        """, ALERT),
                Arguments.of(
                        "Java byte[]",
                        "byte[] b = new byte[]{(byte)0x15, (byte) 0x03, 0x03, 0x00, 0x02, 0x02," + " (byte)0x28};",
                        ALERT),
                Arguments.of("Go []byte", "msg := []byte{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}", ALERT),
                Arguments.of(
                        "Wireshark C array",
                        "static const unsigned char pkt1[7] = {\n0x15, 0x03, 0x03, 0x00," + " 0x02, 0x02, 0x28 };",
                        ALERT),
                Arguments.of("xxd -p", "16030100f8010000f40303a5", HELLO_START),
                Arguments.of("CRLF lines", "16 03 01 00\r\nf8 01 00 00\r\nf4 03 03 a5\r\n", HELLO_START),
                Arguments.of("CR lines", "16 03 01 00\rf8 01 00 00\rf4 03 03 a5", HELLO_START),
                Arguments.of("mixed whitespace", " \t16 03\t01 00\r\n  f8 01 00 00 \n\n\tf4 03 03 a5 \t", HELLO_START),
                Arguments.of(
                        "NBSP and BOM from a web page",
                        "\uFEFF16\u00A003\u00A001 00 f8 01 00 00 f4 03 03 a5",
                        HELLO_START),
                Arguments.of("stream wrapped at an odd column", "16030\n100f8010000f4\n0303a5", HELLO_START),
                Arguments.of("Wireshark hex stream", "16030100f8010000f40303a5", HELLO_START),
                Arguments.of(
                        "spaced, several lines", crHello.substring(0, 12) + "\n" + crHello.substring(12), HELLO_START),
                Arguments.of("4-digit groups, no offsets", "1603 0100 f801 0000\nf403 03a5", HELLO_START),
                Arguments.of("xxd", "00000000: 1603 0100 f801 0000 f403 03a5            ............", HELLO_START),
                Arguments.of(
                        "hexdump -C",
                        "00000000  16 03 01 00 f8 01 00 00  f4 03 03 a5              " + "|............|\n0000000c\n",
                        HELLO_START),
                Arguments.of("hexdump", "0000000 0316 0001 01f8 0000 03f4 a503\n000000c\n", HELLO_START),
                Arguments.of(
                        "od -A x -t x1z",
                        "000000 16 03 01 00 f8 01 00 00 f4 03 03 a5" + "              >............<\n00000c\n",
                        HELLO_START),
                Arguments.of("od -A x -t x1", "000000 16 03 01 00 f8 01 00 00 f4 03 03 a5\n00000c\n", HELLO_START),
                Arguments.of(
                        "Wireshark one line",
                        "0000   16 03 01 00 f8 01 00 00 f4 03 03 a5               " + "............",
                        HELLO_START));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hexShapes")
    void hexShapes(String name, String text, byte[] expected) {
        assertThat(hexOf(ByteInput.parse(text))).as("AUTO").isEqualTo(hexOf(expected));
        assertThat(hexOf(ByteInput.parseHex(text))).as("HEX").isEqualTo(hexOf(expected));
        assertThat(hexOf(ByteInput.parse(text.replace("\r\n", "\n").replace("\n", "\r\n"), Format.HEX)))
                .as("HEX, CRLF")
                .isEqualTo(hexOf(expected));
    }

    // ------------------------------------------------------------------------------------------- dumps by hand

    @Test
    void xxdTextColumnThatLooksLikeHexIsIgnored() {
        String text = """
                00000000: 6162 6364 6566 3031 3233 3435 3637 3839  abcdef0123456789
                00000010: 6361 6665                                cafe
                """;
        assertThat(new String(ByteInput.parse(text), StandardCharsets.US_ASCII)).isEqualTo("abcdef0123456789cafe");
    }

    @Test
    void xxdStartingAtNonZeroOffset() {
        String text = "00000005: 0100 f801 0000 f403 03a5 1122 3344 5566  ................\n"
                + "00000015: 77                                       w\n";
        assertThat(hexOf(ByteInput.parse(text))).isEqualTo("0100f8010000f40303a5112233445566" + "77");
    }

    @Test
    void hexdumpCanonicalWithStarLines() {
        String text = """
                00000000  16 03 01 00 f8 01 00 00  f4 03 03 a5 8c 2e d1 63  |...............c|
                00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|
                *
                00000040  41 42 43 44                                       |ABCD|
                00000044
                """;
        byte[] b = ByteInput.parse(text);
        assertThat(b).hasSize(0x44);
        assertThat(hexOf(Arrays.copyOf(b, 16))).isEqualTo("16030100f8010000f40303a58c2ed163");
        assertThat(Arrays.copyOfRange(b, 16, 64)).containsOnly(0);
        assertThat(hexOf(Arrays.copyOfRange(b, 64, 68))).isEqualTo("41424344");
    }

    @Test
    void plainHexdumpLittleEndianWordsAndOddFinalByte() {
        // bytes 16 03 01 00 f8 01 00 00 f4 03 03: 11 bytes, the last word is 0003 = 03 + a pad byte
        String text = "0000000 0316 0001 01f8 0000 03f4 0003\n000000b\n";
        assertThat(hexOf(ByteInput.parse(text))).isEqualTo("16030100f8010000f40303");
        assertThat(hexOf(ByteInput.parse("0000000 0061\n0000001\n"))).isEqualTo("61");
        // the pad byte is zero; anything else means the final offset is wrong
        assertThatThrownBy(() -> ByteInput.parse("0000000 0316 0001 01f8 0000 03f4 0103\n000000b\n"))
                .hasMessageStartingWith("line 2, column 1: the offset 000000b is out of order");
    }

    @Test
    void odWithStarAndFinalOffset() {
        String text = """
                000000 16 03 01 00 f8 01 00 00 f4 03 03 a5 8c 2e d1 63  >...............c<
                000010 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  >................<
                *
                000030 ff                                               >.<
                000031
                """;
        byte[] b = ByteInput.parse(text);
        assertThat(b).hasSize(0x31);
        assertThat(b[0x30]).isEqualTo((byte) 0xff);
    }

    @Test
    void odOctalAndDecimalOffsets() {
        // od -t x1 (octal offsets); with '*' it would add up in hex too, to the wrong length
        String octal = "0000000 61 62 63 64 65 66 30 31 32 33 34 35 36 37 38 39\n*\n0000040 63 61 66 65\n0000044\n";
        assertThat(ByteInput.parse(octal)).hasSize(36);
        String decimal = "0000000 61 62 63 64 65 66 30 31 32 33 34 35 36 37 38 39\n*\n0000032 63 61 66 65\n0000036\n";
        assertThat(ByteInput.parse(decimal)).hasSize(36);
        assertThat(ByteInput.parse("0000000 61 62 63 64 65 66 30 31 32 33 34 35 36 37 38 39\n0000020 63\n0000021\n"))
                .hasSize(17);
    }

    @Test
    void wiresharkCopyAsHexDump() throws IOException {
        byte[] frame = hex("001c42000008001c429e5a1b08004500002f4c2a400040060000c0a8010ac0a8011401bbd4316a2b1c3e9d8e"
                + "2211501801f60000000015030300020228");
        assertThat(ByteInput.parse(resource("wireshark-hexdump.txt"))).isEqualTo(frame);
        assertThat(ByteInput.parse(resource("wireshark-hexdump-old.txt"))).isEqualTo(frame);
        assertThat(ByteInput.parse(hexOf(frame))).as("Copy as Hex Stream").isEqualTo(frame);
    }

    @Test
    void tsharkSeveralPacketsRestartAtZeroAfterABlankLine() {
        String text = """
                Frame (7 bytes):
                0000  15 03 03 00 02 02 28                              ......(

                0000  15 03 03 00 02 02 30                              ......0
                """;
        assertThat(hexOf(ByteInput.parse(text))).isEqualTo("15030300020228" + "15030300020230");
    }

    @Test
    void wiresharkTextColumnThatLooksLikeHex() {
        String text = "0000   61 62 63 64 65 66 30 31 32 33 34 35 36 37 38 39   abcdef0123456789\n"
                + "0010   63 61 66 65                                       cafe\n";
        assertThat(new String(ByteInput.parse(text), StandardCharsets.US_ASCII)).isEqualTo("abcdef0123456789cafe");
    }

    // ------------------------------------------------------------------------------------------- base64 and AUTO

    @Test
    void base64Forms() {
        byte[] b = clientHello();
        String std = Base64.getEncoder().encodeToString(b);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        assertThat(std).contains("+").contains("/");
        assertThat(ByteInput.parse(std)).isEqualTo(b);
        assertThat(ByteInput.parseBase64(std)).isEqualTo(b);
        assertThat(ByteInput.parse(url)).isEqualTo(b);
        assertThat(ByteInput.parse(Base64.getMimeEncoder().encodeToString(b)))
                .as("wrapped, CRLF")
                .isEqualTo(b);
        assertThat(ByteInput.parse("FQMDAAICKA==")).isEqualTo(ALERT);
        assertThat(ByteInput.parse("FQMDAAICKA")).as("no padding").isEqualTo(ALERT);
        assertThat(ByteInput.parse("  FQMD\n  AAIC\r\n  KA==  \n")).isEqualTo(ALERT);
        String pem = "-----BEGIN TLS RECORD-----\nProc-Type: 4,ENCRYPTED\n\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(b) + "\n-----END TLS RECORD-----\n";
        assertThat(ByteInput.parse(pem)).isEqualTo(b);
        assertThat(ByteInput.parse(pem, Format.BASE64)).isEqualTo(b);
    }

    @Test
    void onlyHexDigitsIsHexEvenThoughItIsValidBase64() {
        assertThat(hexOf(ByteInput.parse("deadbeef"))).isEqualTo("deadbeef");
        assertThat(hexOf(ByteInput.parse("deadbeef", Format.HEX))).isEqualTo("deadbeef");
        assertThat(ByteInput.parse("deadbeef", Format.BASE64))
                .isEqualTo(Base64.getDecoder().decode("deadbeef"));
    }

    @Test
    void autoDetectsBase64ByCharset() {
        assertThat(ByteInput.parse("FgMBAPgBAAD0AwOl")).isEqualTo(HELLO_START); // letters outside a-f
        assertThat(ByteInput.parse("AAAA/w==")).isEqualTo(new byte[] {0, 0, 0, (byte) 0xff}); // '/' and '='
    }

    @Test
    void aHexTypoIsAHexErrorNotBase64() {
        InputFormatException e =
                catchThrowableOfType(() -> ByteInput.parse("16030100f80g0000f40303a5"), InputFormatException.class);
        assertThat(e).hasMessage("line 1, column 12: 'g' is not a hex digit");
    }

    // ------------------------------------------------------------------------------------------- errors

    @Test
    void nonHexCharacterIsReportedWithLineAndColumn() {
        String text = "16 03 01 00 f8 01 00 00\r\nf4 03 03 a5 8c 2e d1 63\r\n15 03 03 00 02 0g";
        InputFormatException e = catchThrowableOfType(() -> ByteInput.parse(text), InputFormatException.class);
        assertThat(e).hasMessage("line 3, column 17: 'g' is not a hex digit");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(17);
        assertThat(e.offset()).isEqualTo(text.indexOf('g'));
        assertThat(text.charAt((int) e.offset())).isEqualTo('g');
    }

    @Test
    void unicodeCharacterIsNamed() {
        assertThatThrownBy(() -> ByteInput.parseHex("15 03 é3"))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("line 1, column 7: 'é' (U+00E9) is not a hex digit");
        assertThatThrownBy(() -> ByteInput.parseHex("15 03 \u0001"))
                .hasMessage("line 1, column 7: U+0001 is not a hex digit");
        assertThatThrownBy(() -> ByteInput.parseHex("15 😀 03"))
                .hasMessage("line 1, column 4: '😀' (U+1F600) is not a hex digit");
    }

    @Test
    void oddNumberOfHexDigits() {
        String text = "16 03 01 00 f8 01 00 00 f4 03 03 a5 8c 2e d1 63\n02 02 2";
        InputFormatException e = catchThrowableOfType(() -> ByteInput.parse(text), InputFormatException.class);
        assertThat(e).hasMessage("odd number of hex digits (37): the last byte is incomplete (line 2, column 7)");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(7);
        assertThatThrownBy(() -> ByteInput.parse("15 03 3 00 02 02 28"))
                .hasMessage(
                        "odd number of hex digits (13): the last byte is incomplete (line 1, column 19); the first group"
                                + " with an odd number of digits is '3' at line 1, column 7");
        assertThatThrownBy(() -> ByteInput.parse("15:03:3:00"))
                .hasMessage(
                        "line 1, column 7: the group '3' has an odd number of hex digits (1): with ':', ',', ';' or '-'"
                                + " between groups each group must be whole bytes");
        assertThatThrownBy(() -> ByteInput.parse("0x150")).hasMessageStartingWith("odd number of hex digits (3)");
        assertThatThrownBy(() -> ByteInput.parse("00000000: 1603 010  ..."))
                .hasMessage(
                        "line 1, column 16: the group '010' has an odd number of hex digits (3): the last byte is incomplete");
    }

    @Test
    void emptyInputAndNoBytes() {
        assertThatThrownBy(() -> ByteInput.parse(""))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("empty input: no bytes to decode");
        assertThatThrownBy(() -> ByteInput.parse(" \r\n\t "))
                .hasMessage("the input is only whitespace: no bytes to decode");
        assertThatThrownBy(() -> ByteInput.parseBase64("")).hasMessage("empty input: no bytes to decode");
        assertThatThrownBy(() -> ByteInput.parse("/* nothing */ unsigned char x[] = {};"))
                .hasMessage("no bytes found in the input");
        assertThatThrownBy(() -> ByteInput.parse(":::")).hasMessage("no bytes found in the input");
        assertThatThrownBy(() -> ByteInput.parse("-----BEGIN X-----\n-----END X-----"))
                .hasMessage("no base64 data: the input has only armour lines");
    }

    @Test
    void base64Errors() {
        assertThatThrownBy(() -> ByteInput.parseBase64("FgMB*PgB"))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("line 1, column 5: '*' is not a base64 character");
        assertThatThrownBy(() -> ByteInput.parse("FgMB\nAPgB\nA"))
                .hasMessage(
                        "invalid base64 length: 9 characters, one more than a multiple of 4, so the last character is left"
                                + " over (line 3, column 1)");
        assertThatThrownBy(() -> ByteInput.parse("FgMBAP="))
                .hasMessage(
                        "invalid base64 padding: 6 characters and 1 '=' are not a multiple of 4 (line 1, column 7)");
        assertThatThrownBy(() -> ByteInput.parse("FgM=FgM="))
                .hasMessage(
                        "line 1, column 5: base64 data after '=' padding (line 1, column 4): padding may only end the text");
        assertThatThrownBy(() -> ByteInput.parse("Fg+B-PgB"))
                .hasMessage(
                        "line 1, column 5: '-' mixes the base64 alphabets: '+' at line 1, column 3 belongs to the other one"
                                + " ('+' '/' standard, '-' '_' URL-safe)");
    }

    @Test
    void dumpOffsetOutOfOrderNamesTheLine() {
        String text = """
                00000000: 1603 0100 f801 0000 f403 03a5 8c2e d163  ...............c
                00000010: 1603 0100 f801 0000 f403 03a5 8c2e d163  ...............c
                00000030: 1603 0100 f801 0000 f403 03a5 8c2e d163  ...............c
                """;
        InputFormatException e = catchThrowableOfType(() -> ByteInput.parse(text), InputFormatException.class);
        assertThat(e)
                .hasMessage("line 3, column 1: the offset 00000030 is out of order: the lines before it end at"
                        + " 00000020");
        assertThat(e.line()).isEqualTo(3);
        assertThatThrownBy(() -> ByteInput.parse("0000000 0316 0001\n0000008 01f8\n"))
                .hasMessageStartingWith("line 2, column 1: the offset 0000008 is out of order");
        assertThatThrownBy(() -> ByteInput.parse("00000000  16 03 01 00  |....|\n00000006\n"))
                .hasMessageStartingWith("line 2, column 1: the offset 00000006 is out of order");
    }

    @Test
    void starErrors() {
        assertThatThrownBy(() -> ByteInput.parse(
                        "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |" + "................|\n*\n"))
                .hasMessage("line 2, column 1: '*' (repeat the previous line) is not"
                        + " followed by an offset line, so the number of repeated lines is unknown");
        assertThatThrownBy(() -> ByteInput.parse("00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |"
                        + "................|\n*\n00000018\n"))
                .hasMessageStartingWith("line 3, column 1: the offset 00000018"
                        + " after '*' is not a whole number of repeated 16-byte lines");
        assertThatThrownBy(() -> ByteInput.parse("00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |"
                        + "................|\n*\n10000000\n"))
                .hasMessageContaining("expands to more than");
    }

    @Test
    void dumpLineErrors() {
        assertThatThrownBy(() -> ByteInput.parse("00000000: 1603 01zz  ...\n"))
                .hasMessage("line 1, column 18: 'z' is not a hex digit");
        assertThatThrownBy(() -> ByteInput.parse("00000000: 1603 0100  ....\nhello there\n"))
                .hasMessage(
                        "line 2, column 1: expected a hex dump line (an offset such as 00000010 and bytes), '*' or a blank"
                                + " line, found 'h'");
        assertThatThrownBy(() -> ByteInput.parse("0000000 001426 000001\n0000004\n"))
                .hasMessageContaining("od's default octal words are not supported");
    }

    @Test
    void codeErrors() {
        assertThatThrownBy(() -> ByteInput.parse("{ 0x15, 22, 0x03 }"))
                .hasMessage("line 1, column 9: '22' has no"
                        + " 0x prefix: in code only 0x.. literals (and the digits 0-9) are bytes, a bare number could be"
                        + " decimal or hex");
        assertThatThrownBy(() -> ByteInput.parse("{ 0x15, 0x0g }"))
                .hasMessage("line 1, column 12: 'g' is not a hex digit");
        assertThatThrownBy(() -> ByteInput.parse("{ 0x15, 0x03 "))
                .hasMessage("line 1, column 1: '{' is never closed with '}'");
        assertThatThrownBy(() -> ByteInput.parse("{ 0x15 /* 0x03 }"))
                .hasMessage("line 1, column 8: the comment '/*' is never closed with '*/'");
    }

    // ------------------------------------------------------------------------------------------- looksBinary

    @Test
    void looksBinary() {
        assertThat(ByteInput.looksBinary(ALERT)).isTrue();
        assertThat(ByteInput.looksBinary(clientHello())).isTrue();
        assertThat(ByteInput.looksBinary(new byte[] {'1', '5', 0})).isTrue();
        byte[] noNul = new byte[400];
        new Random(7).nextBytes(noNul);
        for (int i = 0; i < noNul.length; i++) {
            noNul[i] = noNul[i] == 0 ? 1 : noNul[i];
        }
        noNul[0] = 'x';
        assertThat(ByteInput.looksBinary(noNul)).as("mostly non-printable").isTrue();
        assertThat(ByteInput.looksBinary(new byte[0])).isFalse();
        assertThat(ByteInput.looksBinary("15 03 03 00 02 02 28\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(ByteInput.looksBinary(
                        "00000000: 1603 0100  ....\n# é ü 😀 notes\n".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(ByteInput.looksBinary("FQMDAAICKA==\n".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
    }

    // ------------------------------------------------------------------------------------------- robustness

    private static final String[] PIECES = {
        "0",
        "1",
        "9",
        "a",
        "f",
        "F",
        "16",
        "03",
        "ff",
        "1603",
        "0100f801",
        " ",
        "  ",
        "   ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        ":",
        ",",
        ";",
        "-",
        ".",
        "|",
        ">",
        "<",
        "*",
        "*\n",
        "=",
        "==",
        "+",
        "/",
        "_",
        "g",
        "z",
        "Q",
        "x",
        "\\x",
        "\\",
        "0x",
        "0X",
        "0x1",
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        "/*",
        "*/",
        "//",
        "#",
        "\"",
        "'",
        "b'",
        "(byte)",
        "unsigned",
        "00000000: ",
        "00000010: ",
        "0000000 ",
        "00000010  ",
        "000000 ",
        "0000   ",
        "0010  ",
        "0000020",
        "fffffffff ",
        "ffffffffffffffff: ",
        "00000000",
        "\n*\n",
        "-----BEGIN X-----\n",
        "\n-----END X-----",
        "Proc-Type: 4\n",
        "Frame (7 bytes):\n",
        "é",
        "ü",
        "\u00A0",
        "\uFEFF",
        "\u2028",
        "\u0000",
        "\u0001",
        "😀",
        "\uD800",
        "\uDC00",
        "\uFFFF",
        "ＡＢ",
        "٣",
        "AAAA",
        "FgMB",
        "\\n",
        "\\0",
        "\\777",
        "\\q",
        "0x0g",
        "0x123",
        "22",
        "0"
    };

    private static String randomText(Random r) {
        StringBuilder b = new StringBuilder();
        int pieces = r.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return b.toString();
    }

    private static final String[] SEEDS = {
        "00000000: 1603 0100 f801 0000 f403 03a5 8c2e d163  ...............c\n00000010: 6162  ab\n",
        "00000000  16 03 01 00 f8 01 00 00  f4 03 03 a5 8c 2e d1 63  |...............c|\n*\n00000020  41 |A|\n00000021\n",
        "0000000 0316 0001 01f8 0000 03f4 0003\n000000b\n",
        "000000 16 03 01 00 f8 01 00 00 f4 03 03 a5 >............<\n00000c\n",
        "0000   16 03 01 00 f8 01 00 00 f4 03 03 a5 8c 2e d1 63   ...............c\n0010   28   (\n",
        "unsigned char x1[] = { /* c */ 0x16, 0x03, // d\n 0x01, };\nunsigned int x1_len = 3;\n",
        "b'\\x16\\x03\\001abc'",
        "-----BEGIN X-----\nFgMBAPgBAAD0AwOl\n-----END X-----\n",
        "15:03:03, 0x28",
    };

    private static String mutate(Random r, String s) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(3)) {
                case 0:
                    if (at < b.length()) {
                        b.deleteCharAt(at);
                    }
                    break;
                case 1:
                    b.insert(at, PIECES[r.nextInt(PIECES.length)]);
                    break;
                default:
                    if (at < b.length()) {
                        b.setCharAt(at, PIECES[r.nextInt(PIECES.length)].charAt(0));
                    }
            }
        }
        return b.toString();
    }

    @Test
    @Timeout(120)
    void tenThousandRandomStringsOnlyEverThrowInputFormatException() {
        Random r = new Random(20240607L);
        int ok = 0;
        for (int i = 0; i < 10_000; i++) {
            String text = i % 2 == 0 ? randomText(r) : mutate(r, SEEDS[r.nextInt(SEEDS.length)]);
            for (Format f : Format.values()) {
                try {
                    ByteInput.parse(text, f);
                    ok++;
                } catch (InputFormatException e) {
                    assertThat(e.line()).isPositive();
                    assertThat(e.column()).isPositive();
                    assertThat(e.offset()).isBetween(0L, (long) text.length());
                    assertThat(e.getMessage()).isNotBlank();
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("format " + f + ", input " + escape(text), e);
                }
            }
        }
        assertThat(ok).as("some random inputs decode").isPositive();
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(
                    c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
                            ? String.valueOf(c)
                            : String.format("\\u%04x", (int) c));
        }
        return b.append('"').toString();
    }

    @Test
    @Timeout(120) // a hang guard, not a speed assertion
    void sixteenMebibytesOfHexTextComplete() {
        Random r = new Random(1);
        int size = 16 << 20;
        StringBuilder b = new StringBuilder(size);
        char[] digits = "0123456789abcdefABCDEF".toCharArray();
        byte[] expected = new byte[size / 66 * 32];
        int n = 0;
        while (b.length() + 66 <= size) {
            for (int i = 0; i < 32; i++) {
                char hi = digits[r.nextInt(digits.length)];
                char lo = digits[r.nextInt(digits.length)];
                b.append(hi).append(lo);
                expected[n++] = (byte) (Character.digit(hi, 16) << 4 | Character.digit(lo, 16));
            }
            b.append("\r\n");
        }
        String text = b.toString();
        assertThat(ByteInput.parse(text)).isEqualTo(expected);
        assertThat(ByteInput.parse(text, Format.HEX)).hasSize(expected.length);
    }

    @Test
    @Timeout(120)
    void largeDumpsAndAdversarialShapesAreLinear() {
        byte[] b = new byte[1 << 20];
        new Random(3).nextBytes(b);
        HexFormat h = HexFormat.of();
        StringBuilder xxd = new StringBuilder();
        for (int off = 0; off < b.length; off += 16) {
            xxd.append(h.toHexDigits(off)).append(':');
            for (int i = 0; i < 16; i += 2) {
                xxd.append(' ').append(h.toHexDigits(b[off + i])).append(h.toHexDigits(b[off + i + 1]));
            }
            xxd.append("  ................\n");
        }
        assertThat(ByteInput.parse(xxd.toString())).isEqualTo(b);
        // long runs that tempt a backtracking matcher
        String spaces = " ".repeat(1 << 22) + "g";
        assertThatThrownBy(() -> ByteInput.parse(spaces)).isInstanceOf(InputFormatException.class);
        String zeros = "0000 ".repeat(1 << 20) + "\n" + "0000 ".repeat(1 << 20) + "x";
        assertThatThrownBy(() -> ByteInput.parse(zeros)).isInstanceOf(InputFormatException.class);
        String manyLines = "0000\n".repeat(1 << 20);
        assertThat(ByteInput.parse(manyLines)).hasSize(2 << 20).containsOnly(0); // short lines of plain hex
        String pem = "-----BEGIN X-----\n" + ":\n".repeat(1 << 20);
        assertThatThrownBy(() -> ByteInput.parse(pem)).isInstanceOf(InputFormatException.class);
        String comments = "{" + "/*".repeat(1 << 20);
        assertThatThrownBy(() -> ByteInput.parse(comments)).isInstanceOf(InputFormatException.class);
    }

    // ------------------------------------------------------------------------------------------- real tools

    @Nested
    class RealTools {
        @TempDir
        Path dir;

        private final Map<String, byte[]> samples = new LinkedHashMap<>();

        RealTools() {
            samples.put("clienthello", clientHello());
            byte[] odd = Arrays.copyOf(clientHello(), 301);
            odd[300] = 0x7f;
            samples.put("odd301", odd);
            samples.put("alert", ALERT);
            samples.put("one", new byte[] {0x61});
            samples.put("sixteen", Arrays.copyOf(HELLO_START, 16));
            samples.put("hexascii", "abcdef0123456789abcdef0123456789cafe".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[100];
            zeros[0] = 0x16;
            samples.put("zeros", zeros);
        }

        private static final String[][] TOOLS = {
            {"xxd"},
            {"xxd", "-p"},
            {"xxd", "-i"},
            {"xxd", "-u"},
            {"xxd", "-g1"},
            {"xxd", "-g0"},
            {"xxd", "-c", "32", "-g", "4"},
            {"xxd", "-a"},
            {"xxd", "-a", "-c", "8"},
            {"hexdump", "-C"},
            {"hexdump"},
            {"hexdump", "-C", "-v"},
            {"od", "-A", "x", "-t", "x1z"},
            {"od", "-A", "x", "-t", "x1z", "-v"},
            {"od", "-A", "x", "-t", "x1"},
            {"od", "-A", "x", "-t", "x2z"},
            {"od", "-t", "x1"},
            {"od", "-A", "d", "-t", "x1"},
            {"base64"},
            {"base64", "-w", "0"},
            {"basenc", "--base64url"},
        };

        @TestFactory
        Stream<DynamicTest> realToolOutputParsesBackToTheBytes() {
            List<DynamicTest> tests = new ArrayList<>();
            for (String[] tool : TOOLS) {
                for (Map.Entry<String, byte[]> sample : samples.entrySet()) {
                    String name = String.join(" ", tool) + " " + sample.getKey() + ".bin";
                    tests.add(dynamicTest(name, () -> {
                        String out = run(tool, sample.getKey(), sample.getValue());
                        byte[] expected = sample.getValue();
                        assertThat(hexOf(ByteInput.parse(out))).as(out).isEqualTo(hexOf(expected));
                        assertThat(hexOf(ByteInput.parse(out.replace("\n", "\r\n"))))
                                .as("CRLF")
                                .isEqualTo(hexOf(expected));
                        Format f = tool[0].startsWith("base") ? Format.BASE64 : Format.HEX;
                        assertThat(hexOf(ByteInput.parse(out, f))).as(f.name()).isEqualTo(hexOf(expected));
                    }));
                }
            }
            return tests.stream();
        }

        @Test
        void hexdumpPrintsStarForTheRepeatedLines() throws Exception {
            String out = run(new String[] {"hexdump", "-C"}, "clienthello", clientHello());
            assertThat(out).contains("\n*\n");
            String od = run(new String[] {"od", "-A", "x", "-t", "x1z"}, "clienthello", clientHello());
            assertThat(od).contains("\n*\n");
            String plain = run(new String[] {"hexdump"}, "odd301", samples.get("odd301"));
            assertThat(plain).endsWith("000012d\n");
        }

        @Test
        void startOffsets() throws Exception {
            byte[] b = clientHello();
            byte[] tail = Arrays.copyOfRange(b, 5, b.length);
            assertThat(ByteInput.parse(run(new String[] {"xxd", "-s", "5"}, "clienthello", b)))
                    .isEqualTo(tail);
            assertThat(ByteInput.parse(run(new String[] {"hexdump", "-C", "-s", "5"}, "clienthello", b)))
                    .isEqualTo(tail);
            assertThat(ByteInput.parse(run(new String[] {"od", "-A", "x", "-t", "x1z", "-j", "5"}, "clienthello", b)))
                    .isEqualTo(tail);
        }

        @Test
        void tsharkHexOutput() throws Exception {
            assumeTool("text2pcap");
            assumeTool("tshark");
            byte[] payload = clientHello();
            StringBuilder in = new StringBuilder();
            for (int off = 0; off < payload.length; off += 16) {
                in.append(String.format("%04x ", off));
                for (int i = off; i < Math.min(off + 16, payload.length); i++) {
                    in.append(String.format(" %02x", payload[i]));
                }
                in.append('\n');
            }
            Files.writeString(dir.resolve("payload.txt"), in + "\n" + in);
            exec(List.of("text2pcap", "-q", "-T", "40000,443", "payload.txt", "hello.pcap"));
            String out = exec(List.of("tshark", "-r", "hello.pcap", "-x"));
            assertThat(out).startsWith("0000  ");
            byte[] frames = ByteInput.parse(out);
            // two frames of Ethernet + IPv4 + TCP headers (54 bytes) and the payload each
            assertThat(frames).hasSize(2 * (54 + payload.length));
            assertThat(Arrays.copyOfRange(frames, 54, 54 + payload.length)).isEqualTo(payload);
            assertThat(Arrays.copyOfRange(frames, 2 * 54 + payload.length, frames.length))
                    .isEqualTo(payload);
        }

        private String run(String[] tool, String name, byte[] data) throws Exception {
            assumeTool(tool[0]);
            Path file = dir.resolve(name + ".bin");
            Files.write(file, data);
            List<String> cmd = new ArrayList<>(Arrays.asList(tool));
            cmd.add(file.getFileName().toString());
            return exec(cmd);
        }

        private String exec(List<String> cmd) throws Exception {
            return Commands.stdout(dir, Duration.ofSeconds(60), cmd.toArray(String[]::new));
        }
    }

    static void assumeTool(String tool) {
        org.junit.jupiter.api.Assumptions.assumeTrue(Commands.has(tool), tool + " is not installed");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ByteInputTest.class.getResourceAsStream("/byteinput/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
