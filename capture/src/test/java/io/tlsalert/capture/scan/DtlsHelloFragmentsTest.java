package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.net.Dissector;
import io.tlsalert.capture.net.Segment;
import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.Tools;
import io.tlsalert.decode.Handshake;
import io.tlsalert.decode.Message;
import io.tlsalert.decode.TlsDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real DTLS 1.2 ClientHello sent in two fragments (Zeek's {@code dtls1_2.pcap}, frames 4 and 5: the hello again
 * with the server's cookie) joined in any order, with retransmissions and overlaps, into the one message.
 */
class DtlsHelloFragmentsTest {
    /** Each fragment as {datagram, handshake header offset, fragment length}. */
    static final List<Object[]> fragments = new ArrayList<>();

    static int version;

    @BeforeAll
    static void realFragments() throws Exception {
        Path f = ThirdPartyCapturesTest.DIR.resolve("zeek/dtls1_2.pcap");
        Dissector d = new Dissector(null);
        Segment s = new Segment();
        for (Packet p : Tools.readAll(f, new ArrayList<>())) {
            if (p.number != 4 && p.number != 5 || !d.dissect(p, s)) {
                continue;
            }
            byte[] dgram = Arrays.copyOfRange(s.payload, s.payloadOffset, s.payloadOffset + s.payloadLength);
            version = (dgram[1] & 0xff) << 8 | dgram[2] & 0xff;
            int fragLen = (dgram[13 + 9] & 0xff) << 16 | (dgram[13 + 10] & 0xff) << 8 | dgram[13 + 11] & 0xff;
            fragments.add(new Object[] {dgram, 13, fragLen});
        }
        assertThat(fragments).hasSize(2);
    }

    private static byte[] add(DtlsHelloFragments j, int i) {
        Object[] x = fragments.get(i);
        return j.add(version, (byte[]) x[0], (int) x[1], (int) x[2]);
    }

    private static Handshake.ClientHello hello(byte[] record) {
        return TlsDecoder.decode(record).records().get(0).messages().stream()
                .map(m -> ((Message.HandshakeMessage) m).body())
                .map(Handshake.ClientHello.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void inOrderTheHelloIsWholeAtTheLastFragment() {
        DtlsHelloFragments j = new DtlsHelloFragments();
        assertThat(add(j, 0)).isNull();
        assertThat(j.held()).isGreaterThan(0);
        byte[] whole = add(j, 1);
        assertThat(whole).isNotNull();
        assertThat(j.held()).isZero();
        Handshake.ClientHello ch = hello(whole);
        assertThat(ch.cipherSuites()).isNotEmpty();
        // the second ClientHello, answering the HelloVerifyRequest
        assertThat(ch.cookie()).hasValueSatisfying(c -> assertThat(c).isNotEmpty());
    }

    @Test
    void reversedAndRetransmittedFragmentsGiveTheSameMessage() {
        DtlsHelloFragments forward = new DtlsHelloFragments();
        add(forward, 0);
        byte[] expected = add(forward, 1);
        DtlsHelloFragments j = new DtlsHelloFragments();
        assertThat(add(j, 1)).isNull();
        assertThat(add(j, 1)).as("a retransmission adds nothing").isNull();
        assertThat(add(j, 0)).isEqualTo(expected);
    }

    @Test
    void overlappingPiecesOfTheFragmentsGiveTheSameMessage() {
        DtlsHelloFragments forward = new DtlsHelloFragments();
        add(forward, 0);
        byte[] expected = add(forward, 1);
        // The first fragment re-cut in two overlapping pieces (offsets [0, 120) and [100, n)), as a sender with a
        // smaller MTU would retransmit it.
        byte[] dgram = (byte[]) fragments.get(0)[0];
        int n = (int) fragments.get(0)[2];
        DtlsHelloFragments j = new DtlsHelloFragments();
        assertThat(j.add(version, piece(dgram, 0, 120), 13, 120)).isNull();
        assertThat(add(j, 1)).isNull();
        assertThat(j.add(version, piece(dgram, 100, n - 100), 13, n - 100)).isEqualTo(expected);
    }

    /** A datagram holding bytes [from, from + len) of the first fragment's body, as a fragment of its own. */
    private static byte[] piece(byte[] dgram, int from, int len) {
        byte[] out = new byte[13 + 12 + len];
        System.arraycopy(dgram, 0, out, 0, 13 + 12);
        out[13 + 6] = (byte) (from >> 16);
        out[13 + 7] = (byte) (from >> 8);
        out[13 + 8] = (byte) from;
        out[13 + 9] = (byte) (len >> 16);
        out[13 + 10] = (byte) (len >> 8);
        out[13 + 11] = (byte) len;
        System.arraycopy(dgram, 13 + 12 + from, out, 13 + 12, len);
        return out;
    }
}
