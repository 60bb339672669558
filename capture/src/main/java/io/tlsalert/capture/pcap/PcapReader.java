package io.tlsalert.capture.pcap;

import java.io.IOException;

/**
 * Classic libpcap format: both byte orders, microsecond ({@code a1b2c3d4}) and nanosecond ({@code a1b23c4d}) magics.
 * A record header that cannot be right (captured length over the cap and the snaplen, or over the original length
 * by far) ends the reading with a warning: the format has no way to find the next record again.
 */
final class PcapReader extends CaptureFileReader {
    static final int HEADER = 24, RECORD = 16;

    private final boolean big;
    private final long fracToNanos;
    private final int linkType;
    private final long snaplen;

    /** {@code in} is at the file header, its 24 bytes are buffered. */
    PcapReader(Input in, WarningListener warnings, boolean big, boolean nanos) {
        super(in, warnings);
        this.big = big;
        this.fracToNanos = nanos ? 1 : 1000;
        byte[] b = in.buf;
        int p = in.pos;
        int major = Input.u16(b, p + 4, big);
        if (major != 2) {
            warnings.warn(
                    0, "pcap version " + major + "." + Input.u16(b, p + 6, big) + " (expected 2.4); reading anyway");
        }
        this.snaplen = Input.u32(b, p + 16, big);
        this.linkType = Input.i32(b, p + 20, big) & 0x03FFFFFF;
        in.pos += HEADER;
    }

    int linkType() {
        return linkType;
    }

    @Override
    public boolean next(Packet into) throws IOException {
        while (!done) {
            if (!in.require(RECORD)) {
                if (in.available() > 0) {
                    warnings.warn(
                            frame + 1, "file truncated: " + in.available() + " bytes of a record header at the end");
                }
                return finish();
            }
            byte[] b = in.buf;
            int p = in.pos;
            long caplen = Input.u32(b, p + 8, big);
            long origlen = Input.u32(b, p + 12, big);
            long number = ++frame;
            if (caplen > Captures.MAX_PACKET) {
                boolean plausible =
                        caplen <= Captures.MAX_SKIPPABLE && (snaplen == 0 || caplen <= snaplen) && caplen <= origlen;
                if (!plausible) {
                    warnings.warn(
                            number,
                            "impossible record header (captured length " + caplen + ", original length " + origlen
                                    + ", snaplen " + snaplen + "); reading stops here");
                    return finish();
                }
                warnings.warn(
                        number,
                        "packet of " + caplen + " bytes is over the " + Captures.MAX_PACKET + "-byte limit; skipped");
                long want = RECORD + caplen;
                if (in.skip(want) < want) {
                    warnings.warn(number, "file truncated in the middle of a packet");
                    return finish();
                }
                continue;
            }
            int cap = (int) caplen;
            if (!in.require(RECORD + cap)) {
                warnings.warn(
                        number,
                        "file truncated: last packet has " + Math.max(0, in.available() - RECORD) + " of its " + cap
                                + " captured bytes");
                return finish();
            }
            b = in.buf;
            p = in.pos;
            if (snaplen != 0 && caplen > snaplen) {
                snapped.overSnaplen(number, caplen, snaplen);
            }
            long sec = Input.u32(b, p, big);
            long frac = Input.u32(b, p + 4, big);
            into.number = number;
            into.timestampNanos = sec * 1_000_000_000L + frac * fracToNanos;
            into.linkType = linkType;
            into.interfaceId = 0;
            into.data = b;
            into.offset = p + RECORD;
            into.capturedLength = cap;
            into.originalLength = origlen > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) origlen;
            if (origlen > caplen) {
                snapped.cut(number, caplen, origlen);
            }
            in.pos = p + RECORD + cap;
            return true;
        }
        return false;
    }
}
