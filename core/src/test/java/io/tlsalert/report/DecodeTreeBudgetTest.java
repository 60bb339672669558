package io.tlsalert.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.DecodeLimits;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.TlsDecoder;
import io.tlsalert.registry.Lang;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decode's JSON tree is held to DecodeLimits.maxOutputChars while it is built (issue 10). */
class DecodeTreeBudgetTest {
    /**
     * {@code n} ClientHellos of 32,767 cipher suites each, in 16 KiB TLS records: every 2 bytes become a 60-character
     * {@code {value, name, hex}} map, ~52 characters of JSON per input byte.
     */
    static byte[] amplifyingClientHellos(int n) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(3);
        body.writeBytes(new byte[32]); // random
        body.write(0); // legacy_session_id
        int suites = 32_767;
        body.write((suites * 2) >> 8);
        body.write((suites * 2) & 0xff);
        for (int i = 0; i < suites; i++) {
            int s = 0x1301 + i % 3;
            body.write(s >> 8);
            body.write(s & 0xff);
        }
        body.write(1); // legacy_compression_methods: null
        body.write(0);
        body.write(0); // no extensions
        body.write(0);
        byte[] b = body.toByteArray();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int k = 0; k < n; k++) {
            stream.write(1); // client_hello
            stream.write(b.length >> 16);
            stream.write(b.length >> 8);
            stream.write(b.length);
            stream.writeBytes(b);
        }
        byte[] all = stream.toByteArray();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int off = 0; off < all.length; off += 16_384) {
            int len = Math.min(16_384, all.length - off);
            records.write(22);
            records.write(3);
            records.write(3);
            records.write(len >> 8);
            records.write(len & 0xff);
            records.write(all, off, len);
        }
        return records.toByteArray();
    }

    private static DecodeLimits withOutputChars(long chars) {
        DecodeLimits d = DecodeLimits.DEFAULT;
        return new DecodeLimits(
                d.maxBytes(), d.maxRecords(), d.maxMessages(), d.maxPendingMessages(), chars, d.maxExplainedAlerts());
    }

    private static DecodeTree tree(Lang lang) {
        return new DecodeTree(TlsAlerts.registry().texts(), lang);
    }

    @Test
    void anAmplifyingInputStopsAtTheLimitWithTheRecordAndOffset() {
        byte[] in = amplifyingClientHellos(20); // 1.3 MB: ~68 MB of JSON unbounded
        Decoding d = TlsDecoder.decode(in);
        assertThat(d.problem()).isEmpty();
        long limit = 1 << 20;
        Map<String, Object> report = tree(Lang.EN).report(d, withOutputChars(limit));

        @SuppressWarnings("unchecked")
        Map<String, Object> cut = (Map<String, Object>) report.get("truncated");
        assertThat(cut).isNotNull();
        assertThat(cut.get("limit")).isEqualTo("DecodeLimits.maxOutputChars");
        assertThat(cut.get("value")).isEqualTo(limit);
        assertThat(cut.get("at")).isEqualTo("records");
        List<?> records = (List<?>) report.get("records");
        int index = (Integer) cut.get("index");
        assertThat(index).isEqualTo(records.size()).isLessThan(d.records().size());
        assertThat(cut.get("offset")).isEqualTo(d.records().get(index).offset());
        assertThat((String) cut.get("note"))
                .contains("DecodeLimits.maxOutputChars")
                .contains("index " + index)
                .contains("byte offset " + d.records().get(index).offset());
        // The whole tree, closing keys included, is within the limit plus those few keys.
        long size = JsonBudget.size(report);
        assertThat(size).isLessThanOrEqualTo(limit + 2_000);
        // The records shown are whole: the same as in a tree built without the limit.
        Map<String, Object> whole = tree(Lang.EN).decoding(TlsDecoder.decode(first(in, 16_389 * 3)));
        assertThat(records.get(0)).isEqualTo(((List<?>) whole.get("records")).get(0));
    }

    private static byte[] first(byte[] b, int n) {
        return java.util.Arrays.copyOf(b, Math.min(n, b.length));
    }

    @Test
    void theTextViewsTreeStopsTooAndTheNoteIsInChinese() {
        Decoding d = TlsDecoder.decode(amplifyingClientHellos(5));
        Map<String, Object> view = tree(Lang.ZH).decoding(d, withOutputChars(200_000));
        assertThat(JsonBudget.size(view)).isLessThanOrEqualTo(202_000);
        @SuppressWarnings("unchecked")
        Map<String, Object> cut = (Map<String, Object>) view.get("truncated");
        assertThat((String) cut.get("note")).contains("解码结果到此为止").contains("DecodeLimits.maxOutputChars");
    }

    @Test
    void alertsAreExplainedFirstAndCutThereWhenTheyFillTheLimit() {
        byte[] in = "15030300020228".repeat(300).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Decoding d = TlsDecoder.decode(io.tlsalert.decode.ByteInput.parse(new String(in)));
        assertThat(d.records()).hasSize(300);
        Map<String, Object> report = tree(Lang.EN).report(d, withOutputChars(50_000));
        @SuppressWarnings("unchecked")
        Map<String, Object> cut = (Map<String, Object>) report.get("truncated");
        assertThat(cut.get("at")).isEqualTo("alerts");
        int index = (Integer) cut.get("index");
        assertThat((List<?>) report.get("alerts")).hasSize(index);
        assertThat(index).isPositive().isLessThan(300);
        assertThat(cut.get("offset")).isEqualTo(7L * index + 5); // the alert after its record header
        assertThat((List<?>) report.get("records")).isEmpty();
        assertThat(report.get("alertsNotExplained")).isEqualTo(300 - index);
        assertThat(JsonBudget.size(report)).isLessThanOrEqualTo(52_000);
    }

    @Test
    void aReportWithinTheLimitHasNoTruncatedKeyAndIsTheWholeDecoding() {
        Decoding d = TlsDecoder.decode(amplifyingClientHellos(1));
        Map<String, Object> report = tree(Lang.EN).report(d, DecodeLimits.DEFAULT);
        assertThat(report).doesNotContainKey("truncated");
        assertThat((List<?>) report.get("records")).hasSize(d.records().size());
        // One ClientHello of 32,767 suites: 65 KB of input, ~2 MB of JSON, all of it there.
        assertThat(JsonBudget.size(report)).isGreaterThan(1_900_000);
    }

    @Test
    void sizeIsTheCompactJsonLength() {
        assertThat(JsonBudget.size(Map.of("a", List.of(1, "x\"\n\u0001", true))))
                .isEqualTo("{\"a\":[1,\"x\\\"\\n\\u0001\",true]}".length());
        assertThat(JsonBudget.size(null)).isEqualTo(4);
        assertThat(JsonBudget.string("中文")).isEqualTo(4);
    }
}
