package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every row of patterns.tsv and aliases.tsv, each a test of its own. */
class PatternsTest {
    static final Explainer EX = TlsAlerts.explainer();

    @TestFactory
    Stream<DynamicTest> everyPatternFindsItsExample() {
        return EX.patterns().stream()
                .map(p -> DynamicTest.dynamicTest(p.id(), () -> {
                    Explanation e = EX.explain(p.example());
                    if (p.noAlert()) {
                        assertThat(e.notes())
                                .as("notes for %s", p.example())
                                .anySatisfy(n -> assertThat(n.patternId()).isEqualTo(p.id()));
                        assertThat(e.findings())
                                .as("a failure that sends no alert is not a finding")
                                .isEmpty();
                        return;
                    }
                    assertThat(p.regex().matcher(p.example()).find())
                            .as("%s matches its example", p.id())
                            .isTrue();
                    // An earlier, more specific row may win the line; the alert and its direction must be the same.
                    assertThat(e.findings()).as("findings for %s", p.example()).anySatisfy(f -> {
                        assertThat(f.code()).isEqualTo(p.expect());
                        if (p.direction() != Direction.UNKNOWN) {
                            assertThat(f.direction()).isEqualTo(p.direction());
                        }
                    });
                    if (p.implies().isPresent()) {
                        assertThat(e.findings())
                                .anySatisfy(f -> assertThat(f.evidence()).isEqualTo(Evidence.IMPLIED));
                    }
                    if (p.implies().isPresent()) {
                        assertThat(p.implies().getAsInt()).isEqualTo(p.expect());
                    }
                }));
    }

    @Test
    void everyImpliedPatternSaysWhyInEveryLanguage() {
        for (Pattern p : EX.patterns()) {
            if (p.implies().isPresent() || p.noAlert()) {
                for (io.tlsalert.registry.Lang lang : io.tlsalert.registry.Lang.values()) {
                    assertThat(TlsAlerts.registry().texts().find(lang, "pattern." + p.id() + ".why"))
                            .as("pattern.%s.why in %s", p.id(), lang)
                            .isPresent();
                }
            }
        }
    }

    record AliasRow(int code, String stack, String direction, String alias) {}

    /** The rows of aliases.tsv, read by the same reader the explainer loads them with. */
    static List<AliasRow> aliases() {
        List<AliasRow> rows = new ArrayList<>();
        for (io.tlsalert.registry.DataFile.Row r :
                io.tlsalert.registry.DataFile.read(Explainer.class, "aliases.tsv", 5)) {
            rows.add(new AliasRow(Integer.parseInt(r.cell(0)), r.cell(1), r.cell(2), r.cell(3)));
        }
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyAliasResolvesToItsAlert() throws Exception {
        return aliases().stream()
                .map(a -> DynamicTest.dynamicTest(a.stack() + ": " + a.alias(), () -> {
                    assertThat(EX.names().resolve(a.alias()))
                            .as(a.alias())
                            .get()
                            .satisfies(n -> assertThat(n.code()).isEqualTo(a.code()));
                    Explanation e = EX.explain(a.alias());
                    assertThat(e.findings()).hasSize(1);
                    assertThat(e.findings().get(0).code()).isEqualTo(a.code());
                    assertThat(e.findings().get(0).evidence())
                            .isEqualTo(a.direction().equals("unknown") ? Evidence.QUERY : Evidence.ALERT);
                }));
    }
}
