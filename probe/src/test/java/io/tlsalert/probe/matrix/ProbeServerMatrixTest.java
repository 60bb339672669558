package io.tlsalert.probe.matrix;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix's checks that main's probe answers right: Python ssl, Node tls, Go crypto/tls, the JDK, HAProxy and
 * lighttpd's GnuTLS, each in several misconfigurations, the stack's alert (or its silence) checked with s_client
 * before the probe's cause. See {@link ServerMatrix}.
 */
@Timeout(300)
class ProbeServerMatrixTest {
    @TempDir
    static Path dir;

    static Fixture fixture;

    @BeforeAll
    static void fixture() throws Exception {
        fixture = new Fixture(dir);
    }

    @TestFactory
    Stream<DynamicTest> matrix() {
        return ServerMatrix.rows().stream()
                .map(r -> r.only(ServerMatrix.Status.ACTIVE))
                .filter(r -> !r.checks().isEmpty())
                .map(r -> DynamicTest.dynamicTest(r.toString(), () -> ServerMatrix.run(fixture, r)));
    }
}
