package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.Tools;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS that does not start the TCP stream: the real unknown_ca connection of the live capture (openssl, TLS 1.2, the
 * server's alert in plaintext) put behind each prelude the scan knows — written from the RFCs' wire formats, one
 * connection per protocol on its own port — must be found with the same hellos and alert as without the prelude, the
 * protocol named and the offset where TLS started right; tshark, told each port's protocol, must show the same alerts
 * in the same frames. Preludes the scan does not know, or that never reach TLS, must stay not-TLS.
 */
class ScanPreludeTest {
    static TcpWriter.Stream tls;
    static Connection plain;
    static Path dir;

    /** One case: the exchange before TLS, what the scan must call it, and the tshark dissector for its port. */
    record Case(String name, int port, Prelude tunnel, Prelude upgrade, String dissector, List<Object[]> exchange) {
        int bytes(boolean fromClient) {
            int n = 0;
            for (Object[] m : exchange) {
                if ((boolean) m[0] == fromClient) {
                    n += ((byte[]) m[1]).length;
                }
            }
            return n;
        }
    }

    static Object[] c(String s) {
        return new Object[] {true, s.getBytes(StandardCharsets.UTF_8)};
    }

    static Object[] s(String s) {
        return new Object[] {false, s.getBytes(StandardCharsets.UTF_8)};
    }

    static Object[] c(byte[] b) {
        return new Object[] {true, b};
    }

    static Object[] s(byte[] b) {
        return new Object[] {false, b};
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 4511 §4.14.1: LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0] StartTLS OID } }. */
    static final byte[] LDAP_START_TLS = cat(hex("30 1d 02 01 01 77 18 80 16"), ascii("1.3.6.1.4.1.1466.20037"));
    /** §4.14.2: extendedResp [APPLICATION 24] { resultCode success, matchedDN "", diagnosticMessage "" }. */
    static final byte[] LDAP_SUCCESS = hex("30 0c 02 01 01 78 07 0a 01 00 04 00 04 00");

    /** MySQL Protocol::HandshakeV10, sequence 0, capability flags with CLIENT_SSL (0x0800). */
    static byte[] mysqlGreeting() {
        byte[] payload = cat(
                hex("0a"),
                ascii("10.11.6-MariaDB-0+deb12u1\0"),
                hex("05 00 00 00"), // thread id
                ascii("abcdefgh"), // auth-plugin-data part 1
                hex("00"),
                hex("fe ff"), // capability flags, lower: 0xfffe has CLIENT_SSL
                hex("2d 02 00 ff 81 15"), // charset, status, capability flags upper, auth-plugin-data length
                hex("00 00 00 00 00 00 00 00 00 00"),
                ascii("ijklmnopqrst\0"),
                ascii("mysql_native_password\0"));
        return cat(new byte[] {(byte) payload.length, 0, 0, 0}, payload);
    }

    /** Protocol::SSLRequest: length 32, sequence 1, client capabilities with CLIENT_SSL, max packet, charset, 23 zero. */
    static final byte[] MYSQL_SSL_REQUEST =
            cat(hex("20 00 00 01"), hex("05 ae 0f 00"), hex("00 00 00 01"), hex("2d"), new byte[23]);

    static final String XMPP_NS = "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'";

    static final List<Case> CASES = List.of(
            new Case(
                    "smtp",
                    2525,
                    null,
                    Prelude.SMTP,
                    "smtp",
                    List.of(
                            s("220 mx.test ESMTP Postfix (Debian/GNU)\r\n"),
                            c("EHLO client.test\r\n"),
                            s("250-mx.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n"),
                            c("STARTTLS\r\n"),
                            s("220 2.0.0 Ready to start TLS\r\n"))),
            new Case(
                    "lmtp",
                    2424,
                    null,
                    Prelude.LMTP,
                    null,
                    List.of(
                            s("220 mail.test Dovecot ready.\r\n"),
                            c("LHLO client.test\r\n"),
                            s("250-mail.test\r\n250-STARTTLS\r\n250 PIPELINING\r\n"),
                            c("STARTTLS\r\n"),
                            s("220 2.0.0 Begin TLS.\r\n"))),
            new Case(
                    "imap",
                    1143,
                    null,
                    Prelude.IMAP,
                    "imap",
                    List.of(
                            s("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.\r\n"),
                            c("a1 CAPABILITY\r\n"),
                            s("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\na1 OK Pre-login capabilities.\r\n"),
                            c("a2 STARTTLS\r\n"),
                            s("a2 OK Begin TLS negotiation now.\r\n"))),
            new Case(
                    "pop3",
                    1110,
                    null,
                    Prelude.POP3,
                    "pop",
                    List.of(
                            s("+OK Dovecot ready.\r\n"),
                            c("CAPA\r\n"),
                            s("+OK\r\nCAPA\r\nTOP\r\nSTLS\r\nUIDL\r\n.\r\n"),
                            c("STLS\r\n"),
                            s("+OK Begin TLS negotiation now.\r\n"))),
            new Case(
                    "ftp",
                    2121,
                    null,
                    Prelude.FTP,
                    "ftp",
                    List.of(s("220 (vsFTPd 3.0.3)\r\n"), c("AUTH TLS\r\n"), s("234 Proceed with negotiation.\r\n"))),
            new Case(
                    "nntp",
                    1119,
                    null,
                    Prelude.NNTP,
                    "nntp",
                    List.of(
                            s("200 news.test InterNetNews server ready\r\n"),
                            c("CAPABILITIES\r\n"),
                            s("101 Capability list:\r\nVERSION 2\r\nSTARTTLS\r\n.\r\n"),
                            c("STARTTLS\r\n"),
                            s("382 Continue with TLS negotiation\r\n"))),
            new Case(
                    "managesieve",
                    4190,
                    null,
                    Prelude.MANAGESIEVE,
                    null,
                    List.of(
                            s("\"IMPLEMENTATION\" \"Dovecot Pigeonhole\"\r\n\"SIEVE\" \"fileinto reject\"\r\n"
                                    + "\"STARTTLS\"\r\n\"VERSION\" \"1.0\"\r\nOK \"Dovecot ready.\"\r\n"),
                            c("STARTTLS\r\n"),
                            s("OK \"Begin TLS negotiation now.\"\r\n"))),
            new Case("ldap", 3389, null, Prelude.LDAP, "ldap", List.of(c(LDAP_START_TLS), s(LDAP_SUCCESS))),
            new Case(
                    "xmpp",
                    5222,
                    null,
                    Prelude.XMPP,
                    "xmpp",
                    List.of(
                            c("<?xml version='1.0'?><stream:stream to='x.test' " + XMPP_NS + ">"),
                            s("<?xml version='1.0'?><stream:stream from='x.test' id='c2s1' " + XMPP_NS + ">"
                                    + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                                    + "<required/></starttls></stream:features>"),
                            c("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
                            s("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"))),
            new Case(
                    "postgres",
                    5432,
                    null,
                    Prelude.POSTGRES,
                    "pgsql",
                    List.of(c(hex("00 00 00 08 04 d2 16 2f")), s("S"))),
            new Case(
                    "postgres after GSSENCRequest",
                    5433,
                    null,
                    Prelude.POSTGRES,
                    null, // tshark 4.0's pgsql dissector does not know GSSENCRequest (PostgreSQL 12) and loses the TLS
                    List.of(c(hex("00 00 00 08 04 d2 16 30")), s("N"), c(hex("00 00 00 08 04 d2 16 2f")), s("S"))),
            new Case("mysql", 3306, null, Prelude.MYSQL, "mysql", List.of(s(mysqlGreeting()), c(MYSQL_SSL_REQUEST))),
            new Case(
                    "http connect",
                    3128,
                    Prelude.HTTP_CONNECT,
                    null,
                    "http",
                    List.of(
                            c("CONNECT x.test:443 HTTP/1.1\r\nHost: x.test:443\r\nUser-Agent: curl/7.88.1\r\n\r\n"),
                            s("HTTP/1.0 200 Connection established\r\nProxy-agent: tinyproxy/1.11.1\r\n\r\n"))),
            new Case(
                    "socks4",
                    1080,
                    Prelude.SOCKS4,
                    null,
                    "socks",
                    List.of(
                            c(cat(hex("04 01 01 bb 7f 00 00 01"), ascii("user\0"))),
                            s(hex("00 5a 01 bb 7f 00 00 01")))),
            new Case(
                    "socks4a",
                    1081,
                    Prelude.SOCKS4A,
                    null,
                    "socks",
                    List.of(
                            c(cat(hex("04 01 01 bb 00 00 00 01"), ascii("\0x.test\0"))),
                            s(hex("00 5a 00 00 00 00 00 00")))),
            new Case(
                    "socks5",
                    1082,
                    Prelude.SOCKS5,
                    null,
                    "socks",
                    List.of(
                            c(hex("05 01 00")),
                            s(hex("05 00")),
                            c(cat(hex("05 01 00 03 06"), ascii("x.test"), hex("01 bb"))),
                            s(hex("05 00 00 01 7f 00 00 01 c3 50")))),
            new Case(
                    "socks5 with username/password",
                    1083,
                    Prelude.SOCKS5,
                    null,
                    "socks",
                    List.of(
                            c(hex("05 02 00 02")),
                            s(hex("05 02")),
                            c(cat(hex("01 04"), ascii("user"), hex("04"), ascii("pass"))),
                            s(hex("01 00")),
                            c(hex("05 01 00 01 7f 00 00 01 01 bb")),
                            s(hex("05 00 00 01 7f 00 00 01 c3 51")))),
            new Case(
                    "smtp inside socks5",
                    1084,
                    Prelude.SOCKS5,
                    Prelude.SMTP,
                    null,
                    List.of(
                            c(hex("05 01 00")),
                            s(hex("05 00")),
                            c(hex("05 01 00 01 7f 00 00 01 00 19")),
                            s(hex("05 00 00 01 7f 00 00 01 c3 52")),
                            s("220 mx.test ESMTP\r\n"),
                            c("EHLO c\r\n"),
                            s("250 STARTTLS\r\n"),
                            c("STARTTLS\r\n"),
                            s("220 Go ahead\r\n"))));

    /** Server port → the frame that held the last byte of the server's alert record. */
    static final Map<Integer, Long> alertFrames = new LinkedHashMap<>();

    static Path capture;

    @BeforeAll
    static void write() throws Exception {
        Live live = Live.get();
        List<Packet> packets = Tools.readAll(live.pcapng, new ArrayList<>());
        tls = TcpWriter.extract(packets, live.serverPort(Live.UNKNOWN_CA));
        dir = Live.target().resolve("scan-prelude");
        Files.createDirectories(dir);
        TcpWriter base = new TcpWriter(1_700_000_000_000_000_000L, 1_000_000);
        writeConn(base, null, 4433);
        List<Connection> b = Live.scan(base.write(dir.resolve("plain.pcap")), null, new ArrayList<>());
        assertThat(b).hasSize(1);
        plain = b.get(0);
        assertThat(plain.alerts()).isNotEmpty();
        assertThat(plain.tlsStart()).isEmpty();

        TcpWriter w = new TcpWriter(1_700_000_000_000_000_000L, 1_000_000);
        for (Case k : CASES) {
            alertFrames.put(k.port(), writeConn(w, k, k.port()));
        }
        capture = w.write(dir.resolve("preludes.pcap"));
    }

    /** The prelude's messages, then the real TLS flights, each in segments of at most 1,000 bytes; FIN both ways. */
    static long writeConn(TcpWriter w, Case k, int port) {
        return writeConn(w, k, port, Integer.MAX_VALUE);
    }

    /** The same, the prelude's messages in segments of at most {@code piece} bytes. */
    static long writeConn(TcpWriter w, Case k, int port, int piece) {
        TcpWriter.Conn conn = w.conn("127.0.0.1", 40000 + port, tls.clientIsn(), "127.0.0.2", port, tls.serverIsn());
        conn.open();
        long[] off = new long[2];
        if (k != null) {
            for (Object[] m : k.exchange()) {
                boolean fromClient = (boolean) m[0];
                byte[] b = (byte[]) m[1];
                for (int o = 0; o < b.length; o += piece) {
                    conn.data(fromClient, off[fromClient ? 0 : 1] + o, b, o, Math.min(piece, b.length - o));
                }
                off[fromClient ? 0 : 1] += b.length;
            }
        }
        int[] alert = TcpWriter.records(tls.server()).stream()
                .filter(r -> r[2] == 21)
                .findFirst()
                .orElseThrow();
        long alertFrame = -1;
        for (TcpWriter.Flight f : tls.flights()) {
            byte[] bytes = tls.bytes(f.fromClient());
            for (int o = f.from(); o < f.to(); o += 1000) {
                int n = Math.min(1000, f.to() - o);
                long frame = conn.data(f.fromClient(), off[f.fromClient() ? 0 : 1] + o, bytes, o, n);
                if (!f.fromClient() && o < alert[1] && alert[1] <= o + n) {
                    alertFrame = frame;
                }
            }
        }
        conn.fin(false, off[1] + tls.server().length);
        conn.fin(true, off[0] + tls.client().length);
        return alertFrame;
    }

    @Test
    void everyPreludeIsFoundNamedAndMeasuredWithTheSameTlsBehindIt() throws Exception {
        List<String> warnings = new ArrayList<>();
        Map<Integer, Connection> byPort = Live.scan(capture, null, warnings).stream()
                .collect(Collectors.toMap(c -> Live.port(c.server()), c -> c));
        assertThat(warnings).isEmpty();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(byPort.keySet()).containsExactlyInAnyOrderElementsOf(alertFrames.keySet());
        for (Case k : CASES) {
            Connection c = byPort.get(k.port());
            if (c == null) {
                continue;
            }
            soft.assertThat(c.tlsStart())
                    .as(k.name())
                    .contains(new TlsStart(
                            Optional.ofNullable(k.tunnel()),
                            Optional.ofNullable(k.upgrade()),
                            OptionalLong.of(k.bytes(true)),
                            OptionalLong.of(k.bytes(false))));
            soft.assertThat(c.sni()).as(k.name()).isEqualTo(plain.sni());
            soft.assertThat(c.version()).as(k.name()).isEqualTo(plain.version());
            soft.assertThat(c.cipherSuite()).as(k.name()).isEqualTo(plain.cipherSuite());
            soft.assertThat(c.offeredSuites()).as(k.name()).isEqualTo(plain.offeredSuites());
            soft.assertThat(c.outcome()).as(k.name()).isEqualTo(plain.outcome());
            soft.assertThat(c.warnings()).as(k.name()).isEqualTo(plain.warnings());
            soft.assertThat(c.alerts().stream().map(a -> a.from() + " " + a.name() + " " + a.after()))
                    .as(k.name())
                    .containsExactlyElementsOf(plain.alerts().stream()
                            .map(a -> a.from() + " " + a.name() + " " + a.after())
                            .toList());
            soft.assertThat(c.alerts().stream()
                            .filter(a -> a.from() == Peer.SERVER)
                            .map(AlertEvent::frame))
                    .as(k.name() + ": the server's alert's frame")
                    .containsExactly(alertFrames.get(k.port()));
        }
        soft.assertAll();
    }

    @Test
    void aPreludeInOneByteSegmentsGivesTheSameAnswer() throws Exception {
        TcpWriter w = new TcpWriter(1_700_000_000_000_000_000L, 1_000_000);
        for (Case k : CASES) {
            writeConn(w, k, k.port(), 1);
        }
        Map<Integer, Connection> byPort =
                Live.scan(w.write(dir.resolve("preludes-1-byte.pcap")), null, new ArrayList<>()).stream()
                        .collect(Collectors.toMap(c -> Live.port(c.server()), c -> c));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(byPort.keySet()).containsExactlyInAnyOrderElementsOf(alertFrames.keySet());
        for (Case k : CASES) {
            Connection c = byPort.get(k.port());
            if (c != null) {
                soft.assertThat(c.tlsStart().flatMap(TlsStart::upgrade))
                        .as(k.name())
                        .isEqualTo(Optional.ofNullable(k.upgrade()));
                soft.assertThat(c.tlsStart().flatMap(TlsStart::tunnel))
                        .as(k.name())
                        .isEqualTo(Optional.ofNullable(k.tunnel()));
                soft.assertThat(c.alerts().stream().map(AlertEvent::name))
                        .as(k.name())
                        .containsExactlyElementsOf(
                                plain.alerts().stream().map(AlertEvent::name).toList());
            }
        }
        soft.assertAll();
    }

    /**
     * Conservative: TLS after bytes that are not a known prelude is not looked for — a stray byte, an HTTP GET whose
     * body holds a record, an RFC 2817 Upgrade — nor after a refused STARTTLS; a plaintext session longer than the
     * budget prelude-bytes is given up as not TLS.
     */
    @Test
    void tlsAfterAnUnknownOrRefusedPreludeIsNotTaken() throws Exception {
        byte[] bigMail = ("X".repeat(998) + "\r\n").repeat(80).getBytes(StandardCharsets.US_ASCII);
        List<Case> unknown = List.of(
                new Case("stray byte", 6001, null, null, null, List.<Object[]>of(c("\n"))),
                new Case("http get", 6002, null, null, null, List.<Object[]>of(c("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))),
                new Case(
                        "rfc 2817 upgrade",
                        6003,
                        null,
                        null,
                        null,
                        List.of(
                                c("OPTIONS * HTTP/1.1\r\nHost: x\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n"),
                                s("HTTP/1.1 101 Switching Protocols\r\nUpgrade: TLS/1.0, HTTP/1.1\r\n\r\n"))),
                new Case(
                        "smtp starttls refused",
                        6004,
                        null,
                        null,
                        null,
                        List.of(
                                s("220 mx.test ESMTP\r\n"),
                                c("EHLO c\r\n"),
                                s("250 mx.test\r\n"),
                                c("STARTTLS\r\n"),
                                s("454 4.7.0 TLS not available due to local problem\r\n"),
                                c("QUIT\r\n"),
                                s("221 2.0.0 Bye\r\n"))),
                new Case(
                        "plaintext smtp past the budget",
                        6005,
                        null,
                        null,
                        null,
                        List.of(
                                s("220 mx.test ESMTP\r\n"),
                                c("EHLO c\r\n"),
                                s("250 mx.test\r\n"),
                                c("DATA\r\n"),
                                s("354 go ahead\r\n"),
                                c(bigMail),
                                c("STARTTLS\r\n"),
                                s("220 ok\r\n"))),
                new Case("socks5 refused", 6006, null, null, null, List.of(c(hex("05 01 00")), s(hex("05 ff")))));
        TcpWriter w = new TcpWriter(1_700_000_000_000_000_000L, 1_000_000);
        for (Case k : unknown) {
            writeConn(w, k, k.port(), 1400);
        }
        List<String> warnings = new ArrayList<>();
        List<Connection> found = Live.scan(w.write(dir.resolve("not-preludes.pcap")), null, warnings);
        assertThat(found).as(Live.describe(found)).isEmpty();
        assertThat(warnings).isEmpty();
        assertThat(bigMail.length).isGreaterThan(io.tlsalert.capture.Budget.PRELUDE_BYTES.limit);
    }

    @Test
    void tsharkToldEachPortsProtocolShowsTheSameAlertsInTheSameFrames() throws Exception {
        List<String> decodeAs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (Case k : CASES) {
            if (k.dissector() != null) {
                decodeAs.add("tcp.port==" + k.port() + "," + k.dissector());
                ports.add(k.port());
            }
        }
        List<Live.Row> theirs = tshark(capture, decodeAs).stream()
                .filter(r -> ports.contains(r.srcPort()) || ports.contains(r.srcPort() - 40000))
                .toList();
        List<Live.Row> ours = Live.rows(
                        Live.scan(capture, null, new ArrayList<>()).stream()
                                .filter(c -> ports.contains(Live.port(c.server())))
                                .toList(),
                        true)
                .stream()
                .toList();
        // One alert (the server's unknown_ca) per connection tshark was told the protocol of: it found them all.
        assertThat(theirs.stream().map(Live.Row::srcPort)).containsExactlyInAnyOrderElementsOf(ports);
        assertThat(ours).containsExactlyElementsOf(theirs);
    }

    /** Live.tshark with {@code -d} decode-as hints, alerts on the given ports only. */
    static List<Live.Row> tshark(Path file, List<String> decodeAs) {
        List<String> options = new ArrayList<>();
        for (String d : decodeAs) {
            options.addAll(List.of("-d", d));
        }
        options.addAll(List.of("-Y", "tls.alert_message"));
        List<Live.Row> rows = new ArrayList<>();
        for (String[] f : io.tlsalert.testkit.Tshark.fields(
                file,
                options,
                List.of("frame.number", "tls.alert_message.level", "tls.alert_message.desc", "tcp.srcport"),
                ",")) {
            String[] levels = f[1].split(",");
            String[] descs = f[2].split(",");
            for (int i = 0; i < levels.length; i++) {
                rows.add(new Live.Row(
                        Long.parseLong(f[0]),
                        Integer.parseInt(levels[i]),
                        Integer.parseInt(descs[i]),
                        Integer.parseInt(f[3].split(",")[0])));
            }
        }
        java.util.Collections.sort(rows);
        return rows;
    }
}
