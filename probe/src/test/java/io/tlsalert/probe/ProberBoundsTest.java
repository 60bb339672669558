package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.HostileServer;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Servers that try to keep the probe busy or make it hold what they send: a flood of alerts or messages, a drip of
 * bytes that never lets a read time out. Each diagnosis ends in a cause within its deadline, with what was seen; the
 * wall-time assertions are the bound the README states, not performance figures.
 */
@Timeout(60)
class ProberBoundsTest {
    static final Duration TIMEOUT = Duration.ofMillis(1500);
    static final Duration PAUSE = Duration.ofMillis(10);
    final Prober prober = new Prober(TIMEOUT, PAUSE);

    /** Writes {@code unit} again and again until the probe hangs up. */
    private static HostileServer flood(byte[] unit) throws Exception {
        byte[] chunk = new byte[Math.max(1, 16 * 1024 / unit.length) * unit.length];
        for (int i = 0; i < chunk.length; i += unit.length) {
            System.arraycopy(unit, 0, chunk, i, unit.length);
        }
        return new HostileServer(sock -> {
            HostileServer.readSome(sock);
            OutputStream out = sock.getOutputStream();
            while (true) {
                out.write(chunk);
            }
        });
    }

    /** Sends {@code bytes} one at a time, {@code every} apart: each read gets a byte before it could time out. */
    private static HostileServer drip(byte[] bytes, Duration every) throws Exception {
        return new HostileServer(sock -> {
            HostileServer.readSome(sock);
            OutputStream out = sock.getOutputStream();
            for (byte b : bytes) {
                out.write(b);
                out.flush();
                Thread.sleep(every.toMillis());
            }
            Thread.sleep(60_000);
        });
    }

    /** The start of a TLS 1.2 ServerHello record that declares 74 bytes, then zeros: long enough to outlast a drip. */
    private static byte[] serverHelloStart() {
        byte[] b = new byte[79];
        byte[] head = {0x16, 0x03, 0x03, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x46, 0x03, 0x03};
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    private Diagnosis diagnoseWithin(HostileServer s, Duration deadline) {
        long t0 = System.nanoTime();
        Diagnosis d = prober.diagnose(Target.parse(s.address()), Offer.broad().withSni("localhost"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .as("the diagnosis's deadline")
                .isLessThan(deadline);
        return d;
    }

    @Test
    void aFloodOfWarningAlertsEndsAtTheAlertLimit() throws Exception {
        // warning(1) user_canceled(90), a record each
        try (HostileServer s = flood(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x5a})) {
            Diagnosis d = diagnoseWithin(s, prober.deadline());
            assertThat(d.cause().id()).as(d.summary()).isEqualTo("server-misbehaves");
            assertThat(d.handshakes()).isEqualTo(1);
            Attempt a = d.baseline();
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.OVER_LIMIT);
            assertThat(a.outcome().detail()).contains("alerts", "over the limit of " + Limits.ALERTS, " ms");
            assertThat(a.alerts()).hasSizeLessThanOrEqualTo(Limits.ALERTS);
            assertThat(a.steps()).hasSizeLessThanOrEqualTo(Limits.STEPS);
            assertThat(d.cause().evidence()).contains("alerts");
        }
    }

    @Test
    void aFloodOfHelloRequestsEndsAtTheMessageLimit() throws Exception {
        // one record of 4,096 HelloRequests (msg_type 0, length 0), again and again
        byte[] record = new byte[5 + 4 * 4096];
        record[0] = 0x16;
        record[1] = 0x03;
        record[2] = 0x03;
        record[3] = 0x40;
        record[4] = 0x00;
        try (HostileServer s = flood(record)) {
            Diagnosis d = diagnoseWithin(s, prober.deadline());
            assertThat(d.cause().id()).as(d.summary()).isEqualTo("server-misbehaves");
            Attempt a = d.baseline();
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.OVER_LIMIT);
            assertThat(a.outcome().detail())
                    .contains("handshake messages", "over the limit of " + Limits.SERVER_MESSAGES);
            assertThat(a.steps()).hasSizeLessThanOrEqualTo(Limits.STEPS);
        }
    }

