package io.tlsalert.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the record and handshake parsers: no input may make {@link TlsDecoder#decode} throw, every problem must
 * point inside the input, and no decoding goes past its {@link DecodeLimits} (records, messages). In {@code mvn test}
 * the corpus under src/test/resources runs as regression tests; the {@code fuzz-briefly} execution of
 * {@code mvn verify} fuzzes for the duration below; for a long run:
 * {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=DecoderFuzzTest -Djazzer.max_duration=30m} (see the README).
 */
class DecoderFuzzTest {
    /** Small limits, so that the fuzzer reaches them. */
    private static final DecodeLimits LIMITS = new DecodeLimits(4096, 16, 32, 4, 1 << 16, 16);

    @FuzzTest(maxDuration = "20s")
    void decode(byte[] data) {
        assertWithinLimits(data, TlsDecoder.decode(data), DecodeLimits.DEFAULT);
        assertWithinLimits(data, TlsDecoder.decode(data, LIMITS), LIMITS);
    }

    static void assertWithinLimits(byte[] data, Decoding d, DecodeLimits limits) {
        d.problem().ifPresent(p -> {
            if (p.offset() < 0 || p.offset() > data.length) {
                throw new AssertionError(
                        "problem offset " + p.offset() + " outside the input of " + data.length + " bytes: " + p);
            }
            if (p.field().isEmpty() || p.message().isEmpty()) {
                throw new AssertionError("problem without field or message: " + p);
            }
        });
        int messages = 0;
        for (TlsRecord r : d.records()) {
            messages += r.messages().size();
        }
        if (d.records().size() > limits.maxRecords() || messages > limits.maxMessages()) {
            throw new AssertionError(
                    "over the limits " + limits + ": " + d.records().size() + " records, " + messages + " messages");
        }
    }
}
