package io.tlsalert.capture.net;

import static io.tlsalert.testkit.Frames.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.Tools;
import io.tlsalert.testkit.Commands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every link type and header variant, written with text2pcap and checked field by field against tshark. */
class DissectorTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        assumeTrue(Commands.has("text2pcap") && Commands.has("tshark"), "Wireshark tools are not installed");
    }

    static final String[] FIELDS = {
        "frame.number",
        "ip.src",
        "ip.dst",
        "ipv6.src",
        "ipv6.dst",
        "tcp.srcport",
        "tcp.dstport",
        "udp.srcport",
        "udp.dstport",
        "tcp.seq_raw",
        "tcp.ack_raw",
        "tcp.flags",
        "tcp.len",
        "udp.length"
    };

    /** IP packets (version, bytes) carried by every link type. */
    static List<byte[]> ipPackets() {
        List<byte[]> l = new ArrayList<>();
        l.add(ipv4("10.0.0.1", "10.0.0.2", 6, 1, 0x4000, tcp(40000, 443, 1000, 0, 2, new byte[0])));
        l.add(ipv4(
                "10.0.0.2",
                "10.0.0.1",
                6,
                2,
                0x4000,
                tcpWithOptions(443, 40000, 4_000_000_000L, 1001, 0x18, bytes(100, 1))));
        l.add(ipv4("192.168.7.9", "8.8.8.8", 17, 3, 0, udp(40001, 5555, bytes(30, 2))));
        l.add(ipv6("2001:db8::1", "2001:db8:0:0:1::2", 6, tcp(40002, 443, 7, 8, 0x11, bytes(50, 3))));
        l.add(ipv6("fe80::1", "::1", 17, udp(40003, 5555, bytes(12, 4))));
        l.add(ipv4("10.0.0.1", "10.0.0.2", 1, 4, 0, new byte[] {8, 0, 0, 0, 0, 1, 0, 1})); // ICMP echo
        l.add(ipv6(
                "2001:db8::1",
                "2001:db8::2",
                0,
                cat(ext8(60), ext8(43), routing(6), tcp(40004, 443, 9, 10, 0x10, bytes(20, 5))))); // HBH, DST, RT
        l.add(ipv6("2001:db8::1", "2001:db8::2", 51, cat(ah(6), tcp(40005, 443, 11, 12, 0x18, bytes(9, 6)))));
        l.add(ipv6("2001:db8::1", "2001:db8::2", 50, bytes(40, 7))); // ESP
        l.add(cat(
                ipv4("10.0.0.1", "10.0.0.2", 6, 5, 0x4000, tcp(40000, 443, 1001, 5, 0x10, new byte[0])),
                new byte[6])); // padded
        l.add(ipv6("2001:db8::1", "2001:db8::2", 44, cat(frag6(17, 0, false, 99), udp(40006, 5555, bytes(5, 8)))));
        return l;
    }

    static Stream<Arguments> linkTypes() {
        return Stream.of(
                Arguments.of("ethernet", 1, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> eth(v == 4 ? 0x0800 : 0x86DD, ip)),
                Arguments.of("802.1Q", 1, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> vlan(new int[] {0x8100, 42}, v == 4 ? 0x0800 : 0x86DD, ip)),
                Arguments.of("QinQ 88a8", 1, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> vlan(new int[] {0x88A8, 100, 0x8100, 42}, v == 4 ? 0x0800 : 0x86DD, ip)),
                Arguments.of("QinQ 9100", 1, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> vlan(new int[] {0x9100, 100, 0x8100, 42}, v == 4 ? 0x0800 : 0x86DD, ip)),
                Arguments.of(
                        "sll", 113, (BiFunction<Integer, byte[], byte[]>) (v, ip) -> sll(v == 4 ? 0x0800 : 0x86DD, ip)),
                Arguments.of("sll2", 276, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> sll2(v == 4 ? 0x0800 : 0x86DD, ip)),
                Arguments.of("raw", 101, (BiFunction<Integer, byte[], byte[]>) (v, ip) -> ip),
                Arguments.of("raw 12", 12, (BiFunction<Integer, byte[], byte[]>) (v, ip) -> ip),
                Arguments.of("raw 14", 14, (BiFunction<Integer, byte[], byte[]>) (v, ip) -> ip),
                Arguments.of("null LE (AF_INET6 24)", 0, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> nullHeader(v == 4 ? 2 : 24, false, ip)),
                Arguments.of("null BE (AF_INET6 30)", 0, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> nullHeader(v == 4 ? 2 : 30, true, ip)),
                Arguments.of("null LE (AF_INET6 28)", 0, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> nullHeader(v == 4 ? 2 : 28, false, ip)),
                Arguments.of("loop", 108, (BiFunction<Integer, byte[], byte[]>)
                        (v, ip) -> nullHeader(v == 4 ? 2 : 24, true, ip)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkTypes")
    void linkTypeMatchesTshark(String name, int linkType, BiFunction<Integer, byte[], byte[]> wrap) throws IOException {
        List<byte[]> pkts = new ArrayList<>();
        for (byte[] ip : ipPackets()) {
            pkts.add(wrap.apply((ip[0] & 0xFF) >> 4, ip));
        }
        if (linkType == 1) {
            pkts.add(eth(0x0806, bytes(28, 9))); // ARP
            pkts.add(vlan(new int[] {0x8100, 5}, 0x0806, bytes(28, 9)));
        }
        Path f = Tools.text2pcap(
                dir.resolve(name.replaceAll("\\W", "_") + ".pcap"),
                pkts,
                null,
                "-F",
                "pcap",
                "-l",
                Integer.toString(linkType));
        assertMatchesTshark(f, 9);
    }

    @Test
    void ipOnlyRawLinkTypes() throws IOException {
        List<byte[]> v4 = new ArrayList<>(), v6 = new ArrayList<>();
        for (byte[] ip : ipPackets()) {
            ((ip[0] & 0xF0) == 0x40 ? v4 : v6).add(ip);
        }
        assertMatchesTshark(Tools.text2pcap(dir.resolve("raw228.pcap"), v4, null, "-F", "pcap", "-l", "228"), 4);
        assertMatchesTshark(Tools.text2pcap(dir.resolve("raw229.pcap"), v6, null, "-F", "pcap", "-l", "229"), 5);
    }

    @Test
    void fragmentsAreReassembledWhereTsharkDoes() throws IOException {
        byte[] tcpSeg = tcp(40000, 443, 123456, 654321, 0x18, bytes(3000, 1));
        byte[] udpDgram = udp(40001, 5555, bytes(2500, 2));
        List<byte[]> pkts = new ArrayList<>();
        // IPv4 TCP in three fragments, out of order: 2, 3, 1.
        pkts.add(eth(0x0800, frag4(tcpSeg, 1480, 1480, true, 77)));
        pkts.add(eth(0x0800, frag4(tcpSeg, 2960, tcpSeg.length - 2960, false, 77)));
        pkts.add(eth(0x0800, ipv4("10.0.0.3", "10.0.0.4", 17, 1, 0, udp(1, 2, bytes(3, 3))))); // unrelated
        pkts.add(eth(0x0800, frag4(tcpSeg, 0, 1480, true, 77)));
        // IPv6 UDP in two fragments, behind a hop-by-hop header.
        pkts.add(eth(
                0x86DD,
                ipv6(
                        "2001:db8::1",
                        "2001:db8::2",
                        0,
                        cat(ext8(44), frag6(17, 0, true, 5), Arrays.copyOfRange(udpDgram, 0, 1448)))));
        pkts.add(eth(
                0x86DD,
                ipv6(
                        "2001:db8::1",
                        "2001:db8::2",
                        44,
                        cat(frag6(17, 1448, false, 5), Arrays.copyOfRange(udpDgram, 1448, udpDgram.length)))));
        // An IPv4 datagram whose middle fragment never comes.
        pkts.add(eth(0x0800, frag4(tcpSeg, 0, 1480, true, 78)));
        pkts.add(eth(0x0800, frag4(tcpSeg, 2960, tcpSeg.length - 2960, false, 78)));
        Path f = Tools.text2pcap(dir.resolve("frag.pcapng"), pkts, null);
        List<String> warnings = assertMatchesTshark(f, 3);
        assertThat(warnings)
                .singleElement()
                .asString()
                .startsWith("8: incomplete fragmented datagram")
                .contains("id 78");
    }

    static byte[] frag4(byte[] payload, int off, int len, boolean more, int id) {
        return ipv4(
                "10.0.0.1",
                "10.0.0.2",
                6,
                id,
                (more ? 0x2000 : 0) | off / 8,
                Arrays.copyOfRange(payload, off, off + len));
    }

    /** Dissects every frame of {@code f} and compares with tshark; returns the warnings (after finish()). */
    static List<String> assertMatchesTshark(Path f, int expectedSegments) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<Packet> packets = Tools.readAll(f, warnings);
        List<String[]> rows = Tools.tshark(f, FIELDS);
        assertThat(packets).hasSameSizeAs(rows);
        Dissector d = new Dissector((frame, m) -> warnings.add(frame + ": " + m));
        Segment s = new Segment();
        int segments = 0;
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            String[] r = rows.get(i);
            boolean tcp = !r[5].isEmpty(), udp = !r[7].isEmpty();
            boolean ok = d.dissect(p, s);
            assertThat(ok)
                    .as("frame %d of %s dissected (tshark: %s)", p.number, f.getFileName(), String.join("|", r))
                    .isEqualTo(tcp || udp);
            if (!ok) {
                continue;
            }
            segments++;
            String ctx = "frame " + p.number + " of " + f.getFileName() + ": " + s;
            boolean v4 = !r[1].isEmpty();
            assertThat(s.ipVersion).as(ctx).isEqualTo(v4 ? 4 : 6);
            assertThat(s.srcAddress()).as(ctx).isEqualTo(v4 ? r[1] : r[3]);
            assertThat(s.dstAddress()).as(ctx).isEqualTo(v4 ? r[2] : r[4]);
            if (tcp) {
                assertThat(s.protocol).isEqualTo(6);
                assertThat(s.srcPort + "," + s.dstPort).as(ctx).isEqualTo(r[5] + "," + r[6]);
                assertThat(s.seq).as(ctx).isEqualTo(Long.parseLong(r[9]));
                assertThat(s.ack).as(ctx).isEqualTo(Long.parseLong(r[10]));
                assertThat(s.flags).as(ctx).isEqualTo(Integer.decode(r[11]));
                assertThat(s.payloadLength).as(ctx).isEqualTo(Integer.parseInt(r[12]));
            } else {
                assertThat(s.protocol).isEqualTo(17);
                assertThat(s.srcPort + "," + s.dstPort).as(ctx).isEqualTo(r[7] + "," + r[8]);
                assertThat(s.payloadLength + 8).as(ctx).isEqualTo(Integer.parseInt(r[13]));
            }
            assertThat(s.payloadOffset + s.payloadLength).isLessThanOrEqualTo(s.payload.length);
            assertThat(s.truncated).isFalse();
        }
        d.finish();
        if (expectedSegments >= 0) {
            assertThat(segments).isEqualTo(expectedSegments);
        } else {
            assertThat(segments).isPositive();
        }
        return warnings;
    }

    @Test
    void payloadBytesAndReassembledBytes() {
        byte[] data = bytes(3000, 5);
        byte[] seg = udp(1000, 2000, data);
        Dissector d = new Dissector(null);
        Segment s = new Segment();
        Packet p = new Packet();
        byte[] first = eth(0x0800, ipv4("1.2.3.4", "5.6.7.8", 17, 9, 0x2000, Arrays.copyOfRange(seg, 0, 1600)));
        byte[] second = eth(0x0800, ipv4("1.2.3.4", "5.6.7.8", 17, 9, 200, Arrays.copyOfRange(seg, 1600, seg.length)));
        assertThat(d.dissect(p.set(1, 0, 1, 0, first, 0, first.length, first.length), s))
                .isFalse();
        assertThat(d.dissect(p.set(2, 0, 1, 0, second, 0, second.length, second.length), s))
                .isTrue();
        assertThat(s.reassembled).isTrue();
        assertThat(Arrays.copyOfRange(s.payload, s.payloadOffset, s.payloadOffset + s.payloadLength))
                .isEqualTo(data);
        byte[] plain = sll(0x0800, ipv4("1.2.3.4", "5.6.7.8", 6, 9, 0, tcp(1, 2, 3, 4, 0x1FF, data)));
        assertThat(d.dissect(p.set(3, 0, 113, 0, plain, 0, plain.length, plain.length), s))
                .isTrue();
        assertThat(s.flags).isEqualTo(0x1FF);
        assertThat(s.reassembled).isFalse();
        assertThat(Arrays.copyOfRange(s.payload, s.payloadOffset, s.payloadOffset + s.payloadLength))
                .isEqualTo(data);
    }

    @Test
    void reassemblyTableIsBoundedAndTimesOut() {
        List<String> warnings = new ArrayList<>();
        Dissector d = new Dissector((f, m) -> warnings.add(f + ": " + m));
        Segment s = new Segment();
        Packet p = new Packet();
        for (int i = 0; i < Fragments.MAX_DATAGRAMS + 10; i++) {
            byte[] f = eth(0x0800, ipv4("1.2.3.4", "5.6.7.8", 17, i, 0x2000, bytes(64, i)));
            assertThat(d.dissect(p.set(i + 1, 1_000_000_000L, 1, 0, f, 0, f.length, f.length), s))
                    .isFalse();
        }
        assertThat(warnings).hasSize(10).allMatch(w -> w.contains("fragment reassembly table full"));
        warnings.clear();
        byte[] f = eth(0x0800, ipv4("1.2.3.4", "5.6.7.8", 17, 9_999, 0x2000, bytes(64, 1)));
        d.dissect(p.set(1000, 1_000_000_000L + Fragments.TIMEOUT_NANOS + 1, 1, 0, f, 0, f.length, f.length), s);
        assertThat(warnings)
                .hasSize(Fragments.MAX_DATAGRAMS)
                .allMatch(w -> w.startsWith("1000: incomplete fragmented datagram"));
        warnings.clear();
        d.finish();
        assertThat(warnings).singleElement().asString().contains("id 9999").contains("at the end of the capture");
    }

    @Test
    void malformedHeadersAreReportedNotThrown() {
        List<String> warnings = new ArrayList<>();
        Dissector d = new Dissector((f, m) -> warnings.add(f + ": " + m));
        Segment s = new Segment();
        Packet p = new Packet();
        byte[] ok = eth(0x0800, ipv4("1.2.3.4", "5.6.7.8", 6, 1, 0, tcp(1, 2, 3, 4, 2, bytes(10, 1))));
        byte[] badIhl = ok.clone();
        badIhl[14] = 0x43;
        byte[] longTotal = ok.clone();
        longTotal[16] = 0x10;
        byte[] badOffset = ok.clone();
        badOffset[14 + 20 + 12] = (byte) 0xF0;
        int n = 0;
        for (byte[] b : List.of(badIhl, longTotal, badOffset)) {
            d.dissect(p.set(++n, 0, 1, 0, b, 0, b.length, b.length), s);
        }
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).startsWith("1: IPv4 header length 12");
        assertThat(warnings.get(1)).startsWith("2: IPv4 total length");
        assertThat(warnings.get(2)).startsWith("3: TCP data offset 60");
        // Every prefix of a good packet: no exception.
        for (int len = 0; len <= ok.length; len++) {
            d.dissect(p.set(9, 0, 1, 0, ok, 0, len, ok.length), s);
        }
    }

    @Test
    void addressFormatting() {
        assertThat(Segment.format(6, addr("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Segment.format(6, addr("::"))).isEqualTo("::");
        assertThat(Segment.format(6, addr("::1"))).isEqualTo("::1");
        assertThat(Segment.format(6, addr("1::"))).isEqualTo("1::");
        assertThat(Segment.format(6, addr("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Segment.format(6, addr("2001:0:0:1:0:0:0:1"))).isEqualTo("2001:0:0:1::1");
        assertThat(Segment.format(4, addr("255.0.10.1"))).isEqualTo("255.0.10.1");
    }
}
