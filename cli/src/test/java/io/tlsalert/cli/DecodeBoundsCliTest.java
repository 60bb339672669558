package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.decode.DecodeLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 10 in the CLI: decode's limits reached and said, text from inputs escaped, internal errors exit 3. */
class DecodeBoundsCliTest {
    /** hexdump -C of one 14-byte row (two alert records), '*', and the final offset. */
    private static byte[] starDump(long end) {
        return ("00000000  15 03 03 00 02 02 28 15  03 03 00 02 02 28        |......(......(|\n*\n"
                        + String.format("%08x", end) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aDumpThatExpandsPastTheByteLimitIsRefusedInOneLine() {
        CliTest.Run r = CliTest.runWithStdin(starDump(14L * 4_793_490), "decode", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("expands to more than 16777216 bytes (DecodeLimits.maxBytes)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void recordsPastTheLimitStopTheDecodeWithTheLimitAndOffset() {
        CliTest.Run r = CliTest.runWithStdin(starDump(14L * 60_000), "decode", "-");
        assertThat(r.code()).isEqualTo(2);
        // 100,000 records of text are more than the output limit: the text stops there and says so.
        assertThat(r.err())
                .contains("DecodeLimits.maxRecords, byte offset 700000")
                .contains("DecodeLimits.maxOutputChars");
        assertThat((long) r.out().length()).isLessThanOrEqualTo(DecodeLimits.DEFAULT.maxOutputChars() + 10_000);
        // The tree is built within the same limit (as compact JSON): it stops at a record and says which.
        java.util.regex.Matcher shown =
                java.util.regex.Pattern.compile("records \\((\\d+)\\)").matcher(r.out());
        java.util.regex.Matcher index =
                java.util.regex.Pattern.compile("\n  index: (\\d+)\n").matcher(r.out());
        assertThat(shown.find()).isTrue();
        assertThat(index.find()).isTrue();
        assertThat(Integer.parseInt(shown.group(1))).isEqualTo(Integer.parseInt(index.group(1)));
        assertThat(Integer.parseInt(shown.group(1))).isBetween(50_000, 99_999);
        assertThat(r.out()).contains("at the record with index " + shown.group(1));
        assertThat(r.err())
                .contains("100000 records decoded before it; the first " + shown.group(1) + " are shown above");
    }

    /** 100 ClientHellos of 32,767 cipher suites each (6.5 MB): 344 MB of JSON and 3.2 GB of heap before the limit. */
    @Test
    void anAmplifyingInputsJsonStopsAtTheOutputLimit() throws Exception {
        CliTest.Run r = CliTest.runWithStdin(amplifyingClientHellos(100), "decode", "--json", "-");
        assertThat(r.code()).isEqualTo(2);
        Map<String, Object> json = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> cut = (Map<String, Object>) json.get("truncated");
        assertThat(cut)
                .containsEntry("limit", "DecodeLimits.maxOutputChars")
                .containsEntry("value", (int) DecodeLimits.DEFAULT.maxOutputChars())
                .containsEntry("at", "records");
        int index = ((Number) cut.get("index")).intValue();
        assertThat((List<?>) json.get("records")).hasSize(index);
        // The record left out starts where the note says: 16,389 bytes per record (5 of header, 16 KiB of data).
        assertThat(((Number) cut.get("offset")).longValue()).isEqualTo(16_389L * index);
        // The limit counts compact JSON; the CLI indents it, which adds whitespace but no more content.
        String compact = com.fasterxml
                .jackson
                .jr
                .ob
                .JSON
                .std
                .with(com.fasterxml.jackson.jr.ob.JSON.Feature.WRITE_NULL_PROPERTIES)
                .asString(json);
        assertThat((long) compact.length()).isLessThanOrEqualTo(DecodeLimits.DEFAULT.maxOutputChars() + 2_000);
        assertThat((long) compact.length()).isGreaterThan(DecodeLimits.DEFAULT.maxOutputChars() - 3_000_000);
    }

    /** {@code n} ClientHellos of 32,767 cipher suites each, in 16 KiB TLS records. */
    static byte[] amplifyingClientHellos(int n) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(new byte[] {3, 3});
        body.writeBytes(new byte[33]); // random, empty legacy_session_id
        body.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe}); // 65,534 bytes of cipher suites
        for (int i = 0; i < 32_767; i++) {
            body.writeBytes(new byte[] {0x13, (byte) (1 + i % 3)});
        }
        body.writeBytes(new byte[] {1, 0, 0, 0}); // null compression, no extensions
        byte[] b = body.toByteArray();
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        for (int k = 0; k < n; k++) {
            stream.writeBytes(new byte[] {1, (byte) (b.length >> 16), (byte) (b.length >> 8), (byte) b.length});
            stream.writeBytes(b);
        }
        byte[] all = stream.toByteArray();
        java.io.ByteArrayOutputStream records = new java.io.ByteArrayOutputStream();
        for (int off = 0; off < all.length; off += 16_384) {
            int len = Math.min(16_384, all.length - off);
            records.writeBytes(new byte[] {22, 3, 3, (byte) (len >> 8), (byte) len});
            records.write(all, off, len);
        }
        return records.toByteArray();
    }

    @Test
    void alertsPastTheExplainedLimitAreCountedNotExplained() {
        CliTest.Run r = CliTest.runWithStdin(starDump(14L * 550), "decode", "-");
        assertThat(r.code()).isZero();
        assertThat(r.err())
                .contains("100 more alerts are in the records above but not explained here")
                .contains("DecodeLimits.maxExplainedAlerts");
        assertThat(r.out()).contains("records (1100)");
    }

    @Test
    void controlCharactersFromTheInputAreEscapedInTextButJsonStaysJson() {
        String line =
                "java.security.cert.CertificateException: No subject alternative names present\u001b]0;pwned\u0007";
        CliTest.Run r = CliTest.runWithStdin(line.getBytes(StandardCharsets.UTF_8), "explain", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\x1b]0;pwned\\x07");
        CliTest.Run j = CliTest.runWithStdin(line.getBytes(StandardCharsets.UTF_8), "explain", "--json", "-");
        assertThat(j.out()).doesNotContain("\u001b").contains("\\u001B]0;pwned\\u0007");

        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("server_name", "evil\u001b[2J.example");
        tree.put("protocol_name_list", List.of("h2\u009b", "x"));
        String text = new TreeText(new Style(false), 1000).render(tree, 0);
        assertThat(text).isEqualTo("server_name: evil\\x1b[2J.example\nprotocol_name_list (2): h2\\x9b, x\n");
    }

    @Test
    void theTextViewStopsAtItsOutputLimit() {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            tree.put("field" + i, "x".repeat(50));
        }
        TreeText t = new TreeText(new Style(false), 1000);
        String text = t.render(tree, 0);
        assertThat(t.cut()).isTrue();
        assertThat(text.length()).isLessThan(1100);
    }

    @Test
    void anyInternalErrorIsExitThreeWithOneLine() {
        StringWriter s = new StringWriter();
        int code = Main.internalError(new PrintWriter(s), new OutOfMemoryError("Java heap space"));
        assertThat(code).isEqualTo(3);
        assertThat(s.toString())
                .isEqualTo("tlsalert: internal error: java.lang.OutOfMemoryError: Java heap space"
                        + System.lineSeparator());
    }
}
