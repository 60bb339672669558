package io.tlsalert.capture.keylog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLogTest {
    static final byte[] CR1 = HexFormat.of().parseHex("11".repeat(32));
    static final byte[] CR2 = HexFormat.of().parseHex("22".repeat(32));

    static KeyLog garbage() throws Exception {
        try (Reader r =
                new InputStreamReader(KeyLogTest.class.getResourceAsStream("garbage.keylog"), StandardCharsets.UTF_8)) {
            return KeyLog.parse(r);
        }
    }

    @Test
    void malformedLinesAreCountedAndReportedWithTheirLineNumbers() throws Exception {
        KeyLog log = garbage();
        assertThat(log.warnings()).hasSize(9);
        assertThat(log.malformedLines()).isEqualTo(9);
        assertThat(log.warnings())
                .satisfiesExactly(
                        w -> assertThat(w)
                                .startsWith("line 5: expected 3 fields")
                                .contains("found 7"),
                        w -> assertThat(w).isEqualTo("line 6: client random has 31 bytes, expected 32"),
                        w -> assertThat(w)
                                .startsWith(
                                        "line 7: CLIENT_RANDOM secret (TLS 1.2 master secret) has 32 bytes, expected 48"),
                        w -> assertThat(w)
                                .startsWith("line 8: SERVER_HANDSHAKE_TRAFFIC_SECRET has 20 bytes, expected 32"),
                        w -> assertThat(w).isEqualTo("line 9: secret is not hex"),
                        w -> assertThat(w).isEqualTo("line 10: unknown label 'BOGUS_LABEL'"),
                        w -> assertThat(w)
                                .startsWith(
                                        "line 11: CLIENT_HANDSHAKE_TRAFFIC_SECRET for client random 2222222222222222... differs from the one on line 4"),
                        w -> assertThat(w).startsWith("line 17: client random is not hex"),
                        w -> assertThat(w)
                                .startsWith("line 18: expected 3 fields")
                                .contains("found 1"));
    }

    @Test
    void theGoodLinesAreKept() throws Exception {
        KeyLog log = garbage();
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.has(CR1)).isTrue();
        assertThat(log.has(CR2)).isTrue();
        assertThat(log.has(new byte[32])).isFalse();
        assertThat(log.has(null)).isFalse();
        assertThat(log.secret(KeyLog.CLIENT_RANDOM, CR1))
                .hasValueSatisfying(s -> assertThat(s).hasSize(48).containsOnly(0xaa));
        assertThat(log.secret(KeyLog.CLIENT_HANDSHAKE_TRAFFIC_SECRET, CR2))
                .as("the first of two differing lines")
                .hasValueSatisfying(s -> assertThat(s).containsOnly(0xbb));
        assertThat(log.secret(KeyLog.SERVER_TRAFFIC_SECRET_0, CR2))
                .as("tab-separated, upper case")
                .hasValueSatisfying(s -> assertThat(s).hasSize(48).containsOnly(0xab));
        assertThat(log.secret(KeyLog.CLIENT_RANDOM, CR2)).isEmpty();
        assertThat(log.labels(CR2))
                .containsExactly(KeyLog.CLIENT_HANDSHAKE_TRAFFIC_SECRET, KeyLog.SERVER_TRAFFIC_SECRET_0);
    }

    @Test
    void secretsAreCopies() throws Exception {
        KeyLog log = garbage();
        log.secret(KeyLog.CLIENT_RANDOM, CR1).get()[0] = 0;
        assertThat(log.secret(KeyLog.CLIENT_RANDOM, CR1).get()[0]).isEqualTo((byte) 0xaa);
    }

    @Test
    void emptyAndCommentOnlyInputsAreFine() throws Exception {
        assertThat(KeyLog.parse(new StringReader("")).size()).isZero();
        KeyLog log = KeyLog.parse(new StringReader("\uFEFF# only a comment\n\n   \n"));
        assertThat(log.size()).isZero();
        assertThat(log.warnings()).isEmpty();
    }

    @Test
    void binaryGarbageIsReportedNotFatal() throws Exception {
        StringBuilder b = new StringBuilder();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            b.append((char) r.nextInt(0x3000));
        }
        KeyLog log = KeyLog.parse(new StringReader(b.toString()));
        assertThat(log.size()).isZero();
        assertThat(log.malformedLines()).isEqualTo(log.warnings().size());
        assertThat(log.warnings()).allSatisfy(w -> assertThat(w).matches("line \\d+: .*"));
    }

    @Test
    void warningsAreCappedButAllLinesAreCounted() throws Exception {
        KeyLog log = KeyLog.parse(new StringReader("junk\n".repeat(1500)));
        assertThat(log.malformedLines()).isEqualTo(1500);
        assertThat(log.warnings()).hasSize(1001).last().isEqualTo("(500 more malformed lines not listed)");
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("keys.log");
        Files.writeString(p, "CLIENT_RANDOM " + "11".repeat(32) + " " + "aa".repeat(48) + "\n");
        assertThat(KeyLog.read(p).has(CR1)).isTrue();
    }
}
