package io.tlsalert.capture.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsalert.testkit.CaptureWriter;

/**
 * Fuzzes the pcapng reader and the scan behind it: the input is the blocks after a Section Header Block and one
 * Ethernet Interface Description Block (little-endian, snaplen 262144), and the scan must stay within its budgets
 * ({@link ScanFuzz}). In {@code mvn test} the corpus under src/test/resources runs as regression tests;
 * {@code mvn verify} fuzzes briefly.
 */
class PcapngScanFuzzTest {
    static final byte[] HEADER = new CaptureWriter()
            .section(false)
            .iface(CaptureWriter.ETHERNET, 262144, null, null)
            .bytes();

    @FuzzTest(maxDuration = "15s")
    void scanPcapng(byte[] blocks) {
        ScanFuzz.check(HEADER, blocks);
    }
}
