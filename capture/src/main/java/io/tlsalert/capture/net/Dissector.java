package io.tlsalert.capture.net;

import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.WarningListener;

/**
 * Decodes link layer, IPv4/IPv6 and TCP/UDP headers of a packet into a reused {@link Segment}, with plain index
 * arithmetic and no allocation per packet.
 *
 * <p>Link types: Ethernet (1; with 802.1Q, 802.1ad/QinQ 0x88A8 and 0x9100/0x9200 VLAN tags), Linux cooked SLL (113)
 * and SLL2 (276), raw IP (101, 12, 14, and 228/229 for IPv4/IPv6 only), BSD loopback/null (0, the 4-byte family in
 * either byte order) and OpenBSD loop (108). IPv4: header checks, the total length bounds the datagram (Ethernet
 * padding is dropped; a total length of 0, as segmentation offload writes it, means "as captured"), fragments are
 * reassembled. IPv6: hop-by-hop, routing, destination options and AH headers are walked, fragments reassembled;
 * ESP and "no next header" end the walk. Malformed headers are reported to the warning listener.
 */
public final class Dissector {
    private static final int RAW = -1, ETH_IPV4 = 0x0800, ETH_IPV6 = 0x86DD;
    private static final int MAX_EXTENSION_HEADERS = 16;

    private final WarningListener warnings;
    private final Fragments fragments;
    private long lastFrame;

    public Dissector(WarningListener warnings) {
        this.warnings = warnings == null ? WarningListener.IGNORE : warnings;
        this.fragments = new Fragments(this.warnings);
    }

