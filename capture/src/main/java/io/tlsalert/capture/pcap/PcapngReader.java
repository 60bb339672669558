package io.tlsalert.capture.pcap;

import java.io.IOException;

/**
 * pcapng: Section Header Blocks in either byte order (several sections, each with its own), Interface Description
 * Blocks ({@code if_tsresol}, decimal and base-2, and {@code if_tsoffset}), Enhanced, Simple and (obsolete) Packet
 * Blocks; every other block (name resolution, statistics, decryption secrets, custom...) is skipped by its length.
 * Each block's trailing length must match the leading one; when a block length cannot be trusted (too small, not a
 * multiple of 4, absurdly large, or not matching) the reading stops with a warning, as nothing else says where the
 * next block starts. A packet block whose inner lengths are wrong is skipped: its block length still holds.
 */
final class PcapngReader extends CaptureFileReader {
    static final int SHB = 0x0A0D0D0A, IDB = 1, PB = 2, SPB = 3, EPB = 6;
    static final int SYSTEMD_JOURNAL = 9, CUSTOM = 0x00000BAD, CUSTOM_NO_COPY = 0x40000BAD;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private boolean big;
    private int sections;
    // Interfaces of the current section.
    private int interfaces;
    private int[] linkTypes = new int[4];
    private long[] snaplens = new long[4];
    private int[] tsres = new int[4];
    private long[] tsMul = new long[4]; // nanoseconds per unit for decimal resolutions up to 10^-9, else 0
    private long[] tsOffsetNanos = new long[4];

    /** {@code in} is at the first Section Header Block. */
    PcapngReader(Input in, WarningListener warnings) {
        super(in, warnings);
    }

    @Override
    public boolean next(Packet into) throws IOException {
        while (!done) {
            long offset = in.position();
            if (!in.require(12)) {
                if (in.available() > 0) {
                    warnings.warn(
                            frame + 1,
                            in.available() + " bytes at the end (offset " + offset
                                    + ") are too few for a block: truncated file or garbage; ignored");
                }
                return finish();
            }
            byte[] b = in.buf;
            int p = in.pos;
            int type = Input.i32(b, p, big);
            if (type == SHB) {
                int bom = Input.i32(b, p + 8, true);
                if (bom == 0x1A2B3C4D) {
                    big = true;
                } else if (bom == 0x4D3C2B1A) {
                    big = false;
                } else {
                    warnings.warn(
                            frame + 1,
                            "section header at offset " + offset + " has no valid byte-order magic; reading stops");
                    return finish();
                }
            }
            long len = Input.u32(b, p + 4, big);
            if (len < 12 || (len & 3) != 0 || len > Captures.MAX_SKIPPABLE) {
                if (offset > 0) {
                    warnings.warn(
                            frame + 1,
                            "corrupt block length " + len + " (block type 0x" + Integer.toHexString(type)
                                    + ") at offset " + offset + ": garbage or a damaged file; reading stops");
                } else {
                    warnings.warn(0, "corrupt block length " + len + " in the first section header; reading stops");
                }
                return finish();
            }
            boolean packet = type == EPB || type == SPB || type == PB;
            long number = frame + 1;
            if (packet || type == CUSTOM || type == CUSTOM_NO_COPY || type == SYSTEMD_JOURNAL) {
                frame++; // tshark numbers these records as frames too: keep the same numbers (not delivered)
            }
            if (len > Input.BUFFER_SIZE) {
                // Too big to hold: skip it by its length, whatever it is.
                if (packet) {
                    warnings.warn(
                            number,
                            "packet block of " + len + " bytes is over the " + Captures.MAX_PACKET
                                    + "-byte packet limit; skipped");
                } else if (type == SHB || type == IDB) {
                    warnings.warn(
                            number,
                            "header block of " + len + " bytes at offset " + offset + " is too large; reading stops");
                    return finish();
                }
                long want = len - 4;
                if (in.skip(want) < want || !in.require(4)) {
                    warnings.warn(
                            number, "file truncated in the middle of a block of " + len + " bytes at offset " + offset);
                    return finish();
                }
                long trailer = Input.u32(in.buf, in.pos, big);
                if (trailer != len) {
                    return mismatch(number, offset, len, trailer);
                }
                in.pos += 4;
                continue;
            }
            int n = (int) len;
            if (!in.require(n)) {
                warnings.warn(
                        number,
                        "file truncated: the last block (type 0x" + Integer.toHexString(type) + ", offset " + offset
                                + ") has " + in.available() + " of its " + n + " bytes");
                return finish();
            }
            b = in.buf;
            p = in.pos;
            long trailer = Input.u32(b, p + n - 4, big);
            if (trailer != len) {
                return mismatch(number, offset, len, trailer);
            }
            in.pos = p + n; // the block is consumed; its bytes stay in the buffer until the next call
            switch (type) {
                case SHB:
                    if (!section(b, p, n, offset)) {
                        return finish();
                    }
                    break;
                case IDB:
                    if (!interfaceBlock(b, p, n, number)) {
                        return finish();
                    }
                    break;
                case EPB:
                case PB:
                    if (n < 32) {
                        warnings.warn(number, "packet block of " + n + " bytes is too short; skipped");
                        break;
                    }
                    if (fill(into, number, b, p, n, type == EPB)) {
                        return true;
                    }
                    break;
                case SPB:
                    if (n < 16) {
                        warnings.warn(number, "simple packet block of " + n + " bytes is too short; skipped");
                        break;
                    }
                    if (simple(into, number, b, p, n)) {
                        return true;
                    }
                    break;
                default:
                    break; // NRB, ISB, DSB, custom, journal and unknown blocks
            }
        }
        return false;
    }

