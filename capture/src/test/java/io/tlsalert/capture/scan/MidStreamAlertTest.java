package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.Tools;
import io.tlsalert.wire.AlertLevel;
import io.tlsalert.wire.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Captures that start after the handshake, cut from the real loopback connections of {@link Live}: the scan must still
 * read each alert as tshark does — the TLS 1.3 client's plaintext unknown_ca with the ServerHello missed, and the TLS
 * 1.2 close_notify alerts, encrypted, with no handshake at all in the capture.
 */
class MidStreamAlertTest {
    static Live live;
    static List<Packet> packets;
    static Path dir;

    @BeforeAll
    static void realStreams() throws Exception {
        live = Live.get();
        packets = Tools.readAll(live.pcapng, new ArrayList<>());
        dir = Live.target().resolve("scan-mid-stream");
        Files.createDirectories(dir);
    }

    /** Where a TLS 1.2 stream goes on after its ChangeCipherSpec and Finished: past the handshake. */
    private static int afterFinished(byte[] stream) {
        List<int[]> r = TcpWriter.records(stream);
        for (int i = 0; i + 2 < r.size(); i++) {
            if (r.get(i)[2] == ContentType.CHANGE_CIPHER_SPEC) {
                return r.get(i + 2)[0];
            }
        }
        throw new AssertionError("no record after ChangeCipherSpec and Finished in the stream");
    }

    /**
     * A capture with no SYN and no hellos: the server's bytes from {@code serverFrom}, then the client's from
     * {@code clientFrom}, then both FINs (server port 443, so that tshark reads TLS there).
     */
    private static Path cut(String name, TcpWriter.Stream s, int serverFrom, int clientFrom) throws Exception {
        TcpWriter w = new TcpWriter(packets.get(0).timestampNanos, 1_000_000);
        TcpWriter.Conn c = w.conn("10.0.0.1", 41000, s.clientIsn(), "10.0.0.2", 443, s.serverIsn());
        c.data(false, serverFrom, s.server(), serverFrom, s.server().length - serverFrom);
        c.data(true, clientFrom, s.client(), clientFrom, s.client().length - clientFrom);
        c.fin(true, s.client().length);
        c.fin(false, s.server().length);
        return w.write(dir.resolve(name + ".pcap"));
    }

    private static String endpoint(Connection c, AlertEvent a) {
        return a.from() == Peer.SERVER ? c.server() : c.client();
    }

    @Test
    void aTls13ClientsPlaintextAlertIsReadWhenTheCaptureMissedTheServerHello() throws Exception {
        TcpWriter.Stream s = TcpWriter.extract(packets, live.serverPort(Live.CLIENT_UNKNOWN_CA_13));
        // Client: ClientHello, then (change_cipher_spec and) the alert; server: ServerHello, then its encrypted flight.
        Path f = cut(
                "tls13-client-alert-no-server-hello",
                s,
                TcpWriter.records(s.server()).get(1)[0],
                TcpWriter.records(s.client()).get(1)[0]);
        List<String> warnings = new ArrayList<>();
        List<Connection> cs = Live.scan(f, null, warnings);
        String context = f + "\n" + Live.describe(cs) + warnings;
        assertThat(cs).as(context).hasSize(1);
        Connection c = cs.get(0);
        assertThat(c.version()).as("no ServerHello in the capture").isEmpty();
        assertThat(c.alerts()).as(context).hasSize(1);
        AlertEvent a = c.alerts().get(0);
        assertThat(a.encrypted()).as(context).isFalse();
        assertThat(a.code()).hasValue(48);
        assertThat(a.level()).hasValue(AlertLevel.FATAL);
        assertThat(endpoint(c, a)).isEqualTo("10.0.0.1:41000");
        TsharkParity.Result r = TsharkParity.compare(f, TsharkParity.tshark(f), cs);
        assertThat(r.alerts())
                .as("tshark reads it as plaintext too")
                .containsExactly(new TsharkParity.Alert(a.frame(), "10.0.0.1:41000", 2, 48));
        assertThat(r.missedAlerts()).isEmpty();
        assertThat(r.extraPlaintext()).isEmpty();
    }

