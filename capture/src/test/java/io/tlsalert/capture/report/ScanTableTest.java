package io.tlsalert.capture.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.capture.scan.ClosedBy;
import io.tlsalert.capture.scan.Connection;
import io.tlsalert.capture.scan.Outcome;
import io.tlsalert.capture.scan.Scanner;
import io.tlsalert.capture.scan.Transport;
import io.tlsalert.registry.Lang;
import io.tlsalert.report.TerminalText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The table view: what a capture carries reaches the terminal escaped; what the budgets left out is said. */
class ScanTableTest {
    static final String ESC = "\u001b";

    static Connection withSni(String sni, List<String> warnings, long notKept) {
        return new Connection(
                "10.0.0.1:50000",
                "10.0.0.9:443",
                Transport.TCP,
                1,
                1_715_000_000_001_000_000L,
                Optional.of(sni),
                List.of("TLS 1.3"),
                1,
                Optional.empty(),
                Optional.empty(),
                List.of(ScanViewsTest.READ, ScanViewsTest.UNREAD),
                Outcome.FAILED,
                ClosedBy.END_OF_CAPTURE,
                warnings,
                notKept);
    }

    static String print(ScanTable t, Lang lang) {
        StringWriter s = new StringWriter();
        t.print(
                new PrintWriter(s),
                "x.pcap",
                new Scanner.Totals(),
                1,
                1,
                TlsAlerts.registry().texts(),
                lang);
        return s.toString();
    }

    @Test
    void controlCharactersFromTheCaptureAreEscaped() {
        assertThat(TerminalText.escape("plain.test")).isEqualTo("plain.test");
        assertThat(TerminalText.escape("a" + ESC + "]0;owned\u0007b\u009b\u202e"))
                .isEqualTo("a\\x1b]0;owned\\x07b\\x9b\\u202e");
        ScanTable t = new ScanTable();
        t.add(withSni(ESC + "[2Jevil.test", List.of("frame 3: sni " + ESC + "[31m"), 0));
        String out = print(t, Lang.EN);
        assertThat(out).doesNotContain(ESC).contains("sni=\\x1b[2Jevil.test", "\\x1b[2Jevil.test", "sni \\x1b[31m");
    }

    /** Every kind of control a capture can carry in an SNI value or a warning quoting one: none reaches the table. */
    @Test
    void noControlFromTheCaptureReachesTheTable() {
        String hostile = "e" + ESC + "[2J\u009b31m\u0007\b\rforged\u202egnp.test";
        ScanTable t = new ScanTable();
        t.add(withSni(hostile, List.of("frame 3: sni " + hostile), 0));
        String out = print(t, Lang.EN);
        for (char c : hostile.toCharArray()) {
            if (TerminalText.needsEscape(c)) {
                assertThat(out).as("U+%04X", (int) c).doesNotContain(String.valueOf(c));
            }
        }
        assertThat(out).contains("e\\x1b[2J\\x9b31m\\x07\\x08\\rforged\\u202egnp.test");
    }

    @Test
    void alertsNotKeptAreSaid() {
        ScanTable t = new ScanTable();
        t.add(withSni("a.test", List.of(), 4_998_999));
        assertThat(print(t, Lang.EN))
                .contains("4998999  (not kept: budget alerts-per-connection)", "4999001  10.0.0.9:443")
                .contains(
                        "... 4,998,999 more alerts counted, not listed (budget alerts-per-connection: the first 1,000 and"
                                + " the last one are kept)");
        assertThat(print(t, Lang.ZH)).contains("另有 4,998,999 条告警只计数、未列出（预算 alerts-per-connection：只保留前 1,000 条和最后一条）");
    }
}
