package io.tlsalert.capture.pcap;

import static io.tlsalert.testkit.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsalert.capture.net.Dissector;
import io.tlsalert.capture.net.Segment;
import io.tlsalert.testkit.CaptureWriter;
import io.tlsalert.testkit.Commands;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged captures: warnings with frame numbers, every complete packet delivered, no exception, no hang. */
class BadInputTest {
    @TempDir
    static Path dir;

    static List<byte[]> frames = new ArrayList<>();

    @BeforeAll
    static void frames() {
        assumeTrue(
                Commands.has("text2pcap") && Commands.has("editcap") && Commands.has("tshark"),
                "Wireshark tools are not installed");
        for (int i = 0; i < 5; i++) {
            frames.add(eth(
                    0x0800,
                    ipv4(
                            "10.0.0.1",
                            "10.0.0.2",
                            6,
                            i,
                            0x4000,
                            tcp(40000, 443, 1000 + 300 * i, 77, 0x18, bytes(37 * i + 3, i)))));
        }
    }

    static Path write(String format) throws IOException {
        return Tools.text2pcap(dir.resolve("bad." + format), frames, null, "-F", format);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "nsecpcap", "pcapng"})
    void truncatedAtEveryOffset(String format) throws IOException {
        byte[] file = Files.readAllBytes(write(format));
        // Where each record ends, from a full read; every block boundary of the file.
        List<Long> ends = new ArrayList<>();
        TreeSet<Long> boundaries = new TreeSet<>();
        try (PacketSource src = Captures.open(new ByteArrayInputStream(file), null)) {
            Packet p = new Packet();
            while (src.next(p)) {
                ends.add(src.position());
            }
        }
        if (format.equals("pcapng")) {
            for (long o = 0; o < file.length; ) {
                o += (file[(int) o + 4] & 0xFF) | (file[(int) o + 5] & 0xFF) << 8 | (file[(int) o + 6] & 0xFF) << 16;
                boundaries.add(o);
            }
        } else {
            boundaries.add(24L);
            boundaries.addAll(ends);
        }
        assertThat(ends).hasSize(frames.size());
        for (int cut = 0; cut <= file.length; cut++) {
            List<String> warnings = new ArrayList<>();
            List<Packet> got = Tools.readAll(Arrays.copyOf(file, cut), warnings);
            long complete = 0;
            for (long e : ends) {
                if (e <= cut) {
                    complete++;
                }
            }
            assertThat(got).as("packets of a file cut at %d", cut).hasSize((int) complete);
            for (int i = 0; i < got.size(); i++) {
                assertThat(Tools.bytes(got.get(i))).isEqualTo(frames.get(i));
                assertThat(got.get(i).number).isEqualTo(i + 1);
            }
            if (boundaries.contains((long) cut)) {
                assertThat(warnings).as("warnings at the boundary %d", cut).isEmpty();
            } else {
                assertThat(warnings).as("warnings for a cut at %d", cut).isNotEmpty();
                if (cut > 24) {
                    assertThat(warnings.get(0))
                            .as("a cut at %d names the frame", cut)
                            .startsWith((complete + 1) + ": ");
                }
            }
        }
    }

    static byte[] pcapng() {
        CaptureWriter w = new CaptureWriter().section(false).iface(1, 65535, null, null);
        for (int i = 0; i < frames.size(); i++) {
            byte[] f = frames.get(i);
            w.epb(0, 1_700_000_000_000_000L + i, f, 0, f.length, f.length);
        }
        return w.bytes();
    }

    /** Offset of the EPB of frame {@code n} (1-based) in {@link #pcapng()}. */
    static int blockOf(byte[] file, int n) {
        int o = 0, seen = 0;
        while (true) {
            int type = file[o] & 0xFF;
            if (type == 6 && ++seen == n) {
                return o;
            }
            o += (file[o + 4] & 0xFF) | (file[o + 5] & 0xFF) << 8 | (file[o + 6] & 0xFF) << 16;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 13, 0x7FFFFFF0, -4})
    void corruptBlockLengthStopsThere(int length) throws IOException {
        byte[] file = pcapng();
        int at = blockOf(file, 3);
        file[at + 4] = (byte) length;
        file[at + 5] = (byte) (length >> 8);
        file[at + 6] = (byte) (length >> 16);
        file[at + 7] = (byte) (length >> 24);
        List<String> warnings = new ArrayList<>();
        List<Packet> got = Tools.readAll(file, warnings);
        assertThat(got).hasSize(2);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .startsWith("3: ")
                .containsAnyOf("corrupt block length", "trailing length", "truncated");
    }

    @Test
    void mismatchedTrailingLengthStops() throws IOException {
        byte[] file = pcapng();
        int at = blockOf(file, 4);
        file[blockOf(file, 5) - 4] ^= 4; // trailing length of frame 4
        List<String> warnings = new ArrayList<>();
        assertThat(Tools.readAll(file, warnings)).hasSize(3);
        assertThat(warnings).singleElement().asString().startsWith("4: ").contains("trailing length");
        assertThat(at).isPositive();
    }

    @Test
    void capturedLengthLargerThanItsBlockIsSkipped() throws IOException {
        byte[] file = pcapng();
        int at = blockOf(file, 2);
        file[at + 20] = (byte) 0xF0; // captured length, little-endian low byte: now > block
        file[at + 21] = 0x7F;
        List<String> warnings = new ArrayList<>();
        List<Packet> got = Tools.readAll(file, warnings);
        assertThat(got).extracting(p -> p.number).containsExactly(1L, 3L, 4L, 5L);
        assertThat(warnings).singleElement().asString().startsWith("2: ").contains("larger than its block");
    }

    @Test
    void unknownInterfaceIsSkipped() throws IOException {
        byte[] file = pcapng();
        file[blockOf(file, 2) + 8] = 7;
        List<String> warnings = new ArrayList<>();
        assertThat(Tools.readAll(file, warnings)).extracting(p -> p.number).containsExactly(1L, 3L, 4L, 5L);
        assertThat(warnings).singleElement().asString().startsWith("2: ").contains("interface 7");
    }

    @Test
    void oversizedPacketsAreSkippedWithoutBufferingThem() throws IOException {
        byte[] huge = bytes(300_000, 9);
        CaptureWriter w = new CaptureWriter().section(false).iface(1, 0, null, null);
        w.epb(0, 1, frames.get(0), 0, frames.get(0).length, frames.get(0).length);
        w.epb(0, 2, huge, 0, huge.length, huge.length);
        w.epb(0, 3, frames.get(1), 0, frames.get(1).length, frames.get(1).length);
        byte[] bigBlock = new byte[2_000_000];
        w.block(0x0BAD, bigBlock); // a 2 MB custom block: skipped by its length
        w.epb(0, 4, frames.get(2), 0, frames.get(2).length, frames.get(2).length);
        List<String> warnings = new ArrayList<>();
        assertThat(Tools.readAll(w.bytes(), warnings)).extracting(p -> p.number).containsExactly(1L, 3L, 5L);
        assertThat(warnings).singleElement().asString().startsWith("2: ").contains("over the 262144-byte");

        // The same in classic pcap, where the snaplen allows it.
        Packet p = new Packet().set(1, 0, 1, 0, huge, 0, huge.length, huge.length);
        Packet q = new Packet().set(2, 0, 1, 0, frames.get(0), 0, frames.get(0).length, frames.get(0).length);
        List<String> w2 = new ArrayList<>();
        assertThat(Tools.readAll(CaptureWriter.pcap(false, false, 1, 1 << 20, Tools.frames(List.of(p, q))), w2))
                .extracting(x -> x.number)
                .containsExactly(2L);
        assertThat(w2).singleElement().asString().startsWith("1: ");
    }

    @Test
    void impossiblePcapRecordHeaderStops() throws IOException {
        byte[] file = Files.readAllBytes(write("pcap"));
        int rec3 = 24;
        for (int i = 0; i < 2; i++) {
            rec3 += 16 + frames.get(i).length;
        }
        file[rec3 + 11] = 0x40; // captured length ~1 GiB
        List<String> warnings = new ArrayList<>();
        assertThat(Tools.readAll(file, warnings)).hasSize(2);
        assertThat(warnings).singleElement().asString().startsWith("3: ").contains("impossible record header");
    }

    @Test
    void snaplenCutPacketsFromEditcap() throws IOException {
        Path full = write("pcapng");
        for (String format : List.of("pcap", "pcapng")) {
            Path cut = dir.resolve("cut60." + format);
            Tools.run("editcap", "-F", format, "-s", "60", full.toString(), cut.toString());
            List<String> warnings = new ArrayList<>();
            List<Packet> got = Tools.readAll(cut, warnings);
            PcapFormatsTest.matchesTshark(cut, got);
            assertThat(got).allSatisfy(p -> assertThat(p.capturedLength).isEqualTo(Math.min(60, p.originalLength)));
            long cutOnes = got.stream()
                    .filter(p -> p.capturedLength < p.originalLength)
                    .count();
            assertThat(cutOnes).isEqualTo(4);
            assertThat(warnings).hasSize(2);
            assertThat(warnings.get(0)).startsWith("2: packet cut short by the snaplen");
            assertThat(warnings.get(1)).isEqualTo("5: 4 packets in all were cut short by the snaplen");
            Dissector d = new Dissector(WarningListener.IGNORE);
            Segment s = new Segment();
            for (Packet p : got) {
                assertThat(d.dissect(p, s)).isTrue();
                assertThat(s.truncated).isEqualTo(p.capturedLength < p.originalLength);
                assertThat(s.payloadLength).isEqualTo(p.capturedLength - 54);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pcap", "pcapng"})
    void garbageAfterTheLastBlock(String format) throws IOException {
        byte[] file = Files.readAllBytes(write(format));
        Random r = new Random(format.hashCode());
        for (int n : new int[] {1, 5, 11, 12, 37, 500, 70_000}) {
            byte[] junk = new byte[n];
            r.nextBytes(junk);
            byte[] all = PcapFormatsTest.concat(file, junk);
            List<String> warnings = new ArrayList<>();
            List<Packet> got = Tools.readAll(all, warnings);
            assertThat(got.size()).as("%d bytes of garbage", n).isGreaterThanOrEqualTo(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertThat(Tools.bytes(got.get(i))).isEqualTo(frames.get(i));
            }
            assertThat(warnings).as("%d bytes of garbage", n).isNotEmpty();
        }
    }

    @Test
    void randomBytesNeverThrowAnythingButIOException() throws IOException {
        Random r = new Random(42);
        byte[][] heads = {
            Arrays.copyOf(Files.readAllBytes(write("pcap")), 24),
            Arrays.copyOf(Files.readAllBytes(write("pcapng")), 28 + 20 + 8)
        };
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(3000)];
            r.nextBytes(junk);
            byte[] head = heads[i % 2];
            byte[] all = PcapFormatsTest.concat(head, junk);
            if (i % 7 == 0) {
                all = Tools.gzip(all);
            }
            Dissector d = new Dissector(WarningListener.IGNORE);
            Segment s = new Segment();
            try (PacketSource src = Captures.open(new ByteArrayInputStream(all), WarningListener.IGNORE)) {
                Packet p = new Packet();
                while (src.next(p)) {
                    d.dissect(p, s);
                }
                d.finish();
            }
        }
    }
}
