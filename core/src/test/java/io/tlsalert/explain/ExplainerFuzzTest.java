package io.tlsalert.explain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsalert.TlsAlerts;

/**
 * Fuzzes explain input: for any text, {@link Explainer#explain(byte[])} returns, within its budget: at most
 * {@link Explainer#MAX_FINDINGS} findings and {@link Explainer#MAX_NOTES} notes (the explanation saying when it left
 * some out), codes within a byte, lines counted. Corpus replayed in {@code mvn test}, fuzzed briefly in
 * {@code mvn verify}; the long run is in the README.
 */
class ExplainerFuzzTest {
    private static final Explainer EXPLAINER = TlsAlerts.explainer();

    @FuzzTest(maxDuration = "20s")
    void explain(byte[] text) {
        Explanation e = EXPLAINER.explain(text);
        if (e.findings().size() > Explainer.MAX_FINDINGS
                || e.notes().size() > Explainer.MAX_NOTES
                || e.failures().size() > Explainer.MAX_NOTES) {
            throw new AssertionError("over budget: " + e.findings().size() + " findings, "
                    + e.notes().size() + " notes, " + e.failures().size() + " failures");
        }
        if (e.findingsCapped().isPresent() && e.findings().size() != Explainer.MAX_FINDINGS) {
            throw new AssertionError(
                    "capped without reaching the cap: " + e.findings().size());
        }
        for (Finding f : e.findings()) {
            if (f.code() < 0 || f.code() > 255 || f.line() < 1 || f.line() > Math.max(1, e.lines())) {
                throw new AssertionError("finding outside the input: " + f);
            }
        }
        if (e.lines() < 0 || e.lines() > text.length + 1) {
            throw new AssertionError("lines " + e.lines() + " for " + text.length + " bytes");
        }
    }
}
