package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The paragraphs of a command's terminal output wrapped at the terminal's width, as a reader wants them. */
class TerminalWrapTest {
    private static String through(String text, int width) throws Exception {
        StringWriter sink = new StringWriter();
        try (TerminalWrap w = new TerminalWrap(sink, width)) {
            w.write(text);
        }
        return sink.toString();
    }

    @Test
    void aLongParagraphBreaksAtSpacesWithAHangingIndent() throws Exception {
        String line = "  Meaning: RFC 5246 §7.2.2 and RFC 8446 §6.2 define handshake_failure as the sender being unable"
                + " to negotiate an acceptable set of security parameters.";
        String wrapped = through(line + "\n", 40);
        for (String l : wrapped.split("\n")) {
            assertThat(TerminalWrap.columns(l)).isLessThanOrEqualTo(40);
        }
        assertThat(wrapped.split("\n")[1]).startsWith("    ").doesNotStartWith("     ");
        assertThat(wrapped.replaceAll("\n +", " ").strip()).isEqualTo(line.strip());
    }

    @Test
    void chineseBreaksBetweenCharactersAndCountsTwoColumnsEach() throws Exception {
        String line = "  含义：RFC 5246 §7.2.2 和 RFC 8446 §6.2 将 handshake_failure 定义为发送方无法从可用选项中协商出一组可接受的安全参数。";
        String wrapped = through(line + "\n", 30);
        for (String l : wrapped.split("\n")) {
            assertThat(TerminalWrap.columns(l)).isLessThanOrEqualTo(30);
        }
        assertThat(wrapped.replaceAll("\n +", "")).contains("定义为发送方无法从可用选项中协商出");
    }

    @Test
    void tableRowsEscapesAndShortLinesStayWhole() throws Exception {
        String row = "  50  bad_certificate (42)  received  go      2001:db8::1  2           149";
        assertThat(through(row + "\n", 40)).isEqualTo(row + "\n");
        String coloured =
                "\u001b[1mhandshake_failure (40)\u001b[0m always fatal · sender not stated, and more words here";
        assertThat(through(coloured + "\n", 40)).isEqualTo(coloured + "\n");
        assertThat(through("short\n", 40)).isEqualTo("short\n");
        assertThat(through("x".repeat(50) + "\n", 40)).isEqualTo("x".repeat(50) + "\n");
    }
}
