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
