import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Writes a pcap of many TLS connections over Ethernet/IPv4/TCP for the scan benchmark: 80% healthy TLS 1.2
 * (handshake, then application data both ways), 12% refused with a plaintext handshake_failure alert, 5% TLS 1.3
 * with an encrypted 19-byte alert then RST, 3% plain HTTP (not TLS). Connections are interleaved 64 at a time.
 * Usage: java bench/scripts/GenCapture.java OUT.pcap SIZE_MB [seed]
 */
public class GenCapture {
    static final byte[] CLIENT_HELLO = HexFormat.of().parseHex(
            "1603010133010001290303"
            + "0000000000000000000000000000000000000000000000000000000000000000"
            + "20" + "11".repeat(32)
            + "0004c02fc030" + "0100"
            + "00fc" + "00000010000e00000b6170692e746573742e696f" + "000a00040002001d" + "000d000400020804"
            + "002b0003020303" + "0015" + "00cb" + "00".repeat(0xcb) + "ff01000100");
    static final byte[] SERVER_HELLO = HexFormat.of().parseHex(
            "1603030035020000310303" + "22".repeat(32) + "00" + "c02f" + "00" + "0009" + "ff01000100" + "00170000");
    static final byte[] CCS = HexFormat.of().parseHex("140303000101");
    static final byte[] ALERT_40 = HexFormat.of().parseHex("15030300020228");

