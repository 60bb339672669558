package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.Tshark;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS after a prelude in captures nobody here made (Zeek's test traces, {@code third-party/SOURCES.md}): every
 * ClientHello tshark finds is found, on the same connection with the same SNI, the prelude named, TLS starting at the
 * byte tshark starts it at, and the plaintext alerts tshark shows, frame for frame. tshark needs no hints: these are
 * the protocols' own ports.
 */
class ScanPreludeThirdPartyTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "zeek-ftp-ftp-auth-tls.pcap, , ftp-auth-tls",
        "zeek-http-connect-with-header.pcap, http-connect, ",
        "zeek-http-connect-with-smtp.pcap, , ",
        "zeek-ldap-ldap-starttls.pcap, , ldap-starttls",
        "zeek-mysql-encrypted.pcap, , mysql-ssl",
        "zeek-mysql-tls-12-amazon-rds.pcap, , mysql-ssl",
        "zeek-mysql-tls-13-amazon-rds.pcap, , mysql-ssl",
        "zeek-postgresql-psql-aws-ssl-preferred.pcap, , postgres-sslrequest",
        "zeek-postgresql-psql-aws-ssl-require.pcap, , postgres-sslrequest",
        "zeek-socks-with-ssl.pcap, socks5, ",
        "zeek-tls-imap-starttls.pcap, , imap-starttls",
        "zeek-tls-pop3-starttls.pcap, , pop3-stls",
        "zeek-tls-smtp-starttls.pcap, , smtp-starttls",
        "zeek-tls-xmpp-starttls.pcap, , xmpp-starttls",
    })
    void everyClientHelloTsharkFindsIsFoundAfterItsPrelude(String name, String tunnel, String upgrade)
            throws Exception {
        Path file = file(name);
        List<String> warnings = new ArrayList<>();
        List<Connection> ours = Live.scan(file, null, warnings);
        // tshark's ClientHellos: "client port>server port sni", one a connection.
        TreeSet<String> theirs = new TreeSet<>();
        for (String[] f : Tshark.fields(
                file,
                List.of("-Y", "tls.handshake.type==1"),
                List.of("tcp.srcport", "tcp.dstport", "tls.handshake.extensions_server_name"),
                ",")) {
            theirs.add(f[0] + ">" + f[1] + " " + f[2]);
        }
        TreeSet<String> found = new TreeSet<>();
        for (Connection c : ours) {
            found.add(Live.port(c.client()) + ">" + Live.port(c.server()) + " "
                    + c.sni().orElse(""));
        }
        assertThat(found).as(Live.describe(ours)).isEqualTo(theirs);
        if (upgrade == null && tunnel == null) {
            assertThat(ours).isEmpty(); // a CONNECT with plaintext behind it: not TLS
            return;
        }
        assertThat(theirs).isNotEmpty();

        // Where TLS starts in each direction of tshark's reassembled stream (-z follow): the first byte from which the
        // rest is a chain of TLS records (a capture that ends mid-record aside).
        Map<String, byte[]> streams = follow(file);
        for (Connection c : ours) {
            int cp = Live.port(c.client()), sp = Live.port(c.server());
            assertThat(c.tlsStart())
                    .as(name)
                    .contains(new TlsStart(
                            Optional.ofNullable(tunnel).map(ScanPreludeThirdPartyTest::prelude),
                            Optional.ofNullable(upgrade).map(ScanPreludeThirdPartyTest::prelude),
                            chainStart(streams.get(String.valueOf(cp))),
                            chainStart(streams.get(String.valueOf(sp)))));
        }
        List<Live.Row> tsharkAlerts =
                Live.tshark(file, null).stream().filter(r -> r.level() >= 0).toList();
        assertThat(Live.rows(ours, true)).as(Live.describe(ours)).containsExactlyElementsOf(tsharkAlerts);
    }

    /** tshark {@code -z follow,tcp,raw,0}: each node's bytes, by its port (the captures hold one connection). */
    static Map<String, byte[]> follow(Path file) {
        String out = io.tlsalert.testkit.Commands.stdout(
                java.time.Duration.ofSeconds(60),
                "tshark",
                "-n",
                "-r",
                file.toString(),
                "-q",
                "-z",
                "follow,tcp,raw,0");
        String[] ports = new String[2];
        java.io.ByteArrayOutputStream[] bytes = {
            new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream()
        };
        for (String l : out.split("\n")) {
            if (l.startsWith("Node ")) {
                ports[l.charAt(5) - '0'] = l.substring(l.lastIndexOf(':') + 1).trim();
            } else if (l.matches("\t?[0-9a-f]+")) {
                bytes[l.startsWith("\t") ? 1 : 0].writeBytes(
                        java.util.HexFormat.of().parseHex(l.trim()));
            }
        }
        return Map.of(ports[0], bytes[0].toByteArray(), ports[1], bytes[1].toByteArray());
    }

    /** The first offset from which the stream is TLS records to its end (the last one may be cut short). */
    static OptionalLong chainStart(byte[] b) {
        for (int p = 0; p < b.length; p++) {
            int q = p;
            while (q + 5 <= b.length
                    && (b[q] & 0xff) >= 20
                    && (b[q] & 0xff) <= 23
                    && b[q + 1] == 3
                    && (b[q + 2] & 0xff) <= 4) {
                q += 5 + ((b[q + 3] & 0xff) << 8 | b[q + 4] & 0xff);
            }
            if (q > p && q + 5 > b.length) {
                return OptionalLong.of(p);
            }
        }
        return OptionalLong.empty();
    }

    static Prelude prelude(String id) {
        for (Prelude p : Prelude.values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no prelude " + id);
    }

    static Path file(String name) throws URISyntaxException {
        return Path.of(ScanPreludeThirdPartyTest.class
                .getResource("/io/tlsalert/capture/scan/third-party/" + name)
                .toURI());
    }
}