    private boolean mismatch(long number, long offset, long len, long trailer) {
        warnings.warn(
                number,
                "block at offset " + offset + " has leading length " + len + " but trailing length " + trailer
                        + ": corrupt block; reading stops");
        return finish();
    }

    private boolean section(byte[] b, int p, int n, long offset) {
        if (n < 28) {
            warnings.warn(
                    frame + 1,
                    "section header of " + n + " bytes at offset " + offset + " is too short; reading stops");
            return false;
        }
        int major = Input.u16(b, p + 12, big);
        if (major != 1) {
            warnings.warn(
                    frame + 1,
                    "pcapng section at offset " + offset + " has version " + major + "." + Input.u16(b, p + 14, big)
                            + ", unsupported; reading stops");
            return false;
        }
        sections++;
        interfaces = 0;
        return true;
    }

    private boolean interfaceBlock(byte[] b, int p, int n, long number) {
        if (n < 20) {
            warnings.warn(number, "interface description block of " + n + " bytes is too short; reading stops");
            return false;
        }
        if (interfaces == linkTypes.length) {
            if (interfaces >= 1 << 20) {
                warnings.warn(number, "more than " + interfaces + " interfaces; reading stops");
                return false;
            }
            int cap = interfaces * 2;
            linkTypes = java.util.Arrays.copyOf(linkTypes, cap);
            snaplens = java.util.Arrays.copyOf(snaplens, cap);
            tsres = java.util.Arrays.copyOf(tsres, cap);
            tsMul = java.util.Arrays.copyOf(tsMul, cap);
            tsOffsetNanos = java.util.Arrays.copyOf(tsOffsetNanos, cap);
        }
        int i = interfaces++;
        linkTypes[i] = Input.u16(b, p + 8, big);
        snaplens[i] = Input.u32(b, p + 12, big);
        int res = 6;
        long offsetSeconds = 0;
        int o = p + 16, end = p + n - 4;
        while (o + 4 <= end) {
            int code = Input.u16(b, o, big);
            int olen = Input.u16(b, o + 2, big);
            if (code == 0) {
                break;
            }
            int v = o + 4;
            if (v + olen > end) {
                warnings.warn(number, "interface option " + code + " runs past its block; options ignored from there");
                break;
            }
            if (code == 9 && olen >= 1) {
                res = b[v] & 0xFF;
            } else if (code == 14 && olen >= 8) {
                offsetSeconds =
                        ((long) Input.i32(b, v + (big ? 0 : 4), big) << 32) | Input.u32(b, v + (big ? 4 : 0), big);
            }
            o = v + ((olen + 3) & ~3);
        }
        tsres[i] = res;
        tsMul[i] = (res & 0x80) == 0 && res <= 9 ? POW10[9 - res] : 0;
        tsOffsetNanos[i] = offsetSeconds * 1_000_000_000L;
        return true;
    }

