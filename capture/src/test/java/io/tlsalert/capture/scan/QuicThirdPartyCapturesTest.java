package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * QUIC captures nobody here made (nDPI's test suite, see {@code thirdparty/SOURCES.md}): v1, v2 and drafts 28–34,
 * a ClientHello over two datagrams, a Retry, 0-RTT packets before their Initial. Each connection tshark finds a
 * ClientHello in is one QUIC connection in the scan with the same SNI; each with a ServerHello has its suite; the TLS
 * alerts of CONNECTION_CLOSE frames are tshark's.
 */
class QuicThirdPartyCapturesTest {
    private static Path file(String name) throws Exception {
        return Path.of(QuicThirdPartyCapturesTest.class
                .getResource("/io/tlsalert/capture/quic/thirdparty/" + name)
                .toURI());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "quic-v2.pcapng",
                "quic_frags_ch_in_multiple_packets.pcapng",
                "quic_frags_different_dcid.pcapng",
                "quic_cc_ack.pcapng",
                "quic-34.pcap",
                "quic-29.pcap",
                "quic_crypto_aes_auth_size.pcap",
                "quic_0RTT.pcap"
            })
    void theHellosAndAlertsAreTsharks(String name) throws Exception {
        Path f = file(name);
        List<String> warnings = new ArrayList<>();
        List<Connection> scanned = Live.scan(f, null, warnings);
        String context = name + ":\n" + Live.describe(scanned) + "warnings: " + warnings;
        // tshark's QUIC connections: the SNI of their first ClientHello, and whether a ServerHello came.
        Map<String, String> sni = new LinkedHashMap<>();
        Map<String, Boolean> serverHello = new LinkedHashMap<>();
        List<Live.Row> alerts = new ArrayList<>();
        for (String[] r : Tshark.fields(
                f,
                List.of("-Y", "quic"),
                List.of(
                        "frame.number",
                        "quic.connection.number",
                        "tls.handshake.type",
                        "tls.handshake.extensions_server_name",
                        "quic.cc.error_code",
                        "udp.srcport"),
                ",")) {
            String conn = r[1].split(",")[0];
            List<String> types = List.of(r[2].split(","));
            if (types.contains("1")) {
                sni.putIfAbsent(conn, r[3].split(",")[0]);
            }
            if (types.contains("2")) {
                serverHello.put(conn, true);
            }
            for (String code : r[4].isEmpty() ? new String[0] : r[4].split(",")) {
                long v = Long.decode(code);
                if (v >= 0x100 && v <= 0x1ff) {
                    alerts.add(new Live.Row(Long.parseLong(r[0]), 2, (int) (v - 0x100), Integer.parseInt(r[5])));
                }
            }
        }
        List<Connection> hellos = scanned.stream()
                .filter(c ->
                        c.transport() == Transport.QUIC && !c.offeredVersions().isEmpty())
                .collect(Collectors.toList());
        assertThat(hellos.stream().map(c -> c.sni().orElse("")).sorted().collect(Collectors.toList()))
                .as(context)
                .isEqualTo(sni.values().stream().sorted().collect(Collectors.toList()));
        assertThat(hellos.stream().filter(c -> c.cipherSuite().isPresent()).count())
                .as(context)
                .isEqualTo(
                        serverHello.keySet().stream().filter(sni::containsKey).count());
        List<Live.Row> scannedAlerts = new ArrayList<>();
        for (Connection c : scanned) {
            for (AlertEvent a : c.alerts()) {
                scannedAlerts.add(Live.row(c, a));
            }
        }
        scannedAlerts.sort(null);
        alerts.sort(null);
        assertThat(scannedAlerts).as(context).isEqualTo(alerts);
        // Nothing here is damaged: every Initial packet the scan tried opened.
        assertThat(warnings).as(context).noneMatch(w -> w.contains("could not be decrypted"));
        for (Connection c : scanned) {
            assertThat(c.warnings()).as(context).noneMatch(w -> w.contains("could not be decrypted"));
        }
    }
}
