package io.tlsalert.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AlertRegistryTest {
    static final AlertRegistry REG = AlertRegistry.load();

    record IanaRow(int code, String name, boolean dtlsOk) {}

    /** Reads the IANA registry CSV kept as test oracle; ranges marked Unassigned are expanded. */
    static Map<Integer, IanaRow> iana() throws Exception {
        Map<Integer, IanaRow> m = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                AlertRegistryTest.class.getResourceAsStream("/iana/tls-alerts.csv"), StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f[1].equals("Unassigned")) {
                    continue;
                }
                int code = Integer.parseInt(f[0]);
                m.put(code, new IanaRow(code, f[1], f[2].equals("Y")));
            }
        }
        return m;
    }

    @Test
    void everyIanaValueIsInTheRegistryWithItsNameAndDtlsFlag() throws Exception {
        Map<Integer, IanaRow> iana = iana();
        assertThat(iana).hasSize(36);
        for (IanaRow row : iana.values()) {
            Alert a = REG.byCode(row.code()).orElseThrow(() -> new AssertionError("missing " + row));
            assertThat(a.name()).as("name of %d", row.code()).isEqualTo(row.name());
            assertThat(a.dtlsOk()).as("DTLS-OK of %d", row.code()).isEqualTo(row.dtlsOk());
        }
    }

    @Test
    void theRegistryHoldsNothingIanaDoesNotAssign() throws Exception {
        Set<Integer> iana = iana().keySet();
        for (int code = 0; code < 256; code++) {
            assertThat(REG.byCode(code).isPresent()).as("code %d", code).isEqualTo(iana.contains(code));
        }
        assertThat(REG.all()).hasSize(iana.size());
    }

    @Test
    void rfc5246TableAndLaterAdditionsArePresent() {
        int[] rfc5246 = {0, 10, 20, 21, 22, 30, 40, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 60, 70, 71, 80, 90, 100, 110
        };
        int[] later = {41, 52, 86, 109, 111, 112, 113, 114, 115, 116, 120, 121};
        for (int c : rfc5246) {
            assertThat(REG.byCode(c)).as("code %d", c).isPresent();
        }
        for (int c : later) {
            assertThat(REG.byCode(c)).as("code %d", c).isPresent();
        }
    }

    @Test
    void unsupportedExtensionIs110And255IsOnlyTheEnumBound() {
        assertThat(REG.byName("unsupported_extension").orElseThrow().code()).isEqualTo(110);
        assertThat(REG.byCode(255)).isEmpty();
        for (Lang lang : Lang.values()) {
            assertThat(REG.codeNote(255, lang)).get().asString().contains("110").contains("255");
        }
    }

    @Test
    void tls13StatusFollowsRfc8446() {
        for (int c : new int[] {21, 30, 41, 60, 111, 114}) {
            assertThat(REG.byCode(c).orElseThrow().tls13()).as("code %d", c).isEqualTo(Tls13Status.RESERVED);
        }
        assertThat(REG.byCode(100).orElseThrow().tls13()).isEqualTo(Tls13Status.NOT_USED);
        assertThat(REG.byCode(52).orElseThrow().tls13()).isEqualTo(Tls13Status.DTLS13_ONLY);
        for (int c : new int[] {0, 10, 40, 42, 48, 70, 109, 110, 112, 116, 120, 121}) {
            assertThat(REG.byCode(c).orElseThrow().tls13()).as("code %d", c).isEqualTo(Tls13Status.IN_USE);
        }
    }

    @Test
    void levelRulesAsTheRfcsStateThem() {
        assertThat(REG.byCode(0).orElseThrow().levelRule()).isEqualTo(LevelRule.CLOSURE);
        assertThat(REG.byCode(90).orElseThrow().levelRule()).isEqualTo(LevelRule.GENERALLY_WARNING);
        assertThat(REG.byCode(100).orElseThrow().levelRule()).isEqualTo(LevelRule.ALWAYS_WARNING);
        for (int c : new int[] {10, 20, 22, 40, 47, 48, 50, 70, 80, 110}) {
            assertThat(REG.byCode(c).orElseThrow().alwaysFatal())
                    .as("code %d", c)
                    .isTrue();
        }
        assertThat(REG.byCode(42).orElseThrow().alwaysFatal()).isFalse();
    }

    @Test
    void everyAlertCitesItsDefiningRfcSection() {
        for (Alert a : REG.all()) {
            assertThat(a.references()).as("references of %s", a.name()).isNotEmpty();
            for (String ref : a.references()) {
                assertThat(ref)
                        .as("reference of %s", a.name())
                        .matches("(RFC \\d+|draft-ietf-[a-z0-9-]+.*) .*§[0-9.]+");
            }
        }
    }

    @Test
    void everyAlertHasTwoToSixCausesAndEveryTextInEveryLanguage() {
        List<String> problems = new ArrayList<>();
        for (Alert a : REG.all()) {
            if (a.causes().size() < 2 || a.causes().size() > 6) {
                problems.add(a.code() + " has " + a.causes().size() + " causes");
            }
            for (Lang lang : Lang.values()) {
                AlertText t = a.text(lang);
                for (String s : new String[] {t.summary(), t.meaning(), t.level(), t.tls13(), t.received(), t.sent()}) {
                    if (s.startsWith("alert.") || s.isBlank()) {
                        problems.add(a.code() + " " + lang + ": missing " + s);
                    }
                }
                for (Cause c : a.causes()) {
                    CauseText ct = c.text(lang);
                    for (String s : new String[] {ct.title(), ct.confirm(), ct.fix()}) {
                        if (s.startsWith("alert.") || s.isBlank()) {
                            problems.add(a.code() + " " + lang + ": missing " + s);
                        }
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyLanguageHasExactlyTheSameKeys() {
        Set<String> en = REG.texts().keys(Lang.EN);
        for (Lang lang : Lang.values()) {
            assertThat(REG.texts().keys(lang)).as("keys of %s", lang).isEqualTo(en);
        }
    }

    @Test
    void chineseTextsAreChinese() {
        for (Alert a : REG.all()) {
            assertThat(a.text(Lang.ZH).meaning())
                    .as("zh meaning of %s", a.name())
                    .containsPattern("\\p{IsHan}");
            assertThat(a.text(Lang.ZH).summary())
                    .as("zh summary of %s", a.name())
                    .containsPattern("\\p{IsHan}");
        }
    }

    @Test
    void noKeyIsLeftOver() {
        Set<String> expected = new TreeSet<>();
        for (Alert a : REG.all()) {
            for (String k : new String[] {"summary", "meaning", "level", "tls13", "received", "sent"}) {
                expected.add("alert." + a.code() + "." + k);
            }
            for (Cause c : a.causes()) {
                for (String k : new String[] {"title", "confirm", "fix"}) {
                    expected.add("alert." + a.code() + ".cause." + c.id() + "." + k);
                }
            }
        }
        Set<String> alertKeys = new TreeSet<>();
        for (String k : REG.texts().keys(Lang.EN)) {
            if (k.startsWith("alert.")) {
                alertKeys.add(k);
            }
        }
        assertThat(alertKeys)
                .as("alert.* keys without an alert or cause in alerts.tsv")
                .isEqualTo(expected);
    }

    @Test
    void languageComesFromTheEnvironmentLikeSetlocale() {
        assertThat(Lang.fromEnvironment(Map.of("LANG", "zh_CN.UTF-8"))).isEqualTo(Lang.ZH);
        assertThat(Lang.fromEnvironment(Map.of("LANG", "zh_CN.UTF-8", "LC_ALL", "en_US.UTF-8")))
                .isEqualTo(Lang.EN);
        assertThat(Lang.fromEnvironment(Map.of("LC_MESSAGES", "zh_TW"))).isEqualTo(Lang.ZH);
        assertThat(Lang.fromEnvironment(Map.of("LANG", "C"))).isEqualTo(Lang.EN);
        assertThat(Lang.fromEnvironment(Map.of())).isEqualTo(Lang.EN);
        assertThat(Lang.parse("ZH")).contains(Lang.ZH);
        assertThat(Lang.parse("fr")).isEmpty();
    }
}
