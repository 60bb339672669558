package io.tlsalert.capture.pcap;

import static io.tlsalert.testkit.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsalert.testkit.CaptureWriter;
import io.tlsalert.testkit.Commands;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads what the real tools write (text2pcap, editcap, mergecap) and checks every frame against tshark. */
class PcapFormatsTest {
    @TempDir
    static Path dir;

    static List<byte[]> frames = new ArrayList<>();
    static List<String> times = new ArrayList<>();

    @BeforeAll
    static void frames() {
        assumeTrue(Commands.has("text2pcap") && Commands.has("tshark"), "Wireshark tools are not installed");
        frames.add(eth(0x0800, ipv4("10.0.0.1", "10.0.0.2", 6, 1, 0x4000, tcp(40000, 443, 1000, 0, 2, new byte[0]))));
        frames.add(eth(
                0x0800, ipv4("10.0.0.2", "10.0.0.1", 6, 2, 0x4000, tcp(443, 40000, 5000, 1001, 0x12, new byte[0]))));
        frames.add(eth(0x86DD, ipv6("2001:db8::1", "2001:db8::2", 17, udp(40001, 5555, bytes(33, 1)))));
        frames.add(eth(
                0x0800, ipv4("10.0.0.1", "10.0.0.2", 6, 3, 0x4000, tcp(40000, 443, 1001, 5001, 0x18, bytes(1401, 2)))));
        frames.add(eth(0x0806, bytes(28, 3))); // ARP-sized
        frames.add(eth(
                0x0800, ipv4("10.0.0.1", "10.0.0.2", 6, 4, 0x4000, tcp(40000, 443, 2402, 5001, 0x11, bytes(7, 4)))));
        for (int i = 0; i < frames.size(); i++) {
            times.add("2024-01-02T03:04:" + String.format("%02d", 5 + i) + "." + (123456789 + 111 * i) + "Z");
        }
    }

    /** Checks our packets against tshark's view of the same file: numbers, times, lengths, bytes. */
    static void matchesTshark(Path file, List<Packet> ours) {
        matchesTshark(file, ours, -1);
    }

