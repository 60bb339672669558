package io.tlsalert.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes decode's text formats: for any text, {@link ByteInput#parse} returns bytes or throws
 * {@link InputFormatException}, never anything else, and never returns more than {@link DecodeLimits#maxBytes()}
 * (a hex dump's {@code *} lines included); the bytes then decode within the limits. The trace formats
 * ({@link TraceDecoder}: openssl -msg/-trace, javax.net.debug) and PEM/DER certificates ({@link CertificateInput}) are
 * read from the same text and held to the same budgets. Corpus replayed in {@code mvn test}, fuzzed briefly in
 * {@code mvn verify}.
 */
class ByteInputFuzzTest {
    /** Small limits, so that the fuzzer reaches them. */
    private static final DecodeLimits LIMITS = new DecodeLimits(4096, 64, 64, 8, 1 << 16, 16);

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        trace(text);
        certificates(text);
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

    /** A trace decodes within the limits, one origin per record, or is refused with an error naming a line. */
    private static void trace(String text) {
        java.util.Optional<Trace.Format> format = TraceDecoder.detect(text);
        if (format.isEmpty()) {
            return;
        }
        Decoding d;
        try {
            d = TraceDecoder.decode(text, format.get(), LIMITS);
        } catch (InputFormatException e) {
            if (e.line() < 1 || e.offset() < 0 || e.offset() > text.length()) {
                throw new AssertionError("error outside the text: " + e.getMessage());
            }
            return;
        }
        int messages = 0;
        for (TlsRecord r : d.records()) {
            messages += r.messages().size();
        }
        if (d.records().size() > LIMITS.maxRecords() || messages > LIMITS.maxMessages()) {
            throw new AssertionError(
                    "trace over the limits: " + d.records().size() + " records, " + messages + " messages");
        }
        if (d.length() > 2L * LIMITS.maxBytes()) {
            throw new AssertionError("trace of " + d.length() + " bytes, over " + LIMITS.maxBytes() + " per direction");
        }
        Trace tr = d.trace().orElseThrow();
        if (tr.origins().size() != d.records().size()) {
            throw new AssertionError(
                    tr.origins().size() + " origins for " + d.records().size() + " records");
        }
        if (d.problem().isPresent() != tr.problemAt().isPresent()) {
            throw new AssertionError("a problem without its trace line, or a line without a problem: " + d);
        }
    }

    /** PEM certificates are read or refused; a DER reading of the same bytes never throws. */
    private static void certificates(String text) {
        try {
            CertificateInput.fromPem(text);
        } catch (InputFormatException e) {
            return;
        }
        CertificateInput.fromDer(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
