package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.testkit.HostileServer;
import io.tlsalert.wire.AlertLevel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alert codes are uint8 (RFC 8446 §6): 128..255 are read as such, never as negative bytes. */
@Timeout(60)
class AlertCodesTest {
    final Prober prober = new Prober(Duration.ofMillis(1500), Duration.ofMillis(10));

    /** Bouncy Castle hands the recorder the alert's bytes as Java's signed byte widened to short: -128..127. */
    @Test
    void theRecorderReadsEveryCodeUnsigned() {
        for (int code = 0; code < 256; code++) {
            for (int level : List.of(1, 2, 255)) {
                Recorder rec = new Recorder();
                rec.alert(Side.SERVER, (short) (byte) level, (short) (byte) code, null);
                AlertInfo a = rec.alerts.get(0);
                assertThat(a.code()).isEqualTo(code);
                assertThat(a.level()).isEqualTo(AlertLevel.of(level));
                assertThat(a.name()).isEqualTo(TlsAlerts.name(code));
                assertThat(rec.steps.get(0).detail()).contains("(" + code + ")").doesNotContain("-");
            }
        }
    }

    @Test
    void everyHandshakeMessageTypeIsNamedUnsigned() {
        for (int type = 0; type < 256; type++) {
            Recorder rec = new Recorder();
            rec.serverMessage((short) (byte) type);
            assertThat(rec.steps.get(0).message()).doesNotContain("-");
        }
    }

    /** A server that answers the ClientHello with {@code 15 03 03 00 02 02 CC}: fatal(2), description CC. */
    @ParameterizedTest
    @ValueSource(ints = {0, 40, 127, 128, 200, 254, 255})
    void aFatalAlertFromTheServerKeepsItsCode(int code) throws Exception {
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            sock.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) code});
            sock.getOutputStream().flush();
            Thread.sleep(5000);
        })) {
            Diagnosis d =
                    prober.diagnose(Target.parse(s.address()), Offer.broad().withSni("localhost"));
            AlertInfo a = d.alert().orElseThrow();
            assertThat(a.code()).isEqualTo(code);
            assertThat(a.sender()).isEqualTo(Side.SERVER);
            assertThat(a.level()).isEqualTo(AlertLevel.FATAL);
            assertThat(a.toString()).contains("(" + code + ")");
            assertThat(d.summary()).doesNotContain("(-").contains("(" + code + ")");
            assertThat(d.cause().fix()).doesNotContain("-1").doesNotContain("explain -");
            if (TlsAlerts.lookup(code).isEmpty()) {
                assertThat(d.cause().fix()).contains("tlsalert explain " + code + "`");
            }
        }
    }
}
