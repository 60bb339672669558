package io.tlsalert.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.Message;
import io.tlsalert.decode.TlsDecoder;
import io.tlsalert.decode.TlsParameters;
import io.tlsalert.report.DecodeTree;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 10 item 4: wire values are unsigned everywhere; every value of a named field has a name, never a negative. */
class UnsignedWireValuesTest {
    /** A name: printable, no control characters. */
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]+");

    /** A negative number: a minus sign before a digit that does not join two parts of a word (ML-KEM-768 is fine). */
    private static final Pattern NEGATIVE = Pattern.compile("(^|[^A-Za-z0-9])-\\d");

    private static void assertName(String name, int value) {
        assertThat(name).as("name of %d", value).isNotBlank().matches(NAME);
        assertThat(name).as("name of %d", value).doesNotContainPattern(NEGATIVE);
    }

    @Test
    void everyAlertLevelAndCodeDecodesUnsigned() {
        DecodeTree tree = new DecodeTree(TlsAlerts.registry().texts(), io.tlsalert.registry.Lang.EN);
        for (int level = 0; level < 256; level++) {
            for (int code = 0; code < 256; code++) {
                byte[] in = {0x15, 0x03, 0x03, 0x00, 0x02, (byte) level, (byte) code};
                Decoding d = TlsDecoder.decode(in);
                assertThat(d.problem()).isEmpty();
                Message.Alert a = (Message.Alert) d.records().get(0).messages().get(0);
                assertThat(a.level()).isEqualTo(level);
                assertThat(a.description()).isEqualTo(code);
                if (level == 2 || level == 1 || level == 0 || level == 255) {
                    // The printed view of the message: the unsigned value and a valid name.
                    @SuppressWarnings("unchecked")
                    Map<String, Object> msg = (Map<String, Object>) ((List<?>)
                                    ((Map<?, ?>) ((List<?>) tree.decoding(d).get("records")).get(0)).get("messages"))
                            .get(0);
                    Map<?, ?> desc = (Map<?, ?>) msg.get("description");
                    assertThat(desc.get("value")).isEqualTo(code);
                    assertName(String.valueOf(desc.get("name")), code);
                    Map<?, ?> lv = (Map<?, ?>) msg.get("level");
                    assertThat(lv.get("value")).isEqualTo(level);
                    assertName(String.valueOf(lv.get("name")), level);
                }
            }
            assertName(AlertDescription.name(level), level);
        }
        for (var f :
                DecodeTree.alertFindings(TlsDecoder.decode(new byte[] {0x15, 3, 3, 0, 2, (byte) 0xFF, (byte) 0xFF}))) {
            assertThat(f.code()).isEqualTo(255);
            assertName(f.name(), 255);
        }
    }

    @Test
    void everyTwoByteValueHasANameAndNeverThrows() {
        TlsParameters p = TlsParameters.get();
        for (int v = 0; v < 65536; v++) {
            assertName(p.cipherSuite(v), v);
            assertName(p.group(v), v);
            assertName(p.signatureScheme(v), v);
            assertName(p.extension(v), v);
            assertName(TlsParameters.version(v), v);
            ProtocolVersion pv = ProtocolVersion.of(v);
            assertThat(pv.hex()).doesNotContain("-");
            assertName(pv.name(), v);
            assertThat(pv.toString()).doesNotContain("-");
        }
        for (int v = 0; v < 256; v++) {
            assertName(p.handshakeType(v), v);
        }
    }
}
