package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.decode.DecodeLimits;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /api/decode runs under the server's own decode limits (Limits.SERVER_DECODE), passed into the text readers, the
 * decoder and the report: the work stops at a limit instead of being measured after it is done (issue 10).
 */
class DecodeBudgetTest {
    static AlertServer server;
    static int port;
    static String host;
    static final DecodeLimits L = Limits.SERVER_DECODE;

    @BeforeAll
    static void start() throws Exception {
        server = AlertServer.start(AlertServer.Config.defaults().withPort(0));
        port = server.address().getPort();
        host = "Host: 127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> json(RawHttp.Answer a) throws Exception {
        return JSON.std.mapFrom(a.body());
    }

    /** Bytes allocated by every live thread so far (the server runs in this JVM; its pool threads stay alive). */
    private static long allocated() {
        com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long n : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
            sum += Math.max(0, n);
        }
        return sum;
    }

    @Test
    void aStarDumpPastTheByteLimitIs422NamingItAndStopsExpandingThere() throws Exception {
        // 58 bytes of hexdump -C that declare 16 MiB: the old server expanded all of it, then refused it.
        String star = "00000000  15 03 03 00 02 02 28 15  03 03 00 02 02 28 15 03  |......(......(..|\n*\n01000000\n";
        RawHttp.post(port, "/api/decode", "15 03 03 00 02 02 28", host, "Content-Type: text/plain"); // warm
        long before = allocated();
        RawHttp.Answer a = RawHttp.post(port, "/api/decode", star, host, "Content-Type: text/plain");
        long used = allocated() - before;
        assertThat(a.status()).isEqualTo(422);
        Map<String, Object> e = json(a);
        assertThat(e).containsEntry("limit", "DecodeLimits.maxBytes").containsEntry("value", 1 << 20);
        assertThat((String) e.get("error")).contains("DecodeLimits.maxBytes = 1048576");
        System.out.println("bytes allocated for a 16 MiB star dump under the 1 MiB limit: " + used);
        assertThat(used).as("bytes allocated by the whole JVM for the request").isLessThan(12L << 20);

        RawHttp.Answer zh =
                RawHttp.post(port, "/api/decode", star, host, "Content-Type: text/plain", "Accept-Language: zh-CN");
        assertThat(zh.status()).isEqualTo(422);
        assertThat((String) json(zh).get("error")).contains("服务器的解码上限").contains("DecodeLimits.maxBytes");
    }

    @Test
    void recordsPastTheServersLimitAre422WithTheLimitAndOffset() throws Exception {
        String body = "15030300020228".repeat(30_000); // 420 KB of hex, 30,000 alert records
        RawHttp.Answer a = RawHttp.post(port, "/api/decode", body, host, "Content-Type: text/plain");
        assertThat(a.status()).isEqualTo(422);
        Map<String, Object> e = json(a);
        assertThat(e)
                .containsEntry("limit", "DecodeLimits.maxRecords")
                .containsEntry("value", L.maxRecords())
                .containsEntry("offset", 7 * L.maxRecords());
        assertThat((String) e.get("error")).contains("byte offset " + 7 * L.maxRecords());
        assertThat(a.body().length()).isLessThan(1_000);
    }

    @Test
    void alertsPastTheExplainedLimitAreCountedAndTheRecordsShowThemAll() throws Exception {
        RawHttp.Answer a =
                RawHttp.post(port, "/api/decode", "15030300020228".repeat(150), host, "Content-Type: text/plain");
        assertThat(a.status()).isEqualTo(200);
        Map<String, Object> m = json(a);
        assertThat((List<?>) m.get("alerts")).hasSize(L.maxExplainedAlerts());
        assertThat(m).containsEntry("alertsNotExplained", 150 - L.maxExplainedAlerts());
        assertThat((List<?>) m.get("records")).hasSize(150);
        assertThat(m).doesNotContainKey("truncated");
    }

    @Test
    void anAmplifyingBodyIsAnsweredUpToTheOutputLimitWithTruncated() throws Exception {
        // 10 ClientHellos of 32,767 cipher suites: 656 KB of bytes, 875 KB of base64, ~34 MB of JSON unbounded.
        String body = Base64.getEncoder().encodeToString(amplifyingClientHellos(10));
        assertThat(body.length()).isLessThan(1 << 20);
        RawHttp.Answer a = RawHttp.post(port, "/api/decode?format=base64", body, host, "Content-Type: text/plain");
        assertThat(a.status()).isEqualTo(200);
        // The JSON written by the server's own writer is within the limit (plus the few closing keys).
        assertThat((long) a.body().length()).isLessThanOrEqualTo(L.maxOutputChars() + 2_000);
        Map<String, Object> m = json(a);
        @SuppressWarnings("unchecked")
        Map<String, Object> cut = (Map<String, Object>) m.get("truncated");
        assertThat(cut)
                .containsEntry("limit", "DecodeLimits.maxOutputChars")
                .containsEntry("value", (int) L.maxOutputChars())
                .containsEntry("at", "records");
        int index = ((Number) cut.get("index")).intValue();
        assertThat((List<?>) m.get("records")).hasSize(index);
        assertThat(((Number) cut.get("offset")).longValue()).isEqualTo(16_389L * index);
        assertThat(RawHttp.get(port, "/healthz", host).status()).isEqualTo(200);
    }

    /** {@code n} ClientHellos of 32,767 cipher suites each, in 16 KiB TLS records. */
    static byte[] amplifyingClientHellos(int n) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {3, 3});
        body.writeBytes(new byte[33]); // random, empty legacy_session_id
        body.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe}); // 65,534 bytes of cipher suites
        for (int i = 0; i < 32_767; i++) {
            body.writeBytes(new byte[] {0x13, (byte) (1 + i % 3)});
        }
        body.writeBytes(new byte[] {1, 0, 0, 0}); // null compression, no extensions
        byte[] b = body.toByteArray();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int k = 0; k < n; k++) {
            stream.writeBytes(new byte[] {1, (byte) (b.length >> 16), (byte) (b.length >> 8), (byte) b.length});
            stream.writeBytes(b);
        }
        byte[] all = stream.toByteArray();
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int off = 0; off < all.length; off += 16_384) {
            int len = Math.min(16_384, all.length - off);
            records.writeBytes(new byte[] {22, 3, 3, (byte) (len >> 8), (byte) len});
            records.write(all, off, len);
        }
        return records.toByteArray();
    }
}
