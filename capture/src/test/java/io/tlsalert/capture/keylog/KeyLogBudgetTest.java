package io.tlsalert.capture.keylog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.capture.Budget;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key log is lines of bounded length, in a file of bounded size: anything else is one clear message. */
class KeyLogBudgetTest {
    @TempDir
    Path dir;

    static final String GOOD = "CLIENT_RANDOM " + "11".repeat(32) + " " + "aa".repeat(48);

    @Test
    void devZeroIsOneLineTooLong() {
        Path zero = Path.of("/dev/zero");
        if (!Files.exists(zero)) {
            return;
        }
        assertThatThrownBy(() -> KeyLog.read(zero))
                .isInstanceOf(KeyLog.Unusable.class)
                .hasMessage("line 1 is longer than " + Budget.KEYLOG_LINE_CHARS.describe() + ": not a key log");
    }

    @Test
    void aLineOverTheBoundAfterGoodLinesNamesItsLine() {
        String text = GOOD + "\n" + GOOD + "\r\n" + "# x".repeat(2000) + "\n";
        assertThatThrownBy(() -> KeyLog.parse(new StringReader(text)))
                .isInstanceOf(KeyLog.Unusable.class)
                .hasMessageStartingWith("line 3 is longer than the budget keylog-line-chars (4,096");
        // At the bound itself, a line is still read (a comment here).
        String atBound = GOOD + "\n#" + "x".repeat(Budget.KEYLOG_LINE_CHARS.limit - 1) + "\n";
        assertThatCode(() -> KeyLog.parse(new StringReader(atBound))).doesNotThrowAnyException();
    }

    @Test
    void aFileOverTheSizeBoundIsNotRead() throws Exception {
        Path big = dir.resolve("big.log");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(Budget.KEYLOG_BYTES.limit + 1L); // sparse: no disk used
        }
        assertThatThrownBy(() -> KeyLog.read(big))
                .isInstanceOf(KeyLog.Unusable.class)
                .hasMessageContaining("keylog-bytes")
                .hasMessageContaining("not read");
    }

    @Test
    void aStreamOverTheSizeBoundStopsThere() {
        // Short lines, so only the size bound can stop it: a reader that never ends.
        java.io.Reader endless = new java.io.Reader() {
            @Override
            public int read(char[] cbuf, int off, int len) {
                for (int i = 0; i < len; i++) {
                    cbuf[off + i] = i % 64 == 63 ? '\n' : '#';
                }
                return len;
            }

            @Override
            public void close() {}
        };
        assertThatThrownBy(() -> KeyLog.parse(endless))
                .isInstanceOf(KeyLog.Unusable.class)
                .hasMessageStartingWith("more than " + Budget.KEYLOG_BYTES.describe());
    }

    @Test
    void aFileWithNoUsableLineIsUnusable() throws Exception {
        Path junk = dir.resolve("junk.log");
        Files.writeString(junk, "junk\n".repeat(1500));
        assertThatThrownBy(() -> KeyLog.read(junk))
                .isInstanceOf(KeyLog.Unusable.class)
                .hasMessage("no usable line (1500 malformed, the first: line 1: expected 3 fields"
                        + " (LABEL <client_random hex> <secret hex>), found 1)");
        // Empty and comment-only files are no key log problem: there is just nothing to decrypt with.
        Path empty = dir.resolve("empty.log");
        Files.writeString(empty, "# nothing yet\n");
        assertThat(KeyLog.read(empty).size()).isZero();
        Path mixed = dir.resolve("mixed.log");
        Files.writeString(mixed, "junk\n" + GOOD + "\n");
        assertThat(KeyLog.read(mixed).size()).isEqualTo(1);
    }

    @Test
    void lineEndingsAreReadAsBufferedReaderReadsThem() throws Exception {
        KeyLog log = KeyLog.parse(new StringReader("junk\r" + GOOD + "\r\n\r\njunk2\njunk3"));
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.warnings()).hasSize(3);
        assertThat(log.warnings().get(0)).startsWith("line 1:");
        assertThat(log.warnings().get(1)).startsWith("line 4:");
        assertThat(log.warnings().get(2)).startsWith("line 5:");
    }
}
