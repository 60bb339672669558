package io.tlsalert.capture.quic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.keylog.PacketKeys;
import io.tlsalert.decode.Extension;
import io.tlsalert.decode.Handshake;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sample packets of RFC 9001 Appendix A (QUIC v1) and RFC 9369 Appendix A (QUIC v2), read from the RFCs' sources:
 * the client's and the server's Initial packets decrypt to exactly the payloads the RFCs show, with the packet numbers
 * they say; the Retry is recognised; the ChaCha20-Poly1305 short header sample opens to its one PING frame.
 */
class QuicSamplePacketsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] DCID = HEX.parseHex("8394c8f03e515708");

    /** What the reader told, in order. */
    static final class Seen implements QuicReader.Listener {
        final List<String> problems = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        final List<Long> packetNumbers = new ArrayList<>();
        final List<Handshake> hellos = new ArrayList<>();
        final List<ConnectionClose> closes = new ArrayList<>();
        int retries;

        @Override
        public void handshake(boolean fromClient, Space space, int msgType, Optional<Handshake> hello) {
            hello.ifPresent(hellos::add);
        }

        @Override
        public void close(boolean fromClient, ConnectionClose close) {
            closes.add(close);
        }

        @Override
        public void packet(boolean fromClient, Space space, boolean read) {}

        @Override
        public void versionNegotiation(List<Integer> versions) {}

        @Override
        public void retry() {
            retries++;
        }

        @Override
        public void payload(boolean fromClient, Space space, long packetNumber, byte[] frames) {
            payloads.add(frames);
            packetNumbers.add(packetNumber);
        }

        @Override
        public void problem(String what) {
            problems.add(what);
        }
    }

    static Map<String, byte[]> samples(String file) throws Exception {
        Map<String, byte[]> m = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                QuicSamplePacketsTest.class.getResourceAsStream(file), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] kv = line.split("\t");
                    m.put(kv[0], HEX.parseHex(kv[1]));
                }
            }
        }
        return m;
    }

    @ParameterizedTest
    @CsvSource({"rfc9001-sample-packets.txt, 1", "rfc9369-sample-packets.txt, 0x6b3343cf"})
    void initialPacketsDecryptToTheRfcPayloads(String file, String number) throws Exception {
        QuicVersion version = QuicVersion.of(Integer.decode(number)).orElseThrow();
        Map<String, byte[]> s = samples(file);
        byte[] client = s.get("client-initial");
        assertThat(client).hasSize(1200);
        QuicReader reader = new QuicReader(version, DCID, null);
        Seen seen = new Seen();
        reader.datagram(client, 0, client.length, true, seen);
        assertThat(seen.problems).isEmpty();
        // The payload: the CRYPTO frame, then PADDING to 1162 bytes (A.2).
        byte[] frame = s.get("client-crypto-frame");
        byte[] expected = new byte[1162];
        System.arraycopy(frame, 0, expected, 0, frame.length);
        assertThat(seen.payloads).hasSize(1);
        assertThat(seen.payloads.get(0)).isEqualTo(expected);
        assertThat(seen.packetNumbers).containsExactly(2L);
        Handshake.ClientHello ch = (Handshake.ClientHello) seen.hellos.get(0);
        assertThat(ch.extensions())
                .anySatisfy(e -> assertThat(e.data()).isEqualTo(new Extension.ServerNames(List.of("example.com"))));
        assertThat(ch.extensions()).anySatisfy(e -> assertThat(e.type()).isEqualTo(0x39)); // quic_transport_parameters

        byte[] server = s.get("server-initial");
        reader.datagram(server, 0, server.length, false, seen);
        assertThat(seen.problems).isEmpty();
        assertThat(seen.payloads.get(1)).isEqualTo(s.get("server-payload"));
        assertThat(seen.packetNumbers).containsExactly(2L, 1L);
        Handshake.ServerHello sh = (Handshake.ServerHello) seen.hellos.get(1);
        assertThat(sh.cipherSuite()).isEqualTo(0x1301);
        assertThat(sh.version()).isEqualTo(0x0304);
    }

    @ParameterizedTest
    @CsvSource({"rfc9001-sample-packets.txt, 1", "rfc9369-sample-packets.txt, 0x6b3343cf"})
    void aRetryGivesNewInitialKeysAndTheOldOnesNoLongerOpen(String file, String number) throws Exception {
        QuicVersion version = QuicVersion.of(Integer.decode(number)).orElseThrow();
        Map<String, byte[]> s = samples(file);
        QuicReader reader = new QuicReader(version, DCID, null);
        Seen seen = new Seen();
        byte[] retry = s.get("retry");
        reader.datagram(retry, 0, retry.length, false, seen);
        assertThat(seen.retries).isEqualTo(1);
        assertThat(seen.problems).isEmpty();
        // The sample client Initial was protected with the keys of the first DCID: after the Retry they are others.
        byte[] client = s.get("client-initial");
        reader.datagram(client, 0, client.length, true, seen);
        assertThat(seen.payloads).isEmpty();
        assertThat(seen.problems).singleElement().asString().contains("could not be decrypted");
    }

    @ParameterizedTest
    @CsvSource({
        "quic, 4cfe4189655e5cd55c41f69080575d7999c25a5bfb, aefefe7d03",
        "quicv2, 5558b1c60ae7b6b932bc27d786f4bc2bb20f2162ba, 97580e32bf"
    })
    void chachaShortHeaderSampleOpensToItsPing(String prefix, String packet, String mask) throws Exception {
        byte[] secret = HEX.parseHex("9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b");
        PacketKeys k = PacketKeys.fromSecret(0x1303, secret, prefix).orElseThrow();
        byte[] p = HEX.parseHex(packet);
        // One byte of the header before the 3-byte packet number; the sample starts 4 bytes after it.
        byte[] m = k.headerMask(p, 1 + 4);
        assertThat(HEX.formatHex(m)).isEqualTo(mask);
        byte[] header = {(byte) (p[0] ^ (m[0] & 0x1f)), (byte) (p[1] ^ m[1]), (byte) (p[2] ^ m[2]), (byte) (p[3] ^ m[3])
        };
        assertThat(HEX.formatHex(header)).isEqualTo("4200bff4");
        byte[] plain = k.open(654360564L, header, p, 4, p.length - 4);
        assertThat(plain).containsExactly(0x01);
    }
}
