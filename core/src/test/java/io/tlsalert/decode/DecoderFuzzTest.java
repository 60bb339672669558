package io.tlsalert.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the record and handshake parsers: no input may make {@link TlsDecoder#decode} throw, and every problem must
 * point inside the input. In {@code mvn test} the corpus under src/test/resources runs as regression tests; the
 * {@code fuzz-briefly} execution of {@code mvn verify} fuzzes for the duration below; for a long run:
 * {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=DecoderFuzzTest -Djazzer.max_duration=30m} (see the README).
 */
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void decode(byte[] data) {
        Decoding d = TlsDecoder.decode(data);
        d.problem().ifPresent(p -> {
            if (p.offset() < 0 || p.offset() > data.length) {
                throw new AssertionError(
                        "problem offset " + p.offset() + " outside the input of " + data.length + " bytes: " + p);
            }
            if (p.field().isEmpty() || p.message().isEmpty()) {
                throw new AssertionError("problem without field or message: " + p);
            }
        });
    }
}
