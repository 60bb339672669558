package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ethernet frames in capture order, stamped by a clock that advances a fixed step before each frame; written as a
 * classic little-endian microsecond pcap (what tshark and the scan read without options).
 */
public final class FrameLog {
    /** 2023-11-14T22:13:20Z: a fixed start, so captures of the same bytes are the same file. */
    public static final long START_NANOS = 1_700_000_000_000_000_000L;

    private final List<CaptureWriter.Frame> frames = new ArrayList<>();
    private final long stepNanos;
    private final int snaplen;
    private long nanos = START_NANOS;

    public FrameLog(long stepNanos, int snaplen) {
        this.stepNanos = stepNanos;
        this.snaplen = snaplen;
    }

    /** Adds a whole Ethernet frame; returns its frame number (1 for the first). */
    public int add(byte[] frame) {
        nanos += stepNanos;
        frames.add(CaptureWriter.Frame.of(nanos, frame));
        return frames.size();
    }

    /** One UDP datagram in an IPv4 packet (UDP checksum 0: none, as RFC 768 allows over IPv4); its frame number. */
    public int udp(Endpoint src, Endpoint dst, byte[] payload) {
        byte[] udp = Frames.udp(src.port(), dst.port(), payload);
        return add(Frames.eth(0x0800, Frames.ipv4(src.ip(), dst.ip(), 17, next() & 0xFFFF, 0x4000, udp)));
    }

    /** The number the next frame gets: tests use it as the IPv4 identification, so each packet has its own. */
    public int next() {
        return frames.size() + 1;
    }

    public List<CaptureWriter.Frame> frames() {
        return List.copyOf(frames);
    }

    public byte[] pcap() {
        return CaptureWriter.pcap(false, false, CaptureWriter.ETHERNET, snaplen, frames);
    }

    public Path write(Path file) throws IOException {
        Files.write(file, pcap());
        return file;
    }
}
