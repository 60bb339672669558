package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.pcap.Captures;
import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.PacketSource;
import io.tlsalert.capture.pcap.Tools;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged and foreign input under the scan: truncated files, a corrupt block length, snaplen-cut packets, garbage
 * between packets, traffic that is not TLS; and a capture of very many short connections in a small heap. Never an
 * exception; warnings carry frame numbers; what can be read is still scanned, and nothing is invented.
 */
class ScanBadInputTest {
    static Live live;
    static byte[] file;
    static List<Connection> full;
    /** Position in the file after each frame (index frame - 1). */
    static List<Long> ends = new ArrayList<>();

    static Path dir;

    @BeforeAll
    static void fullScan() throws Exception {
        live = Live.get();
        file = Files.readAllBytes(live.pcapng);
        full = Live.scan(live.pcapng, null, new ArrayList<>());
        try (PacketSource src = Captures.open(live.pcapng, null)) {
            Packet p = new Packet();
            while (src.next(p)) {
                ends.add(src.position());
            }
        }
        dir = Live.target().resolve("scan-bad-input");
        Files.createDirectories(dir);
    }

    private record Scan(List<Connection> connections, List<String> warnings, String name) {
        String context() {
            return name + "\n" + Live.describe(connections) + "warnings: " + warnings;
        }
    }

    private static Scan scanBytes(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        List<String> w = new ArrayList<>();
        return new Scan(Live.scan(f, null, w), w, f.toString());
    }

    /** Every warning is "frame: message" with a frame number. */
    private static void assertFramed(Scan s) {
        for (String w : s.warnings()) {
            assertThat(w).as(s.context()).matches("^\\d+: .+");
        }
    }

