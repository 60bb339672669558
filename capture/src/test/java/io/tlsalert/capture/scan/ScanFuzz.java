package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import io.tlsalert.capture.pcap.Captures;
import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.PacketSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * What the capture fuzz targets check of one input: it is read and scanned to the end (or to an {@link IOException}),
 * and at every packet the scan stays within its budgets: connections open, bytes held, and what each connection
 * keeps.
 */
final class ScanFuzz {
    private ScanFuzz() {}

    /** Small totals, so that the fuzzer reaches them. */
    static final int MAX_CONNECTIONS = 16;

    static final long MAX_HELD = 64 * 1024;
    /** The most one connection can hold: two directions of waiting segments, a record and a handshake message. */
    static final long MAX_HELD_BY_ONE = 2L
            * (Budget.OUT_OF_ORDER_BYTES.limit
                    + (long) (Budget.OUT_OF_ORDER_SEGMENTS.limit + 1) * HalfStream.SEGMENT_OVERHEAD
                    + Budget.RECORD_BYTES.limit
                    + Budget.HANDSHAKE_MESSAGE_BYTES.limit
                    + Captures.MAX_PACKET);

    /**
     * Checks the capture made of a file's fixed start ({@code header}: the file header, and for pcapng the interface
     * block) and the fuzzer's {@code rest}.
     */
    static void check(byte[] header, byte[] rest) {
        byte[] capture = java.util.Arrays.copyOf(header, header.length + rest.length);
        System.arraycopy(rest, 0, capture, header.length, rest.length);
        check(capture);
    }

    static void check(byte[] capture) {
        Scanner s = new Scanner(
                new Scanner.Options(null, 300L * 1_000_000_000L, MAX_CONNECTIONS, MAX_HELD),
                ScanFuzz::connection,
                ScanFuzz::warning);
        Packet p = new Packet();
        try (PacketSource src = Captures.open(new ByteArrayInputStream(capture), ScanFuzz::warning)) {
            while (src.next(p)) {
                s.packet(p);
                int open = s.openConnections();
                long held = s.heldBytes();
                if (open > MAX_CONNECTIONS) {
                    throw new AssertionError(open + " connections open, over " + MAX_CONNECTIONS);
                }
                if (held < 0 || held > MAX_HELD && (open > 1 || held > MAX_HELD_BY_ONE)) {
                    throw new AssertionError(held + " bytes held by " + open + " connections, over " + MAX_HELD);
                }
            }
            s.finish();
        } catch (IOException expected) {
            return; // not a capture: allowed
        }
        if (s.heldBytes() != 0 || s.openConnections() != 0) {
            throw new AssertionError("the scan ended holding " + s.heldBytes() + " bytes");
        }
    }

    private static void warning(long frame, String message) {
        if (message == null || message.isEmpty()) {
            throw new AssertionError("empty warning");
        }
    }

    private static void connection(Connection c) {
        if (c.alerts().size() > Budget.ALERTS_PER_CONNECTION.limit + 1) {
            throw new AssertionError(c.alerts().size() + " alerts kept");
        }
        if (c.warnings().size() > Budget.WARNINGS_PER_CONNECTION.limit + 2) {
            throw new AssertionError(c.warnings().size() + " warnings kept");
        }
        for (AlertEvent a : c.alerts()) {
            a.read().ifPresent(r -> {
                if (r.description() < 0
                        || r.description() > 255
                        || r.level().value() < 0
                        || r.level().value() > 255) {
                    throw new AssertionError("alert bytes out of uint8: " + r);
                }
            });
        }
    }
}
