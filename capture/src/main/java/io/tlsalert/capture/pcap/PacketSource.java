package io.tlsalert.capture.pcap;

import java.io.IOException;

/** Packets of one capture file, in file order. Not thread-safe. */
public interface PacketSource extends AutoCloseable {
    /** Fills {@code into} with the next packet; false at end of file (or where a corrupt file cannot be read on). */
    boolean next(Packet into) throws IOException;

    /** Bytes of the (decompressed) file consumed so far, for progress. */
    long position();

    @Override
    void close() throws IOException;
}
