package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Control characters from servers and inputs are shown, not obeyed, on a terminal. */
class TerminalTextTest {
    @Test
    void everyControlCharacterIsEscaped() {
        for (char c = 0; c < 0x3000; c++) {
            String e = TerminalText.escape("a" + c + "b");
            boolean control = c < 0x20
                    || (c >= 0x7f && c <= 0x9f)
                    || c == 0x061c
                    || c == 0x200e
                    || c == 0x200f
                    || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069);
            if (control) {
                assertThat(e)
                        .as("U+%04X", (int) c)
                        .startsWith("a\\")
                        .endsWith("b")
                        .doesNotContain(String.valueOf(c));
            } else {
                assertThat(e).isEqualTo("a" + c + "b");
            }
        }
        assertThat(TerminalText.escape("\u001b]0;owned\u0007\r\n\t\u202e"))
                .isEqualTo("\\e]0;owned\\x07\\r\\n\\t\\u202e");
        assertThat(TerminalText.escapeLines("one\u001b[2J\ntwo\n")).isEqualTo("one\\e[2J\ntwo\n");
    }

    @Test
    void aDiagnosisSummaryKeepsEachValueOnItsLine() {
        Target t = new Target("127.0.0.1", 443, Optional.of("evil\u001b[2J\nforged: ok"));
        Outcome o = new Outcome(
                Outcome.Kind.NOT_TLS,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "the server sent 'HTTP/1.1 200\u001b]0;title\u0007'");
        Attempt a = new Attempt(
                "SNI: evil\u001b[2J",
                Offer.broad(),
                o,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                100,
                100,
                10,
                1);
        Diagnosis d = new Diagnosis(
                t,
                a,
                new Cause("not-tls", "e", "CN=\u001b[31mred", "add 'evil\u001b[2J' to the server"),
                List.of(a),
                1,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Instant.now(),
                1);
        String s = d.summary();
        assertThat(s).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\e[2J", "\\e]0;title\\x07");
        assertThat(s.lines()).noneMatch(l -> l.startsWith("forged"));
    }

    @Test
    void theJvmViewIsEscaped() {
        JvmView v = new JvmView(
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.of("No name matching evil\u001b[2J\nforged found"),
                Optional.empty(),
                "17");
        assertThat(v.describe()).doesNotContain("\u001b").doesNotContain("\n").contains("\\e[2J\\nforged");
    }
}
