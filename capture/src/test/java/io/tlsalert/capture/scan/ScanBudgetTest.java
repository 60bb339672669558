package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.Budget;
import io.tlsalert.capture.pcap.Captures;
import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.PacketSource;
import io.tlsalert.capture.report.ScanCsv;
import io.tlsalert.capture.report.ScanJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan's budgets ({@link Budget}), each reached by a capture built for it: what one connection keeps, what the
 * open connections hold together, and TCP reassembly's cost per segment. Each stops with a warning naming the budget
 * and the frame, and the scan goes on.
 */
class ScanBudgetTest {
    @TempDir
    static Path dir;

    static final long T0 = 1_700_000_000_000_000_000L;

    record Result(List<Connection> connections, List<String> warnings, Scanner scanner, long maxHeld) {
        Connection only() {
            assertThat(connections).hasSize(1);
            return connections.get(0);
        }
    }

    /** Scans the packets in memory, noting the most bytes held after any packet. */
    static Result scan(List<Packet> packets, Scanner.Options o) {
        List<Connection> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Scanner s = new Scanner(o, out::add, (f, m) -> warnings.add("frame " + f + ": " + m));
        long max = 0;
        for (Packet p : packets) {
            s.packet(p);
            max = Math.max(max, s.heldBytes());
            assertThat(s.openConnections()).isLessThanOrEqualTo(o.maxConnections());
        }
        s.finish();
        assertThat(s.heldBytes())
                .as("nothing held once every connection is reported")
                .isZero();
        return new Result(out, warnings, s, max);
    }

