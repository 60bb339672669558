package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.cli.CliTest.Run;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsalert scan} as a user meets it: the summary tables and per-connection lines, JSON Lines with the
 * documented keys, CSV, Chinese labels, exit codes. The captures are written here: real JDK ClientHellos, the servers'
 * alert records, Ethernet/IPv4/TCP around them.
 */
class ScanCliTest {
    @TempDir
    static Path dir;

    static Path alerts;
    static Path quiet;

    /** A real TLS 1.2 ClientHello record from the JDK, with SNI. */
    static byte[] clientHello(String sni) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine e = ctx.createSSLEngine(sni, 443);
        e.setUseClientMode(true);
        e.setEnabledProtocols(new String[] {"TLSv1.2"});
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.beginHandshake();
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    /**
     * SNI bytes with ESC, the one-byte CSI (0x9b), BEL, backspace, CR and the UTF-8 bytes of a bidi override (U+202E):
     * {@code e ESC [2J CSI 31m BEL BS CR forged U+202E gnp}.
     */
    static final byte[] HOSTILE_SNI =
            java.util.HexFormat.of().parseHex("651b5b324a9b33316d07080d666f72676564e280ae676e70");

    /** What the views show for {@link #HOSTILE_SNI} read as ISO-8859-1 (as the decoder reads a host name), escaped. */
    static final String HOSTILE_SNI_ESCAPED = "e\\x1b[2J\\x9b31m\\x07\\x08\\rforged\u00e2\\x80\u00aegnp";

