package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cause ids are an enum whose spellings JSON keeps; each has a title in every language; phrases render per language. */
class CauseIdTest {
    static final Texts TEXTS = AlertRegistry.load().texts();

    @Test
    void everyCauseHasATitleInEveryLanguageAndItsSpellingIsUnique() {
        for (CauseId c : CauseId.values()) {
            for (Lang lang : Lang.values()) {
                assertThat(TEXTS.find(lang, c.titleKey()))
                        .as(c.titleKey() + " in " + lang)
                        .isPresent();
            }
            assertThat(CauseId.of(c.id())).contains(c);
        }
        assertThat(Cause.IDS).doesNotHaveDuplicates().hasSize(CauseId.values().length);
        assertThat(Cause.IDS).contains("ok", "no-shared-cipher-suite", "unknown", "internal-error");
        assertThat(Arrays.stream(CauseId.values()).map(CauseId::id)).allMatch(id -> id.matches("[a-z0-9-]+"));
    }

    @Test
    void aCauseOutsideTheEnumIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Cause("no-such-cause", "", "", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-cause");
    }

    @Test
    void phrasesRenderNestedArgumentsAndListsPerLanguage() {
        Phrase only = Phrase.of("probe.accepts.only", "TLS 1.3");
        Phrase steps = Phrase.of(
                "probe.evidence.steps",
                List.of(Phrase.of("probe.changed.baseline"), Phrase.of("probe.changed.sni.none")));
        assertThat(only.render(Lang.EN)).isEqualTo("only TLS 1.3");
        assertThat(only.render(Lang.ZH)).isEqualTo("仅 TLS 1.3");
        assertThat(steps.render(Lang.EN)).isEqualTo("baseline; SNI: none");
        assertThat(steps.render(Lang.ZH)).isEqualTo("基线；SNI：不发送");
        assertThat(Phrase.literal("TLS_AES_128_GCM_SHA256").render(Lang.ZH)).isEqualTo("TLS_AES_128_GCM_SHA256");
        Cause c = new Cause(CauseId.NO_SHARED_GROUP, steps, only, Phrase.of("probe.fix.ok"));
        assertThat(c.fix()).isEqualTo("Nothing to fix.");
        assertThat(c.fix(Lang.ZH)).isEqualTo("无需修复。");
        assertThat(c.title(Lang.EN)).isEqualTo("no key exchange group in common");
    }
}
