package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * ESC, the one-character CSI (U+009B), BEL, backspace, CR and a bidi override (U+202E) in what {@code explain} and
 * {@code decode} read never reach the terminal raw: their text views write them escaped (core's TerminalText).
 */
class TerminalEscapeCliTest {
    /** Every control the views must escape, as it stands in the hostile inputs below. */
    static final char[] CONTROLS = {0x1b, 0x9b, 0x07, 0x08, 0x0d, 0x202e, 0x80};

    static void assertNoControl(CliTest.Run r) {
        for (char c : CONTROLS) {
            assertThat(r.out() + r.err()).as("U+%04X", (int) c).doesNotContain(String.valueOf(c));
        }
    }

    @Test
    void explainEscapesTheLineItQuotes() {
        String line = "javax.net.ssl.SSLHandshakeException: No subject alternative names present"
                + " e\u001b[2J\u009b31m\u0007\b\u202egnp\rforged";
        CliTest.Run r = CliTest.runWithStdin(line.getBytes(StandardCharsets.UTF_8), "explain", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertNoControl(r);
        assertThat(r.out()).contains("e\\x1b[2J\\x9b31m\\x07\\x08\\u202egnp");
    }

    @Test
    void decodeEscapesTheServerNameOfARealClientHello() throws Exception {
        byte[] hello = ScanCliTest.clientHelloWithSni(ScanCliTest.HOSTILE_SNI);
        CliTest.Run r = CliTest.runWithStdin(
                HexFormat.of().formatHex(hello).getBytes(StandardCharsets.US_ASCII), "decode", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertNoControl(r);
        assertThat(r.out()).contains(ScanCliTest.HOSTILE_SNI_ESCAPED);
    }
}