    /**
     * A real JDK ClientHello whose server_name is {@code name}: made for a placeholder of the same length, then its
     * bytes overwritten in place (the JDK refuses such names itself).
     */
    static byte[] clientHelloWithSni(byte[] name) throws Exception {
        String placeholder = "a".repeat(name.length - 4) + ".tst";
        byte[] hello = clientHello(placeholder);
        byte[] p = placeholder.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + p.length <= hello.length; i++) {
            if (java.util.Arrays.equals(hello, i, i + p.length, p, 0, p.length)) {
                System.arraycopy(name, 0, hello, i, name.length);
                return hello;
            }
        }
        throw new AssertionError("no server_name in the ClientHello");
    }

    /** Classic nanosecond pcap of Ethernet frames. */
    static final class Pcap {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        long time = 1_715_000_000_000_000_000L;

        Pcap() {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B23C4D)
                    .putShort((short) 2)
                    .putShort((short) 4)
                    .putInt(0)
                    .putInt(0)
                    .putInt(65535)
                    .putInt(1);
            out.writeBytes(h.array());
        }

        void tcp(int[] src, int sport, int[] dst, int dport, long seq, int flags, byte[] payload) {
            int len = 14 + 20 + 20 + payload.length;
            ByteBuffer b = ByteBuffer.allocate(16 + len);
            b.order(ByteOrder.LITTLE_ENDIAN);
            time += 1_000_000;
            b.putInt((int) (time / 1_000_000_000L))
                    .putInt((int) (time % 1_000_000_000L))
                    .putInt(len)
                    .putInt(len);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
            b.put((byte) 0x45)
                    .put((byte) 0)
                    .putShort((short) (40 + payload.length))
                    .putShort((short) 0)
                    .putShort((short) 0x4000)
                    .put((byte) 64)
                    .put((byte) 6)
                    .putShort((short) 0);
            for (int x : src) {
                b.put((byte) x);
            }
            for (int x : dst) {
                b.put((byte) x);
            }
            b.putShort((short) sport)
                    .putShort((short) dport)
                    .putInt((int) seq)
                    .putInt(0)
                    .put((byte) 0x50)
                    .put((byte) flags)
                    .putShort((short) 65535)
                    .putInt(0)
                    .put(payload);
            out.writeBytes(b.array());
        }

        /** SYN, SYN-ACK, ClientHello, the server's answer (null: none), FIN each way. */
        void connection(int[] c, int cport, int[] s, int sport, byte[] hello, byte[] answer) {
            long ci = 1000, si = 9000;
            tcp(c, cport, s, sport, ci, 2, new byte[0]);
            tcp(s, sport, c, cport, si, 0x12, new byte[0]);
            tcp(c, cport, s, sport, ci + 1, 0x18, hello);
            int a = 0;
            if (answer != null) {
                tcp(s, sport, c, cport, si + 1, 0x18, answer);
                a = answer.length;
            }
            tcp(c, cport, s, sport, ci + 1 + hello.length, 0x11, new byte[0]);
            tcp(s, sport, c, cport, si + 1 + a, 0x11, new byte[0]);
        }
    }

    static final int[] CLIENT = {10, 0, 0, 1}, SERVER_A = {10, 0, 0, 9}, SERVER_B = {10, 0, 0, 8};

    @BeforeAll
    static void captures() throws Exception {
        Pcap p = new Pcap();
        // Frames 1-6: a.test, protocol_version (70) from 10.0.0.9:443 in frame 4.
        p.connection(CLIENT, 50000, SERVER_A, 443, clientHello("a.test"), new byte[] {21, 3, 3, 0, 2, 2, 70});
        // Frames 7-12: b.test, handshake_failure (40) from 10.0.0.8:8443 in frame 10.
        p.connection(CLIENT, 50001, SERVER_B, 8443, clientHello("b.test"), new byte[] {21, 3, 3, 0, 2, 2, 40});
        // Frames 13-18: a.test again, handshake_failure (40) from 10.0.0.9:443 in frame 16.
        p.connection(CLIENT, 50002, SERVER_A, 443, clientHello("a.test"), new byte[] {21, 3, 3, 0, 2, 2, 40});
        alerts = dir.resolve("alerts.pcap");
        Files.write(alerts, p.out.toByteArray());
        Pcap q = new Pcap();
        q.connection(CLIENT, 50003, SERVER_A, 443, clientHello("quiet.test"), null);
        quiet = dir.resolve("quiet.pcap");
        Files.write(quiet, q.out.toByteArray());
    }

    @Test
    void humanOutputHasTheSummaryAndEachConnection() {
        Run r = CliTest.run("scan", alerts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("18 frames", "TLS connections: 3", "alerts: 3");
        assertThat(out).contains("Alerts by name", "Alerts by server", "Alerts by SNI", "Connections with alerts");
        assertThat(out).containsPattern("(?m)^\\s+2\\s+handshake_failure \\(40\\)$");
        assertThat(out).containsPattern("(?m)^\\s+1\\s+protocol_version \\(70\\)$");
        assertThat(out).containsPattern("(?m)^\\s+2\\s+10\\.0\\.0\\.9:443$");
        assertThat(out).containsPattern("(?m)^\\s+1\\s+10\\.0\\.0\\.8:8443$");
        assertThat(out).containsPattern("(?m)^\\s+2\\s+a\\.test$");
        assertThat(out).containsPattern("(?m)^\\s+1\\s+b\\.test$");
        assertThat(out)
                .containsPattern(
                        "10\\.0\\.0\\.1:50000 -> 10\\.0\\.0\\.9:443 .*sni=a\\.test .*offered=TLS 1\\.2/\\d+ suites .*failed");
        assertThat(out).containsPattern("frame 4 .* server +fatal protocol_version \\(70\\) +after client_hello");
        assertThat(out).containsPattern("frame 10 .* server +fatal handshake_failure \\(40\\) +after client_hello");
        assertThat(out).containsPattern("frame 16 .* server +fatal handshake_failure \\(40\\)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void jsonLinesHaveTheDocumentedKeys() throws Exception {
        Run r = CliTest.run("scan", "--json", alerts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(3);
        List<Map<String, Object>> maps = new ArrayList<>();
        for (String l : lines) {
            maps.add(JSON.std.mapFrom(l));
        }
        for (Map<String, Object> m : maps) {
            assertThat(m)
                    .containsOnlyKeys(
                            "file",
                            "client",
                            "server",
                            "transport",
                            "firstFrame",
                            "start",
                            "sni",
                            "offeredVersions",
                            "offeredSuites",
                            "version",
                            "cipherSuite",
                            "outcome",
                            "closedBy",
                            "alerts",
                            "warnings",
                            // where TLS started when a prelude came first (README, Scan): null for these
                            "tunnel",
                            "upgrade",
                            "tlsStart",
                            // deprecated snake_case aliases, kept for one release (README, Scan)
                            "first_frame",
                            "offered_versions",
                            "offered_suites",
                            "cipher_suite",
                            "closed_by");
            // Each alias holds the same value as its camelCase key.
            assertThat(m.get("first_frame")).isEqualTo(m.get("firstFrame"));
            assertThat(m.get("offered_versions")).isEqualTo(m.get("offeredVersions"));
            assertThat(m.get("offered_suites")).isEqualTo(m.get("offeredSuites"));
            assertThat(m.get("cipher_suite")).isEqualTo(m.get("cipherSuite"));
            assertThat(m.get("closed_by")).isEqualTo(m.get("closedBy"));
            assertThat(m)
                    .containsEntry("tunnel", null)
                    .containsEntry("upgrade", null)
                    .containsEntry("tlsStart", null);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> al = (List<Map<String, Object>>) m.get("alerts");
            assertThat(al).hasSize(1);
            assertThat(al.get(0))
                    .containsOnlyKeys(
                            "frame", "time", "from", "level", "code", "name", "encrypted", "after", "evidence");
        }
        Map<String, Object> a = maps.stream()
                .filter(m -> "10.0.0.1:50000".equals(m.get("client")))
                .findFirst()
                .orElseThrow();
        assertThat(a)
                .containsEntry("file", alerts.toString())
                .containsEntry("server", "10.0.0.9:443")
                .containsEntry("transport", "tcp")
                .containsEntry("firstFrame", 1)
                .containsEntry("first_frame", 1)
                .containsEntry("sni", "a.test")
                .containsEntry("outcome", "failed")
                .containsEntry("closedBy", "fin")
                .containsEntry("closed_by", "fin")
                .containsEntry("offeredVersions", List.of("TLS 1.2"))
                .containsEntry("offered_versions", List.of("TLS 1.2"));
        assertThat((String) a.get("start")).startsWith("2024-05-06T");
        @SuppressWarnings("unchecked")
        Map<String, Object> alert = ((List<Map<String, Object>>) a.get("alerts")).get(0);
        assertThat(alert)
                .containsEntry("frame", 4)
                .containsEntry("from", "server")
                .containsEntry("level", "fatal")
                .containsEntry("code", 70)
                .containsEntry("name", "protocol_version")
                .containsEntry("encrypted", false)
                .containsEntry("after", "client_hello");
        assertThat((String) alert.get("time")).isEqualTo("2024-05-06T12:53:20.004Z");
    }

    @Test
    void csvHasAHeaderAndOneRowPerAlert() {
        Run r = CliTest.run("scan", "--csv", alerts.toString(), quiet.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(1 + 3);
        String[] header = lines.get(0).split(",", -1);
        assertThat(header)
                .contains(
                        "file",
                        "client",
                        "server",
                        "sni",
                        "frame",
                        "time",
                        "from",
                        "level",
                        "code",
                        "name",
                        "encrypted",
                        "after");
        for (String row : lines.subList(1, lines.size())) {
            assertThat(row.split(",", -1)).as(row).hasSameSizeAs(header);
        }
        int frame = List.of(header).indexOf("frame"),
                code = List.of(header).indexOf("code"),
                sni = List.of(header).indexOf("sni");
        assertThat(lines.subList(1, 4))
                .extracting(l -> l.split(",", -1)[frame] + "/" + l.split(",", -1)[code] + "/" + l.split(",", -1)[sni])
                .containsExactlyInAnyOrder("4/70/a.test", "10/40/b.test", "16/40/a.test");
    }

    @Test
    void chineseLabels() {
        Run r = CliTest.run("scan", "--lang", "zh", alerts.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("按告警名称统计", "按服务器统计", "按 SNI 统计", "含告警的连接", "发生于", "TLS 连接：3");
    }

    @Test
    void exitCodes() throws Exception {
        assertThat(CliTest.run("scan", alerts.toString()).code()).isZero();
        Run none = CliTest.run("scan", quiet.toString());
        assertThat(none.code()).as(none.out() + none.err()).isEqualTo(1);
        assertThat(none.out()).contains("TLS connections: 1", "alerts: 0");
        Run missing = CliTest.run("scan", dir.resolve("nope.pcap").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.pcap").doesNotContain("Exception");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a capture\n");
        Run notCapture = CliTest.run("scan", text.toString());
        assertThat(notCapture.code()).isEqualTo(2);
        assertThat(notCapture.err()).contains("not a pcap or pcapng file").doesNotContain("Exception");
        // A readable capture with alerts and a missing one: still 2, and the readable one is reported.
        Run both = CliTest.run(
                "scan", "--json", alerts.toString(), dir.resolve("nope.pcap").toString());
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.out().lines().filter(l -> !l.isBlank())).hasSize(3);
        Run badKeylog =
                CliTest.run("scan", "--keylog", dir.resolve("nokeys.log").toString(), alerts.toString());
        assertThat(badKeylog.code()).isEqualTo(2);
        assertThat(CliTest.run("scan", "--json", "--csv", alerts.toString()).code())
                .isEqualTo(2);
    }

    /**
     * A ClientHello whose SNI bytes carry ESC, the one-byte CSI (0x9b), BEL, backspace, CR and the UTF-8 bytes of a
     * bidi override (a real JDK ClientHello, its 24-byte name overwritten in place): the table shows every one
     * escaped, none raw.
     */
    @Test
    void controlBytesInTheSniNeverReachTheTerminal() throws Exception {
        byte[] hello = clientHelloWithSni(HOSTILE_SNI);
        Pcap p = new Pcap();
        p.connection(CLIENT, 50004, SERVER_A, 443, hello, new byte[] {21, 3, 3, 0, 2, 2, 112});
        Path evil = dir.resolve("evil-sni.pcap");
        Files.write(evil, p.out.toByteArray());

        Run r = CliTest.run("scan", evil.toString());
        assertThat(r.code()).as(r.err()).isZero();
        for (char c : new char[] {0x1b, 0x9b, 0x07, 0x08, 0x0d, 0x80}) {
            assertThat(r.out() + r.err()).as("U+%04X", (int) c).doesNotContain(String.valueOf(c));
        }
        assertThat(r.out()).contains(HOSTILE_SNI_ESCAPED);
    }
}
