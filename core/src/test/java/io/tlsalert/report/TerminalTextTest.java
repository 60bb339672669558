package io.tlsalert.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
    @Test
    void controlCharactersAreEscapedAndPlainTextIsLeftAlone() {
        String plain = "Received fatal alert: handshake_failure — 证书 \\ ok";
        assertThat(TerminalText.escape(plain)).isSameAs(plain);
        assertThat(TerminalText.escape("a\u001b[2J\u001b]0;title\u0007b")).isEqualTo("a\\x1b[2J\\x1b]0;title\\x07b");
        assertThat(TerminalText.escape("x\ty\nz\r\u0000\u007f")).isEqualTo("x\\ty\\nz\\r\\x00\\x7f");
        assertThat(TerminalText.escape("\u009b31m")).isEqualTo("\\u009b31m");
        assertThat(TerminalText.escape("evil\u202Efdp.exe")).isEqualTo("evil\\u202efdp.exe");
    }

    @Test
    void nothingBelowSpaceSurvives() {
        for (char c = 0; c < 0x2100; c++) {
            String e = TerminalText.escape("a" + c + "b");
            for (int i = 0; i < e.length(); i++) {
                char x = e.charAt(i);
                assertThat(x < 0x20 || x >= 0x7F && x <= 0x9F || x >= 0x202A && x <= 0x202E)
                        .as("U+%04X", (int) c)
                        .isFalse();
            }
        }
    }
}