    private boolean fill(Packet into, long number, byte[] b, int p, int n, boolean enhanced) {
        int ifid = enhanced ? Input.i32(b, p + 8, big) : Input.u16(b, p + 8, big);
        long caplen = Input.u32(b, p + 20, big);
        long origlen = Input.u32(b, p + 24, big);
        if (ifid < 0 || ifid >= interfaces) {
            warnings.warn(
                    number,
                    "packet of interface " + (ifid & 0xFFFFFFFFL) + ", but the section describes " + interfaces
                            + "; skipped");
            return false;
        }
        if (caplen > n - 32) {
            warnings.warn(
                    number,
                    "captured length " + caplen + " is larger than its block of " + n + " bytes; packet skipped");
            return false;
        }
        if (caplen > Captures.MAX_PACKET) {
            warnings.warn(
                    number,
                    "packet of " + caplen + " bytes is over the " + Captures.MAX_PACKET + "-byte limit; skipped");
            return false;
        }
        long snap = snaplens[ifid];
        if (snap != 0 && caplen > snap) {
            snapped.overSnaplen(number, caplen, snap);
        }
        if (origlen > caplen) {
            snapped.cut(number, caplen, origlen);
        }
        long ts = (Input.u32(b, p + 12, big) << 32) | Input.u32(b, p + 16, big);
        into.number = number;
        into.timestampNanos = timestamp(ifid, ts);
        into.linkType = linkTypes[ifid];
        into.interfaceId = ifid;
        into.data = b;
        into.offset = p + 28;
        into.capturedLength = (int) caplen;
        into.originalLength = origlen > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) origlen;
        return true;
    }

    private boolean simple(Packet into, long number, byte[] b, int p, int n) {
        if (interfaces == 0) {
            warnings.warn(number, "simple packet block before any interface description; skipped");
            return false;
        }
        long origlen = Input.u32(b, p + 8, big);
        long caplen = Math.min(origlen, n - 16);
        long snap = snaplens[0];
        if (snap != 0) {
            caplen = Math.min(caplen, snap);
        }
        if (caplen > Captures.MAX_PACKET) {
            warnings.warn(
                    number,
                    "packet of " + caplen + " bytes is over the " + Captures.MAX_PACKET + "-byte limit; skipped");
            return false;
        }
        if (origlen > caplen) {
            snapped.cut(number, caplen, origlen);
        }
        into.number = number;
        into.timestampNanos = 0;
        into.linkType = linkTypes[0];
        into.interfaceId = 0;
        into.data = b;
        into.offset = p + 12;
        into.capturedLength = (int) caplen;
        into.originalLength = origlen > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) origlen;
        return true;
    }

    private long timestamp(int ifid, long ts) {
        long mul = tsMul[ifid];
        long nanos = mul != 0 ? ts * mul : toNanos(ts, tsres[ifid]);
        return nanos + tsOffsetNanos[ifid];
    }

    /** Converts {@code ts} (unsigned) in units of the {@code if_tsresol} value {@code res} to nanoseconds. */
    static long toNanos(long ts, int res) {
        int n = res & 0x7F;
        if ((res & 0x80) == 0) {
            if (n <= 9) {
                return ts * POW10[9 - n];
            }
            return n - 9 < POW10.length ? Long.divideUnsigned(ts, POW10[n - 9]) : 0;
        }
        if (n == 0) {
            return ts * 1_000_000_000L;
        }
        long secs = n >= 64 ? 0 : ts >>> n;
        long frac = n >= 64 ? ts : ts & ((1L << n) - 1);
        long lo = frac * 1_000_000_000L;
        long hi = Math.multiplyHigh(frac, 1_000_000_000L) + ((frac >> 63) & 1_000_000_000L);
        long fracNanos;
        if (n < 64) {
            fracNanos = (hi << (64 - n)) | (lo >>> n);
        } else {
            fracNanos = n - 64 >= 64 ? 0 : hi >>> (n - 64);
        }
        return secs * 1_000_000_000L + fracNanos;
    }
}
