package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Name resolution as part of the connect step: within its time, literals without a lookup. */
class ResolverTest {
    @Test
    void literalsAndLocalNamesResolve() throws Exception {
        InetSocketAddress v4 = Resolver.address("127.0.0.1", 443, Duration.ofMillis(1));
        assertThat(v4.isUnresolved()).isFalse();
        assertThat(v4.getAddress().isLoopbackAddress()).isTrue();
        InetSocketAddress v6 = Resolver.address("::1", 8443, Duration.ofMillis(1));
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.getPort()).isEqualTo(8443);
        assertThat(Resolver.address("localhost", 443, Duration.ofSeconds(5))
                        .getAddress()
                        .isLoopbackAddress())
                .isTrue();
    }
}
