package io.tlsalert.probe.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.testkit.GoTlsServer;
import io.tlsalert.testkit.LighttpdGnutls;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.PythonTlsServer;
import io.tlsalert.testkit.TlsServerSpec;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix's harnesses refuse what they cannot serve with a message that says what and where, and a server that
 * dies at start fails with its own words, not a hang: a wrong spec would otherwise pass as a "server that closes".
 */
@Timeout(120)
class HarnessErrorsTest {
    @TempDir
    static Path dir;

    static Pki.Leaf leaf;

    @BeforeAll
    static void pki() {
        leaf = new Pki(dir).leaf("localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost");
    }

    @Test
    void specRejectsVersionsOutsideTheRange() {
        assertThatThrownBy(() -> TlsServerSpec.of(leaf).only("1.4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.0..1.3")
                .hasMessageContaining("1.4");
        assertThatThrownBy(() -> TlsServerSpec.of(leaf).versions("1.3", "1.2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minVersion 1.3 is above maxVersion 1.2");
        assertThat(TlsServerSpec.of(leaf).versions("1.0", "1.2").allows("1.1")).isTrue();
        assertThat(TlsServerSpec.of(leaf).only("1.3").allows("1.2")).isFalse();
    }

    @Test
    void lighttpdRefusesStrictSniItCannotDo() {
        assertThatThrownBy(
                        () -> LighttpdGnutls.start(dir, TlsServerSpec.of(leaf).onlyName("good.test")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no strict SNI");
    }

    @Test
    void aServerThatDiesAtStartFailsWithItsOwnError() {
        // Go's harness looks suites up by Go's names: a wrong one ends the program before it listens.
        assertThatThrownBy(() -> GoTlsServer.start(
                        dir, TlsServerSpec.of(leaf).only("1.2").ciphers("NO_SUCH_SUITE")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("go did not start")
                .hasMessageContaining("unknown cipher suite \"NO_SUCH_SUITE\"");
        // OpenSSL's cipher-string parser, through Python.
        assertThatThrownBy(
                        () -> PythonTlsServer.start(dir, TlsServerSpec.of(leaf).ciphers("NO-SUCH-CIPHER")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("python did not start")
                .hasMessageContaining("No cipher can be selected");
    }
}
