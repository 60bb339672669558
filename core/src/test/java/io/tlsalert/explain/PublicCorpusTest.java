package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Real messages from stacks that cannot run here (Schannel, .NET, Go, Envoy, rustls, NSS...), each copied from the
 * public page named in its row.
 */
class PublicCorpusTest {
    record Row(int lineNo, String stack, int code, String direction, String evidence, String source, String text) {}

    static List<Row> rows() throws Exception {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                PublicCorpusTest.class.getResourceAsStream("/corpus/public.tsv"), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (n == 1 || line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 6);
                rows.add(new Row(
                        n,
                        f[0],
                        Integer.parseInt(f[1]),
                        f[2],
                        f[3],
                        f[4],
                        f[5].replace("\\n", "\n").replace("\\t", "\t")));
            }
        }
        return rows;
    }

    @Test
    void everyRowNamesItsPublicSource() throws Exception {
        assertThat(rows())
                .hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(r -> assertThat(r.source()).startsWith("http"));
    }

    @TestFactory
    Stream<DynamicTest> everyRealMessageIsExplained() throws Exception {
        return rows().stream()
                .map(r -> DynamicTest.dynamicTest(r.lineNo() + " " + r.stack() + " " + r.code(), () -> {
                    Explanation e = TlsAlerts.explain(r.text());
                    assertThat(e.findings()).as("%s (%s)", r.text(), r.source()).anySatisfy(f -> {
                        assertThat(f.code()).isEqualTo(r.code());
                        assertThat(f.direction().id()).isEqualTo(r.direction());
                        assertThat(f.evidence().id()).isEqualTo(r.evidence());
                    });
                }));
    }
}