    static void matchesTshark(Path file, List<Packet> ours, int firstRows) {
        List<String[]> rows = Tools.tshark(
                file, "frame.number", "frame.time_epoch", "frame.cap_len", "frame.len", "frame.interface_id");
        if (firstRows >= 0) {
            rows = rows.subList(0, firstRows);
        }
        assertThat(ours).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            Packet p = ours.get(i);
            String[] r = rows.get(i);
            assertThat(p.number).as("frame number").isEqualTo(Long.parseLong(r[0]));
            assertThat(Tools.epoch(p.timestampNanos))
                    .as("time of frame %d", p.number)
                    .isEqualTo(r[1]);
            assertThat(p.capturedLength)
                    .as("captured length of frame %d", p.number)
                    .isEqualTo(Integer.parseInt(r[2]));
            assertThat(p.originalLength).as("length of frame %d", p.number).isEqualTo(Integer.parseInt(r[3]));
            assertThat(p.interfaceId).isEqualTo(r[4].isEmpty() ? 0 : Integer.parseInt(r[4]));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "nsecpcap", "pcapng"})
    void readsWhatText2pcapWrites(String format) throws IOException {
        Path f = Tools.text2pcap(dir.resolve("t." + format), frames, times, "-F", format);
        List<String> warnings = new ArrayList<>();
        List<Packet> ours = Tools.readAll(f, warnings);
        assertThat(warnings).isEmpty();
        matchesTshark(f, ours);
        for (int i = 0; i < frames.size(); i++) {
            assertThat(Tools.bytes(ours.get(i))).isEqualTo(frames.get(i));
            assertThat(ours.get(i).linkType).isEqualTo(1);
        }
        try (PacketSource src = Captures.open(f, WarningListener.IGNORE)) {
            Tools.drain(src);
            assertThat(src.position()).isEqualTo(Files.size(f));
        }
    }

    @Test
    void editcapConversionsReadTheSame() throws IOException {
        Path ng = Tools.text2pcap(dir.resolve("c.pcapng"), frames, times);
        Path pcap = dir.resolve("c.pcap");
        Path nsec = dir.resolve("c.nsec.pcap");
        Path back = dir.resolve("c.back.pcapng");
        Tools.run("editcap", "-F", "pcap", ng.toString(), pcap.toString());
        Tools.run("editcap", "-F", "nsecpcap", ng.toString(), nsec.toString());
        Tools.run("editcap", "-F", "pcapng", pcap.toString(), back.toString());
        for (Path f : List.of(ng, pcap, nsec, back)) {
            List<String> warnings = new ArrayList<>();
            List<Packet> ours = Tools.readAll(f, warnings);
            assertThat(warnings).as(f.toString()).isEmpty();
            matchesTshark(f, ours);
        }
    }

    @Test
    void bigEndianFilesDecodeLikeLittleEndianOnes() throws IOException {
        Path le = Tools.text2pcap(dir.resolve("le.pcap"), frames, times, "-F", "nsecpcap");
        List<Packet> ref = Tools.readAll(le, new ArrayList<>());
        Path bePcap = dir.resolve("be.pcap");
        Path beUsec = dir.resolve("be.usec.pcap");
        Path bePcapng = dir.resolve("be.pcapng");
        Files.write(bePcap, CaptureWriter.pcap(true, true, 1, 65535, Tools.frames(ref)));
        Files.write(beUsec, CaptureWriter.pcap(true, false, 1, 65535, Tools.frames(ref)));
        CaptureWriter w = new CaptureWriter().section(true).iface(1, 65535, 9, null);
        for (Packet p : ref) {
            w.epb(0, p.timestampNanos, p.data, p.offset, p.capturedLength, p.originalLength);
        }
        Files.write(bePcapng, w.bytes());
        for (Path f : List.of(bePcap, beUsec, bePcapng)) {
            List<String> warnings = new ArrayList<>();
            List<Packet> ours = Tools.readAll(f, warnings);
            assertThat(warnings).isEmpty();
            matchesTshark(f, ours);
            for (int i = 0; i < ref.size(); i++) {
                assertThat(Tools.bytes(ours.get(i))).isEqualTo(Tools.bytes(ref.get(i)));
                long want = f == beUsec ? ref.get(i).timestampNanos / 1000 * 1000 : ref.get(i).timestampNanos;
                assertThat(ours.get(i).timestampNanos).isEqualTo(want);
            }
        }
    }

    @Test
    void severalInterfacesAndSections() throws IOException {
        Path eth = Tools.text2pcap(dir.resolve("m.eth.pcapng"), frames, times);
        List<byte[]> sll = new ArrayList<>();
        List<String> sllTimes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sll.add(sll(0x0800, ipv4("192.168.1." + i, "10.9.9.9", 17, i, 0, udp(1000 + i, 53, bytes(10 + i, i)))));
            sllTimes.add("2024-01-02T03:04:0" + (5 + i) + ".5Z");
        }
        Path cooked = Tools.text2pcap(dir.resolve("m.sll.pcapng"), sll, sllTimes, "-l", "113");
        Path merged = dir.resolve("m.pcapng");
        Tools.run("mergecap", "-w", merged.toString(), eth.toString(), cooked.toString());
        List<Packet> ours = Tools.readAll(merged, new ArrayList<>());
        matchesTshark(merged, ours);
        assertThat(ours).extracting(p -> p.linkType).containsOnly(1, 113);
        assertThat(ours)
                .filteredOn(p -> p.linkType == 113)
                .hasSize(3)
                .extracting(p -> p.interfaceId)
                .containsOnly(
                        ours.stream().filter(p -> p.linkType == 113).findFirst().get().interfaceId);

        // A second section in the other byte order, with its own interfaces, appended to the first file.
        CaptureWriter w =
                new CaptureWriter().section(true).iface(101, 0, null, null).iface(1, 0, null, null);
        byte[] raw = ipv4("172.16.0.1", "172.16.0.2", 6, 9, 0, tcp(1, 2, 3, 4, 0x10, bytes(5, 5)));
        w.epb(0, 1_700_000_000_000_000L, raw, 0, raw.length, raw.length);
        w.epb(1, 1_700_000_001_000_000L, frames.get(0), 0, frames.get(0).length, frames.get(0).length);
        Path two = dir.resolve("two-sections.pcapng");
        Files.write(two, concat(Files.readAllBytes(merged), w.bytes()));
        List<String> warnings = new ArrayList<>();
        List<Packet> all = Tools.readAll(two, warnings);
        assertThat(warnings).isEmpty();
        matchesTshark(two, all);
        assertThat(all).hasSize(ours.size() + 2);
        assertThat(all.get(ours.size()).linkType).isEqualTo(101);
        assertThat(all.get(ours.size() + 1).linkType).isEqualTo(1);
        assertThat(all.get(ours.size() + 1).interfaceId).isEqualTo(1);
    }

    @Test
    void timestampResolutionsAndOffsets() throws IOException {
        byte[] f = frames.get(0);
        CaptureWriter w = new CaptureWriter()
                .section(false)
                .iface(1, 0, null, null) // default: microseconds
                .iface(1, 0, 3, null) // milliseconds
                .iface(1, 0, 9, 100L) // nanoseconds, +100 s
                .iface(1, 0, 0x80 | 10, null) // 2^-10 s
                .iface(1, 0, 0x80 | 20, -5L) // 2^-20 s, -5 s
                .iface(1, 0, 0x80 | 32, null) // 2^-32 s
                .iface(1, 0, 12, null); // picoseconds
        long[][] stamps = {
            {0, 1_700_000_000_123_456L},
            {1, 1_700_000_000_123L},
            {2, 1_700_000_000_123_456_789L},
            {3, 1_700_000_000L * 1024 + 513},
            {4, (1_700_000_000L << 20) + 12345},
            {5, (1_700_000_000L << 32) + 0x80000000L},
            {6, 1_000_123_456_789_012L}, // 1000 s: picoseconds since 1970 overflow 64 bits today
        };
        for (long[] s : stamps) {
            w.epb((int) s[0], s[1], f, 0, f.length, f.length);
        }
        Path file = dir.resolve("tsresol.pcapng");
        Files.write(file, w.bytes());
        List<Packet> ours = Tools.readAll(file, new ArrayList<>());
        assertThat(ours).hasSize(stamps.length);
        // tshark 4.0 overflows 64 bits converting picoseconds (it prints 1000.012776324): checked by hand below.
        matchesTshark(file, ours.subList(0, 6), 6);
        assertThat(ours.get(6).timestampNanos).isEqualTo(1000_123_456_789L);
        assertThat(ours.get(2).timestampNanos).isEqualTo(1_700_000_100_123_456_789L);
        assertThat(ours.get(5).timestampNanos).isEqualTo(1_700_000_000_500_000_000L);
        assertThat(PcapngReader.toNanos(3L << 40 | 1L << 39, 0x80 | 40)).isEqualTo(3_500_000_000L);
        assertThat(PcapngReader.toNanos(-1L, 0x80 | 100)).isBetween(0L, 1L);
        assertThat(PcapngReader.toNanos(1234, 127)).isZero();
    }

    @Test
    void simpleAndObsoletePacketBlocksAndSkippedBlocks() throws IOException {
        byte[] big = frames.get(3);
        CaptureWriter w = new CaptureWriter()
                .section(false)
                .iface(1, 100, 9, null)
                .block(4, new byte[] {0, 0, 0, 0}) // empty name resolution block
                .spb(big, 0, 100, big.length) // cut to the snaplen of interface 0
                .spb(frames.get(0), 0, frames.get(0).length, frames.get(0).length)
                .block(0x0BAD, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}) // custom block
                .pb(0, 1_700_000_000_000_000_001L, frames.get(1), 0, frames.get(1).length, frames.get(1).length)
                .block(5, new byte[20]) // interface statistics
                .block(10, new byte[16]); // decryption secrets
        w.epb(0, 1_700_000_000_000_000_002L, frames.get(2), 0, frames.get(2).length, frames.get(2).length);
        Path file = dir.resolve("spb.pcapng");
        Files.write(file, w.bytes());
        List<String> warnings = new ArrayList<>();
        List<Packet> ours = Tools.readAll(file, warnings);
        assertThat(ours).hasSize(4);
        // tshark shows the custom block as frame 3 (not a packet): our numbers skip it the same way.
        List<String[]> rows = new ArrayList<>(Tools.tshark(file, "frame.number", "frame.cap_len", "frame.len"));
        assertThat(rows).hasSize(5);
        rows.remove(2);
        for (int i = 0; i < 4; i++) {
            assertThat(ours.get(i).number).isEqualTo(Long.parseLong(rows.get(i)[0]));
            assertThat(ours.get(i).capturedLength).isEqualTo(Integer.parseInt(rows.get(i)[1]));
            assertThat(ours.get(i).originalLength).isEqualTo(Integer.parseInt(rows.get(i)[2]));
        }
        assertThat(ours.get(2).timestampNanos).isEqualTo(1_700_000_000_000_000_001L);
        assertThat(Tools.bytes(ours.get(0))).isEqualTo(java.util.Arrays.copyOf(big, 100));
        assertThat(warnings).anyMatch(m -> m.startsWith("1: packet cut short by the snaplen"));
    }

    @Test
    void gzipCompressedFilesByMagic() throws IOException {
        for (String format : List.of("pcap", "pcapng")) {
            Path plain = Tools.text2pcap(dir.resolve("g." + format), frames, times, "-F", format);
            byte[] bytes = Files.readAllBytes(plain);
            Path gz = dir.resolve("g-" + format + ".cap"); // no .gz suffix: detected by magic
            Files.write(gz, Tools.gzip(bytes));
            List<String> warnings = new ArrayList<>();
            List<Packet> ours = Tools.readAll(gz, warnings);
            assertThat(warnings).isEmpty();
            matchesTshark(plain, ours);
            try (PacketSource src = Captures.open(new ByteArrayInputStream(Tools.gzip(bytes)), null)) {
                assertThat(Tools.drain(src)).hasSize(frames.size());
                assertThat(src.position()).isEqualTo(bytes.length);
            }
            // Cut the compressed stream: the packets decompressed before the cut still come, with a warning.
            byte[] z = Tools.gzip(bytes);
            List<String> w2 = new ArrayList<>();
            List<Packet> part = Tools.readAll(java.util.Arrays.copyOf(z, z.length / 2), w2);
            assertThat(part.size()).isLessThan(frames.size());
            assertThat(w2).isNotEmpty();
        }
    }

    @Test
    void emptyAndForeignFiles() throws IOException {
        List<String> warnings = new ArrayList<>();
        assertThat(Tools.readAll(new byte[0], warnings)).isEmpty();
        assertThat(warnings).containsExactly("0: the capture file is empty");
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        random[0] = 0x12;
        assertThatThrownBy(() -> Tools.readAll(random, new ArrayList<>()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a pcap or pcapng file");
        Path empty = dir.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        assertThat(Tools.readAll(empty, new ArrayList<>())).isEmpty();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
