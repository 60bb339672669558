package io.tlsalert.capture.keylog;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsalert.capture.Budget;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the key log reader: whatever the text, it is read, or refused as {@link KeyLog.Unusable} naming a budget; never
 * another exception. What it keeps stays within bounds: at most one secret a line, at most 1,000 warnings and a count.
 * In {@code mvn test} the corpus under src/test/resources runs as regression tests; {@code mvn verify} fuzzes briefly.
 */
class KeyLogFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void parse(byte[] data) throws IOException {
        String text = new String(data, StandardCharsets.UTF_8);
        KeyLog log;
        try {
            log = KeyLog.parse(new StringReader(text));
        } catch (KeyLog.Unusable e) {
            if (!e.getMessage().contains(Budget.KEYLOG_LINE_CHARS.id())
                    && !e.getMessage().contains(Budget.KEYLOG_BYTES.id())) {
                throw new AssertionError("refused without naming a budget: " + e.getMessage());
            }
            return;
        }
        long lines = text.chars().filter(c -> c == '\n' || c == '\r').count() + 1;
        if (log.size() > lines || log.malformedLines() > lines) {
            throw new AssertionError(log.size() + " secrets, " + log.malformedLines() + " malformed of " + lines);
        }
        if (log.warnings().size() > 1001) {
            throw new AssertionError(log.warnings().size() + " warnings kept");
        }
    }
}
