package io.tlsalert.capture.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tlsalert.capture.Budget;
import java.util.Arrays;
import java.util.Objects;

/**
 * Fuzzes the prelude reader: whatever the bytes, it ends in WAIT, NOT_TLS or TLS without another exception, holds no
 * more than its budget, and gives the same answer (verdict, protocols, offset) however the stream is cut into
 * segments — the first input byte chooses the segment size. Where it says TLS, a ClientHello, ServerHello or alert
 * record header starts there. The corpus (real preludes of {@link ScanPreludeTest}) runs in {@code mvn test}.
 */
class PreludeFuzzTest {
    /** What one reading said. */
    record Said(int verdict, Prelude tunnel, Prelude upgrade, long offset) {}

    @FuzzTest(maxDuration = "15s")
    void sameAnswerForAnySegments(byte[] data) {
        if (data.length < 1) {
            return;
        }
        int piece = 1 + (data[0] & 0x1f);
        byte[] stream = Arrays.copyOfRange(data, 1, data.length);
        Said whole = read(stream, Math.max(1, stream.length));
        Said cut = read(stream, piece);
        if (!Objects.equals(whole, cut)) {
            throw new AssertionError("in one piece " + whole + ", in pieces of " + piece + " " + cut);
        }
    }

    static Said read(byte[] stream, int piece) {
        PreludeReader r = new PreludeReader();
        int verdict = PreludeReader.WAIT;
        for (int o = 0; o < stream.length && verdict == PreludeReader.WAIT; o += piece) {
            verdict = r.feed(stream, o, Math.min(piece, stream.length - o));
            if (r.held() > 2 * Budget.PRELUDE_BYTES.limit) {
                throw new AssertionError("holds " + r.held() + " bytes");
            }
        }
        if (verdict == PreludeReader.TLS) {
            byte[] rest = r.rest();
            if (rest.length < 6 || (rest[0] != 0x16 && rest[0] != 0x15) || rest[1] != 3) {
                throw new AssertionError("TLS said to start at " + r.tlsOffset() + " before " + Arrays.toString(rest));
            }
            return new Said(verdict, r.tunnel(), r.upgrade(), r.tlsOffset());
        }
        return new Said(verdict, null, null, -1);
    }
}
