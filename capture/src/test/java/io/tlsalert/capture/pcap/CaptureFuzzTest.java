package io.tlsalert.capture.pcap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsalert.capture.net.Dissector;
import io.tlsalert.capture.net.Segment;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the capture readers and the dissector: whatever the bytes (pcap, pcapng, gzip of either), reading and
 * dissecting every packet may only end in an {@link IOException}, never another exception or a hang, and every packet
 * must lie inside its buffer. In {@code mvn test} the corpus under src/test/resources runs as regression tests; the
 * {@code fuzz-briefly} execution of {@code mvn verify} fuzzes for the duration below.
 */
class CaptureFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void readAndDissect(byte[] data) {
        Dissector dissector = new Dissector(WarningListener.IGNORE);
        Segment segment = new Segment();
        Packet p = new Packet();
        try (PacketSource src = Captures.open(new ByteArrayInputStream(data), (frame, message) -> {
            if (message == null || message.isEmpty()) {
                throw new AssertionError("empty warning");
            }
        })) {
            long last = 0;
            while (src.next(p)) {
                if (p.number <= last) {
                    throw new AssertionError("frame numbers must increase: " + p.number + " after " + last);
                }
                last = p.number;
                if (p.offset < 0
                        || p.capturedLength < 0
                        || p.offset + p.capturedLength > p.data.length
                        || p.capturedLength > Captures.MAX_PACKET) {
                    throw new AssertionError("packet outside its buffer: " + p);
                }
                if (dissector.dissect(p, segment)) {
                    if (segment.payloadLength < 0
                            || segment.payloadOffset < 0
                            || segment.payloadOffset + segment.payloadLength > segment.payload.length) {
                        throw new AssertionError("payload outside its buffer: " + segment);
                    }
                    segment.srcAddress();
                    segment.dstAddress();
                }
            }
            if (src.position() < 0) {
                throw new AssertionError("negative position");
            }
            dissector.finish();
        } catch (IOException expected) {
            // not a capture, or the stream failed: allowed
        }
    }
}
