package io.tlsalert.capture.keylog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.keylog.Peers.Capture;
import io.tlsalert.capture.keylog.Peers.Hellos;
import io.tlsalert.capture.keylog.Peers.LoggedAlert;
import io.tlsalert.capture.keylog.Peers.Rec;
import io.tlsalert.capture.keylog.Peers.SharkAlert;
import io.tlsalert.capture.keylog.RecordDecryptor.Plaintext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real OpenSSL 3 peers ({@code s_server}/{@code s_client} with {@code -keylogfile} and {@code -msg}) talk through a
 * relay that records the bytes; their records are decrypted with the key log, and the alerts found are compared with
 * what the peers logged and with what tshark decrypts from a pcap of the same bytes.
 */
@Timeout(120)
class RecordDecryptorOpenSslTest {
    @TempDir
    static Path shared;

    static Peers.Certs certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        certs = Peers.certs(shared);
    }

    /** What came out of one direction. */
    record Decrypted(List<Plaintext> plaintexts, List<String> errors, RecordDecryptor decryptor) {
        List<LoggedAlert> alerts() {
            List<LoggedAlert> out = new ArrayList<>();
            for (Plaintext p : plaintexts) {
                if (p.contentType() == 21) {
                    assertThat(p.content()).as("alert content").hasSize(2);
                    out.add(new LoggedAlert(p.content()[0] & 0xff, p.content()[1] & 0xff, null));
                }
            }
            return out;
        }

        /** Handshake message types in decrypted handshake records (first message of each record and those after it). */
        List<Integer> handshakeTypes() {
            List<Integer> types = new ArrayList<>();
            for (Plaintext p : plaintexts) {
                if (p.contentType() == 22) {
                    byte[] c = p.content();
                    int pos = 0;
                    while (c.length - pos >= 4) {
                        types.add(c[pos] & 0xff);
                        pos += 4 + ((c[pos + 1] & 0xff) << 16 | (c[pos + 2] & 0xff) << 8 | c[pos + 3] & 0xff);
                    }
                }
            }
            return types;
        }

        String applicationData() {
            StringBuilder b = new StringBuilder();
            for (Plaintext p : plaintexts) {
                if (p.contentType() == 23) {
                    b.append(new String(p.content(), StandardCharsets.ISO_8859_1));
                }
            }
            return b.toString();
        }
    }

    static Decrypted decryptDirection(Capture c, KeyLog log, boolean fromClient) {
        Hellos h = Peers.hellos(c);
        Optional<RecordDecryptor> d = h.version() == 0x0304
                ? RecordDecryptor.tls13(log, h.clientRandom(), h.cipherSuite(), fromClient)
                        .ready()
                : RecordDecryptor.tls12(log, h.clientRandom(), h.serverRandom(), h.cipherSuite(), fromClient)
                        .ready();
        assertThat(d)
                .as(
                        "decryptor for %s (%s)",
                        fromClient ? "client" : "server",
                        h.version() == 0x0304
                                ? RecordDecryptor.tls13(log, h.clientRandom(), h.cipherSuite(), fromClient)
                                        .refusal()
                                : RecordDecryptor.tls12(
                                                log, h.clientRandom(), h.serverRandom(), h.cipherSuite(), fromClient)
                                        .refusal())
                .isPresent();
        byte[] bytes = c.bytes(fromClient);
        List<Plaintext> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Rec r : Peers.protectedRecords(bytes, h.version() == 0x0304)) {
            Optional<Plaintext> p = d.get().decrypt(bytes, r.offset(), r.total());
            if (p.isPresent()) {
                out.add(p.get());
                assertThat(d.get().lastError()).isEmpty();
            } else {
                errors.add(d.get().lastError());
            }
        }
        return new Decrypted(out, errors, d.get());
    }

    static KeyLog keyLog(Path p) throws Exception {
        KeyLog log = KeyLog.read(p);
        assertThat(log.warnings()).as("warnings reading %s", p).isEmpty();
        return log;
    }

    /** Asserts the decrypted alerts of both directions are the ones the peers logged, and the ones tshark finds. */
    void alertsAgree(Capture c, Path keyLogFile, Decrypted client, Decrypted server) throws Exception {
        alertsAgree(c, keyLogFile, client, server, Peers.sentAlerts(c.clientOutput()));
    }

    /** As above, with the client's alerts given (a client without {@code -msg} output). */
    void alertsAgree(Capture c, Path keyLogFile, Decrypted client, Decrypted server, List<LoggedAlert> clientAlerts)
            throws Exception {
        List<LoggedAlert> clientSent = strip(clientAlerts);
        List<LoggedAlert> serverSent = strip(Peers.sentAlerts(c.serverOutput()));
        assertThat(client.alerts())
                .as("client's alerts, decrypted vs s_client -msg\n%s", c)
                .isEqualTo(clientSent);
        assertThat(server.alerts())
                .as("server's alerts, decrypted vs s_server -msg\n%s", c)
                .isEqualTo(serverSent);

        Path pcap = dir.resolve("capture.pcap");
        Peers.writePcap(c, pcap);
        assertThat(Peers.badChecksums(dir, pcap)).as("packets tshark flags").isBlank();
        List<SharkAlert> shark = Peers.tsharkAlerts(dir, pcap, keyLogFile);
        List<LoggedAlert> sharkClient = new ArrayList<>();
        List<LoggedAlert> sharkServer = new ArrayList<>();
        for (SharkAlert a : shark) {
            (a.fromClient() ? sharkClient : sharkServer).add(new LoggedAlert(a.level(), a.description(), null));
        }
        assertThat(sharkClient).as("client's alerts, tshark vs decrypted").isEqualTo(client.alerts());
        assertThat(sharkServer).as("server's alerts, tshark vs decrypted").isEqualTo(server.alerts());
    }

    private static List<LoggedAlert> strip(List<LoggedAlert> alerts) {
        return alerts.stream()
                .map(a -> new LoggedAlert(a.level(), a.description(), null))
                .toList();
    }

    // ---- TLS 1.3
    // ------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "TLS_AES_128_GCM_SHA256, 0x1301",
        "TLS_AES_256_GCM_SHA384, 0x1302",
        "TLS_CHACHA20_POLY1305_SHA256, 0x1303",
        "TLS_AES_128_CCM_SHA256, 0x1304",
        "TLS_AES_128_CCM_8_SHA256, 0x1305",
    })
    void tls13DataKeyUpdateAndCloseNotify(String suite, String id) throws Exception {
        // "K": a KeyUpdate asking the server to update too; "Q": close_notify and quit.
        Capture c = Peers.run(
                dir,
                certs,
                List.of("-tls1_3", "-ciphersuites", suite),
                List.of("-tls1_3", "-ciphersuites", suite),
                "hello\nK\nafter update\nserver> from server\nQ\n");
        Hellos h = Peers.hellos(c);
        assertThat(h.version()).isEqualTo(0x0304);
        assertThat(h.cipherSuite()).isEqualTo(Integer.decode(id));
        KeyLog log = keyLog(c.clientKeyLog());
        assertThat(log.has(h.clientRandom())).isTrue();

        Decrypted client = decryptDirection(c, log, true);
        Decrypted server = decryptDirection(c, log, false);
        assertThat(client.errors()).as("client records that failed\n%s", c).isEmpty();
        assertThat(server.errors()).as("server records that failed\n%s", c).isEmpty();
        // Server: EncryptedExtensions, Certificate, CertificateVerify, Finished under the handshake secret; then
        // NewSessionTickets and its own KeyUpdate (answering the client's request, sent with its next data) under
        // application secrets.
        assertThat(server.handshakeTypes()).startsWith(8, 11, 15, 20).contains(4, 24);
        assertThat(client.handshakeTypes()).startsWith(20).contains(24);
        assertThat(client.applicationData()).isEqualTo("hello\nafter update\n");
        assertThat(server.applicationData()).isEqualTo("from server\n");
        assertThat(client.decryptor().epoch()).isEqualTo("application (after 1 key update)");
        assertThat(server.decryptor().epoch()).isEqualTo("application (after 1 key update)");
        assertThat(client.alerts()).contains(new LoggedAlert(1, 0, null));
        alertsAgree(c, c.clientKeyLog(), client, server);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void tls13CertificateRequiredIsEncryptedUnderServerApplicationSecret(String suite) throws Exception {
        Capture c = Peers.run(
                dir,
                certs,
                List.of("-tls1_3", "-ciphersuites", suite, "-Verify", "1"),
                List.of("-tls1_3", "-ciphersuites", suite),
                null);
        assertThat(strip(Peers.sentAlerts(c.serverOutput())))
                .as("s_server -msg\n%s", c)
                .containsExactly(new LoggedAlert(2, 116, null));
        // The server's key log: it never saw the client's Finished, so it has no CLIENT_TRAFFIC_SECRET_0.
        KeyLog log = keyLog(c.serverKeyLog());
        Hellos h = Peers.hellos(c);
        assertThat(log.labels(h.clientRandom()))
                .doesNotContain(KeyLog.CLIENT_TRAFFIC_SECRET_0)
                .contains(KeyLog.SERVER_TRAFFIC_SECRET_0);

        Decrypted server = decryptDirection(c, log, false);
        Decrypted client = decryptDirection(c, log, true);
        assertThat(server.errors()).isEmpty();
        assertThat(client.errors()).isEmpty();
        // CertificateRequest (13) among the server's handshake messages; the alert after its Finished.
        assertThat(server.handshakeTypes()).startsWith(8, 13, 11, 15, 20);
        assertThat(server.plaintexts().get(server.plaintexts().size() - 1))
                .satisfies(p -> assertThat(p.contentType()).isEqualTo(21))
                .satisfies(p -> assertThat(p.content()).containsExactly(2, 116));
        assertThat(server.decryptor().epoch()).isEqualTo("application");
        // The client sent an empty Certificate and its Finished under its handshake secret.
        assertThat(client.handshakeTypes()).startsWith(11, 20);
        alertsAgree(c, c.serverKeyLog(), client, server);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void tls13JsseClientRejectingTheServerCertificateEncryptsItsAlertUnderTheClientHandshakeSecret(String suite)
            throws Exception {
        // SunJSSE installs its handshake write key on reading the ServerHello, so its certificate_unknown is encrypted.
        // It keeps no key log; the server's has both handshake traffic secrets.
        Capture c =
                Peers.run(dir, certs, List.of("-tls1_3", "-ciphersuites", suite), (port, d, log, out, serverStdin) -> {
                    KeyStore trust = KeyStore.getInstance("PKCS12");
                    trust.load(null, null);
                    try (InputStream in = Files.newInputStream(certs.otherCa())) {
                        trust.setCertificateEntry(
                                "unrelated",
                                CertificateFactory.getInstance("X.509").generateCertificate(in));
                    }
                    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
                    tmf.init(trust);
                    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
                    ctx.init(null, tmf.getTrustManagers(), null);
                    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(Peers.LOOPBACK, port)) {
                        s.setSoTimeout(10_000);
                        s.setEnabledProtocols(new String[] {"TLSv1.3"});
                        s.setEnabledCipherSuites(new String[] {suite});
                        s.startHandshake();
                        return new Peers.Client.Result("handshake succeeded", 0);
                    } catch (SSLException e) {
                        return new Peers.Client.Result(e.toString(), 1);
                    }
                });
        assertThat(c.clientOutput()).contains("PKIX path building failed");
        List<LoggedAlert> received = Peers.receivedAlerts(c.serverOutput());
        assertThat(received).as("s_server -msg\n%s", c).hasSize(1);
        assertThat(received.get(0).name()).isEqualTo("certificate_unknown");

        KeyLog log = keyLog(c.serverKeyLog());
        Decrypted client = decryptDirection(c, log, true);
        assertThat(client.errors()).isEmpty();
        assertThat(client.decryptor().epoch()).isEqualTo("handshake");
        assertThat(client.plaintexts())
                .as("the compatibility ChangeCipherSpec, then the encrypted alert")
                .extracting(Plaintext::contentType)
                .containsExactly(20, 21);
        assertThat(client.plaintexts().get(1).content())
                .containsExactly(2, received.get(0).description());
        assertThat(Peers.records(c.clientToServer()))
                .as("the alert's record on the wire")
                .last()
                .satisfies(r -> assertThat(r.type()).isEqualTo(23));

        Decrypted server = decryptDirection(c, log, false);
        assertThat(server.errors()).isEmpty();
        assertThat(server.handshakeTypes()).startsWith(8, 11, 15, 20);
        alertsAgree(c, c.serverKeyLog(), client, server, received);
        assertThat(Peers.tsharkAlerts(dir, dir.resolve("capture.pcap"), c.serverKeyLog()))
                .containsExactly(new SharkAlert(true, 2, received.get(0).description()));
    }

    @Test
    void tls13OpenSslClientRejectingTheServerCertificateSendsItsAlertInPlaintext() throws Exception {
        // OpenSSL 3.0's client installs its handshake write key only after the server's Finished: an alert about the
        // server's Certificate goes out unprotected (outer type 21), and its key log has no client handshake secret.
        Capture c = Peers.run(
                dir,
                certs,
                List.of("-tls1_3"),
                List.of(
                        "-tls1_3",
                        "-verify",
                        "1",
                        "-verify_return_error",
                        "-CAfile",
                        certs.otherCa().toString()),
                null);
        List<LoggedAlert> sent = Peers.sentAlerts(c.clientOutput());
        assertThat(sent).as("s_client -msg\n%s", c).hasSize(1);
        assertThat(sent.get(0).level()).isEqualTo(2);
        assertThat(sent.get(0).name()).isIn("unknown_ca", "bad_certificate");
        assertThat(c.clientOutput()).contains("certificate verify failed");

        KeyLog log = keyLog(c.serverKeyLog());
        Decrypted client = decryptDirection(c, log, true);
        assertThat(client.errors()).isEmpty();
        Plaintext last = client.plaintexts().get(client.plaintexts().size() - 1);
        assertThat(last.contentType()).isEqualTo(21);
        assertThat(last.content()).containsExactly(2, sent.get(0).description());
        assertThat(client.decryptor().sequenceNumber())
                .as("no encrypted record from the client")
                .isZero();

        Decrypted server = decryptDirection(c, log, false);
        assertThat(server.errors()).isEmpty();
        assertThat(server.handshakeTypes()).startsWith(8, 11, 15, 20);
        alertsAgree(c, c.serverKeyLog(), client, server);
    }

    // ---- TLS 1.2
    // ------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ECDHE-RSA-AES128-GCM-SHA256, 0xC02F",
        "ECDHE-RSA-AES256-GCM-SHA384, 0xC030",
        "ECDHE-RSA-CHACHA20-POLY1305, 0xCCA8",
        "DHE-RSA-AES128-GCM-SHA256, 0x009E",
        "AES256-GCM-SHA384, 0x009D",
        "DHE-RSA-AES128-CCM, 0xC09E",
        "DHE-RSA-AES256-CCM8, 0xC0A3",
    })
    void tls12FinishedDataAndCloseNotify(String suite, String id) throws Exception {
        Capture c = Peers.run(
                dir,
                certs,
                List.of("-tls1_2", "-cipher", suite + ":@SECLEVEL=0"),
                List.of("-tls1_2", "-cipher", suite + ":@SECLEVEL=0"),
                "hello\nQ\n");
        Hellos h = Peers.hellos(c);
        assertThat(h.version()).isEqualTo(0x0303);
        assertThat(h.cipherSuite()).isEqualTo(Integer.decode(id));
        KeyLog log = keyLog(c.serverKeyLog());

        for (boolean fromClient : new boolean[] {true, false}) {
            Decrypted d = decryptDirection(c, log, fromClient);
            assertThat(d.errors()).as("records that failed\n%s", c).isEmpty();
            assertThat(d.plaintexts().get(0).contentType())
                    .as("ChangeCipherSpec, returned as it is")
                    .isEqualTo(20);
            Plaintext finished = d.plaintexts().get(1);
            assertThat(finished.contentType()).isEqualTo(22);
            assertThat(finished.content()).hasSize(16).startsWith(20, 0, 0, 12);
        }
        Decrypted client = decryptDirection(c, log, true);
        Decrypted server = decryptDirection(c, log, false);
        assertThat(client.applicationData()).isEqualTo("hello\n");
        assertThat(client.alerts()).containsExactly(new LoggedAlert(1, 0, null));
        alertsAgree(c, c.serverKeyLog(), client, server);
    }
}
