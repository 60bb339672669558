package io.tlsalert.capture.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fuzzes the pcapng reader and the scan behind it: the input is the blocks after a Section Header Block and one
 * Ethernet Interface Description Block (little-endian), and the scan must stay within its budgets ({@link ScanFuzz}).
 * In {@code mvn test} the corpus under src/test/resources runs as regression tests; {@code mvn verify} fuzzes briefly.
 */
class PcapngScanFuzzTest {
    static final byte[] HEADER = ByteBuffer.allocate(28 + 20)
            .order(ByteOrder.LITTLE_ENDIAN)
            // Section Header Block: type, length, byte-order magic, version 1.0, section length -1, length
            .putInt(0x0A0D0D0A)
            .putInt(28)
            .putInt(0x1A2B3C4D)
            .putShort((short) 1)
            .putShort((short) 0)
            .putLong(-1)
            .putInt(28)
            // Interface Description Block: type, length, LINKTYPE_ETHERNET, reserved, snaplen, length
            .putInt(1)
            .putInt(20)
            .putShort((short) 1)
            .putShort((short) 0)
            .putInt(262144)
            .putInt(20)
            .array();

    @FuzzTest(maxDuration = "15s")
    void scanPcapng(byte[] blocks) {
        byte[] capture = new byte[HEADER.length + blocks.length];
        System.arraycopy(HEADER, 0, capture, 0, HEADER.length);
        System.arraycopy(blocks, 0, capture, HEADER.length, blocks.length);
        ScanFuzz.check(capture);
    }
}