    @Test
    void aCertificateWithoutEndEndsWithinTheByteLimit() throws Exception {
        // A TLS 1.2 ServerHello (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, no extensions), then a Certificate message
        // that declares 16 MiB - 1 and comes as handshake records of 16 KiB without end.
        byte[] hello = {
            0x16,
            0x03,
            0x03,
            0x00,
            0x2a,
            0x02,
            0x00,
            0x00,
            0x26,
            0x03,
            0x03,
            1,
            2,
            3,
            4,
            5,
            6,
            7,
            8,
            9,
            10,
            11,
            12,
            13,
            14,
            15,
            16,
            17,
            18,
            19,
            20,
            21,
            22,
            23,
            24,
            25,
            26,
            27,
            28,
            29,
            30,
            31,
            32,
            0x00,
            (byte) 0xc0,
            0x2f,
            0x00
        };
        byte[] first = new byte[5 + (1 << 14)];
        first[0] = 0x16;
        first[1] = 0x03;
        first[2] = 0x03;
        first[3] = 0x40;
        first[5] = 0x0b;
        first[6] = (byte) 0xff;
        first[7] = (byte) 0xff;
        first[8] = (byte) 0xff;
        byte[] more = first.clone();
        more[5] = more[6] = more[7] = more[8] = 0;
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            OutputStream out = sock.getOutputStream();
            out.write(hello);
            out.write(first);
            while (true) {
                out.write(more);
            }
        })) {
            Diagnosis d = diagnoseWithin(s, prober.deadline());
            Attempt a = d.baseline();
            // Bouncy Castle refuses a handshake message this long itself (internal_error after some 32 KiB); either
            // way the probe reads no more than its limit.
            assertThat(a.bytesReceived()).isLessThanOrEqualTo(Limits.BYTES_READ + 32 * 1024);
            assertThat(a.outcome().kind()).isIn(Outcome.Kind.OVER_LIMIT, Outcome.Kind.ALERT);
        }
    }

    @Test
    void moreThanTheByteLimitIsOverTheLimit() {
        // application_data records of 16 KiB, as the record layer counts them (Bouncy Castle is not involved)
        Recorder rec = new Recorder();
        byte[] record = new byte[5 + (1 << 14)];
        record[0] = 0x17;
        record[1] = 0x03;
        record[2] = 0x03;
        record[3] = 0x40;
        while (rec.server.total <= Limits.BYTES_READ) {
            assertThat(rec.overLimit(1)).isEmpty();
            rec.server.feed(record, 0, record.length);
        }
        assertThat(rec.overLimit(1)).get().asString().contains("bytes, over the limit of " + Limits.BYTES_READ);
    }

    @Test
    void aServerHelloAtOneBytePerReadEndsAtTheHandshakeTimeout() throws Exception {
        try (HostileServer s = drip(serverHelloStart(), Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            Attempt a =
                    prober.handshake(Target.parse(s.address()), Offer.broad().withSni("localhost"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.plusMillis(1000));
            assertThat(a.outcome().kind()).isEqualTo(Outcome.Kind.TIMEOUT);
            assertThat(a.outcome().detail()).contains("bytes", "ms");
        }
    }

    @Test
    void theJvmViewOfADripEndsAtTheHandshakeTimeout() throws Exception {
        try (HostileServer s = drip(serverHelloStart(), Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            JvmView v = JvmView.of(new Target("127.0.0.1", s.port(), Optional.of("localhost")), TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(TIMEOUT.plusMillis(1000));
            assertThat(v.connects()).isFalse();
            assertThat(v.error()).get().asString().contains("did not finish within " + TIMEOUT.toMillis() + " ms");
        }
    }

    @Test
    void aDripEndsTheWholeReportWithinItsDeadline() throws Exception {
        try (HostileServer s = drip(serverHelloStart(), Duration.ofMillis(300))) {
            long t0 = System.nanoTime();
            Target t = new Target("127.0.0.1", s.port(), Optional.of("localhost"));
            Diagnosis d = prober.diagnose(t, Offer.broad(t));
            JvmView v = JvmView.of(t, TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(prober.deadline());
            assertThat(d.cause().id()).isEqualTo("no-response");
            assertThat(d.cause().evidence()).contains("bytes");
            assertThat(v.connects()).isFalse();
        }
    }

    @Test
    void theDeadlineFollowsFromTheTimeoutAndTheHandshakes() {
        assertThat(prober.deadline())
                .isEqualTo(TIMEOUT.multipliedBy(Prober.MAX_HANDSHAKES + 1)
                        .plus(PAUSE.multipliedBy(Prober.MAX_HANDSHAKES - 1)));
    }

    static byte[] fill(int n, byte b) {
        byte[] x = new byte[n];
        Arrays.fill(x, b);
        return x;
    }
}
