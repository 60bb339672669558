package io.tlsalert.realstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Finding;

/** What the real-stack tests require of explain on what a peer printed. */
final class Explained {
    private Explained() {}

    /** The one finding of {@code e}. */
    static Finding single(Explanation e) {
        assertThat(e.findings()).hasSize(1);
        return e.findings().get(0);
    }

    /** The one finding of {@code text}. */
    static Finding single(String text) {
        Explanation e = TlsAlerts.explainer().explain(text);
        assertThat(e.findings()).as("findings of %s", text).hasSize(1);
        return e.findings().get(0);
    }

    /** The text gives a finding of this code and direction (and pattern, when given), and no other alert. */
    static void assertFinding(String text, int code, Direction direction, String pattern) {
        Explanation e = TlsAlerts.explainer().explain(text);
        assertThat(e.findings()).as("findings of:\n%s", text).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo(code);
            assertThat(f.direction()).isEqualTo(direction);
            if (pattern != null) {
                assertThat(f.patternId()).isEqualTo(pattern);
            }
        });
        for (Finding f : e.findings()) {
            assertThat(f.code()).as("no other alert in:\n%s", text).isEqualTo(code);
        }
    }
}
