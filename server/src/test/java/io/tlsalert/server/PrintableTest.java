package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.report.TerminalText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Request values quoted in error messages and the access log never carry what a terminal acts on: C0, DEL, C1 (a
 * one-character CSI, U+009B) and bidi controls (U+202E turns the rest of a log line around), as core's TerminalText.
 */
class PrintableTest {
    static AlertServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = AlertServer.start(AlertServer.Config.defaults().withPort(0));
        port = server.address().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyCharacterATerminalActsOnIsEscaped() {
        for (char c = 0; c < 0x3000; c++) {
            String p = SiteGuard.printable("a" + c + "b");
            if (TerminalText.needsEscape(c)) {
                assertThat(p).as("U+%04X", (int) c).isEqualTo(String.format("a\\u%04xb", (int) c));
            }
        }
        assertThat(SiteGuard.printable("x'y\\z")).isEqualTo("x\\u0027y\\u005cz");
    }

    @Test
    void aPathWithC1AndBidiControlsIsQuotedUndecoded() throws Exception {
        // U+009B (CSI) and U+202E (right-to-left override) percent-encoded: the message quotes the raw path, so they
        // never come back decoded.
        RawHttp.Answer a = RawHttp.get(port, "/no-such-%C2%9B31m-%E2%80%AE-page", "Host: 127.0.0.1:" + port);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.body()).doesNotContain("\u009b").doesNotContain("\u202e").contains("%C2%9B31m-%E2%80%AE");
    }
}
