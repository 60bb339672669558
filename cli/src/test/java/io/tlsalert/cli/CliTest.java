package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: output, JSON keys, languages, exit codes, bad input. */
class CliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run runWithStdin(byte[] stdin, String... args) {
        InputStream old = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            return run(args);
        } finally {
            System.setIn(old);
        }
    }

    @Test
    void explainsACodeWithMeaningCausesAndReferences() {
        Run r = run("explain", "40");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "handshake_failure (40)",
                        "always fatal",
                        "Meaning",
                        "Common causes",
                        "Confirm",
                        "Fix",
                        "RFC 8446 §6.2");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void explainsPastedJdkErrorAsReceivedFromThePeer() {
        Run r = run("explain", "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("handshake_failure (40)", "received from the peer", "JDK (SunJSSE)");
    }

    @Test
    void wordsAreJoinedIntoOneQuery() {
        Run r = run("explain", "tlsv1", "alert", "unknown", "ca");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("unknown_ca (48)", "received from the peer", "OpenSSL");
    }

    @Test
    void jsonHasTheDocumentedKeys() throws Exception {
        Run r = run(
                "explain", "--json", "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure");
        assertThat(r.code()).isZero();
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(m).containsKeys("findings", "notes", "lines", "lang");
        @SuppressWarnings("unchecked")
        Map<String, Object> f = ((List<Map<String, Object>>) m.get("findings")).get(0);
        assertThat(f)
                .containsEntry("code", 40)
                .containsEntry("name", "handshake_failure")
                .containsEntry("level", "fatal")
                .containsEntry("direction", "received")
                .containsEntry("stack", "jdk")
                .containsEntry("evidence", "alert")
                .containsEntry("text", "Received fatal alert: handshake_failure")
                .containsEntry("alwaysFatal", true)
                .containsKeys(
                        "meaning",
                        "causes",
                        "references",
                        "who",
                        "summary",
                        "levelRule",
                        "tls13",
                        "dtlsOk",
                        "line",
                        "occurrences");
        assertThat((List<?>) f.get("causes")).hasSizeBetween(2, 6);
    }

    @Test
    void chineseOnRequest() {
        Run r = run("explain", "--lang", "zh", "48");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("unknown_ca (48)", "常见原因", "含义");
    }

    @Test
    void twoHundredFiftyFiveIsExplainedAsTheEnumBound() {
        Run r = run("explain", "255");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("255 is not an alert", "110");
        assertThat(r.out()).doesNotContain("unsupported_extension (110)");
    }

    @Test
    void textWithoutAnAlertExitsOne() {
        Run r = run("explain", "Connection refused");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("No TLS alert found");
    }

    @Test
    void aNumberThatCannotBeAnAlertIsAUsageError() {
        Run r = run("explain", "300");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("300 is not an alert code").doesNotContain("Exception");
    }

    @Test
    void readsStandardInput() {
        Run r = runWithStdin(
                "line one\nremote error: tls: protocol version not supported\n".getBytes(StandardCharsets.UTF_8),
                "explain",
                "--brief",
                "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("protocol_version (70)", "received from the peer", "go");
    }

    @Test
    void emptyInputIsRefusedClearly() {
        Run r = runWithStdin(new byte[0], "explain", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("standard input is empty").doesNotContain("Exception");
    }

    @Test
    void binaryInputIsRefusedWithItsOffset() {
        byte[] b = {'a', 'b', 0, 1, 2};
        Run r = runWithStdin(b, "explain", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("looks binary", "offset 2", "not binary data");
    }

    @Test
    void invalidUtf8IsReadWithAWarning() {
        byte[] b = "caf\u00e9 Received fatal alert: unknown_ca".getBytes(StandardCharsets.ISO_8859_1);
        Run r = runWithStdin(b, "explain", "-");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("not valid UTF-8");
        assertThat(r.out()).contains("unknown_ca (48)");
    }

    @Test
    void aMissingFileIsAUsageError(@TempDir Path dir) {
        Run r = run("explain", "--file", dir.resolve("nope.log").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, "x\nssl.SSLError: [SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca (_ssl.c:1006)\n");
        Run r = run("explain", "--json", "--file", log.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"stack\" : \"python\"", "\"line\" : 2");
    }

    @Test
    void listPrintsTheWholeRegistryAndTheNoteOn255() {
        Run r = run("list");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "close_notify",
                        "unsupported_extension",
                        "ech_required",
                        "too_many_cids_requested",
                        "36 alerts",
                        "255 is not an alert");
        assertThat(r.out().lines().filter(l -> l.matches("^\\d+ {2,}[a-z_]+ {2,}.*")))
                .hasSize(36);
    }

    @Test
    void listFilters() throws Exception {
        Run r = run("list", "--tls13", "--fatal", "--json");
        assertThat(r.code()).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> alerts =
                (List<Map<String, Object>>) JSON.std.mapFrom(r.out()).get("alerts");
        assertThat(alerts).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("tls13")).isEqualTo("in-use");
            assertThat(a.get("alwaysFatal")).isEqualTo(true);
        });
        assertThat(alerts)
                .extracting(a -> a.get("name"))
                .doesNotContain("decryption_failed", "close_notify", "bad_certificate");
        Run s = run("list", "certificate");
        assertThat(s.out()).contains("bad_certificate", "certificate_required").doesNotContain("handshake_failure");
        assertThat(run("list", "nothing-matches-this").code()).isEqualTo(1);
    }

    @Test
    void everyCommandHasHelpAndAnUnknownOptionIsAUsageError() {
        for (String[] a : new String[][] {{"--help"}, {"explain", "--help"}, {"list", "--help"}}) {
            Run r = run(a);
            assertThat(r.code()).as(String.join(" ", a)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        assertThat(run("explain", "--help").out()).contains("Exit codes:");
        Run bad = run("explain", "--bogus", "40");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown option");
        assertThat(run("explain", "--lang", "fr", "40").code()).isEqualTo(2);
    }

    @Test
    void aPastedLineThatStartsWithADashIsText() {
        // gnutls-cli prints its info lines after "- "; with or without other options, the line is explained.
        for (String[] a : new String[][] {
            {"explain", "- Received alert [48]: CA is unknown"},
            {"explain", "--brief", "- Received alert [48]: CA is unknown"},
            {"explain", "- Received alert [48]: CA is unknown", "--lang", "en"}
        }) {
            Run r = run(a);
            assertThat(r.code()).as(String.join(" | ", a)).isZero();
            assertThat(r.out()).contains("unknown_ca (48)", "received from the peer");
        }
        assertThat(run("explain", "--bogus=1", "40").code()).isEqualTo(2);
        // main's fast path (no picocli) takes it too; an mbedTLS or wolfSSL code is text, not an option.
        assertThat(Main.plainExplain(new String[] {"explain", "- Received alert [48]: CA is unknown"}))
                .isTrue();
        assertThat(Main.plainExplain(new String[] {"explain", "-0x7780"})).isTrue();
        assertThat(Main.plainExplain(new String[] {"explain", "--brief", "40"})).isFalse();
    }
}
