package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Explain on the command line for failures without an alert, inferred alerts and ranked causes. */
class ExplainFailureCliTest {
    private static final String NGINX_EOF = "2026/11/22 10:00:00 [info] 123#123: *1 peer closed connection in SSL "
            + "handshake while SSL handshaking, client: 10.0.0.1, server: 0.0.0.0:443";

    @Test
    void aFailureWithoutAnAlertIsExplainedAndExitsFour() {
        CliTest.Run r = CliTest.run("explain", NGINX_EOF);
        assertThat(r.code()).isEqualTo(ExplainCommand.FAILURE_WITHOUT_ALERT).isEqualTo(4);
        assertThat(r.out())
                .contains(
                        "No alert exchanged",
                        "The connection was closed during the handshake, without an alert",
                        "nginx",
                        "Meaning",
                        "Likely causes",
                        "Confirm",
                        "Fix")
                .doesNotContain("No TLS alert found");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theFailureInChinese() {
        CliTest.Run r = CliTest.run("explain", "--lang", "zh", NGINX_EOF);
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.out()).contains("握手期间连接被关闭", "可能的原因", "确认方法");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFailureInJsonKeepsTheOldKeysAndAddsFailures() throws Exception {
        CliTest.Run r = CliTest.run(
                "explain", "--json", "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake");
        assertThat(r.code()).isEqualTo(4);
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(m).containsKeys("findings", "notes", "failures", "lines", "lang");
        List<Map<String, Object>> fs = (List<Map<String, Object>>) m.get("failures");
        assertThat(fs).hasSize(1);
        assertThat(fs.get(0))
                .containsEntry("class", "peer-closed")
                .containsEntry("alert", "none")
                .containsEntry("stack", "jdk")
                .containsEntry("source", "failure-jdk-remote-terminated")
                .containsKeys("title", "meaning", "causes", "confirm", "fix", "text", "line", "occurrences", "maybe");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUnnamedAlertListsWhatItCanBe() throws Exception {
        // OpenSSL's bare "certificate verify failed": an alert is sent (SSLfatal with ssl_x509err2alert), which one the
        // verify error decides, and the line does not carry it.
        String line = "error:0A000086:SSL routines::certificate verify failed";
        CliTest.Run r = CliTest.run("explain", "--json", line);
        Map<String, Object> f =
                ((List<Map<String, Object>>) JSON.std.mapFrom(r.out()).get("failures")).get(0);
        assertThat(f).containsEntry("alert", "unnamed").containsEntry("maybe", List.of(48, 45, 42, 44, 46, 43, 51));
        assertThat(CliTest.run("explain", line).out())
                .contains("Alert not named", "unknown_ca (48), certificate_expired (45)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInferredAlertSaysSoInTextAndJson() throws Exception {
        CliTest.Run r = CliTest.run("explain", "[tls] peer sent alert: unknown_ca");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("unknown_ca (48)", "received from the peer", "Inferred:");
        Map<String, Object> f = ((List<Map<String, Object>>) JSON.std
                        .mapFrom(CliTest.run("explain", "--json", "[tls] peer sent alert: unknown_ca")
                                .out())
                        .get("findings"))
                .get(0);
        assertThat(f)
                .containsEntry("evidence", "inferred")
                .containsEntry("direction", "received")
                .containsEntry("pattern", "inferred")
                .containsKey("why");
        assertThat(CliTest.run("explain", "--brief", "[tls] peer sent alert: unknown_ca")
                        .out())
                .contains("(inferred");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCauseTheTextPointsAtIsFirstAndSaysWhy() throws Exception {
        String line = "curl: (60) SSL certificate problem: certificate has expired";
        CliTest.Run r = CliTest.run("explain", line);
        assertThat(r.out()).contains("1. ", "Listed first: the text says \"certificate has expired\"");
        Map<String, Object> f = ((List<Map<String, Object>>) JSON.std
                        .mapFrom(CliTest.run("explain", "--json", line).out())
                        .get("findings"))
                .get(0);
        Map<String, Object> first = ((List<Map<String, Object>>) f.get("causes")).get(0);
        assertThat(first)
                .containsEntry("id", "expired-leaf")
                .containsEntry("hint", "expired")
                .containsEntry("said", "certificate has expired")
                .containsKey("because");
    }

    @Test
    void noAlertAndNoFailureStillExitsOne() {
        CliTest.Run r = CliTest.run("explain", "Connection refused");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("No TLS alert found");
    }
}