    @Test
    void aTls13AlertAfterAChangeCipherSpecIsPlaintextWhenTheCaptureMissedTheServerHello() throws Exception {
        TcpWriter.Stream s = TcpWriter.extract(packets, live.serverPort(Live.CLIENT_UNKNOWN_CA_13));
        // The same client alert, behind the change_cipher_spec a TLS 1.3 client in middlebox compatibility mode
        // sends before its second flight (RFC 8446 Appendix D.4): with no ServerHello to tell TLS 1.3 from 1.2, a
        // 2-byte type-21 record after ChangeCipherSpec is still plaintext (no TLS 1.2 cipher protects 2 bytes).
        int alertAt = TcpWriter.records(s.client()).get(1)[0];
        byte[] ccs = {20, 3, 3, 0, 1, 1};
        byte[] client = new byte[alertAt + ccs.length + s.client().length - alertAt];
        System.arraycopy(s.client(), 0, client, 0, alertAt);
        System.arraycopy(ccs, 0, client, alertAt, ccs.length);
        System.arraycopy(s.client(), alertAt, client, alertAt + ccs.length, s.client().length - alertAt);
        TcpWriter.Stream withCcs =
                new TcpWriter.Stream(s.serverPort(), s.clientIsn(), s.serverIsn(), client, s.server(), s.flights());
        Path f = cut(
                "tls13-ccs-then-alert-no-server-hello",
                withCcs,
                TcpWriter.records(s.server()).get(1)[0],
                alertAt);
        List<String> warnings = new ArrayList<>();
        List<Connection> cs = Live.scan(f, null, warnings);
        String context = f + "\n" + Live.describe(cs) + warnings;
        assertThat(cs).as(context).hasSize(1);
        Connection c = cs.get(0);
        assertThat(c.alerts()).as(context).hasSize(1);
        AlertEvent a = c.alerts().get(0);
        assertThat(a.encrypted()).as(context).isFalse();
        assertThat(a.code()).hasValue(48);
        TsharkParity.Result r = TsharkParity.compare(f, TsharkParity.tshark(f), cs);
        assertThat(r.alerts())
                .as("tshark reads it as plaintext too")
                .containsExactly(new TsharkParity.Alert(a.frame(), "10.0.0.1:41000", 2, 48));
        assertThat(r.missedAlerts()).isEmpty();
    }

    @Test
    void tls12EncryptedAlertsAreReportedWhenTheCaptureHasNoHandshake() throws Exception {
        TcpWriter.Stream s = TcpWriter.extract(packets, live.serverPort(Live.CLOSE_NOTIFY));
        // Each side from past its Finished on (data, then close_notify): no hello, no ChangeCipherSpec.
        Path f = cut("tls12-close-notify-no-handshake", s, afterFinished(s.server()), afterFinished(s.client()));
        List<String> warnings = new ArrayList<>();
        List<Connection> cs = Live.scan(f, null, warnings);
        String context = f + "\n" + Live.describe(cs) + warnings;
        assertThat(cs).as(context).hasSize(1);
        Connection c = cs.get(0);
        assertThat(c.alerts()).as(context).hasSize(2);
        for (AlertEvent a : c.alerts()) {
            assertThat(a.encrypted()).as(context).isTrue();
            assertThat(a.evidence())
                    .hasValueSatisfying(
                            e -> assertThat(e).contains("26-byte record").contains("AES-GCM"));
        }
        assertThat(c.warnings()).as(context).noneMatch(w -> w.contains("not 2"));
        TsharkParity.Result r = TsharkParity.compare(f, TsharkParity.tshark(f), cs);
        assertThat(r.alerts()).as("tshark's encrypted alerts").hasSize(2).noneMatch(TsharkParity.Alert::plaintext);
        assertThat(r.missedAlerts()).as(context).isEmpty();
    }
}
