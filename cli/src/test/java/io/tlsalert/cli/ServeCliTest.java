package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** serve refuses bad options at start-up (exit 2 with a clear message) instead of serving with a wider policy. */
class ServeCliTest {
    record Run(int code, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, err.toString());
    }

    @Test
    void invalidProbeAllowPatternsExit2() {
        for (String bad : new String[] {"8.8.8.8/-1", "/33", "::/129", "", "garbage!", "10.0.0.0/33", "1.2.3"}) {
            Run r = run("serve", "--port", "0", "--allow-probe", "--probe-allow", bad);
            assertThat(r.code()).as("'" + bad + "'").isEqualTo(2);
            assertThat(r.err()).as("'" + bad + "'").contains("--probe-allow");
        }
        Run mixed = run("serve", "--port", "0", "--allow-probe", "--probe-allow", "*.example.com,8.8.8.8/-1");
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("8.8.8.8/-1");
    }

    @Test
    void invalidAllowedOriginsAndHostsExit2() {
        Run origin = run("serve", "--port", "0", "--allowed-origin", "evil");
        assertThat(origin.code()).isEqualTo(2);
        assertThat(origin.err()).contains("--allowed-origin");
        Run host = run("serve", "--port", "0", "--allowed-host", "a b");
        assertThat(host.code()).isEqualTo(2);
        assertThat(host.err()).contains("--allowed-host");
    }
}
