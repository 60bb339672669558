package io.tlsalert.capture.quic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Malformed, truncated and out-of-order QUIC input gives problems with their offsets, never exceptions; the frames of
 * an Initial packet are read as RFC 9000 §19 writes them.
 */
class QuicBadInputTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DCID = HEX.parseHex("8394c8f03e515708");

    private static Map<String, byte[]> v1() throws Exception {
        return QuicSamplePacketsTest.samples("rfc9001-sample-packets.txt");
    }

    @Test
    void theClientInitialCutShortAtEveryLengthIsAProblemNeverAnException() throws Exception {
        byte[] full = v1().get("client-initial");
        for (int n = 1; n < full.length; n++) {
            QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
            new QuicReader(QuicVersion.V1, DCID, null).datagram(Arrays.copyOf(full, n), 0, n, true, seen);
            assertThat(seen.problems).as("cut to %d bytes", n).hasSize(1);
            assertThat(seen.payloads).isEmpty();
        }
    }

    @Test
    void anyByteOfTheServerInitialChangedIsAProblemNeverAnException() throws Exception {
        Map<String, byte[]> s = v1();
        byte[] server = s.get("server-initial");
        for (int i = 0; i < server.length; i++) {
            byte[] b = server.clone();
            b[i] ^= 0x41;
            QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
            QuicReader r = new QuicReader(QuicVersion.V1, DCID, null);
            r.datagram(b, 0, b.length, false, seen);
            // The AEAD covers the whole packet, header included: nothing changed reads as the RFC's payload.
            assertThat(seen.payloads).as("byte %d", i).isEmpty();
            assertThat(seen.problems).as("byte %d", i).isNotEmpty();
        }
    }

    @Test
    void aLengthPastTheDatagramAndAnUnknownVersionAreSaidWithTheirOffset() throws Exception {
        byte[] c = v1().get("client-initial");
        QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
        // Two coalesced copies, the second cut: the first is read, the second's Length runs past the end.
        byte[] two = Arrays.copyOf(c, c.length + 100);
        System.arraycopy(c, 0, two, c.length, 100);
        new QuicReader(QuicVersion.V1, DCID, null).datagram(two, 0, two.length, true, seen);
        assertThat(seen.payloads).hasSize(1);
        assertThat(seen.problems)
                .singleElement()
                .asString()
                .startsWith("byte 1200 of the datagram: initial packet's Length 1182 runs past");

        byte[] other = c.clone();
        other[4] = 0x2a; // version 0x0000002a
        seen = new QuicSamplePacketsTest.Seen();
        new QuicReader(QuicVersion.V1, DCID, null).datagram(other, 0, other.length, true, seen);
        assertThat(seen.problems)
                .containsExactly("byte 0 of the datagram: QUIC version 0x0000002a is not one read here");
    }

    @Test
    void connectionCloseFramesGiveTheirAlertReasonAndFrameType() {
        QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
        QuicReader r = new QuicReader(QuicVersion.V1, DCID, null);
        // PADDING, PING, ACK (largest 5, delay 0, 1 range after the first), CONNECTION_CLOSE CRYPTO_ERROR 0x0178
        // for frame type 0x06 with reason "alpn", then an application close 0x1d of error 0x101 without a reason.
        byte[] frames = HEX.parseHex("000001" + "0205000100" + "0000" + "1c417806" + "04"
                + HEX.formatHex("alpn".getBytes()) + "1d" + "4101" + "00");
        r.plaintext(frames, Space.INITIAL, false, seen);
        assertThat(seen.problems).isEmpty();
        assertThat(seen.closes).hasSize(2);
        ConnectionClose tls = seen.closes.get(0);
        assertThat(tls.alert()).hasValue(120);
        assertThat(tls.reason()).isEqualTo("alpn");
        assertThat(tls.frameType()).hasValue(6);
        assertThat(tls.describe()).isEqualTo("CRYPTO_ERROR (0x0178)");
        ConnectionClose app = seen.closes.get(1);
        assertThat(app.application()).isTrue();
        assertThat(app.alert()).isEmpty();
        assertThat(app.describe()).isEqualTo("application error 0x101");
    }

    @Test
    void transportErrorsAreNamedFromTheData() {
        assertThat(TransportErrors.name(0x0a)).isEqualTo("PROTOCOL_VIOLATION");
        assertThat(TransportErrors.name(0x10)).isEqualTo("NO_VIABLE_PATH");
        assertThat(TransportErrors.name(0x0130)).isEqualTo("CRYPTO_ERROR");
        assertThat(TransportErrors.name(0x4242)).isEqualTo("unknown");
        assertThat(new ConnectionClose(Space.INITIAL, false, 0x0a, java.util.OptionalLong.of(0), "").describe())
                .isEqualTo("PROTOCOL_VIOLATION (0x0a)");
    }

    @Test
    void aCutCloseAndAFrameNotAllowedInInitialPacketsAreProblems() {
        QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
        QuicReader r = new QuicReader(QuicVersion.V1, DCID, null);
        r.plaintext(HEX.parseHex("1c417806" + "09" + "61"), Space.INITIAL, true, seen);
        assertThat(seen.problems).singleElement().asString().contains("cut short in its Reason Phrase at byte 5");
        seen = new QuicSamplePacketsTest.Seen();
        r.plaintext(HEX.parseHex("0008" + "00"), Space.INITIAL, true, seen); // STREAM (0x08)
        assertThat(seen.problems)
                .singleElement()
                .asString()
                .contains("frame type 0x8 at byte 1")
                .contains("RFC 9000 §12.4");
    }

    @Test
    void cryptoFramesOutOfOrderGiveTheSameClientHello() throws Exception {
        byte[] frame = v1().get("client-crypto-frame"); // 06 00 40f1 <241 bytes>
        byte[] hello = Arrays.copyOfRange(frame, 4, frame.length);
        // The second half first, then the first half, then the first half again (a retransmission).
        int half = 100;
        String second = "06" + "4064" + "40" + String.format("%02x", hello.length - half)
                + HEX.formatHex(hello, half, hello.length);
        String first = "06" + "00" + "40" + String.format("%02x", half) + HEX.formatHex(hello, 0, half);
        QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
        QuicReader r = new QuicReader(QuicVersion.V1, DCID, null);
        r.plaintext(HEX.parseHex(second), Space.INITIAL, true, seen);
        assertThat(seen.hellos).isEmpty();
        assertThat(r.held()).isEqualTo(hello.length - half);
        r.plaintext(HEX.parseHex(first + first), Space.INITIAL, true, seen);
        assertThat(seen.problems).isEmpty();
        assertThat(seen.hellos).hasSize(1);
        assertThat(r.held()).isZero();

        // The same through one frame: the same ClientHello.
        QuicSamplePacketsTest.Seen once = new QuicSamplePacketsTest.Seen();
        new QuicReader(QuicVersion.V1, DCID, null).plaintext(frame, Space.INITIAL, true, once);
        assertThat(once.hellos).hasSize(1);
        assertThat(once.hellos.get(0)).usingRecursiveComparison().isEqualTo(seen.hellos.get(0));
    }

    @Test
    void cryptoDataFarAheadIsRefusedWithinTheBudget() {
        QuicSamplePacketsTest.Seen seen = new QuicSamplePacketsTest.Seen();
        QuicReader r = new QuicReader(QuicVersion.V1, DCID, null);
        // Offset 2^20, 16 bytes: more than the budget ahead of offset 0.
        r.plaintext(HEX.parseHex("06" + "80100000" + "10" + "00".repeat(16)), Space.INITIAL, true, seen);
        assertThat(seen.problems)
                .singleElement()
                .asString()
                .contains("handshake-message-bytes")
                .contains("not kept");
        assertThat(r.held()).isZero();
    }

    @Test
    void packetNumbersAreDecodedAsRfc9000AppendixA3Says() {
        // RFC 9000 A.3's example: largest 0xa82f30ea, 16-bit truncated 0x9b32 -> 0xa82f9b32.
        assertThat(QuicReader.decodePacketNumber(0xa82f30eaL, 0x9b32, 16)).isEqualTo(0xa82f9b32L);
        assertThat(QuicReader.decodePacketNumber(-1, 0, 8)).isZero();
        assertThat(QuicReader.decodePacketNumber(254, 1, 8)).isEqualTo(257);
    }
}
