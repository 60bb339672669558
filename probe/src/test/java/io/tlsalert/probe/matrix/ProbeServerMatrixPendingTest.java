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
 * The matrix's checks whose right cause needs issue 12's other work (the search over suites; telling a private root
 * from a missing intermediate; client certificates refused without an alert or at the HTTP level; strict SNI answered
 * without unrecognized_name): tagged {@code pending-i12}, excluded from probe's default run until that work is merged
 * ({@code mvn -pl probe -am test -Dgroups=pending-i12 -DexcludedGroups=none} runs them). See {@link ServerMatrix}.
 */
@Tag("pending-i12")
@Timeout(300)
class ProbeServerMatrixPendingTest {
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
                .map(r -> r.only(true))
                .filter(r -> !r.checks().isEmpty())
                .map(r -> DynamicTest.dynamicTest(r.toString(), () -> ServerMatrix.run(fixture, r)));
    }
}
