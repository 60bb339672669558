package io.tlsalert.explain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsalert.TlsAlerts;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes {@code explain --summary}: for any bytes, {@link Summarizer#summarize} returns within its caps, every
 * occurrence counted once (in a group or in "other"), lines counted as explain counts them, first line ≤ last line ≤
 * lines. Corpus replayed in {@code mvn test}, fuzzed briefly in {@code mvn verify}.
 */
class SummarizerFuzzTest {
    private static final Summarizer SUMMARIZER = new Summarizer(TlsAlerts.explainer(), LogFormats.load());

    @FuzzTest(maxDuration = "20s")
    void summarize(byte[] log) throws IOException {
        Summary s = SUMMARIZER.summarize(new ByteArrayInputStream(log), b -> {});
        long nl = 0;
        for (byte b : log) {
            nl += b == '\n' ? 1 : 0;
        }
        long lines = log.length == 0 ? 0 : nl + (log[log.length - 1] == '\n' ? 0 : 1);
        if (s.lines() != lines || s.bytes() != log.length) {
            throw new AssertionError(s.lines() + " lines, " + s.bytes() + " bytes for " + lines + " and " + log.length);
        }
        if (s.groups().size() > Summarizer.MAX_GROUPS + Summarizer.MAX_OTHER_PEER_GROUPS) {
            throw new AssertionError("over the caps: " + s.groups().size() + " groups");
        }
        long counted = s.other().map(Summary.Span::count).orElse(0L);
        for (Summary.Group g : s.groups()) {
            Summary.Span sp = g.span();
            if (sp.count() < 1 || sp.firstLine() < 1 || sp.firstLine() > sp.lastLine() || sp.lastLine() > lines) {
                throw new AssertionError("group outside the input: " + g);
            }
            counted += sp.count();
        }
        if (counted != s.occurrences()) {
            throw new AssertionError(counted + " counted in groups, " + s.occurrences() + " occurrences");
        }
    }
}
