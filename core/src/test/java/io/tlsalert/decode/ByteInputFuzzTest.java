package io.tlsalert.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes decode's text formats: for any text, {@link ByteInput#parse} returns bytes or throws
 * {@link InputFormatException}, never anything else, and never returns more than {@link DecodeLimits#maxBytes()}
 * (a hex dump's {@code *} lines included); the bytes then decode within the limits. Corpus replayed in
 * {@code mvn test}, fuzzed briefly in {@code mvn verify}.
 */
class ByteInputFuzzTest {
    /** Small limits, so that the fuzzer reaches them. */
    private static final DecodeLimits LIMITS = new DecodeLimits(4096, 64, 64, 8, 1 << 16, 16);

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        byte[] bytes;
        try {
            bytes = ByteInput.parse(text, ByteInput.Format.AUTO, LIMITS);
        } catch (InputFormatException e) {
            return;
        }
        if (bytes.length > Math.max(LIMITS.maxBytes(), text.length())) {
            throw new AssertionError(bytes.length + " bytes from a text of " + text.length() + " characters");
        }
        DecoderFuzzTest.assertWithinLimits(bytes, TlsDecoder.decode(bytes, LIMITS), LIMITS);
    }
}
