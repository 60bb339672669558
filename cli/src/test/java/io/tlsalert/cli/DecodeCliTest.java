package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsalert decode} as a user meets it: input shapes, alert explained, JSON keys, exit codes, bad input. */
class DecodeCliTest {
    @Test
    void decodesAnAlertRecordAndExplainsIt() {
        CliTest.Run r = CliTest.run("decode", "15", "03", "03", "00", "02", "02", "28");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "layer: TLSPlaintext",
                        "type: alert (21)",
                        "legacy_record_version: TLS 1.2 (0x0303)",
                        "level: fatal (2)",
                        "description: handshake_failure (40)",
                        "sent by whichever side wrote these bytes",
                        "Common causes",
                        "RFC 8446 §6.2");
    }

    @Test
    void base64AndChineseToo() {
        CliTest.Run r = CliTest.run("decode", "--lang", "zh", "--base64", "FQMDAAICKA==");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("handshake_failure (40)", "常见原因", "由写出这些字节的一方发送");
    }

    @Test
    void readsAnXxdDumpFromStandardInput() throws Exception {
        String xxd = "00000000: 1503 0300 0202 2f                        .......\n";
        CliTest.Run r = CliTest.runWithStdin(xxd.getBytes(), "decode", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("description: illegal_parameter (47)");
    }

    @Test
    void readsABinaryFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("alert.bin");
        Files.write(f, new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00});
        CliTest.Run r = CliTest.run("decode", "--file", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("level: warning (1)", "description: close_notify (0)");
    }

    @Test
    void jsonHasRecordsMessagesAlertsAndProblem() throws Exception {
        CliTest.Run r = CliTest.run("decode", "--json", "15030300020228");
        assertThat(r.code()).isZero();
        Map<String, Object> m = JSON.std.mapFrom(r.out());
        assertThat(m).containsKeys("length", "records", "problem", "alerts");
        assertThat(m.get("problem")).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> rec = ((List<Map<String, Object>>) m.get("records")).get(0);
        assertThat(rec)
                .containsEntry("offset", 0)
                .containsEntry("layer", "TLSPlaintext")
                .containsEntry("length", 2);
        @SuppressWarnings("unchecked")
        Map<String, Object> alert = ((List<Map<String, Object>>) m.get("alerts")).get(0);
        assertThat(alert)
                .containsEntry("code", 40)
                .containsEntry("name", "handshake_failure")
                .containsEntry("offset", 5)
                .containsEntry("direction", "unknown")
                .containsKeys("causes", "meaning", "who");
    }

    @Test
    void truncatedInputShowsWhatWasDecodedAndWhereItStopped() {
        CliTest.Run r = CliTest.run("decode", "15030300020228", "16030100", "05010000", "0903");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out())
                .contains("description: handshake_failure (40)", "problem", "field: Handshake", "offset: 12");
        assertThat(r.err()).contains("stopped at Handshake, byte offset 12", "continues beyond the input");
    }

    @Test
    void anEncryptedTls13AlertIsRecognisedByItsLength() {
        // A TLS 1.3 ServerHello (supported_versions = 0x0304) followed by a 19-byte application_data record.
        CliTest.Run r = CliTest.run("decode", "--json", tls13ServerHello() + "1703030013" + "ab".repeat(19));
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("\"kind\" : \"encrypted\"", "\"likely\" : \"tls13_alert\"", "\"selected_version\"");
    }

    /** A well-formed TLS 1.3 ServerHello record: supported_versions selects 0x0304, key_share x25519. */
    static String tls13ServerHello() {
        String ext = "002b" + "0002" + "0304" + "0033" + "0024" + "001d" + "0020" + "22".repeat(32);
        String body = "0303" + "11".repeat(32) + "00" + "1301" + "00" + String.format("%04x", ext.length() / 2) + ext;
        String hs = "02" + String.format("%06x", body.length() / 2) + body;
        return "160303" + String.format("%04x", hs.length() / 2) + hs;
    }

    @Test
    void badInputIsAClearUsageError() {
        CliTest.Run odd = CliTest.run("decode", "150303000202", "2");
        assertThat(odd.code()).isEqualTo(2);
        assertThat(odd.err()).contains("odd number of hex digits").doesNotContain("Exception");
        CliTest.Run junk = CliTest.run("decode", "hello", "world");
        assertThat(junk.code()).isEqualTo(2);
        assertThat(junk.err()).doesNotContain("Exception");
        CliTest.Run empty = CliTest.runWithStdin(new byte[0], "decode", "-");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("empty");
    }

    @Test
    void sixteenMebibytesOfRandomBytesEndInAProblemNotAStackTrace(@TempDir Path dir) throws Exception {
        byte[] b = new byte[16 << 20];
        new Random(7).nextBytes(b);
        b[0] = 0x16; // make it look like a record start, so the decoder really works on it
        Path f = dir.resolve("random.bin");
        Files.write(f, b);
        CliTest.Run r = CliTest.run("decode", "--file", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("stopped at").doesNotContain("Exception");
    }
}
