package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.HostileServer;
import io.tlsalert.testkit.Ports;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that misbehave at the TCP or record level: each ends in a clear outcome within the timeout. */
@Timeout(30)
class ProberHostileTest {
    static final Duration TIMEOUT = Duration.ofMillis(1500);
    final Prober prober = new Prober(TIMEOUT, Duration.ofMillis(10));

    private Attempt timed(HostileServer s) {
        long t0 = System.nanoTime();
        Attempt a = prober.handshake(Target.parse(s.address()), Offer.broad().withSni("localhost"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("within the timeout").isLessThan(TIMEOUT.toMillis() + 1000);
        return a;
    }

    @Test
    void silentServer() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            Thread.sleep(20_000);
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.NO_RESPONSE);
            Diagnosis d = prober.diagnose(Target.parse(s.address()), Offer.broad());
            assertThat(d.cause().id()).isEqualTo("no-response");
            assertThat(d.handshakes()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void oneBytePerSecond() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            OutputStream out = sock.getOutputStream();
            byte[] header = {0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00};
            for (byte b : header) {
                out.write(b);
                out.flush();
                Thread.sleep(1000);
            }
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.TIMEOUT);
            assertThat(a.bytesReceived()).isGreaterThan(0);
            Diagnosis d = prober.diagnose(Target.parse(s.address()), Offer.broad());
            assertThat(d.cause().id()).isEqualTo("no-response");
        }
    }

    @Test
    void randomBytes() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            byte[] junk = new byte[300];
            new Random(42).nextBytes(junk);
            junk[0] = (byte) 0xAB;
            sock.getOutputStream().write(junk);
            Thread.sleep(5000);
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.NOT_TLS);
            assertThat(a.outcome().detail()).contains("ab");
            assertThat(prober.diagnose(Target.parse(s.address()), Offer.broad())
                            .cause()
                            .id())
                    .isEqualTo("not-tls");
        }
    }

    @Test
    void httpServer() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            sock.getOutputStream()
                    .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            sock.close();
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.NOT_TLS);
            assertThat(a.outcome().detail()).contains("HTTP/1.1 400");
            Diagnosis d = prober.diagnose(Target.parse(s.address()), Offer.broad());
            assertThat(d.cause().id()).isEqualTo("not-tls");
            assertThat(d.handshakes()).isEqualTo(1);
        }
    }

    @Test
    void hugeRecordLength() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            sock.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, (byte) 0xFF, (byte) 0xFF, 0x02});
            Thread.sleep(5000);
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.NOT_TLS);
            assertThat(a.outcome().detail()).contains("65535");
        }
    }

    @Test
    void closeMidRecord() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            sock.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x00, 0x50, 0x02, 0x00});
            sock.getOutputStream().flush();
            sock.shutdownOutput();
            Thread.sleep(500);
            sock.close();
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.CLOSED);
            assertThat(prober.diagnose(Target.parse(s.address()), Offer.broad())
                            .cause()
                            .id())
                    .isEqualTo("not-tls");
        }
    }

    @Test
    void resetAfterClientHello() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            sock.setSoLinger(true, 0);
            sock.close();
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.RESET);
            Diagnosis d = prober.diagnose(Target.parse(s.address()), Offer.broad());
            assertThat(d.cause().id()).isEqualTo("connection-reset");
            // baseline, a smaller ClientHello, then the search's widest offer whole and per protocol generation
            assertThat(d.handshakes()).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void closeWithoutAnswer() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            sock.close();
        })) {
            Attempt a = timed(s);
            assertThat(a.outcome().kind()).isIn(Outcome.Kind.CLOSED, Outcome.Kind.RESET);
            assertThat(prober.diagnose(Target.parse(s.address()), Offer.broad())
                            .cause()
                            .id())
                    .isIn("no-response", "connection-reset");
        }
    }

    @Test
    void nothingListening() throws Exception {
        int port = Ports.free();
        Diagnosis d = prober.diagnose(new Target("127.0.0.1", port, java.util.Optional.empty()), Offer.broad());
        assertThat(d.baseline().outcome().kind()).isEqualTo(Outcome.Kind.REFUSED);
        assertThat(d.cause().id()).isEqualTo("connection-refused");
        assertThat(d.cause().evidence()).contains("ECONNREFUSED");
        assertThat(d.handshakes()).isEqualTo(1);
    }
}
