package io.tlsalert.capture.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsalert.testkit.CaptureWriter;
import java.util.List;

/**
 * Fuzzes the classic pcap reader and the scan behind it: the input is the records after a pcap file header
 * (little-endian, microseconds, Ethernet), and the scan must stay within its budgets ({@link ScanFuzz}). In
 * {@code mvn test} the corpus under src/test/resources runs as regression tests; {@code mvn verify} fuzzes briefly.
 */
class PcapScanFuzzTest {
    static final byte[] HEADER = CaptureWriter.pcap(false, false, CaptureWriter.ETHERNET, 262144, List.of());

    @FuzzTest(maxDuration = "15s")
    void scanPcap(byte[] records) {
        ScanFuzz.check(HEADER, records);
    }
}
