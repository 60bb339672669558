package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsalert decode} given a trace or a certificate as a user pastes it: an {@code openssl s_client -msg} output
 * saved from a real run on 127.0.0.1 (s_server with a self-signed certificate; the client sends unknown_ca), and
 * certificates and keys openssl makes here.
 */
class DecodeTraceCliTest {
    private static byte[] trace() throws Exception {
        try (InputStream in = DecodeTraceCliTest.class.getResourceAsStream("s_client-msg-unknown-ca.txt")) {
            return in.readAllBytes();
        }
    }

    @Test
    void anSClientMsgTraceShowsWhoSentEachRecordAndTheAlert() throws Exception {
        CliTest.Run r = CliTest.runWithStdin(trace(), "decode", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "format: openssl-msg",
                        "printed_by: client",
                        "direction: sent",
                        "path: client_to_server",
                        "direction: received",
                        "path: server_to_client",
                        "msg_type: certificate (11)",
                        "description: unknown_ca (48)",
                        "unknown_ca (48)  always fatal  ·  sent by the program that printed the trace",
                        "The program that printed the trace sent this alert");
        assertThat(r.out()).doesNotContain("sent by whichever side wrote these bytes");
    }

    @Test
    void jsonOfATraceKeepsTheKeysAndAddsDirections() throws Exception {
        CliTest.Run r = CliTest.runWithStdin(trace(), "decode", "--json", "--lang", "zh", "-");
        assertThat(r.code()).isZero();
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(m).containsKeys("length", "records", "problem", "alerts", "trace");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> records = (List<Map<String, Object>>) m.get("records");
        assertThat(records)
                .extracting(x -> x.get("direction"))
                .containsExactly("sent", "received", "received", "received", "received", "sent");
        assertThat(records.get(0)).containsEntry("line", 2).containsEntry("path", "client_to_server");
        @SuppressWarnings("unchecked")
        Map<String, Object> alert = ((List<Map<String, Object>>) m.get("alerts")).get(0);
        assertThat(alert)
                .containsEntry("code", 48)
                .containsEntry("direction", "sent")
                .containsEntry("line", 102)
                .containsEntry("who", "打印跟踪的程序发送了这个告警：它拒绝了对端发来的内容。告警前后该程序自己的日志会说明原因。");
    }

    @Test
    void aPemCertificateIsSummarisedNotReportedAsAMalformedRecord(@TempDir Path dir) throws Exception {
        io.tlsalert.testkit.Pki.selfSigned(
                dir.resolve("c.pem"),
                dir.resolve("c.key"),
                "/CN=cert.test",
                io.tlsalert.testkit.Pki.KeyType.EC,
                30,
                "subjectAltName=DNS:cert.test");
        CliTest.Run r = CliTest.run("decode", "--file", dir.resolve("c.pem").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "input: certificates",
                        "format: pem",
                        "subject: CN=cert.test",
                        "public_key: EC secp256r1",
                        "subject_alt_names (1): cert.test",
                        "signature_algorithm: SHA256withECDSA")
                .doesNotContain("TLSPlaintext");
        io.tlsalert.testkit.Pki.openssl(dir, List.of("x509", "-in", "c.pem", "-outform", "DER", "-out", "c.der"));
        CliTest.Run der =
                CliTest.run("decode", "--json", "--file", dir.resolve("c.der").toString());
        assertThat(der.code()).isZero();
        Map<String, Object> m = JSON.std.mapFrom(der.out());
        assertThat(m)
                .containsEntry("input", "certificates")
                .containsEntry("format", "der")
                .containsKeys("records", "alerts");
    }

    @Test
    void aPrivateKeyIsRefusedAndNothingOfItPrinted(@TempDir Path dir) throws Exception {
        io.tlsalert.testkit.Pki.selfSigned(
                dir.resolve("c.pem"), dir.resolve("c.key"), "/CN=k", io.tlsalert.testkit.Pki.KeyType.RSA, 30);
        String key = Files.readString(dir.resolve("c.key"));
        CliTest.Run r = CliTest.run("decode", "--file", dir.resolve("c.key").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("PEM \"PRIVATE KEY\" (line 1)", "nothing of it was read or printed");
        String secondLine = key.split("\n")[1];
        assertThat(r.out() + r.err())
                .doesNotContain(secondLine.substring(0, 20))
                .doesNotContain("Exception");
    }

    @Test
    void aBrokenTraceIsAClearErrorWithItsLine() {
        CliTest.Run r =
                CliTest.runWithStdin(">>> TLS 1.2, Alert [length 0002], fatal\n    02\n".getBytes(), "decode", "-");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("line 1, column 1", "declares 2 bytes").doesNotContain("Exception");
    }
}
