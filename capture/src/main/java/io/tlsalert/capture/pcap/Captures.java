package io.tlsalert.capture.pcap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens capture files: classic pcap (both byte orders, microsecond and nanosecond magics) and pcapng, either of them
 * gzip-compressed or not, told apart by their magic numbers, never by the file name.
 *
 * <p>Hand-written on purpose: no well-kept pure-Java library reads both pcap and pcapng without the native libpcap
 * (pcap4j needs libpcap through JNA; pkts.io has no pcapng). Reading is built for speed: one 1 MiB buffer, records
 * parsed in place by index arithmetic, one reused {@link Packet}, no allocation per packet.
 *
 * <p>Damaged input never throws (only the stream's own {@link IOException}s pass): problems go to the
 * {@link WarningListener} with the frame number, and reading goes on where the format allows it.
 */
public final class Captures {
    /** Largest packet delivered (libpcap's own maximum snaplen); larger ones are skipped with a warning. */
    public static final int MAX_PACKET = io.tlsalert.capture.Budget.PACKET_BYTES.limit;
    /** Largest record or block skipped by its length; a larger length is taken as corruption. */
    static final long MAX_SKIPPABLE = io.tlsalert.capture.Budget.SKIPPED_BLOCK_BYTES.limit;

    private Captures() {}

    /** Opens a pcap or pcapng file, gzip-compressed or not (by magic, not by name). */
    public static PacketSource open(Path file, WarningListener warnings) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return open(in, warnings);
        } catch (IOException | RuntimeException | Error e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a pcap or pcapng stream, gzip-compressed or not (by magic). Warnings (truncated file, corrupt block
     * length, snaplen-truncated packet...) go to the listener with the frame number; reading goes on where it can.
     * An empty stream gives an empty source with a warning; a stream that is no capture at all throws an
     * {@link IOException} that says so. The stream is closed with the source.
     */
    public static PacketSource open(InputStream in, WarningListener warnings) throws IOException {
        WarningListener w = warnings == null ? WarningListener.IGNORE : warnings;
        Input input = new Input(in, w);
        input.require(4);
        byte[] b = input.buf;
        if (input.available() >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B) {
            InputStream rest = new SequenceInputStream(new ByteArrayInputStream(b, 0, input.available()), in);
            GZIPInputStream gz;
            try {
                gz = new GZIPInputStream(rest, 1 << 16);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                w.warn(0, "damaged gzip header (" + e.getMessage() + ")");
                throw new IOException("not a readable gzip file: " + e.getMessage(), e);
            }
            input = new Input(gz, w);
            input.require(4);
            b = input.buf;
        }
        int have = input.available();
        if (have == 0) {
            w.warn(0, "the capture file is empty");
            return new Empty(input);
        }
        if (have < 4 && isMagicPrefix(b, have)) {
            w.warn(0, "file truncated: " + have + " bytes, not even a whole magic number");
            return new Empty(input);
        }
        int magic = have >= 4 ? Input.i32(b, 0, true) : 0;
        switch (magic) {
            case 0xA1B2C3D4:
            case 0xD4C3B2A1:
            case 0xA1B23C4D:
            case 0x4D3CB2A1: {
                boolean big = magic == 0xA1B2C3D4 || magic == 0xA1B23C4D;
                boolean nanos = magic == 0xA1B23C4D || magic == 0x4D3CB2A1;
                if (!input.require(PcapReader.HEADER)) {
                    w.warn(0, "file truncated: " + input.available() + " bytes of the 24-byte pcap file header");
                    return new Empty(input);
                }
                return new PcapReader(input, w, big, nanos);
            }
            case PcapngReader.SHB:
                return new PcapngReader(input, w);
            default:
                input.close();
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < Math.min(have, 4); i++) {
                    hex.append(String.format("%02x", b[i] & 0xFF));
                }
                throw new IOException("not a pcap or pcapng file (it starts with " + hex + ")");
        }
    }

    private static final int[] MAGICS = {0xA1B2C3D4, 0xD4C3B2A1, 0xA1B23C4D, 0x4D3CB2A1, PcapngReader.SHB};

    private static boolean isMagicPrefix(byte[] b, int n) {
        for (int m : MAGICS) {
            boolean ok = true;
            for (int i = 0; i < n; i++) {
                ok &= (b[i] & 0xFF) == (m >>> (24 - 8 * i) & 0xFF);
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** A source without packets, for an empty or header-only file. */
    private static final class Empty implements PacketSource {
        private final Input in;

        Empty(Input in) {
            this.in = in;
        }

        @Override
        public boolean next(Packet into) {
            return false;
        }

        @Override
        public long position() {
            return in.position();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
