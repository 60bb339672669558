package io.tlsalert.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Finding;
import io.tlsalert.report.DecodeTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The trace readers on traces saved from real runs (src/test/resources/.../decode/traces, printed on 127.0.0.1 by
 * OpenSSL 3.0 and JDK 17 against s_server with a self-signed certificate), on JDK 8's format written as its
 * HexDumpEncoder writes it, and on broken traces: each error names its line.
 */
class TraceTextTest {
    static String resource(String name) throws IOException {
        try (InputStream in = TraceTextTest.class.getResourceAsStream("traces/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Decoding decode(String text) {
        return TraceDecoder.decode(text, TraceDecoder.detect(text).orElseThrow(), DecodeLimits.DEFAULT);
    }

    /** The rows sun.security.util.HexDumpEncoder prints (JDK 8 to 25): offset, bytes, two spaces after the eighth. */
    static String hexDumpRows(byte[] b, String indent) {
        StringBuilder sb = new StringBuilder();
        for (int off = 0; off < b.length; off += 16) {
            int n = Math.min(16, b.length - off);
            sb.append(indent).append(String.format("%04X: ", off & 0xFFFF));
            for (int i = 0; i < 16; i++) {
                sb.append(i < n ? String.format("%02X ", b[off + i]) : "   ");
                if (i == 7) {
                    sb.append("  ");
                }
            }
            sb.append(' ');
            for (int i = 0; i < n; i++) {
                int c = b[off + i];
                sb.append(c < ' ' || c > 'z' ? '.' : (char) c);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void sClientMsgKeepsEachRecordsDirectionAndDecodesTheDecryptedHandshake() throws IOException {
        Decoding d = decode(resource("s_client-msg-unknown-ca.txt"));
        assertThat(d.trace().orElseThrow().format()).isEqualTo(Trace.Format.OPENSSL_MSG);
        assertThat(d.problem()).isEmpty();
        assertThat(d.trace().get().origins())
                .extracting(Trace.Origin::flow)
                .containsExactly(
                        Trace.Flow.SENT,
                        Trace.Flow.RECEIVED,
                        Trace.Flow.RECEIVED,
                        Trace.Flow.RECEIVED,
                        Trace.Flow.RECEIVED,
                        Trace.Flow.SENT);
        assertThat(d.trace().get().origins()).extracting(Trace.Origin::line).startsWith(2, 24);
        // offsets count bytes per direction, as on the wire: the client's alert follows its 297-byte ClientHello record
        assertThat(d.records()).extracting(TlsRecord::offset).containsExactly(0L, 0L, 127L, 133L, 161L, 297L);
        TlsRecord certificate = d.records().get(4);
        assertThat(((TlsRecord.Tls) certificate).contentType()).isEqualTo(23); // the wire's outer type
        assertThat(certificate.messages())
                .singleElement()
                .satisfies(m ->
                        assertThat(((Message.HandshakeMessage) m).body()).isInstanceOf(Handshake.Certificate.class));
        List<Finding> alerts = DecodeTree.alertFindings(d);
        assertThat(alerts).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(48);
            assertThat(f.direction()).isEqualTo(Direction.SENT);
            assertThat(f.line()).isEqualTo(102);
        });
        assertThat(d.trace().get().printedBy(d.records())).contains(Trace.Role.CLIENT);
    }

    /**
     * OpenSSL 1.1.1's msg_cb (apps/s_cb.c of 1.1.1w) has no names for content types 256 and 257: a header it writes is
     * ">>> TLS 1.2 [length 0005]", one it reads "<<< ??? [length 0005]" (the record layer passes version 0), TLS 1.3's
     * inner content type ">>> TLS 1.3 [length 0001]". The 3.0 trace printed as 1.1.1 prints it decodes the same.
     */
    @Test
    void theOpenssl111FormatOfTheSameTraceDecodesTheSame() throws IOException {
        String v3 = resource("s_client-msg-unknown-ca.txt");
        String v111 = v3.replaceAll("(?m)^<<< TLS 1\\.[0-3], RecordHeader ", "<<< ??? ")
                .replace(", RecordHeader ", " ")
                .replace(", InnerContent ", " ");
        assertThat(v111).contains("<<< ??? [length 0005]", ">>> TLS 1.0 [length 0005]", "<<< TLS 1.3 [length 0001]");
        Decoding a = decode(v3);
        Decoding b = decode(v111);
        assertThat(b.problem()).isEmpty();
        assertThat(b.records()).hasSameSizeAs(a.records());
        for (int i = 0; i < a.records().size(); i++) {
            TlsRecord.Tls x = (TlsRecord.Tls) a.records().get(i);
            TlsRecord.Tls y = (TlsRecord.Tls) b.records().get(i);
            assertThat(List.of(
                            y.offset(),
                            y.contentType(),
                            y.legacyRecordVersion(),
                            y.length(),
                            y.messages().size()))
                    .isEqualTo(List.of(
                            x.offset(),
                            x.contentType(),
                            x.legacyRecordVersion(),
                            x.length(),
                            x.messages().size()));
        }
        assertThat(b.trace().get().origins()).isEqualTo(a.trace().get().origins());
    }

    @Test
    void sServerTraceIsReadAsATraceThoughItHoldsAPemCertificate() throws IOException {
        String t = resource("s_server-trace-unknown-ca.txt");
        assertThat(t).contains("-----BEGIN CERTIFICATE-----");
        assertThat(TraceDecoder.detect(t)).contains(Trace.Format.OPENSSL_TRACE);
        Decoding d = decode(t);
        assertThat(d.records()).hasSize(8);
        assertThat(d.records().get(0).messages())
                .singleElement()
                .satisfies(m ->
                        assertThat(((Message.HandshakeMessage) m).msgType()).isEqualTo(1));
        assertThat(DecodeTree.alertFindings(d)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(48);
            assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
        });
        assertThat(d.trace().get().printedBy(d.records())).contains(Trace.Role.SERVER);
    }

    @Test
    void jdk17RawReadsOfAHeaderAndItsFragmentAreOneRecord() throws IOException {
        Decoding d = decode(resource("jdk17-record-packet-tls13.txt"));
        assertThat(d.problem()).isEmpty();
        // 11 Raw read blocks (5-byte headers and fragments apart) and 3 Raw write blocks: 7 records
        assertThat(d.records()).hasSize(7);
        assertThat(d.records().get(1).messages())
                .singleElement()
                .satisfies(m ->
                        assertThat(((Message.HandshakeMessage) m).body()).isInstanceOf(Handshake.ServerHello.class));
        assertThat(d.trace().get().origins().get(1)).isEqualTo(new Trace.Origin(Trace.Flow.RECEIVED, 34));
    }

    @Test
    void jdk8RawBlocksWithTheirLengths() {
        byte[] header = HexFormat.of().parseHex("1503030002");
        byte[] body = HexFormat.of().parseHex("0228");
        byte[] sent = HexFormat.of().parseHex("15030300020100");
        String t = "main, READ: TLSv1.2 Alert, length = 2\n"
                + "[Raw read]: length = 5\n" + hexDumpRows(header, "")
                + "[Raw read]: length = 2\n" + hexDumpRows(body, "")
                + "main, SEND TLSv1.2 ALERT:  warning, description = close_notify\n"
                + "[Raw write]: length = 7\n" + hexDumpRows(sent, "");
        assertThat(TraceDecoder.detect(t)).contains(Trace.Format.JDK_DEBUG);
        Decoding d = decode(t);
        assertThat(d.records()).hasSize(2);
        assertThat(DecodeTree.alertFindings(d))
                .extracting(Finding::code, Finding::direction, Finding::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(40, Direction.RECEIVED, 2),
                        org.assertj.core.groups.Tuple.tuple(0, Direction.SENT, 7));
    }

    @Test
    void aJdkRowWhoseTextColumnLooksLikeHexIsReadToItsBytesOnly() {
        // the text column of 16 bytes "ABCDEF0123456789" is hex digits itself
        byte[] b = "ABCDEF0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] rec = new byte[5 + b.length];
        rec[0] = 23;
        rec[1] = 3;
        rec[2] = 3;
        rec[4] = (byte) b.length;
        System.arraycopy(b, 0, rec, 5, b.length);
        String t = "x|Raw write (\n" + hexDumpRows(rec, "  ") + ")\n";
        Decoding d = decode(t);
        assertThat(d.length()).isEqualTo(rec.length);
        assertThat(d.records())
                .singleElement()
                .satisfies(r -> assertThat(((TlsRecord.Tls) r).length()).isEqualTo(16));
    }

    @Test
    void aMsgBlockCutShortNamesItsLine() {
        String t =
                ">>> TLS 1.2, RecordHeader [length 0005]\n    15 03 03 00 02\n>>> TLS 1.2, Alert [length 0002], fatal\n    02\n";
        assertThatThrownBy(() -> decode(t))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("line 3, column 1")
                .hasMessageContaining("declares 2 bytes ([length 2]) but 1 bytes");
    }

    @Test
    void aJdkBlockWithoutItsClosingParenthesisNamesItsLine() {
        String t =
                "javax.net.ssl|DEBUG|01|main|x|SSLSocketOutputRecord.java:85|Raw write (\n  0000: 15 03 03 00 02 02 28                              ......(\nsomething else\n";
        assertThatThrownBy(() -> decode(t))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("Raw block of line 1 has no closing ')'");
    }

    @Test
    void aJdkRowOutOfOrderNamesItsLine() {
        String t =
                "x|Raw read (\n  0000: 15 03 03 00 02                                   .....\n  0010: 02 28                                            .(\n)\n";
        assertThatThrownBy(() -> decode(t))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("offset is 0010 but 5 bytes");
    }

    @Test
    void aTraceRecordWithoutItsHeaderFieldsNamesItsLine() {
        String t = "Sent Record\nHeader:\n  Version = TLS 1.2 (0x303)\nReceived Record\nHeader:\n";
        assertThatThrownBy(() -> decode(t))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("no complete Header");
    }

    @Test
    void aTruncatedRecordInTheWireBytesIsAProblemAtItsLine() {
        String t = "x|Raw read (\n  0000: 16 03 03 00 40 02 00                              .......\n)\n";
        Decoding d = decode(t);
        assertThat(d.problem()).hasValueSatisfying(p -> assertThat(p.message()).contains("truncated"));
        assertThat(d.trace().get().problemAt()).contains(new Trace.Origin(Trace.Flow.RECEIVED, 1));
    }

    @Test
    void tracesAreBoundedByTheDecodeLimits() throws IOException {
        String t = resource("s_client-msg-unknown-ca.txt");
        DecodeLimits fewBytes = new DecodeLimits(100, 100, 100, 8, 1 << 16, 16);
        assertThatThrownBy(() -> TraceDecoder.decode(t, Trace.Format.OPENSSL_MSG, fewBytes))
                .isInstanceOf(InputFormatException.class)
                .hasMessageContaining("DecodeLimits.maxBytes");
        DecodeLimits fewRecords = new DecodeLimits(1 << 20, 3, 100, 8, 1 << 16, 16);
        Decoding d = TraceDecoder.decode(t, Trace.Format.OPENSSL_MSG, fewRecords);
        assertThat(d.records()).hasSize(3);
        assertThat(d.problem()).hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("DecodeLimits.maxRecords"));
        DecodeLimits fewMessages = new DecodeLimits(1 << 20, 100, 2, 8, 1 << 16, 16);
        Decoding m = TraceDecoder.decode(t, Trace.Format.OPENSSL_MSG, fewMessages);
        assertThat(m.problem()).hasValueSatisfying(p -> assertThat(p.field()).isEqualTo("DecodeLimits.maxMessages"));
        assertThat(m.records().stream().mapToInt(r -> r.messages().size()).sum())
                .isLessThanOrEqualTo(2);
    }

    @Test
    void textThatIsNoTraceIsNotTakenForOne() {
        assertThat(TraceDecoder.detect("15 03 03 00 02 02 28")).isEmpty();
        assertThat(TraceDecoder.detect("00000000: 1503 0300 0202 2f  .......")).isEmpty();
        assertThat(TraceDecoder.detect("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure"))
                .isEmpty();
    }
}
