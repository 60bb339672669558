package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.testkit.HostileServer;
import io.tlsalert.testkit.Ports;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * --timeout bounds each step, so a silent server ends within about two timeouts (issue 12 item 7): the baseline and
 * one follow-up (a small ClientHello), and no JVM view, which could only wait the same way. Two silent servers: one
 * that accepts and never answers, one that never accepts (a full backlog: the SYN is dropped, the connect times
 * out). A refused port ends at once. The bound is asserted on the diagnosis's own time (JSON "millis"), which the
 * timeouts govern; the whole run adds the JVM's start, which a loaded machine stretches (the README has figures).
 */
@Timeout(60)
class ProbeSilentBoundTest {
    static final double TIMEOUT = 2;
    /** Two timeouts, the pause, and room for a loaded machine. */
    static final Duration BOUND = Duration.ofMillis((long) (TIMEOUT * 2 * 1000) + 1500);

    /** The run, its text report, and the diagnosis's time from its JSON report. */
    record Timed(CliTest.Run run, String text, Duration took) {}

    static Timed probe(String target) throws Exception {
        CliTest.Run text = CliTest.run("probe", target, "--timeout", String.valueOf(TIMEOUT));
        CliTest.Run json = CliTest.run("probe", target, "--timeout", String.valueOf(TIMEOUT), "--json");
        Map<String, Object> m = JSON.std.mapFrom(json.out());
        assertThat(m.get("jvm")).as("the JVM's view is not tried").isNull();
        Duration took = Duration.ofMillis(((Number) m.get("millis")).longValue());
        System.out.println(target + ": the diagnosis took " + took.toMillis() + " ms:\n" + text.out() + text.err());
        return new Timed(json, text.out(), took);
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersEndsWithinTwoTimeouts() throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            Thread.sleep(30_000);
        })) {
            Timed t = probe(s.address());
            assertThat(t.run().code()).isEqualTo(1);
            assertThat(t.text()).contains("no-response", "handshakes (2)", "jvm: not tried");
            assertThat(t.took()).isLessThan(BOUND);
        }
    }

    @Test
    void aServerThatNeverAcceptsEndsWithinTwoTimeouts() throws Exception {
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress(Ports.LOOPBACK, 0), 1); // never accept()ed
            List<Socket> fill = new ArrayList<>();
            try {
                // Fill the accept queue until the kernel drops SYNs (a connect times out).
                boolean dropped = false;
                for (int i = 0; i < 16 && !dropped; i++) {
                    Socket c = new Socket();
                    fill.add(c);
                    try {
                        c.connect(full.getLocalSocketAddress(), 300);
                    } catch (SocketTimeoutException e) {
                        dropped = true;
                    }
                }
                assertThat(dropped).as("the backlog never filled").isTrue();
                Timed t = probe("127.0.0.1:" + full.getLocalPort());
                assertThat(t.run().code()).isEqualTo(1);
                assertThat(t.text()).contains("no-response", "TCP connect timed out", "jvm: not tried");
                assertThat(t.took()).isLessThan(BOUND);
            } finally {
                for (Socket c : fill) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aRefusedPortIsConnectionRefusedAtOnce() throws Exception {
        Timed t = probe("127.0.0.1:" + Ports.free());
        assertThat(t.text()).contains("connection-refused", "ECONNREFUSED", "handshakes (1)", "jvm: not tried");
        assertThat(t.took()).isLessThan(Duration.ofMillis((long) (TIMEOUT * 1000)));
    }
}
