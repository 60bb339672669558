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
        assertThat(r.out()).contains("records (100000)");
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