    static OutputStream out;
    static long bytes;
    static long time = 1_700_000_000L * 1_000_000L; // microseconds
    static final Random rnd = new Random(1);

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long target = Long.parseLong(args[1]) << 20;
        if (args.length > 2) {
            rnd.setSeed(Long.parseLong(args[2]));
        }
        // Fix up lengths of the hand-written ClientHello: record and handshake lengths.
        int recLen = CLIENT_HELLO.length - 5;
        CLIENT_HELLO[3] = (byte) (recLen >> 8);
        CLIENT_HELLO[4] = (byte) recLen;
        int hsLen = recLen - 4;
        CLIENT_HELLO[6] = 0;
        CLIENT_HELLO[7] = (byte) (hsLen >> 8);
        CLIENT_HELLO[8] = (byte) hsLen;
        int extStart = 5 + 4 + 2 + 32 + 1 + 32 + 2 + 4 + 2;
        int extLen = CLIENT_HELLO.length - extStart - 2;
        CLIENT_HELLO[extStart] = (byte) (extLen >> 8);
        CLIENT_HELLO[extStart + 1] = (byte) extLen;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out = o;
            // pcap global header: microseconds, Ethernet, snaplen 65535
            byte[] gh = HexFormat.of().parseHex("d4c3b2a1020004000000000000000000ffff000001000000");
            o.write(gh);
            bytes = gh.length;
            int id = 0;
            List<Conn> live = new ArrayList<>();
            while (bytes < target) {
                while (live.size() < 64) {
                    live.add(new Conn(id++));
                }
                for (int i = 0; i < live.size(); i++) {
                    if (!live.get(i).step()) {
                        live.remove(i--);
                    }
                }
            }
            for (Conn c : live) {
                while (c.step()) {
                    // finish the connections that are open
                }
            }
            System.err.printf("%s: %,d bytes, %,d connections%n", file, bytes, id);
        }
    }

    static final class Conn {
        final int clientIp;
        final int serverIp;
        final int cport;
        final int sport;
        long cseq = rnd.nextInt() & 0xFFFFFFFFL;
        long sseq = rnd.nextInt() & 0xFFFFFFFFL;
        final int kind;
        int stage;
        int dataLeft;

        Conn(int n) {
            clientIp = 0x0A000000 | (n % 60000) + 2;
            serverIp = 0x0A640000 | (n % 50);
            cport = 1024 + (n * 7) % 60000;
            sport = n % 10 == 0 ? 8443 : 443;
            int r = rnd.nextInt(100);
            kind = r < 80 ? 0 : r < 92 ? 1 : r < 97 ? 2 : 3;
            dataLeft = 40_000 + rnd.nextInt(400_000);
        }

        /** Writes the next packet(s); false when the connection is over. */
        boolean step() throws IOException {
            switch (stage++) {
                case 0 -> pkt(true, 0x02, new byte[0]);
                case 1 -> pkt(false, 0x12, new byte[0]);
                case 2 -> pkt(true, 0x10, new byte[0]);
                case 3 -> {
                    if (kind == 3) {
                        pkt(true, 0x18, "GET / HTTP/1.1\r\nHost: api.test.io\r\n\r\n".getBytes());
                        pkt(false, 0x18, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes());
                        stage = 99;
                        return true;
                    }
                    byte[] ch = CLIENT_HELLO.clone();
                    rnd.nextBytes(new byte[0]);
                    for (int i = 11; i < 43; i++) {
                        ch[i] = (byte) rnd.nextInt();
                    }
                    pkt(true, 0x18, ch);
                }
                case 4 -> {
                    if (kind == 1) {
                        pkt(false, 0x18, ALERT_40);
                        stage = 99;
                    } else if (kind == 2) {
                        byte[] sh = SERVER_HELLO.clone();
                        sh[sh.length - 9] = 0x00; // keep TLS 1.2 layout but mark 1.3 below
                        pkt(false, 0x18, tls13ServerFlight());
                    } else {
                        byte[] flight = concat(SERVER_HELLO, record(22, 1200), record(22, 300), record(22, 4));
                        segments(false, flight);
                    }
                }
                case 5 -> {
                    if (kind == 2) {
                        pkt(true, 0x18, concat(CCS, record(23, 53)));
                        pkt(false, 0x18, record(23, 19)); // the encrypted alert
                        pkt(false, 0x04, new byte[0]);     // RST
                        return false;
                    }
                    segments(true, concat(record(22, 70), CCS, record(22, 40)));
                    segments(false, concat(CCS, record(22, 40)));
                }
                case 6 -> {
                    int n = Math.min(dataLeft, 16384);
                    dataLeft -= n;
                    segments(rnd.nextInt(4) == 0, record(23, n));
                    if (dataLeft > 0) {
                        stage = 6;
                    }
                }
                case 7 -> {
                    pkt(true, 0x18, record(21, 26));
                    pkt(true, 0x11, new byte[0]);
                    pkt(false, 0x11, new byte[0]);
                    return false;
                }
                default -> {
                    pkt(true, 0x11, new byte[0]);
                    pkt(false, 0x11, new byte[0]);
                    return false;
                }
            }
            return true;
        }

        static byte[] tls13ServerFlight() {
            byte[] sh = HexFormat.of().parseHex("160303007a020000760303" + "33".repeat(32) + "20" + "11".repeat(32) + "1301" + "00"
                    + "002e" + "002b00020304" + "0033" + "0024" + "001d0020" + "44".repeat(32));
            return concat(sh, CCS, record(23, 2800), record(23, 300), record(23, 69));
        }

        void segments(boolean fromClient, byte[] data) throws IOException {
            for (int off = 0; off < data.length; off += 1448) {
                int n = Math.min(1448, data.length - off);
                byte[] seg = new byte[n];
                System.arraycopy(data, off, seg, 0, n);
                pkt(fromClient, 0x18, seg);
            }
        }

        void pkt(boolean fromClient, int flags, byte[] payload) throws IOException {
            int len = 14 + 20 + 20 + payload.length;
            time += 37 + rnd.nextInt(50);
            byte[] h = new byte[16 + len];
            putLe(h, 0, (int) (time / 1_000_000));
            putLe(h, 4, (int) (time % 1_000_000));
            putLe(h, 8, len);
            putLe(h, 12, len);
            int p = 16;
            // Ethernet
            h[p + 12] = 0x08;
            h[p + 13] = 0x00;
            p += 14;
            // IPv4
            h[p] = 0x45;
            int ipLen = 20 + 20 + payload.length;
            h[p + 2] = (byte) (ipLen >> 8);
            h[p + 3] = (byte) ipLen;
            h[p + 8] = 64;
            h[p + 9] = 6;
            putBe(h, p + 12, fromClient ? clientIp : serverIp);
            putBe(h, p + 16, fromClient ? serverIp : clientIp);
            p += 20;
            // TCP
            int srcPort = fromClient ? cport : sport;
            int dstPort = fromClient ? sport : cport;
            h[p] = (byte) (srcPort >> 8);
            h[p + 1] = (byte) srcPort;
            h[p + 2] = (byte) (dstPort >> 8);
            h[p + 3] = (byte) dstPort;
            long seq = fromClient ? cseq : sseq;
            long ack = fromClient ? sseq : cseq;
            putBe(h, p + 4, (int) seq);
            putBe(h, p + 8, (flags & 0x10) != 0 || flags == 0x12 ? (int) ack : 0);
            h[p + 12] = 0x50;
            h[p + 13] = (byte) flags;
            h[p + 14] = (byte) 0xff;
            h[p + 15] = (byte) 0xff;
            p += 20;
            System.arraycopy(payload, 0, h, p, payload.length);
            long adv = payload.length + ((flags & 0x03) != 0 ? 1 : 0);
            if (fromClient) {
                cseq = (cseq + adv) & 0xFFFFFFFFL;
            } else {
                sseq = (sseq + adv) & 0xFFFFFFFFL;
            }
            out.write(h);
            bytes += h.length;
        }
    }

    static byte[] record(int type, int len) {
        byte[] r = new byte[5 + len];
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = 3;
        r[3] = (byte) (len >> 8);
        r[4] = (byte) len;
        for (int i = 5; i < r.length; i++) {
            r[i] = (byte) rnd.nextInt();
        }
        if (type == 22 && len >= 4 && len != 40 && len != 70) {
            // a plaintext handshake message of the right length (certificate-ish / server_hello_done)
            int body = len - 4;
            r[5] = (byte) (len == 4 ? 14 : 11);
            r[6] = (byte) (body >> 16);
            r[7] = (byte) (body >> 8);
            r[8] = (byte) body;
        }
        return r;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] r = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, r, o, p.length);
            o += p.length;
        }
        return r;
    }

    static void putLe(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >> 8);
        b[o + 2] = (byte) (v >> 16);
        b[o + 3] = (byte) (v >> 24);
    }

    static void putBe(byte[] b, int o, int v) {
        b[o] = (byte) (v >> 24);
        b[o + 1] = (byte) (v >> 16);
        b[o + 2] = (byte) (v >> 8);
        b[o + 3] = (byte) v;
    }
}