    static byte[] alert(int level, int code) {
        return new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, (byte) level, (byte) code};
    }

    /** {@code n} plaintext alerts from the server of one connection, {@code perSegment} to a segment. */
    static TcpWriter manyAlerts(int n, int perSegment) {
        TcpWriter w = new TcpWriter(T0, 1000);
        TcpWriter.Conn c =
                w.conn("10.0.0.1", 40000, 1000, "10.0.0.2", 443, 5000).open();
        byte[] seg = new byte[7 * perSegment];
        long off = 0;
        for (int done = 0; done < n; ) {
            int k = Math.min(perSegment, n - done);
            for (int i = 0; i < k; i++) {
                System.arraycopy(alert(1, (done + i) % 2 == 0 ? 90 : 0), 0, seg, 7 * i, 7);
            }
            c.data(false, off, seg, 0, 7 * k);
            off += 7 * k;
            done += k;
        }
        c.fin(false, off);
        c.fin(true, 0);
        return w;
    }

    @Test
    void oneConnectionsAlertsAreCountedAndTheFirstAndTheLastKept() {
        int n = 50_000;
        Result r = scan(manyAlerts(n, 9000).packets, Scanner.Options.defaults());
        Connection c = r.only();
        int kept = Budget.ALERTS_PER_CONNECTION.limit;
        assertThat(c.alerts()).hasSize(kept + 1);
        assertThat(c.alertCount()).isEqualTo(n);
        assertThat(c.alertsNotKept()).isEqualTo(n - kept - 1);
        assertThat(r.scanner().totals().alerts).isEqualTo(n);
        assertThat(c.alerts().get(kept).code()).hasValue((n - 1) % 2 == 0 ? 90 : 0);
        assertThat(c.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("frame ").contains("alerts-per-connection", "1,000"));
        assertThat(ScanJson.connection("f", c)).containsEntry("alertsNotKept", (long) (n - kept - 1));
        assertThat(ScanCsv.rows("f", c)).hasSize(kept + 1);
    }

    /** The case: a 36 MB capture of 5 M alerts in one connection, scanned in a 96 MiB heap. */
    @Test
    void fiveMillionAlertsInOneConnectionFitInASmallHeap() throws Exception {
        int n = 5_000_000;
        Path f = manyAlerts(n, 9000).write(dir.resolve("alerts-5m.pcap"));
        assertThat(Files.size(f)).isGreaterThan(35_000_000L);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path out = dir.resolve("alerts-5m.out");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx96m",
                        "-cp",
                        cp,
                        ScanCount.class.getName(),
                        f.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(out);
            assertThat(p.exitValue()).as(text).isZero();
            // ScanCount counts the alerts each connection lists: the first 1,000 and the last one.
            assertThat(text).contains("connections=1\n", "alerts=" + (Budget.ALERTS_PER_CONNECTION.limit + 1) + "\n");
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(f);
        }
    }

    @Test
    void warningsPerConnectionAreBounded() {
        // Each bad record header is a warning (and a resynchronisation); far more of them than the budget.
        TcpWriter w = new TcpWriter(T0, 1000);
        TcpWriter.Conn c =
                w.conn("10.0.0.1", 40001, 1000, "10.0.0.2", 443, 5000).open();
        byte[] good = alert(2, 40);
        long off = 0;
        off += c.data(false, off, good) > 0 ? good.length : 0;
        // Two alerts (a header is taken when the one after it is plausible too), then five bytes that are no header.
        byte[] unit = {
            0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28, 0x77, 0x77, 0x77, 0x77,
            0x77
        };
        byte[] junk = new byte[unit.length * 200];
        for (int i = 0; i < junk.length; i += unit.length) {
            System.arraycopy(unit, 0, junk, i, unit.length);
        }
        for (int i = 0; i < 10; i++) {
            c.data(false, off, junk);
            off += junk.length;
        }
        Result r = scan(w.packets, Scanner.Options.defaults());
        Connection conn = r.only();
        assertThat(conn.warnings()).hasSizeLessThanOrEqualTo(Budget.WARNINGS_PER_CONNECTION.limit + 2);
        assertThat(conn.warnings()).last().asString().contains("more warnings not kept", "warnings-per-connection");
    }

    @Test
    void allTwoHundredFiftySixAlertCodesAreUnsignedWithANameInTheJson() throws Exception {
        TcpWriter w = new TcpWriter(T0, 1000);
        TcpWriter.Conn c =
                w.conn("10.0.0.1", 40002, 1000, "10.0.0.2", 443, 5000).open();
        for (int code = 0; code < 256; code++) {
            c.data(false, 7L * code, alert(code % 2 == 0 ? 2 : 255, code));
        }
        Path f = w.write(dir.resolve("codes.pcap"));
        List<Connection> out = new ArrayList<>();
        Scanner s = new Scanner(Scanner.Options.defaults(), out::add, (fr, m) -> {});
        try (PacketSource src = Captures.open(f, null)) {
            s.scan(src);
        }
        assertThat(out).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> alerts = (List<Map<String, Object>>)
                ScanJson.connection("codes.pcap", out.get(0)).get("alerts");
        assertThat(alerts).hasSize(256);
        for (int code = 0; code < 256; code++) {
            Map<String, Object> a = alerts.get(code);
            assertThat(a.get("code")).as("code %d", code).isEqualTo(code);
            assertThat((String) a.get("name"))
                    .as("name of %d", code)
                    .isNotBlank()
                    .doesNotContain("-");
            assertThat(a.get("level")).isEqualTo(code % 2 == 0 ? "fatal" : "255");
        }
        assertThat(ScanCsv.rows("codes.pcap", out.get(0)))
                .allSatisfy(row -> assertThat(row).doesNotContain(",-"));
    }

    @Test
    void recordHeadersDeclaringLongRecordsMakeNoBuffersOfThatSize() {
        // 2,000 connections, each a client that sends only handshake record headers declaring 18,432 bytes
        // and a few bytes of body: held is what arrived, not what was declared.
        TcpWriter w = new TcpWriter(T0, 1000);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            TcpWriter.Conn c = w.conn("10.1." + (i >> 8) + "." + (i & 0xff), 30000 + i, 1, "10.0.0.2", 443, 7)
                    .open();
            c.data(true, 0, new byte[] {0x16, 0x03, 0x03, 0x48, 0x00, 0x01, 0x00, 0x48, 0x00});
        }
        Result r = scan(w.packets, Scanner.Options.defaults());
        assertThat(r.maxHeld()).as("bytes held at most").isLessThanOrEqualTo(n * 512L);
    }

    @Test
    void theBytesHeldInTotalAreBoundedByEvictingTheLeastRecentlyActive() {
        // 64 connections, each with 64 KiB waiting behind a hole; the scan may hold 1 MiB in all.
        TcpWriter w = new TcpWriter(T0, 1000);
        for (int i = 0; i < 64; i++) {
            TcpWriter.Conn c =
                    w.conn("10.2.0." + i, 31000 + i, 1, "10.0.0.2", 443, 7).open();
            c.data(false, 0, alert(2, 40));
            c.data(false, 100, new byte[60_000]);
        }
        Scanner.Options o = new Scanner.Options(null, 300L * 1_000_000_000L, 1 << 18, 1 << 20);
        Result r = scan(w.packets, o);
        assertThat(r.maxHeld()).isLessThanOrEqualTo((1 << 20) + 60_000 + 1024);
        assertThat(r.connections()).hasSize(64);
        assertThat(r.connections().stream().filter(c -> c.closedBy() == ClosedBy.EVICTED))
                .isNotEmpty()
                .allSatisfy(c ->
                        assertThat(c.warnings()).anySatisfy(x -> assertThat(x).contains("bytes-held")));
        assertThat(r.warnings())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("frame ")
                .contains("bytes-held");
    }

    @Test
    void theConnectionsOpenAtOnceAreBounded() {
        TcpWriter w = new TcpWriter(T0, 1000);
        for (int i = 0; i < 100; i++) {
            TcpWriter.Conn c =
                    w.conn("10.3.0." + i, 32000 + i, 1, "10.0.0.2", 443, 7).open();
            c.data(false, 0, alert(2, 40));
        }
        Result r = scan(w.packets, new Scanner.Options(null, 300L * 1_000_000_000L, 10));
        assertThat(r.connections()).hasSize(100);
        assertThat(r.connections().stream().filter(c -> c.closedBy() == ClosedBy.EVICTED))
                .hasSize(90);
        assertThat(r.warnings()).hasSize(1).first().asString().contains("open-connections");
    }

    /**
     * A stream of alert records cut into segments of {@code size} bytes, sent in blocks of {@code block} segments, each
     * block backwards.
     */
    static TcpWriter tinySegments(int segments, int size, int block) {
        TcpWriter w = new TcpWriter(T0, 1000);
        TcpWriter.Conn c = w.conn("10.4.0.1", 33000, 1, "10.0.0.2", 443, 7).open();
        byte[] stream = new byte[segments * size];
        for (int i = 0; i + 7 <= stream.length; i += 7) {
            System.arraycopy(alert(1, 0), 0, stream, i, 7);
        }
        for (int start = 0; start < segments; start += block) {
            int end = Math.min(segments, start + block);
            for (int i = end - 1; i >= start; i--) {
                c.data(false, (long) i * size, stream, i * size, size);
            }
        }
        return w;
    }

    static long nanosToScan(List<Packet> packets) {
        long t0 = System.nanoTime();
        scan(packets, Scanner.Options.defaults());
        return System.nanoTime() - t0;
    }

    @Test
    void reassemblyIsLinearIn100000TinyOutOfOrderSegments() {
        List<Packet> small = tinySegments(10_003, 1, 1000).packets;
        List<Packet> large = tinySegments(100_002, 1, 1000).packets;
        nanosToScan(small); // warm up
        nanosToScan(large);
        long tSmall = Long.MAX_VALUE;
        long tLarge = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            tSmall = Math.min(tSmall, nanosToScan(small));
            tLarge = Math.min(tLarge, nanosToScan(large));
        }
        System.out.printf(
                "reassembly: 10,000 tiny out-of-order segments %.1f ms, 100,000 %.1f ms%n", tSmall / 1e6, tLarge / 1e6);
        // Ten times the segments: about ten times the time (quadratic would be a hundred).
        assertThat(tLarge).isLessThan(30 * tSmall);
        Result r = scan(large, Scanner.Options.defaults());
        assertThat(r.only().alertCount()).isEqualTo(100_002 / 7);
        assertThat(r.only().outcome()).isNotEqualTo(Outcome.INCOMPLETE);
        assertThat(r.only().warnings()).noneSatisfy(w -> assertThat(w).containsAnyOf("out-of-order", "gap"));
    }

    @Test
    void outOfOrderSegmentsPastTheBudgetAreAGapWithAWarning() {
        // 100,000 eight-byte segments, all backwards: the first to arrive waits for 99,999 others.
        Result r = scan(tinySegments(100_000, 8, 100_000).packets, Scanner.Options.defaults());
        Connection c = r.only();
        assertThat(c.outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(c.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("frame ").contains("out-of-order-segments", "16,384"));
        assertThat(r.maxHeld())
                .isLessThanOrEqualTo(
                        (long) Budget.OUT_OF_ORDER_SEGMENTS.limit * (HalfStream.SEGMENT_OVERHEAD + 8) + 1024);
    }
}
