package io.tlsalert.capture.quic;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Fuzzes the QUIC reader: any datagram (the first byte picks the direction and whether the rest is a whole datagram or
 * the plaintext frames of an Initial or Handshake packet, past the AEAD a fuzzer cannot forge) is read or reported as
 * a problem, never an exception; what it holds stays within the CRYPTO budget. In {@code mvn test} the corpus under
 * src/test/resources runs as regression tests; {@code mvn verify} fuzzes briefly.
 */
class QuicReaderFuzzTest {
    private static final byte[] DCID = {(byte) 0x83, (byte) 0x94, (byte) 0xc8, (byte) 0xf0, 0x3e, 0x51, 0x57, 0x08};

    @FuzzTest(maxDuration = "15s")
    void read(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int mode = data[0] & 0xff;
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        QuicReader r = new QuicReader((mode & 4) == 0 ? QuicVersion.V1 : QuicVersion.V2, DCID, null);
        QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
        boolean fromClient = (mode & 1) == 0;
        // Twice: the second pass meets the state the first left (packet numbers, CRYPTO offsets).
        for (int i = 0; i < 2; i++) {
            if ((mode & 2) == 0) {
                r.datagram(rest, 0, rest.length, fromClient, seen);
            } else {
                r.plaintext(rest, (mode & 8) == 0 ? Space.INITIAL : Space.HANDSHAKE, fromClient, seen);
            }
        }
        // Pieces ahead and one message not yet whole, each within the budget, per space and direction.
        if (r.held() > 6L * 2 * CryptoStream.MAX_HELD) {
            throw new AssertionError("holds " + r.held() + " bytes");
        }
        for (String p : seen.problems) {
            if (p.isBlank()) {
                throw new AssertionError("a problem without words");
            }
        }
    }
}
