package io.tlsalert.capture.pcap;

/**
 * A packet as read; ONE instance is reused by the reader for speed (no allocation per packet): copy what you keep.
 * {@link #data} usually is the reader's own buffer, valid only until the next call of {@link PacketSource#next}.
 */
public final class Packet {
    /** 1-based frame number across the whole file (as tshark counts frames). */
    public long number;
    /** Since the epoch (0 where the format has none, as in a pcapng Simple Packet Block). */
    public long timestampNanos;
    /** LINKTYPE_* (1 Ethernet, 101 raw, 113 SLL, 276 SLL2, 0 null/loopback, 12/14 raw, 108 loop...). */
    public int linkType;
    /** pcapng interface, within its section (0 for pcap). */
    public int interfaceId;
    /** The buffer holding the captured bytes. */
    public byte[] data;

    public int offset, capturedLength, originalLength;

    /** Sets every field: for readers and for tests that build packets by hand. */
    public Packet set(
            long number,
            long timestampNanos,
            int linkType,
            int interfaceId,
            byte[] data,
            int offset,
            int capturedLength,
            int originalLength) {
        this.number = number;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.data = data;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
        return this;
    }

    /** A copy that owns its bytes (allocates). */
    public Packet copy() {
        byte[] b = new byte[capturedLength];
        System.arraycopy(data, offset, b, 0, capturedLength);
        return new Packet().set(number, timestampNanos, linkType, interfaceId, b, 0, capturedLength, originalLength);
    }

    @Override
    public String toString() {
        return "Packet #" + number + " t=" + timestampNanos + "ns link=" + linkType + " if=" + interfaceId + " "
                + capturedLength + "/" + originalLength + " bytes";
    }
}
