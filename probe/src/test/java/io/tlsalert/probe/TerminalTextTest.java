package io.tlsalert.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Control characters from servers and inputs are shown, not obeyed, on a terminal: probe's text views use core's
 * {@link io.tlsalert.report.TerminalText} (whose own test pins every escape).
 */
class TerminalTextTest {
    /** A NOT_TLS diagnosis of {@code t} whose texts come from the server or the input. */
    static Diagnosis notTls(Target t, String sent, String changed, Cause cause) {
        Outcome o = new Outcome(
                Outcome.Kind.NOT_TLS,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                sent);
        Attempt a = new Attempt(
                changed,
                Offer.broad(),
                o,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                100,
                100,
                10,
                1);
        return new Diagnosis(
                t,
                a,
                cause,
                List.of(a),
                1,
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Instant.now(),
                1);
    }

    @Test
    void aDiagnosisSummaryKeepsEachValueOnItsLine() {
        Target t = new Target("127.0.0.1", 443, Optional.of("evil\u001b[2J\nforged: ok"));
        Diagnosis d = notTls(
                t,
                "the server sent 'HTTP/1.1 200\u001b]0;title\u0007'",
                "SNI: evil\u001b[2J",
                new Cause("not-tls", "e", "CN=\u001b[31mred", "add 'evil\u001b[2J' to the server"));
        String s = d.summary();
        assertThat(s).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\x1b[2J", "\\x1b]0;title\\x07");
        assertThat(s.lines()).noneMatch(l -> l.startsWith("forged"));
    }

    @Test
    void theJvmViewIsEscaped() {
        JvmView v = new JvmView(
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.of("No name matching evil\u001b[2J\nforged found"),
                Optional.empty(),
                "17");
        assertThat(v.describe()).doesNotContain("\u001b").doesNotContain("\n").contains("\\x1b[2J\\nforged");
    }

    /** ESC, the one-character CSI, BEL, backspace, CR and a bidi override: none reaches a probe text view raw. */
    static final String HOSTILE = "e\u001b[2J\u009b31m\u0007\b\rforged\u202egnp";

    static void assertClean(String view) {
        for (char c : HOSTILE.toCharArray()) {
            if (io.tlsalert.report.TerminalText.needsEscape(c)) {
                assertThat(view).as("U+%04X in %s", (int) c, view).doesNotContain(String.valueOf(c));
            }
        }
        assertThat(view).contains("e\\x1b[2J\\x9b31m\\x07\\x08\\rforged\\u202egnp");
    }

    @Test
    void noControlReachesAnyProbeView() {
        Target t = new Target("127.0.0.1", 443, Optional.of(HOSTILE));
        Diagnosis d = notTls(
                t,
                "the server sent " + HOSTILE,
                "SNI: " + HOSTILE,
                new Cause("not-tls", "e " + HOSTILE, "CN=" + HOSTILE, "add '" + HOSTILE + "' to the server"));
        assertClean(d.summary());
        assertClean(new JvmView(false, Optional.empty(), Optional.empty(), Optional.of(HOSTILE), Optional.empty(), "17")
                .describe());
        assertClean(TargetReport.of(t, () -> {
                    throw new IllegalStateException(HOSTILE);
                })
                .summary());
    }

    /**
     * A real {@code openssl s_server} whose certificate names itself {@code evil<ESC>[2J<BEL><BS>.test}: the name
     * mismatch is reported with the certificate's names, escaped.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aCertificatesNamesReachTheSummaryEscaped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        io.tlsalert.testkit.Pki pki = new io.tlsalert.testkit.Pki(dir);
        io.tlsalert.testkit.Pki.Leaf evil = pki.leaf(
                "evil-names",
                io.tlsalert.testkit.Pki.KeyType.EC,
                io.tlsalert.testkit.Pki.Issuer.ROOT,
                30,
                "DNS:evil\u001b[2J\u0007\b.test");
        Prober prober = new Prober(java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(20))
                .withTrustStore(TrustStore.load(pki.caPem, null));
        try (io.tlsalert.testkit.OpensslServer s = io.tlsalert.testkit.OpensslServer.www(dir, evil)) {
            Diagnosis d = prober.diagnose(
                    new Target("127.0.0.1", s.port(), Optional.empty()),
                    Offer.broad().withSni("localhost"));
            assertThat(d.cause().id()).as(d.cause().evidence()).isEqualTo("server-certificate-name-mismatch");
            assertThat(d.certificateCheck().orElseThrow().reason()).contains("evil\u001b[2J\u0007\b.test");
            assertThat(d.summary()).doesNotContain("\u001b", "\u0007", "\b").contains("evil\\x1b[2J\\x07\\x08.test");
        }
    }
}
