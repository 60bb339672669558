package io.tlsalert.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one terminal escaper: what it escapes and its one spelling (see its Javadoc). */
class TerminalTextTest {
    @Test
    void controlCharactersAreEscapedAndPlainTextIsLeftAlone() {
        String plain = "Received fatal alert: handshake_failure — 证书 \\ ok";
        assertThat(TerminalText.escape(plain)).isSameAs(plain);
        assertThat(TerminalText.escape("a\u001b[2J\u001b]0;title\u0007b")).isEqualTo("a\\x1b[2J\\x1b]0;title\\x07b");
        assertThat(TerminalText.escape("x\ty\nz\r\u0000\u007f\b")).isEqualTo("x\\ty\\nz\\r\\x00\\x7f\\x08");
        assertThat(TerminalText.escape("\u009b31m\u0085")).isEqualTo("\\x9b31m\\x85");
        assertThat(TerminalText.escape("evil\u202Efdp.exe\u2066\u061C")).isEqualTo("evil\\u202efdp.exe\\u2066\\u061c");
    }

    @Test
    void everyControlIsEscapedAndNothingElseChanges() {
        for (char c = 0; c < 0x3000; c++) {
            String e = TerminalText.escape("a" + c + "b");
            boolean control = c < 0x20
                    || c >= 0x7F && c <= 0x9F
                    || c == 0x061C
                    || c == 0x200E
                    || c == 0x200F
                    || c >= 0x202A && c <= 0x202E
                    || c >= 0x2066 && c <= 0x2069;
            assertThat(TerminalText.needsEscape(c)).as("U+%04X", (int) c).isEqualTo(control);
            if (!control) {
                assertThat(e).isEqualTo("a" + c + "b");
                continue;
            }
            String expected = c == '\t'
                    ? "\\t"
                    : c == '\n'
                            ? "\\n"
                            : c == '\r'
                                    ? "\\r"
                                    : c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
            assertThat(e).as("U+%04X", (int) c).isEqualTo("a" + expected + "b");
            for (int i = 0; i < e.length(); i++) {
                assertThat(TerminalText.needsEscape(e.charAt(i)))
                        .as("U+%04X", (int) c)
                        .isFalse();
            }
        }
    }
}
