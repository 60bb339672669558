package io.tlsalert.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Issue 10: what one input may make decode allocate and emit, and the stop at each limit. */
class DecodeLimitsTest {
    private static final byte[] ALERT = HexFormat.of().parseHex("15030300020228");

    private static byte[] alerts(int n) {
        byte[] b = new byte[n * ALERT.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(ALERT, 0, b, i * ALERT.length, ALERT.length);
        }
        return b;
    }

    /** A hexdump -C text of one 14-byte row (two alert records), a '*' line, and the final offset {@code end}. */
    private static String starDump(long end) {
        return "00000000  15 03 03 00 02 02 28 15  03 03 00 02 02 28        |......(......(|\n*\n"
                + String.format("%08x", end) + "\n";
    }

    @Test
    void aStarLineExpandsOnlyAsFarAsTheNextOffsetAndTheByteLimit() {
        // The 58-byte dump of 64 MiB (9 M alert records): refused by the byte limit, naming it.
        String bomb = starDump(14L * 4_793_490);
        assertThat(bomb.length()).isLessThan(100);
        assertThatThrownBy(() -> ByteInput.parse(bomb))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("expands to more than " + DecodeLimits.DEFAULT.maxBytes() + " bytes")
                .hasMessageContaining("DecodeLimits.maxBytes");
        // Within the byte limit the expansion is exactly what the offsets declare.
        assertThat(ByteInput.parse(starDump(14 * 1000))).hasSize(14 * 1000);
    }

    @Test
    void millionsOfAlertRecordsStopAtTheRecordLimitKeepingWhatCameBefore() {
        // 16 MiB of the dump above is 2.4 M alert records: the decoder keeps the first 100,000 and stops.
        byte[] bytes = ByteInput.parse(starDump(14L * (DecodeLimits.DEFAULT.maxBytes() / 14)));
        Decoding d = TlsDecoder.decode(bytes);
        int max = DecodeLimits.DEFAULT.maxRecords();
        assertThat(d.records()).hasSize(max);
        assertThat(d.problem()).hasValueSatisfying(p -> {
            assertThat(p.field()).isEqualTo("DecodeLimits.maxRecords");
            assertThat(p.offset()).isEqualTo((long) max * ALERT.length);
            assertThat(p.message()).contains("more than " + max + " records");
        });
    }

    @Test
    void eachLimitStopsWithItsNameAndOffset() {
        DecodeLimits small = new DecodeLimits(1 << 20, 3, 1000, 8, 1000, 1000);
        Decoding d = TlsDecoder.decode(alerts(5), small);
        assertThat(d.records()).hasSize(3);
        assertThat(d.problem().orElseThrow().field()).isEqualTo("DecodeLimits.maxRecords");
        assertThat(d.problem().orElseThrow().offset()).isEqualTo(21);

        d = TlsDecoder.decode(alerts(5), new DecodeLimits(1 << 20, 1000, 2, 8, 1000, 1000));
        assertThat(d.records()).hasSize(2);
        assertThat(d.problem().orElseThrow().field()).isEqualTo("DecodeLimits.maxMessages");
        assertThat(d.problem().orElseThrow().offset()).isEqualTo(14);

        d = TlsDecoder.decode(alerts(5), new DecodeLimits(15, 1000, 1000, 8, 1000, 1000));
        assertThat(d.records()).hasSize(3);
        assertThat(d.problem().orElseThrow().field()).isEqualTo("DecodeLimits.maxBytes");
        assertThat(d.problem().orElseThrow().offset()).isEqualTo(21);

        assertThat(TlsDecoder.decode(alerts(5), new DecodeLimits(1 << 20, 5, 1000, 8, 1000, 1000))
                        .problem())
                .isEmpty();
    }

    /** A DTLS 1.2 handshake record holding one fragment of message {@code seq}. */
    private static byte[] dtlsFragment(int seq, int length, int fragOffset, byte[] data) {
        int n = 12 + data.length;
        byte[] r = new byte[13 + n];
        byte[] h = {
            22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, (byte) seq, (byte) (n >> 8), (byte) n,
        };
        System.arraycopy(h, 0, r, 0, 13);
        byte[] hs = {
            20, // finished: a body the decoder takes as it is
            (byte) (length >> 16),
            (byte) (length >> 8),
            (byte) length,
            (byte) (seq >> 8),
            (byte) seq,
            (byte) (fragOffset >> 16),
            (byte) (fragOffset >> 8),
            (byte) fragOffset,
            (byte) (data.length >> 16),
            (byte) (data.length >> 8),
            (byte) data.length
        };
        System.arraycopy(hs, 0, r, 13, 12);
        System.arraycopy(data, 0, r, 25, data.length);
        return r;
    }

