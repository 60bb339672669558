package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.capture.quic.ConnectionClose;
import io.tlsalert.capture.quic.QuicReader;
import io.tlsalert.capture.quic.QuicVersion;
import io.tlsalert.capture.quic.Space;
import io.tlsalert.decode.Extension;
import io.tlsalert.decode.Handshake;
import io.tlsalert.decode.TlsParameters;
import io.tlsalert.wire.AlertLevel;
import io.tlsalert.wire.HandshakeType;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One QUIC connection in the scan: what its Initial (and, with a key log, Handshake) packets show, as the same
 * {@link Connection} and {@link AlertEvent}s a TLS connection gives. Its TLS alerts are the CRYPTO_ERROR codes of its
 * CONNECTION_CLOSE frames (RFC 9001 §4.8: 0x0100 + AlertDescription; every such alert is fatal); other transport
 * errors are warnings that name them.
 */
final class QuicFlow implements QuicReader.Listener {
    final QuicReader reader;
    /** The client's first Destination Connection ID, and the IDs the connection took since (Retry, server SCIDs). */
    private final List<byte[]> ids = new ArrayList<>(3);

    String sni;
    List<String> offeredVersions = List.of();
    int offeredSuites;
    int version;
    int cipherSuite = -1;
    boolean helloSeen;
    String after = "start";
    final Kept<AlertEvent> alerts = new Kept<>(Budget.ALERTS_PER_CONNECTION);
    final Kept<String> warnings = new Kept<>(Budget.WARNINGS_PER_CONNECTION);
    /** 1-RTT packets seen from the client and from the server. */
    boolean dataFromClient;

    boolean dataFromServer;
    /** A CONNECTION_CLOSE with an error (not NO_ERROR) was seen. */
    boolean errorClose;
    /** Any CONNECTION_CLOSE was seen. */
    boolean closed;

    private long frame;
    private long time;
    private boolean fromClient;

    QuicFlow(QuicVersion v, byte[] firstDcid, KeyLog keyLog) {
        this.reader = new QuicReader(v, firstDcid, keyLog);
        ids.add(firstDcid.clone());
    }

    /** Whether {@code dcid} is one of this connection's IDs. */
    boolean knows(byte[] dcid) {
        for (byte[] id : ids) {
            if (Arrays.equals(id, dcid)) {
                return true;
            }
        }
        return false;
    }

    /** A Source Connection ID seen in a long header: the connection's too (bounded: a few are ever used). */
    void sourceId(byte[] scid) {
        if (scid.length > 0 && !knows(scid) && ids.size() < 16) {
            ids.add(scid.clone());
        }
    }

    void datagram(byte[] b, int off, int len, boolean fromClient, long frame, long time) {
        this.frame = frame;
        this.time = time;
        this.fromClient = fromClient;
        reader.datagram(b, off, len, fromClient, this);
    }

    long held() {
        return reader.held();
    }

    private Peer peer(boolean client) {
        return client ? Peer.CLIENT : Peer.SERVER;
    }

    private void warn(String w) {
        warnings.add(w);
    }

    @Override
    public void handshake(boolean fromClient, Space space, int msgType, Optional<Handshake> hello) {
        if (hello.isPresent() && hello.get() instanceof Handshake.ClientHello ch) {
            clientHello(ch);
        } else if (hello.isPresent() && hello.get() instanceof Handshake.ServerHello sh) {
            if (!sh.helloRetryRequest()) {
                version = sh.version();
                cipherSuite = sh.cipherSuite();
            }
        }
        after = msgType == HandshakeType.SERVER_HELLO
                        && hello.isPresent()
                        && hello.get() instanceof Handshake.ServerHello sh
                        && sh.helloRetryRequest()
                ? "hello_retry_request"
                : TlsParameters.shortName(HandshakeType.name(msgType));
    }

    private void clientHello(Handshake.ClientHello ch) {
        helloSeen = true;
        offeredSuites = ch.cipherSuites().length;
        List<String> versions = new ArrayList<>();
        for (Extension e : ch.extensions()) {
            if (e.data() instanceof Extension.ServerNames s && !s.hostNames().isEmpty()) {
                sni = s.hostNames().get(0);
            } else if (e.data() instanceof Extension.Versions v) {
                for (int x : v.versions()) {
                    if (!TlsParameters.isGrease(x)) {
                        versions.add(ProtocolVersion.name(x));
                    }
                }
            }
        }
        if (versions.isEmpty()) {
            versions.add(ProtocolVersion.name(ch.legacyVersion()));
        }
        offeredVersions = versions;
    }

    @Override
    public void close(boolean fromClient, ConnectionClose c) {
        closed = true;
        String where = "CONNECTION_CLOSE in " + article(c.space()) + " packet: " + c.describe()
                + (c.reason().isEmpty() ? "" : ", reason \"" + c.reason() + "\"");
        if (c.alert().isPresent()) {
            AlertEvent a = new AlertEvent(
                    frame,
                    time,
                    peer(fromClient),
                    Optional.of(new AlertEvent.Read(AlertLevel.FATAL, c.alert().getAsInt())),
                    c.space() != Space.INITIAL, // Handshake packets: decrypted with the key log
                    after,
                    Optional.of(where));
            if (!alerts.add(a)) {
                warn("frame " + frame + ": more alerts than " + Budget.ALERTS_PER_CONNECTION.describe()
                        + "; the rest are counted, and the last one is kept");
            }
            errorClose = true;
            return;
        }
        if (c.application() || c.errorCode() != 0) {
            errorClose = true;
        }
        warn("frame " + frame + " (" + peer(fromClient).id() + "): " + where);
    }

    private static String article(Space s) {
        return s == Space.INITIAL ? "an Initial" : "a " + s.packet;
    }

    @Override
    public void packet(boolean fromClient, Space space, boolean read) {
        if (space == Space.APPLICATION) {
            if (fromClient) {
                dataFromClient = true;
            } else {
                dataFromServer = true;
            }
            if (dataFromClient && dataFromServer) {
                after = "application_data";
            }
        } else if (space == Space.HANDSHAKE && !read && !after.equals("application_data")) {
            after = "encrypted_handshake";
        }
    }

    @Override
    public void versionNegotiation(List<Integer> versions) {
        List<String> v = new ArrayList<>();
        for (int x : versions) {
            v.add(QuicVersion.of(x).map(q -> q.label).orElse(QuicVersion.hex(x)));
        }
        warn("frame " + frame + " (server): Version Negotiation: the server offers " + String.join(", ", v));
    }

    @Override
    public void retry() {
        warn("frame " + frame + " (server): Retry: the client's next Initial packets use new keys");
    }

    @Override
    public void problem(String what) {
        warn("frame " + frame + " (" + peer(fromClient).id() + "): " + what);
    }

    /** How it went: a fatal alert or an error close fails it; 1-RTT packets both ways without one is healthy. */
    Outcome outcome(ClosedBy how) {
        if (errorClose) {
            return Outcome.FAILED;
        }
        if (dataFromClient && dataFromServer) {
            return Outcome.HEALTHY;
        }
        return how == ClosedBy.END_OF_CAPTURE && !closed ? Outcome.UNFINISHED : Outcome.FAILED;
    }

    Optional<String> versionName() {
        return version == 0 ? Optional.empty() : Optional.of(ProtocolVersion.name(version));
    }

    Optional<String> suiteName() {
        return cipherSuite < 0
                ? Optional.empty()
                : Optional.of(TlsParameters.get().cipherSuite(cipherSuite));
    }
}