    /**
     * The scan of a damaged copy: every alert of the full scan up to {@code lastGoodFrame} is there as it was; no
     * plaintext or decrypted alert is new; an encrypted one may be new only as "the last record ... in the capture".
     */
    private static void assertPrefix(Scan s, long lastGoodFrame) {
        List<Live.Row> expected = Live.rows(full, false).stream()
                .filter(r -> r.frame() <= lastGoodFrame)
                .collect(Collectors.toList());
        List<Live.Row> got = Live.rows(s.connections(), false);
        assertThat(got)
                .as("alerts up to frame %d\n%s", lastGoodFrame, s.context())
                .containsAll(expected);
        List<Live.Row> all = Live.rows(full, false);
        for (Connection c : s.connections()) {
            for (AlertEvent a : c.alerts()) {
                if (!all.contains(Live.row(c, a))) {
                    assertThat(a.encrypted()
                                    && a.code().isEmpty()
                                    && a.evidence().isPresent()
                                    && a.evidence().get().contains("in the capture"))
                            .as("an alert the full capture does not have: %s\n%s", a, s.context())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void truncatedAtSeveralOffsets() throws Exception {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(
                3,
                10,
                27,
                100,
                file.length / 5,
                file.length / 3,
                file.length / 2,
                2 * file.length / 3,
                file.length - 1));
        for (AlertEvent a : full.stream().flatMap(c -> c.alerts().stream()).collect(Collectors.toList())) {
            int end = (int) (long) ends.get((int) a.frame() - 1);
            cuts.add(end); // the alert's block is the last whole one
            cuts.add(end - 1); // the alert's block is cut
        }
        for (int cut : cuts) {
            Scan s = scanBytes("cut-" + cut + ".pcapng", Arrays.copyOf(file, cut));
            long whole = ends.stream().filter(e -> e <= cut).count();
            if (cut < file.length && !ends.contains((long) cut)) {
                assertThat(s.warnings())
                        .as("cut at %d\n%s", cut, s.context())
                        .isNotEmpty()
                        .anyMatch(w -> (w.startsWith((whole + 1) + ": ") || whole == 0 && w.startsWith("0: "))
                                && w.contains("truncated"));
            }
            assertFramed(s);
            assertPrefix(s, whole);
            for (Connection c : s.connections()) {
                for (AlertEvent a : c.alerts()) {
                    assertThat(a.frame()).as(s.context()).isLessThanOrEqualTo(whole);
                }
            }
        }
    }

    /** Offset of frame {@code n}'s block (the end of the one before; the first packet follows SHB and IDB). */
    private static int blockOf(long n) {
        return (int) (long) ends.get((int) n - 2);
    }

    private static long middleFrame() {
        // The frame after the TLS 1.2 unknown_ca alert: alerts before it must survive.
        return full.stream()
                        .filter(c -> Live.port(c.server()) == live.serverPort(Live.UNKNOWN_CA))
                        .findFirst()
                        .orElseThrow()
                        .alerts()
                        .get(0)
                        .frame()
                + 1;
    }

    @Test
    void aCorruptBlockLength() throws Exception {
        long k = middleFrame();
        byte[] b = file.clone();
        int at = blockOf(k);
        b[at + 4] = 13; // a length not a multiple of 4
        b[at + 5] = 0;
        b[at + 6] = 0;
        b[at + 7] = 0;
        Scan s = scanBytes("corrupt-length.pcapng", b);
        assertThat(s.warnings())
                .as(s.context())
                .anyMatch(w -> w.startsWith(k + ": ") && w.contains("corrupt block length"));
        assertFramed(s);
        assertPrefix(s, k - 1);
        // The connections still open there are reported, as the capture ends there.
        assertThat(s.connections()).as(s.context()).anyMatch(c -> c.closedBy() == ClosedBy.END_OF_CAPTURE);
    }

    @Test
    void garbageBetweenPackets() throws Exception {
        long k = middleFrame();
        byte[] junk = new byte[24];
        Arrays.fill(junk, (byte) 0xEE);
        // pcapng: after the block of frame k - 1.
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int at = blockOf(k);
        o.write(file, 0, at);
        o.write(junk);
        o.write(file, at, file.length - at);
        Scan s = scanBytes("garbage.pcapng", o.toByteArray());
        assertThat(s.warnings()).as(s.context()).anyMatch(w -> w.startsWith(k + ": "));
        assertFramed(s);
        assertPrefix(s, k - 1);
        // Classic pcap: between records.
        Path pcap = dir.resolve("live.pcap");
        Tools.run("editcap", "-F", "nsecpcap", live.pcapng.toString(), pcap.toString());
        byte[] p = Files.readAllBytes(pcap);
        int off = 24;
        for (long n = 1; n < k; n++) {
            int caplen = (p[off + 8] & 0xff)
                    | (p[off + 9] & 0xff) << 8
                    | (p[off + 10] & 0xff) << 16
                    | (p[off + 11] & 0xff) << 24;
            off += 16 + caplen;
        }
        o.reset();
        o.write(p, 0, off);
        o.write(junk);
        o.write(p, off, p.length - off);
        Scan t = scanBytes("garbage.pcap", o.toByteArray());
        assertThat(t.warnings()).as(t.context()).anyMatch(w -> w.startsWith(k + ": "));
        assertFramed(t);
        assertPrefix(t, k - 1);
    }

    @Test
    void packetsCutByTheSnaplen() throws Exception {
        for (int snaplen : new int[] {60, 80}) {
            Path cut = dir.resolve("snap" + snaplen + ".pcapng");
            Tools.run("editcap", "-s", String.valueOf(snaplen), live.pcapng.toString(), cut.toString());
            List<String> w = new ArrayList<>();
            List<Connection> cs = Live.scan(cut, null, w);
            Scan s = new Scan(cs, w, cut.toString());
            assertThat(w).as(s.context()).anyMatch(x -> x.matches("^\\d+: packet cut short by the snaplen.*"));
            assertFramed(s);
            // Nothing invented: each plaintext alert is one of the full capture, same frame, code, sender.
            List<Live.Row> all = Live.rows(full, true);
            assertThat(Live.rows(cs, true)).as(s.context()).isSubsetOf(all);
            // Whatever tshark still reads in the cut packets, the scan reads too.
            List<Live.Row> shark =
                    Live.tshark(cut, null).stream().filter(r -> r.code() >= 0).collect(Collectors.toList());
            assertThat(Live.rows(cs, true))
                    .as("tshark %s\n%s", shark, s.context())
                    .containsAll(shark);
            for (Connection c : cs) {
                if (c.warnings().stream().anyMatch(x -> x.contains("snaplen"))) {
                    assertThat(c.warnings())
                            .as(s.context())
                            .anyMatch(x -> x.matches("^frame \\d+: packet cut short by the capture's snaplen"));
                    assertThat(c.outcome()).as(s.context()).isEqualTo(Outcome.INCOMPLETE);
                }
            }
            if (snaplen == 80) {
                // The 7-byte plaintext alerts sit in 73-byte frames: whole, and found.
                assertThat(Live.rows(cs, true))
                        .as(s.context())
                        .extracting(Live.Row::code)
                        .contains(70, 112);
            }
        }
    }

    @Test
    void trafficThatIsNotTls() throws Exception {
        List<Packet> real = Tools.readAll(live.pcapng, new ArrayList<>());
        TcpWriter w = new TcpWriter(real.get(0).timestampNanos - 1_000_000_000L, 1000);
        TcpWriter.Conn http =
                w.conn("127.0.0.2", 50001, 1000, "127.0.0.1", 443, 5000).open();
        byte[] get =
                "GET / HTTP/1.1\r\nHost: example.test\r\nUser-Agent: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] resp = ("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + "x".repeat(2000))
                .getBytes(StandardCharsets.US_ASCII);
        http.data(true, 0, get);
        http.data(false, 0, resp, 0, 1000);
        TcpWriter.Conn ssh = w.conn("127.0.0.3", 50002, 77, "127.0.0.1", 22, 99).open();
        byte[] sshC = "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] sshS = "SSH-2.0-OpenSSH_9.2p1\r\n".getBytes(StandardCharsets.US_ASCII);
        ssh.data(false, 0, sshS);
        ssh.data(true, 0, sshC);
        // A binary key exchange packet: uint32 length, padding length, SSH_MSG_KEXINIT (20) and random bytes.
        byte[] kex = new byte[300];
        new java.util.Random(5).nextBytes(kex);
        kex[0] = 0;
        kex[1] = 0;
        kex[2] = 1;
        kex[3] = 40;
        kex[4] = 8;
        kex[5] = 20;
        ssh.data(true, sshC.length, kex);
        int half = real.size() / 2;
        for (int i = 0; i < half; i++) {
            w.add(real.get(i));
        }
        // In the middle of the TLS traffic: the rest of the HTTP response, an SSH packet each way, the closes.
        http.data(false, 1000, resp, 1000, resp.length - 1000);
        ssh.data(false, sshS.length, kex);
        for (int i = half; i < real.size(); i++) {
            w.add(real.get(i));
        }
        http.fin(true, get.length);
        http.fin(false, resp.length);
        ssh.fin(true, sshC.length + kex.length);
        ssh.fin(false, sshS.length + kex.length);
        Path f = w.write(dir.resolve("not-tls.pcap"));
        List<String> warnings = new ArrayList<>();
        List<Connection> cs = Live.scan(f, null, warnings);
        Scan s = new Scan(cs, warnings, f.toString());
        assertThat(cs).as(s.context()).hasSameSizeAs(full);
        assertThat(cs)
                .as(s.context())
                .noneMatch(c -> c.server().endsWith(":443")
                        || c.server().endsWith(":22")
                        || c.client().endsWith(":443")
                        || c.client().endsWith(":22"));
        List<Live.Row> shark =
                Live.tshark(f, null).stream().filter(r -> r.code() >= 0).collect(Collectors.toList());
        assertThat(Live.rows(cs, true)).as(s.context()).isEqualTo(shark);
        assertThat(Live.rows(cs, false)).hasSameSizeAs(Live.rows(full, false));
        assertFramed(s);
        assertThat(warnings).as(s.context()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A real TLS 1.2 ClientHello record from the JDK, with SNI. */
    static byte[] clientHello(String sni) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine e = ctx.createSSLEngine(sni, 443);
        e.setUseClientMode(true);
        e.setEnabledProtocols(new String[] {"TLSv1.2"});
        e.setEnabledCipherSuites(
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.beginHandshake();
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    static final int[] CODES = {40, 48, 70, 112};

    @Test
    void manyShortConnectionsInASmallHeap() throws Exception {
        int n = Integer.getInteger("scan.many", 1_000_000);
        byte[] hello = clientHello("many.test");
        Path f = dir.resolve("many.pcap");
        long written = writeMany(f, n, hello);
        Process p = null;
        try {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            Path out = dir.resolve("many.out");
            p = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx256m",
                            "-cp",
                            cp,
                            ScanCount.class.getName(),
                            f.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            assertThat(p.waitFor(150, TimeUnit.SECONDS))
                    .as("the forked scan finished in time")
                    .isTrue();
            String text = Files.readString(out);
            assertThat(p.exitValue()).as(text).isZero();
            Map<String, String> kv = new TreeMap<>();
            for (String line : text.split("\n")) {
                int i = line.indexOf('=');
                if (i > 0) {
                    kv.put(line.substring(0, i), line.substring(i + 1).trim());
                }
            }
            assertThat(kv.get("frames")).as(text).isEqualTo(String.valueOf(6L * n));
            assertThat(kv.get("connections")).as(text).isEqualTo(String.valueOf(n));
            assertThat(kv.get("alerts")).as(text).isEqualTo(String.valueOf(n));
            assertThat(kv.get("warnings")).as(text).isEqualTo("0");
            TreeMap<String, Long> byCode = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                byCode.merge(String.valueOf(CODES[i % CODES.length]), 1L, Long::sum);
            }
            assertThat(kv.get("by_code")).as(text).isEqualTo(byCode.toString());
            assertThat(kv.get("from")).as(text).isEqualTo("{server=" + n + "}");
            assertThat(kv.get("outcomes")).as(text).isEqualTo("{failed=" + n + "}");
            System.out.println("many: " + n + " connections, " + written + " bytes; " + text.replace('\n', ' '));
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(f);
        }
    }

    /**
     * {@code n} connections 10.x.y.z:port -> 10.255.0.1:443, each SYN, SYN-ACK, ClientHello, a fatal alert from the
     * server, FIN each way; pipelined so that a few are open at once. Returns the file size.
     */
    private static long writeMany(Path f, int n, byte[] hello) throws IOException {
        long t0 = 1_700_000_000_000_000_000L;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 1 << 20)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B23C4D)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0)
                    .putInt(65535)
                    .putInt(1);
            out.write(h.array());
            byte[] buf = new byte[16 + 14 + 20 + 20 + Math.max(hello.length, 7)];
            ByteBuffer rec = ByteBuffer.wrap(buf);
            long frame = 0;
            for (int step = 0; step < n + 5; step++) {
                for (int k = 0; k < 6; k++) {
                    int i = step - k;
                    if (i < 0 || i >= n) {
                        continue;
                    }
                    int cport = 1024 + (i % 60000);
                    int cip = 0x0A000000 | (i / 60000 + 1);
                    int sip = 0x0AFF0001;
                    long cisn = 1000L + i, sisn = 500_000L + i;
                    boolean fromClient;
                    int flags;
                    long seq;
                    byte[] payload = null;
                    switch (k) {
                        case 0 -> {
                            fromClient = true;
                            flags = TcpWriter.SYN;
                            seq = cisn;
                        }
                        case 1 -> {
                            fromClient = false;
                            flags = TcpWriter.SYN | TcpWriter.ACK;
                            seq = sisn;
                        }
                        case 2 -> {
                            fromClient = true;
                            flags = TcpWriter.PSH | TcpWriter.ACK;
                            seq = cisn + 1;
                            payload = hello;
                        }
                        case 3 -> {
                            fromClient = false;
                            flags = TcpWriter.PSH | TcpWriter.ACK;
                            seq = sisn + 1;
                            payload = new byte[] {21, 3, 3, 0, 2, 2, (byte) CODES[i % CODES.length]};
                        }
                        case 4 -> {
                            fromClient = true;
                            flags = TcpWriter.FIN | TcpWriter.ACK;
                            seq = cisn + 1 + hello.length;
                        }
                        default -> {
                            fromClient = false;
                            flags = TcpWriter.FIN | TcpWriter.ACK;
                            seq = sisn + 8;
                        }
                    }
                    int plen = payload == null ? 0 : payload.length;
                    int len = 14 + 20 + 20 + plen;
                    long ts = t0 + (++frame) * 1000;
                    rec.clear();
                    rec.order(java.nio.ByteOrder.LITTLE_ENDIAN);
                    rec.putInt((int) (ts / 1_000_000_000L))
                            .putInt((int) (ts % 1_000_000_000L))
                            .putInt(len)
                            .putInt(len);
                    rec.order(java.nio.ByteOrder.BIG_ENDIAN);
                    rec.put(new byte[] {
                        2, 0, 0, 0, 0, (byte) (fromClient ? 2 : 1), 2, 0, 0, 0, 0, (byte) (fromClient ? 1 : 2)
                    });
                    rec.putShort((short) 0x0800);
                    rec.put((byte) 0x45)
                            .put((byte) 0)
                            .putShort((short) (40 + plen))
                            .putShort((short) 0)
                            .putShort((short) 0x4000)
                            .put((byte) 64)
                            .put((byte) 6)
                            .putShort((short) 0);
                    rec.putInt(fromClient ? cip : sip).putInt(fromClient ? sip : cip);
                    rec.putShort((short) (fromClient ? cport : 443)).putShort((short) (fromClient ? 443 : cport));
                    rec.putInt((int) seq)
                            .putInt(0)
                            .put((byte) 0x50)
                            .put((byte) flags)
                            .putShort((short) 65535)
                            .putInt(0);
                    if (payload != null) {
                        rec.put(payload);
                    }
                    out.write(buf, 0, rec.position());
                }
            }
        }
        return Files.size(f);
    }
}
