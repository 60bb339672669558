package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.TlsParameters;
import io.tlsalert.testkit.HostileServer;
import io.tlsalert.wire.ProtocolVersion;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetOfferTest {
    @Test
    void parsesTargets() {
        assertThat(Target.parse("example.com")).isEqualTo(new Target("example.com", 443, Optional.of("example.com")));
        assertThat(Target.parse("example.com:8443"))
                .isEqualTo(new Target("example.com", 8443, Optional.of("example.com")));
        assertThat(Target.parse("10.0.0.1:993")).isEqualTo(new Target("10.0.0.1", 993, Optional.empty()));
        assertThat(Target.parse("[::1]:8443")).isEqualTo(new Target("::1", 8443, Optional.empty()));
        assertThat(Target.parse("[2001:db8::1]")).isEqualTo(new Target("2001:db8::1", 443, Optional.empty()));
        assertThat(Target.parse("2001:db8::1")).isEqualTo(new Target("2001:db8::1", 443, Optional.empty()));
        assertThat(Target.parse("[::1]:8443").toString()).isEqualTo("[::1]:8443");
        assertThatThrownBy(() -> Target.parse("host:0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.parse("host:x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.parse("[::1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Target.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offersAreImmutableAndNamed() {
        Offer o = Offer.broad(Target.parse("a.test"));
        assertThat(o.sni()).contains("a.test");
        assertThat(o.versions()).containsExactly(ProtocolVersion.TLS_1_3, ProtocolVersion.TLS_1_2);
        assertThat(o.withVersions(ProtocolVersion.TLS_1_2).versions()).containsExactly(ProtocolVersion.TLS_1_2);
        assertThat(ProbeJson.offer(o).get("groups").toString()).contains("x25519");
        assertThat(TlsAlerts.name(121))
                .isNotEqualTo(TlsParameters.UNASSIGNED); // core knows 121, Bouncy Castle does not
        assertThat(TlsAlerts.name(52)).isNotEqualTo(TlsParameters.UNASSIGNED);
        assertThatThrownBy(() -> o.withVersions(java.util.List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void padsTheClientHello() throws Exception {
        // measured against a server that answers nothing useful: only the ClientHello's size matters
        try (HostileServer s = new HostileServer(sock -> {
            HostileServer.readSome(sock);
            sock.close();
        })) {
            Prober p = new Prober(java.time.Duration.ofSeconds(2), java.time.Duration.ZERO);
            Attempt plain = p.handshake(Target.parse(s.address()), Offer.broad());
            Attempt padded =
                    p.handshake(Target.parse(s.address()), Offer.broad().withPadTo(600));
            assertThat(plain.clientHelloBytes()).isLessThan(600);
            assertThat(padded.clientHelloBytes()).isEqualTo(600);
        }
    }
}
