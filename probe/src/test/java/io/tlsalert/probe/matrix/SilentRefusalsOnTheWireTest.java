package io.tlsalert.probe.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.probe.Attempt;
import io.tlsalert.probe.Offer;
import io.tlsalert.probe.Side;
import io.tlsalert.probe.Target;
import io.tlsalert.testkit.Dumpcap;
import io.tlsalert.testkit.TlsService;
import io.tlsalert.testkit.Tshark;
import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.ProtocolVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix's "closes, no alert" facts seen by tshark, the wire oracle, on the probe's own handshake: dumpcap records
 * the connection, and the server's side of it holds TLS records but no alert record, and ends with FIN or RST. These
 * are the cases where a stack answers a cause with silence, and the probe must tell it from a dead server.
 */
@Timeout(120)
class SilentRefusalsOnTheWireTest {
    @TempDir
    static Path dir;

    static Fixture fixture;

    @BeforeAll
    static void fixture() throws Exception {
        fixture = new Fixture(dir);
    }

    static Stream<Arguments> silences() {
        Offer tls12 = Offer.broad().withSni("localhost").withVersions(ProtocolVersion.TLS_1_2);
        return Stream.of(
                Arguments.of(Stack.LIGHTTPD_GNUTLS, ServerMatrix.Config.TLS13_ONLY, tls12),
                Arguments.of(Stack.LIGHTTPD_GNUTLS, ServerMatrix.Config.CLIENT_CERT, tls12),
                Arguments.of(
                        Stack.LIGHTTPD_GNUTLS,
                        ServerMatrix.Config.ONE_SUITE,
                        Offer.broad().withSni("localhost")),
                Arguments.of(
                        Stack.NODE,
                        ServerMatrix.Config.SNI_STRICT,
                        Offer.broad().withSni("bad.test")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("silences")
    void theServerClosesWithoutAnAlert(Stack stack, ServerMatrix.Config config, Offer offer) throws Exception {
        try (TlsService server = stack.start(dir, config.spec(fixture, stack))) {
            Path pcap = Files.createTempFile(dir, "silence", ".pcapng");
            Attempt a;
            try (Dumpcap cap = Dumpcap.loopback(pcap, "tcp port " + server.port())) {
                a = fixture.prober.handshake(new Target("127.0.0.1", server.port(), Optional.empty()), offer);
                Thread.sleep(300); // the last segments reach the capture
            }
            String port = String.valueOf(server.port());
            List<String[]> fromServer = Tshark.fields(
                    pcap,
                    List.of("-d", "tcp.port==" + port + ",tls", "-Y", "tcp.srcport==" + port),
                    List.of("tls.record.content_type", "tcp.flags.fin", "tcp.flags.reset"),
                    ",");
            assertThat(fromServer).as("the server's segments in %s", pcap).isNotEmpty();
            assertThat(fromServer)
                    .as("no alert record (content type %d) from the server", ContentType.ALERT)
                    .noneMatch(r -> List.of(r[0].split(",")).contains(String.valueOf(ContentType.ALERT)));
            assertThat(fromServer)
                    .as("the server ends the connection (FIN or RST)")
                    .anyMatch(r -> r[1].equals("1") || r[1].equals("True") || r[2].equals("1") || r[2].equals("True"));
            // The probe's view of the same connection agrees: no alert from the server, no handshake.
            assertThat(a.alerts())
                    .as("the probe got no alert from %s: %s", server, a.outcome())
                    .noneMatch(x -> x.sender() == Side.SERVER);
            assertThat(a.ok()).as("the handshake failed: %s", a.outcome()).isFalse();
        }
    }
}
