package io.tlsalert.capture.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fuzzes the classic pcap reader and the scan behind it: the input is the records after a pcap file header
 * (little-endian, microseconds, Ethernet), and the scan must stay within its budgets ({@link ScanFuzz}). In
 * {@code mvn test} the corpus under src/test/resources runs as regression tests; {@code mvn verify} fuzzes briefly.
 */
class PcapScanFuzzTest {
    static final byte[] HEADER = ByteBuffer.allocate(24)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0xA1B2C3D4)
            .putShort((short) 2)
            .putShort((short) 4)
            .putInt(0)
            .putInt(0)
            .putInt(262144)
            .putInt(1)
            .array();

    @FuzzTest(maxDuration = "15s")
    void scanPcap(byte[] records) {
        byte[] capture = new byte[HEADER.length + records.length];
        System.arraycopy(HEADER, 0, capture, 0, HEADER.length);
        System.arraycopy(records, 0, capture, HEADER.length, records.length);
        ScanFuzz.check(capture);
    }
}
