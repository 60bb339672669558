package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Help and usage errors in both languages: every command's --help under --lang zh holds no English sentence, and
 * every bad usage below says what is wrong in Chinese; in English, the command list's summaries are whole
 * sentences and no line is wider than 80 columns.
 */
class CliLanguagesTest {
    private static final String[] COMMANDS = {"", "explain", "decode", "scan", "probe", "list", "serve", "help"};

    /** Three or more English words in a row (names, options, placeholders and quoted input are taken out first). */
    private static final Pattern ENGLISH = Pattern.compile("\\b[A-Za-z][a-z]+(?:[ ,]+[A-Za-z][a-z]+){2,}\\b");

    /** What is not prose: quoted input, examples, options, placeholders, paths and URLs, code-like names. */
    static String prose(String text) {
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("tlsalert ")
                    || l.startsWith("|")
                    || l.startsWith("--client-cert")
                    || l.contains(" | ")
                    || l.startsWith("--allowed-host")
                    || l.startsWith("Usage:")
                    || l.startsWith("用法：")
                    || l.startsWith("[")) {
                continue; // an example or the synopsis: commands as typed
            }
            kept.add(line.replaceAll("'[^']*'", " ")
                    .replaceAll("\"[^\"]*\"", " ")
                    .replaceAll("“[^”]*”", " ")
                    .replaceAll("--?[a-z0-9][a-z0-9-]*(=\\S+)?", " ")
                    .replaceAll("\\b[A-Z][A-Z0-9_\\[\\]:.,]+\\b", " ")
                    .replaceAll("\\S*[/._@\\\\]\\S*", " ")
                    .replaceAll(
                            "\\b(explain|decode|scan|probe|list|serve|help|tlsalert|base64|pcapng|pcap|gzip|hexdump|"
                                    + "xxd|od|openssl|s_client|s_server|kubectl|logs|my-pod|en|zh)\\b",
                            " "));
        }
        return String.join("\n", kept);
    }

    static List<String> englishIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = ENGLISH.matcher(prose(text));
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "explain", "decode", "scan", "probe", "list", "serve", "help"})
    void helpInChineseHasNoEnglishSentence(String command) {
        CliTest.Run r = command.isEmpty()
                ? CliTest.run("--lang", "zh", "--help")
                : CliTest.run(command, "--help", "--lang", "zh");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("用法：");
        assertThat(englishIn(r.out())).as(r.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "explain", "decode", "scan", "probe", "list", "serve"})
    void helpInEnglishFitsEightyColumnsAndSummariesAreSentences(String command) {
        CliTest.Run r = command.isEmpty() ? CliTest.run("--help") : CliTest.run(command, "--help", "--lang", "en");
        assertThat(r.code()).isZero();
        for (String line : r.out().split("\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
        }
        // The first line is the command's one-sentence summary; the command list shows the same for each command.
        String header = r.out().substring(0, r.out().indexOf("Usage:")).strip().replaceAll("\\s+", " ");
        assertThat(header).endsWith(".").doesNotContain("\n");
        assertThat(englishIn(CliTest.run("--lang", "zh", "--help").out())).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theCommandListGivesEachCommandAWholeSentence() {
        String out = CliTest.run("--help", "--lang", "en").out();
        String list = out.substring(out.indexOf("Commands:"), out.indexOf("Exit codes:"));
        // Each entry, joined over its wrapped lines, ends with a full stop.
        for (String entry : list.split("\n  (?=\\S)")) {
            if (!entry.startsWith("Commands:")) {
                assertThat(entry.strip().replaceAll("\\s+", " ")).endsWith(".");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "explian 40",
                "explain --brif 40",
                "probe --timeout abc 127.0.0.1",
                "serve --port",
                "scan",
                "decode --base64 --hex 00",
                "explain -f /nonexistent/file",
                "explain 300",
                "serve --port 70000",
                "serve --probe-allow x",
                "list --lang xx",
                "probe --trust /nonexistent/ca.pem 127.0.0.1:1"
            })
    void usageErrorsInChinese(String args) {
        String[] a = (args + " --lang zh").split(" ");
        CliTest.Run r = CliTest.run(a);
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err()).startsWith("tlsalert: ");
        assertThat(englishIn(r.err())).as(r.err()).isEmpty();
        // The same mistake in English says it in English: the Chinese is a translation, not a different answer.
        CliTest.Run en = CliTest.run((args + " --lang en").split(" "));
        assertThat(en.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(en.err()).isNotEqualTo(r.err());
    }

    @org.junit.jupiter.api.Test
    void aMissingTrustStoreSaysWhatIsWrongAndWhatToGive() {
        CliTest.Run r = CliTest.run("probe", "--trust", "/nonexistent/ca.pem", "127.0.0.1:1");
        assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(r.err())
                .startsWith("tlsalert: --trust /nonexistent/ca.pem: no such file (give a PEM file")
                .doesNotContain("ca.pem: /nonexistent");
    }

    @org.junit.jupiter.api.Test
    void aMistypedCommandGetsDidYouMean() {
        assertThat(CliTest.run("explian", "40").err()).contains("did you mean explain?");
        assertThat(CliTest.run("--lang", "zh", "explian", "40").err()).contains("您是不是想输入 explain？");
        assertThat(CliTest.run("probee").err()).contains("did you mean probe?").doesNotContain("list");
    }

    @org.junit.jupiter.api.Test
    void theDetectorFindsEnglish() {
        assertThat(englishIn("退出码：the input holds no alert")).isNotEmpty();
        assertThat(englishIn("输入为 base64。--base64 'a quoted input text'")).isEmpty();
    }
}
