package io.tlsalert.testkit;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The tests' one pcap/pcapng writer: classic pcap (either byte order, micro- or nanosecond timestamps) and pcapng
 * block by block (any layout, including wrong ones on purpose). Byte-level: a packet is a {@link Frame}, not a type
 * of the capture module.
 */
public final class CaptureWriter {
    /** LINKTYPE_ETHERNET. */
    public static final int ETHERNET = 1;

    /** One captured packet: its time, and {@code capturedLength} bytes of {@code data} from {@code offset}. */
    public record Frame(long timestampNanos, byte[] data, int offset, int capturedLength, int originalLength) {
        /** A whole frame, nothing cut. */
        public static Frame of(long timestampNanos, byte[] frame) {
            return new Frame(timestampNanos, frame, 0, frame.length, frame.length);
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean big;

    /**
     * Classic pcap of the frames (their timestamps), in the given byte order, with micro- or nanosecond timestamps.
     *
     * <pre>
     * struct pcap_file_header { u32 magic; u16 version_major (2); u16 version_minor (4); i32 thiszone; u32 sigfigs;
     *                           u32 snaplen; u32 linktype; }
     * struct pcap_pkthdr { u32 ts_sec; u32 ts_usec (or ts_nsec); u32 caplen; u32 len; }
     * </pre>
     */
    public static byte[] pcap(boolean big, boolean nanos, int linkType, int snaplen, List<Frame> packets) {
        CaptureWriter w = new CaptureWriter();
        w.big = big;
        w.u32(nanos ? 0xA1B23C4D : 0xA1B2C3D4);
        w.u16(2);
        w.u16(4);
        w.u32(0);
        w.u32(0);
        w.u32(snaplen);
        w.u32(linkType);
        for (Frame p : packets) {
            long sec = Math.floorDiv(p.timestampNanos(), 1_000_000_000L);
            long frac = Math.floorMod(p.timestampNanos(), 1_000_000_000L);
            w.u32((int) sec);
            w.u32((int) (nanos ? frac : frac / 1000));
            w.u32(p.capturedLength());
            w.u32(p.originalLength());
            w.out.write(p.data(), p.offset(), p.capturedLength());
        }
        return w.bytes();
    }

    /** Starts a pcapng section in the given byte order. */
    public CaptureWriter section(boolean bigEndian) {
        this.big = bigEndian;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CaptureWriter b = sub(body);
        b.u32(0x1A2B3C4D);
        b.u16(1);
        b.u16(0);
        b.u32(-1);
        b.u32(-1);
        return block(0x0A0D0D0A, body.toByteArray());
    }

    /** An Interface Description Block; {@code tsresol} / {@code tsoffset} become options when not null. */
    public CaptureWriter iface(int linkType, int snaplen, Integer tsresol, Long tsoffset) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CaptureWriter b = sub(body);
        b.u16(linkType);
        b.u16(0);
        b.u32(snaplen);
        if (tsresol != null) {
            b.u16(9);
            b.u16(1);
            body.write(tsresol);
            body.write(0);
            body.write(0);
            body.write(0);
        }
        if (tsoffset != null) {
            b.u16(14);
            b.u16(8);
            b.u64(tsoffset);
        }
        if (tsresol != null || tsoffset != null) {
            b.u32(0); // opt_endofopt
        }
        return block(1, body.toByteArray());
    }

    /** An Enhanced Packet Block; {@code ts} in the interface's units. */
    public CaptureWriter epb(int ifid, long ts, byte[] data, int off, int caplen, int origlen) {
        return packetBlock(6, b -> b.u32(ifid), ts, data, off, caplen, origlen);
    }

    /** The obsolete Packet Block (type 2): a 16-bit interface id and a drops count (0). */
    public CaptureWriter pb(int ifid, long ts, byte[] data, int off, int caplen, int origlen) {
        return packetBlock(
                2,
                b -> {
                    b.u16(ifid);
                    b.u16(0);
                },
                ts,
                data,
                off,
                caplen,
                origlen);
    }

    /** The layout both packet blocks share after their interface field: timestamp (high, low), lengths, data. */
    private CaptureWriter packetBlock(
            int type, Consumer<CaptureWriter> iface, long ts, byte[] data, int off, int caplen, int origlen) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CaptureWriter b = sub(body);
        iface.accept(b);
        b.u32((int) (ts >>> 32));
        b.u32((int) ts);
        b.u32(caplen);
        b.u32(origlen);
        body.write(data, off, caplen);
        pad(body);
        return block(type, body.toByteArray());
    }

    /** A Simple Packet Block: the data is cut to the block; origlen as given. */
    public CaptureWriter spb(byte[] data, int off, int len, int origlen) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CaptureWriter b = sub(body);
        b.u32(origlen);
        body.write(data, off, len);
        pad(body);
        return block(3, body.toByteArray());
    }

    /** Any block: type, body (padded), leading and trailing lengths. */
    public CaptureWriter block(int type, byte[] body) {
        int len = 12 + ((body.length + 3) & ~3);
        u32(type);
        u32(len);
        out.write(body, 0, body.length);
        for (int i = body.length; (i & 3) != 0; i++) {
            out.write(0);
        }
        u32(len);
        return this;
    }

    public CaptureWriter raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    private CaptureWriter sub(ByteArrayOutputStream body) {
        CaptureWriter w = new CaptureWriter(body);
        w.big = big;
        return w;
    }

    private final ByteArrayOutputStream target;

    public CaptureWriter() {
        this.target = null;
    }

    private CaptureWriter(ByteArrayOutputStream target) {
        this.target = target;
    }

    private ByteArrayOutputStream o() {
        return target != null ? target : out;
    }

    private static void pad(ByteArrayOutputStream body) {
        while ((body.size() & 3) != 0) {
            body.write(0);
        }
    }

    void u16(int v) {
        if (big) {
            o().write(v >> 8);
            o().write(v);
        } else {
            o().write(v);
            o().write(v >> 8);
        }
    }

    void u32(int v) {
        if (big) {
            u16(v >>> 16);
            u16(v & 0xFFFF);
        } else {
            u16(v & 0xFFFF);
            u16(v >>> 16);
        }
    }

    void u64(long v) {
        if (big) {
            u32((int) (v >>> 32));
            u32((int) v);
        } else {
            u32((int) v);
            u32((int) (v >>> 32));
        }
    }
}
