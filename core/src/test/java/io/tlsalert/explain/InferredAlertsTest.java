package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The general detector: alert formats no table knows still give the alert and its direction, marked inferred. */
class InferredAlertsTest {
    private static final Explainer EX = TlsAlerts.explainer();

    /**
     * Invented lines in the styles of stacks and tools that are not in the tables (embedded TLS libraries, proxies,
     * IoT firmware, test harnesses), each with the code and direction a reader would give it.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [tls] peer sent alert: unknown_ca                                        | 48  | received
            TLS: <- ALERT fatal/48                                                   | 48  | received
            TLS: -> ALERT fatal/40                                                   | 40  | sent
            alert received: 0x2a                                                     | 42  | received
            sending alert 70 to client                                               | 70  | sent
            12:00:01.003 tls_conn[7]: received alert(40) from 10.1.2.3               | 40  | received
            wolfish: got fatal alert HandshakeFailure from server                    | 40  | received
            picotls-ish: alert sent: decode_error                                    | 50  | sent
            embedtls: >>> alert level=2 description=42                               | 42  | sent
            embedtls: <<< alert level=2 description=48                               | 48  | received
            [IN] TLS Alert: level fatal, desc certificate_expired                    | 45  | received
            [OUT] TLS Alert: level fatal, desc bad_record_mac                        | 20  | sent
            RECV ALERT 2 112                                                         | 112 | received
            SEND ALERT 2 70                                                          | 70  | sent
            READ: alert, fatal, protocol_version                                     | 70  | received
            WRITE: alert, fatal, illegal_parameter                                   | 47  | sent
            tls13: remote alert UNEXPECTED_MESSAGE                                   | 10  | received
            tls13: local alert INTERNAL_ERROR                                        | 80  | sent
            ssl handshake: the server returned alert: unrecognized_name              | 112 | received
            handshake aborted: alert certificate required sent by peer               | 116 | received
            TLS error: fatal alert number 51 generated                               | 51  | sent
            tls: alert description: 20                                               | 20  | unknown
            Alert [46]                                                               | 46  | unknown
            quic-ish: CRYPTO_ERROR alert=0x78 from peer                              | 120 | received
            session 9: TLS alert 0x30 received                                       | 48  | received
            device log: TLS ALERT UNSUPPORTED_EXTENSION sent to cloud                | 110 | sent
            handshake failed with alert ACCESS_DENIED from remote                    | 49  | received
            dtls: alert (fatal, handshake_failure) -> peer                           | 40  | sent
            ssl: remote host sent an alert: DecryptError                             | 51  | received
            TLS alert from client: NoApplicationProtocol                             | 120 | received
            tls_alert fatal insufficient_security in                                 | 71  | unknown
            "alert":"bad_certificate","dir":"rx"                                     | 42  | unknown
            TLS handshake: incoming alert, fatal, certificate unknown                | 46  | received
            TLS handshake: outgoing alert, fatal, unknown psk identity               | 115 | sent
            """)
    void anInventedFormatGivesTheAlertAndItsDirection(String line, int code, String direction) {
        Explanation e = EX.explain(line.strip() + "\n");
        assertThat(e.findings()).as(line).hasSize(1);
        Finding f = e.findings().get(0);
        assertThat(f.code()).as(line).isEqualTo(code);
        assertThat(f.direction().id()).as(line).isEqualTo(direction);
        assertThat(f.evidence()).as(line).isEqualTo(Evidence.INFERRED);
        assertThat(f.patternId()).isEqualTo("inferred");
    }

    @Test
    void aLineATableKnowsIsNotInferred() {
        Finding f = EX.explain("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n")
                .findings()
                .get(0);
        assertThat(f.evidence()).isEqualTo(Evidence.ALERT);
    }

    @Test
    void alertWordsWithoutAnAlertGiveNothing() {
        for (String s : List.of(
                "Alertmanager: alert HighCpuUsage firing for 5m",
                "alert: internal error in the billing job",
                "ALERT: disk usage 92% on /var",
                "alert 3 of 5 acknowledged",
                "alert level 2 raised for host db1",
                "security alert: access denied for user bob",
                "Alert: user canceled the upload",
                "    data = ss.recv(100)  # TLS 1.3 post-handshake alerts (certificate_required) surface here")) {
            assertThat(EX.explain(s + "\n").findings()).as(s).isEmpty();
        }
    }

    /**
     * A few MB of ordinary text that is not about TLS: the java.base sources of java.util and java.lang (their javadoc
     * says "alert" nowhere near an alert name) and the plain-text docs of the system, read through explain line by
     * line: not one inferred finding.
     */
    @Test
    void megabytesOfNonTlsTextGiveNoInferredFinding() throws IOException {
        StringBuilder text = new StringBuilder();
        // The JDK sources where they are installed (openjdk-17-source, or the Temurin 25 beside JDK 17 here).
        Path src = Stream.of(
                        Path.of(System.getProperty("java.home"), "lib", "src.zip"),
                        Path.of("/usr/lib/jvm/openjdk-17/lib/src.zip"),
                        Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip"))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElse(Path.of("-"));
        if (Files.isRegularFile(src)) {
            try (ZipFile z = new ZipFile(src.toFile())) {
                for (ZipEntry en : java.util.Collections.list(z.entries())) {
                    String n = en.getName();
                    if ((n.startsWith("java.base/java/util/") || n.startsWith("java.base/java/lang/"))
                            && n.endsWith(".java")
                            && text.length() < 6 << 20) {
                        try (InputStream in = z.getInputStream(en)) {
                            text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        try (Stream<Path> docs = Files.walk(Path.of("/usr/share/doc"), 3)) {
            List<Path> files = new ArrayList<>(docs.filter(p -> Files.isRegularFile(p)
                            && !p.toString().endsWith(".gz")
                            && !p.toString().toLowerCase().contains("ssl")
                            && !p.toString().toLowerCase().contains("tls"))
                    .sorted()
                    .toList());
            for (Path p : files) {
                if (text.length() > 10 << 20) {
                    break;
                }
                try {
                    if (Files.size(p) < 1 << 20) {
                        text.append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
                    }
                } catch (IOException | UncheckedIOException e) {
                    // not UTF-8 text: not ordinary text for this test
                }
            }
        }
        System.out.printf("non-TLS corpus: %d chars (%s and /usr/share/doc)%n", text.length(), src);
        assertThat(text.length()).as("corpus size").isGreaterThan(3 << 20);
        long alertWords = text.toString().split("(?i)\\balert", -1).length - 1;
        Explanation e = EX.explain(text.toString());
        assertThat(e.findings())
                .as("%d chars, %d words 'alert'", text.length(), alertWords)
                .filteredOn(f -> f.evidence() == Evidence.INFERRED)
                .isEmpty();
    }
}
