package io.tlsalert.probe.matrix;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matrix's checks that no branch of issue 12 answers yet, each a server that refuses without an alert or with a
 * ServerHello the probe's stack rejects: lighttpd's GnuTLS answering a TLS 1.2 + 1.3 offer with a TLS 1.0 ServerHello
 * (the probe stops at its own protocol_version: unknown), GnuTLS closing when no client certificate comes (unknown),
 * Node closing on an SNI name it does not serve (no-response). Tagged {@code probe-gap}, excluded from probe's default
 * run; {@code -Dtest=ProbeServerMatrixGapTest -Dprobe.excludedGroups=} runs them. See {@link ServerMatrix}.
 */
@Tag("probe-gap")
@Timeout(300)
class ProbeServerMatrixGapTest {
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
                .map(r -> r.only(ServerMatrix.Status.GAP))
                .filter(r -> !r.checks().isEmpty())
                .map(r -> DynamicTest.dynamicTest(r.toString(), () -> ServerMatrix.run(fixture, r)));
    }
}
