package io.tlsalert.capture.pcap;

import io.tlsalert.testkit.CaptureWriter;
import io.tlsalert.testkit.Commands;
import io.tlsalert.testkit.Tshark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the real Wireshark tools (text2pcap, editcap, mergecap, tshark) for the tests: they write and check captures. */
public final class Tools {
    private Tools() {}

    /** Runs a command, fails on a non-zero exit; returns its standard output. */
    public static String run(String... cmd) {
        return Commands.stdout(Duration.ofSeconds(120), cmd);
    }

    /**
     * Writes packets as a text2pcap hex dump (each preceded by an ISO time if {@code times} is given) and runs
     * {@code text2pcap -q -t ISO <args> dump out}.
     */
    public static Path text2pcap(Path out, List<byte[]> packets, List<String> times, String... args)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            sb.append(
                            times != null
                                    ? times.get(i)
                                    : "2024-05-06T07:08:" + String.format("%02d", i % 60) + "." + (100000 + i) + "Z")
                    .append('\n');
            byte[] p = packets.get(i);
            for (int off = 0; off < p.length; off += 16) {
                sb.append(String.format("%06x ", off));
                for (int j = off; j < Math.min(p.length, off + 16); j++) {
                    sb.append(String.format(" %02x", p[j] & 0xFF));
                }
                sb.append('\n');
            }
            if (p.length == 0) {
                sb.append("000000\n");
            }
            sb.append('\n');
        }
        Path txt = out.resolveSibling(out.getFileName() + ".txt");
        Files.writeString(txt, sb.toString());
        List<String> cmd = new ArrayList<>(List.of("text2pcap", "-q", "-t", "ISO"));
        cmd.addAll(List.of(args));
        cmd.add(txt.toString());
        cmd.add(out.toString());
        run(cmd.toArray(String[]::new));
        return out;
    }

    /** {@code tshark -n -r file -T fields -e f1 -e f2...}: one row per frame, columns in field order ("" if absent). */
    public static List<String[]> tshark(Path file, String... fields) {
        return Tshark.fields(file, List.of(), List.of(fields), ",");
    }

    /** Reads every packet (copies) with our reader. */
    public static List<Packet> readAll(Path file, List<String> warnings) throws IOException {
        try (PacketSource src = Captures.open(file, (f, m) -> warnings.add(f + ": " + m))) {
            return drain(src);
        }
    }

    public static List<Packet> readAll(byte[] bytes, List<String> warnings) throws IOException {
        try (PacketSource src =
                Captures.open(new java.io.ByteArrayInputStream(bytes), (f, m) -> warnings.add(f + ": " + m))) {
            return drain(src);
        }
    }

    public static List<Packet> drain(PacketSource src) throws IOException {
        List<Packet> out = new ArrayList<>();
        Packet p = new Packet();
        while (src.next(p)) {
            out.add(p.copy());
        }
        return out;
    }

    /** Nanoseconds since the epoch as tshark prints frame.time_epoch ("1704164645.123456789"). */
    public static String epoch(long nanos) {
        return Math.floorDiv(nanos, 1_000_000_000L) + "." + String.format("%09d", Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The packets as the testkit's writer takes them (byte-level: the testkit does not know capture's types). */
    public static List<CaptureWriter.Frame> frames(List<Packet> packets) {
        return packets.stream()
                .map(p ->
                        new CaptureWriter.Frame(p.timestampNanos, p.data, p.offset, p.capturedLength, p.originalLength))
                .toList();
    }

    public static byte[] bytes(Packet p) {
        byte[] b = new byte[p.capturedLength];
        System.arraycopy(p.data, p.offset, b, 0, b.length);
        return b;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bo)) {
            gz.write(data);
        }
        return bo.toByteArray();
    }
}