    /**
     * Fills {@code out} from a packet; false for anything that is not TCP or UDP over IPv4/IPv6 (ARP, ICMP, a
     * fragment not yet complete...). When the last fragment of a datagram arrives, the rebuilt datagram is returned
     * for that packet, its payload in the dissector's own buffer (valid until the next call).
     */
    public boolean dissect(Packet p, Segment out) {
        byte[] b = p.data;
        int o = p.offset;
        int end = o + p.capturedLength;
        lastFrame = p.number;
        int type;
        switch (p.linkType) {
            case 1: // Ethernet
                if (end - o < 14) {
                    return false;
                }
                type = u16(b, o + 12);
                o += 14;
                break;
            case 113: // Linux cooked v1
                if (end - o < 16) {
                    return false;
                }
                type = u16(b, o + 14);
                o += 16;
                break;
            case 276: // Linux cooked v2
                if (end - o < 20) {
                    return false;
                }
                type = u16(b, o);
                o += 20;
                break;
            case 101:
            case 12:
            case 14:
            case 228:
            case 229:
                type = RAW;
                break;
            case 0: { // BSD null: family in the capturing host's byte order
                if (end - o < 4) {
                    return false;
                }
                int fam = (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
                if ((fam & 0xFFFF0000) != 0) {
                    fam = Integer.reverseBytes(fam);
                }
                type = family(fam);
                o += 4;
                break;
            }
            case 108: { // OpenBSD loop: family in network byte order
                if (end - o < 4) {
                    return false;
                }
                type = family(
                        (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF));
                o += 4;
                break;
            }
            default:
                return false;
        }
        for (int tags = 0; (type == 0x8100 || type == 0x88A8 || type == 0x9100 || type == 0x9200) && tags < 8; tags++) {
            if (end - o < 4) {
                return false;
            }
            type = u16(b, o + 2);
            o += 4;
        }
        if (type == RAW) {
            if (end - o < 1) {
                return false;
            }
            int v = (b[o] & 0xFF) >> 4;
            type = v == 4 ? ETH_IPV4 : v == 6 ? ETH_IPV6 : 0;
        }
        if (type == ETH_IPV4) {
            return ipv4(p, b, o, end, out);
        }
        if (type == ETH_IPV6) {
            return ipv6(p, b, o, end, out);
        }
        return false;
    }

    /** Reports the datagrams whose fragments never all arrived; call once at the end of the capture. */
    public void finish() {
        fragments.finish(lastFrame);
    }

    private static int family(int fam) {
        switch (fam) {
            case 2:
                return ETH_IPV4;
            case 10: // Linux
            case 24: // NetBSD, OpenBSD, BSD/OS
            case 28: // FreeBSD, DragonFly
            case 30: // Darwin
                return ETH_IPV6;
            default:
                return 0;
        }
    }

    private boolean ipv4(Packet p, byte[] b, int o, int end, Segment out) {
        boolean cut = p.originalLength > p.capturedLength;
        if (end - o < 20) {
            if (!cut) {
                warn(p, "IPv4 header of " + (end - o) + " bytes is too short");
            }
            return false;
        }
        if ((b[o] & 0xF0) != 0x40) {
            warn(p, "IPv4 packet with IP version " + ((b[o] & 0xFF) >> 4));
            return false;
        }
        int ihl = (b[o] & 0x0F) * 4;
        if (ihl < 20) {
            warn(p, "IPv4 header length " + ihl + " is below 20");
            return false;
        }
        if (o + ihl > end) {
            if (!cut) {
                warn(p, "IPv4 header length " + ihl + " runs past the packet");
            }
            return false;
        }
        int total = u16(b, o + 2);
        int ipEnd;
        if (total == 0) {
            ipEnd = end; // segmentation offload: length not filled in
        } else if (total < ihl) {
            warn(p, "IPv4 total length " + total + " is below the header length " + ihl);
            return false;
        } else {
            ipEnd = o + total;
        }
        boolean truncated = false;
        if (ipEnd > end) {
            if (cut) {
                truncated = true;
            } else {
                warn(p, "IPv4 total length " + total + " runs past the " + (end - o) + " captured bytes");
            }
            ipEnd = end;
        }
        out.ipVersion = 4;
        copy4(b, o + 12, out.src);
        copy4(b, o + 16, out.dst);
        int proto = b[o + 9] & 0xFF;
        int ff = u16(b, o + 6);
        boolean more = (ff & 0x2000) != 0;
        int fragOffset = (ff & 0x1FFF) * 8;
        if (more || fragOffset != 0) {
            if (proto != 6 && proto != 17) {
                return false;
            }
            if (!fragments.add(
                    p.number,
                    p.timestampNanos,
                    4,
                    out.src,
                    out.dst,
                    u16(b, o + 4),
                    proto,
                    proto,
                    fragOffset,
                    more,
                    b,
                    o + ihl,
                    ipEnd,
                    truncated)) {
                return false;
            }
            return transport(p, fragments.out, 0, fragments.length, fragments.proto, false, true, out);
        }
        return transport(p, b, o + ihl, ipEnd, proto, truncated, false, out);
    }

    private boolean ipv6(Packet p, byte[] b, int o, int end, Segment out) {
        boolean cut = p.originalLength > p.capturedLength;
        if (end - o < 40) {
            if (!cut) {
                warn(p, "IPv6 header of " + (end - o) + " bytes is too short");
            }
            return false;
        }
        if ((b[o] & 0xF0) != 0x60) {
            warn(p, "IPv6 packet with IP version " + ((b[o] & 0xFF) >> 4));
            return false;
        }
        int plen = u16(b, o + 4);
        int ipEnd = plen == 0 ? end : o + 40 + plen; // 0: jumbogram or segmentation offload
        boolean truncated = false;
        if (ipEnd > end) {
            if (cut) {
                truncated = true;
            } else {
                warn(p, "IPv6 payload length " + plen + " runs past the " + (end - o) + " captured bytes");
            }
            ipEnd = end;
        }
        out.ipVersion = 6;
        System.arraycopy(b, o + 8, out.src, 0, 16);
        System.arraycopy(b, o + 24, out.dst, 0, 16);
        int nh = b[o + 6] & 0xFF;
        int q = o + 40;
        boolean reassembled = false;
        for (int i = 0; i < MAX_EXTENSION_HEADERS; i++) {
            switch (nh) {
                case 6:
                case 17:
                    return transport(p, b, q, ipEnd, nh, truncated, reassembled, out);
                case 0: // hop-by-hop
                case 43: // routing
                case 60: // destination options
                case 135: // mobility
                case 51: { // AH: length in 4-byte units, minus 2
                    if (ipEnd - q < 8) {
                        if (!truncated) {
                            warn(p, "IPv6 extension header " + nh + " runs past the packet");
                        }
                        return false;
                    }
                    int len = nh == 51 ? ((b[q + 1] & 0xFF) + 2) * 4 : ((b[q + 1] & 0xFF) + 1) * 8;
                    nh = b[q] & 0xFF;
                    q += len;
                    if (q > ipEnd) {
                        if (!truncated) {
                            warn(p, "IPv6 extension header runs past the packet");
                        }
                        return false;
                    }
                    break;
                }
                case 44: { // fragment
                    if (ipEnd - q < 8) {
                        if (!truncated) {
                            warn(p, "IPv6 fragment header runs past the packet");
                        }
                        return false;
                    }
                    if (reassembled) {
                        warn(p, "IPv6 fragment header inside a reassembled datagram");
                        return false;
                    }
                    int next = b[q] & 0xFF;
                    int of = u16(b, q + 2);
                    int fragOffset = of & 0xFFF8;
                    boolean more = (of & 1) != 0;
                    long id = u32(b, q + 4);
                    if (fragOffset == 0 && !more) { // atomic fragment
                        nh = next;
                        q += 8;
                        break;
                    }
                    if (!fragments.add(
                            p.number,
                            p.timestampNanos,
                            6,
                            out.src,
                            out.dst,
                            id,
                            0,
                            next,
                            fragOffset,
                            more,
                            b,
                            q + 8,
                            ipEnd,
                            truncated)) {
                        return false;
                    }
                    b = fragments.out;
                    q = 0;
                    ipEnd = fragments.length;
                    nh = fragments.proto;
                    truncated = false;
                    reassembled = true;
                    break;
                }
                default: // ESP (50), no next header (59), ICMPv6 and everything else
                    return false;
            }
        }
        warn(p, "more than " + MAX_EXTENSION_HEADERS + " IPv6 extension headers");
        return false;
    }

    private boolean transport(
            Packet p, byte[] b, int q, int ipEnd, int proto, boolean truncated, boolean reassembled, Segment out) {
        int avail = ipEnd - q;
        if (proto == 6) {
            if (avail < 20) {
                if (!truncated) {
                    warn(p, "TCP header of " + avail + " bytes is too short");
                }
                return false;
            }
            int doff = ((b[q + 12] & 0xFF) >> 4) * 4;
            if (doff < 20) {
                warn(p, "TCP data offset " + doff + " is below 20");
                return false;
            }
            if (doff > avail) {
                if (!truncated) {
                    warn(p, "TCP data offset " + doff + " runs past the segment of " + avail + " bytes");
                }
                return false;
            }
            out.protocol = 6;
            out.srcPort = u16(b, q);
            out.dstPort = u16(b, q + 2);
            out.seq = u32(b, q + 4);
            out.ack = u32(b, q + 8);
            out.flags = ((b[q + 12] & 1) << 8) | (b[q + 13] & 0xFF);
            out.payload = b;
            out.payloadOffset = q + doff;
            out.payloadLength = avail - doff;
        } else if (proto == 17) {
            if (avail < 8) {
                if (!truncated) {
                    warn(p, "UDP header of " + avail + " bytes is too short");
                }
                return false;
            }
            int ulen = u16(b, q + 4);
            int len;
            if (ulen == 0) {
                len = avail; // jumbogram
            } else if (ulen < 8) {
                warn(p, "UDP length " + ulen + " is below 8");
                return false;
            } else if (ulen > avail) {
                if (!truncated) {
                    warn(p, "UDP length " + ulen + " runs past the IP datagram of " + avail + " bytes");
                }
                len = avail;
            } else {
                len = ulen;
            }
            out.protocol = 17;
            out.srcPort = u16(b, q);
            out.dstPort = u16(b, q + 2);
            out.seq = 0;
            out.ack = 0;
            out.flags = 0;
            out.payload = b;
            out.payloadOffset = q + 8;
            out.payloadLength = len - 8;
        } else {
            return false;
        }
        out.truncated = truncated;
        out.reassembled = reassembled;
        return true;
    }

    private void warn(Packet p, String message) {
        warnings.warn(p.number, message);
    }

    private static void copy4(byte[] b, int o, byte[] to) {
        to[0] = b[o];
        to[1] = b[o + 1];
        to[2] = b[o + 2];
        to[3] = b[o + 3];
        for (int i = 4; i < 16; i++) {
            to[i] = 0;
        }
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF);
    }

    private static long u32(byte[] b, int o) {
        return ((long) (b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF);
    }
}