    private static byte[] concat(byte[][] parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static long allocatedBytes(Runnable r) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        r.run();
        return mx.getThreadAllocatedBytes(id) - before;
    }

    @Test
    void aDtlsFragmentBombAllocatesByWhatArrivedNotByWhatHeadersDeclare() {
        // The bomb: 400 zero-byte fragments of distinct messages, each declaring 0xFFFFFF (10 KB of input).
        byte[][] frags = new byte[400][];
        for (int i = 0; i < frags.length; i++) {
            frags[i] = dtlsFragment(i, 0xFFFFFF, 0, new byte[0]);
        }
        byte[] bomb = concat(frags);
        assertThat(bomb).hasSize(10_000);
        Decoding[] d = new Decoding[1];
        long allocated = allocatedBytes(() -> d[0] = TlsDecoder.decode(bomb));
        assertThat(allocated).isLessThan(8L << 20);
        int max = DecodeLimits.DEFAULT.maxPendingMessages();
        assertThat(d[0].records()).hasSize(max);
        assertThat(d[0].problem()).hasValueSatisfying(p -> {
            assertThat(p.field()).isEqualTo("DecodeLimits.maxPendingMessages");
            assertThat(p.offset()).isEqualTo(25L * max + 13);
        });
        // With room for all 400, still nothing like 400 × 16 MiB.
        DecodeLimits roomy = new DecodeLimits(1 << 20, 1000, 1000, 1000, 1000, 1000);
        allocated = allocatedBytes(() -> d[0] = TlsDecoder.decode(bomb, roomy));
        assertThat(d[0].problem()).isEmpty();
        assertThat(allocated).isLessThan(8L << 20);
    }

    private static long cpuMillis(Runnable r) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadCpuTime();
        r.run();
        return (mx.getCurrentThreadCpuTime() - before) / 1_000_000;
    }

    /** One Finished message (type 20, its body opaque here) of {@code n} bytes, one byte per TLS record. */
    private static byte[] oneByteRecords(int n) {
        byte[] msg = new byte[n];
        msg[0] = 20;
        int len = n - 4;
        msg[1] = (byte) (len >> 16);
        msg[2] = (byte) (len >> 8);
        msg[3] = (byte) len;
        byte[] in = new byte[n * 6];
        for (int i = 0; i < n; i++) {
            int p = i * 6;
            in[p] = 22;
            in[p + 1] = 3;
            in[p + 2] = 3;
            in[p + 4] = 1;
            in[p + 5] = msg[i];
        }
        return in;
    }

    @Test
    void reassemblyIsLinear() {
        // The 80,000 one-byte records (480 KB): one message joined over all of them, in well under a second.
        byte[] tls = oneByteRecords(80_000);
        TlsDecoder.decode(oneByteRecords(1000)); // loaded and warm
        Decoding[] d = new Decoding[1];
        long ms = cpuMillis(() -> d[0] = TlsDecoder.decode(tls));
        assertThat(d[0].records()).hasSize(80_000);
        assertThat(ms).as("CPU ms for 80,000 one-byte records").isLessThan(1000);

        // The DTLS form: 80,000 one-byte fragments of one message, out of order (even offsets first).
        int n = 80_000;
        byte[][] frags = new byte[n][];
        int k = 0;
        for (int start = 0; start < 2; start++) {
            for (int off = start; off < n; off += 2) {
                frags[k++] = dtlsFragment(0, n, off, new byte[] {(byte) off});
            }
        }
        byte[] dtls = concat(frags);
        DecodeLimits roomy = new DecodeLimits(16 << 20, 100_000, 100_000, 256, 1000, 1000);
        ms = cpuMillis(() -> d[0] = TlsDecoder.decode(dtls, roomy));
        assertThat(d[0].records()).hasSize(n);
        assertThat(d[0].records().get(n - 1).messages().get(0)).isInstanceOf(Message.HandshakeMessage.class);
        assertThat(ms).as("CPU ms for 80,000 one-byte DTLS fragments").isLessThan(1000);
    }
}
