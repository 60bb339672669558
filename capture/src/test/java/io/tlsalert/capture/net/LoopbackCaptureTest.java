package io.tlsalert.capture.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.Tools;
import io.tlsalert.testkit.Commands;
import io.tlsalert.testkit.Dumpcap;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real traffic: dumpcap records a TCP exchange on the loopback interface (IPv4 and IPv6), checked against tshark. */
class LoopbackCaptureTest {
    @TempDir
    Path dir;

    @Test
    void capturedLoopbackTrafficMatchesTshark() throws Exception {
        assumeTrue(Commands.has("dumpcap") && Commands.has("tshark"), "dumpcap is not installed");
        assumeTrue("root".equals(System.getProperty("user.name")), "capturing needs root");
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("::"), 0));
            int port = server.getLocalPort();
            Path file = dir.resolve("lo.pcapng");
            byte[] hello = "hello over loopback ".repeat(100).getBytes(StandardCharsets.US_ASCII);
            try (Dumpcap dumpcap = Dumpcap.loopback(file, "tcp port " + port, "-a", "duration:4")) {
                for (String host : List.of("127.0.0.1", "::1")) {
                    try (Socket c = new Socket(host, port);
                            Socket s = server.accept()) {
                        OutputStream out = c.getOutputStream();
                        out.write(hello);
                        out.flush();
                        InputStream in = s.getInputStream();
                        byte[] got = in.readNBytes(hello.length);
                        assertThat(got).isEqualTo(hello);
                        s.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
                        assertThat(c.getInputStream().readNBytes(3)).hasSize(3);
                    }
                }
                assertThat(dumpcap.awaitExit(Duration.ofSeconds(20))).isTrue();
            }
            List<String> warnings = new ArrayList<>();
            List<Packet> packets = Tools.readAll(file, warnings);
            assertThat(packets).hasSizeGreaterThanOrEqualTo(16); // two handshakes, data, acks and closes
            assertThat(packets).allMatch(p -> p.linkType == 1);
            DissectorTest.assertMatchesTshark(file, -1);
            // And all data bytes came through, in both directions of both connections.
            Dissector d = new Dissector((f, m) -> warnings.add(m));
            Segment s = new Segment();
            long payload = 0;
            for (Packet p : packets) {
                if (d.dissect(p, s)) {
                    payload += s.payloadLength;
                }
            }
            assertThat(payload).isEqualTo(2L * (hello.length + 3));
            assertThat(warnings).isEmpty();
        }
    }
}
