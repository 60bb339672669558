package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.capture.keylog.RecordDecryptor;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.Extension;
import io.tlsalert.decode.Handshake;
import io.tlsalert.decode.Message;
import io.tlsalert.decode.TlsDecoder;
import io.tlsalert.decode.TlsParameters;
import io.tlsalert.decode.TlsRecord;
import io.tlsalert.wire.AlertLevel;
import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.HandshakeType;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The TLS state of one connection, fed by its two record streams: what the client offered, what the server chose,
 * each alert with the step it followed, and how the connection ended.
 */
final class TlsConnection {
    private static final int MAX_HANDSHAKE = Budget.HANDSHAKE_MESSAGE_BYTES.limit;

    final Side client = new Side(true);
    final Side server = new Side(false);
    private final KeyLog keyLog;

    long firstFrame;
    long startNanos;
    String sni;
    List<String> offeredVersions = List.of();
    int offeredSuites;
    int version;
    int cipherSuite = -1;
    byte[] clientRandom;
    byte[] serverRandom;
    boolean tls13;
    boolean helloSeen;
    /** The last handshake step seen, either way; what an alert "followed". */
    String after = "start";

    /** Every alert, counted; the first ones and the last one kept ({@link Budget#ALERTS_PER_CONNECTION}). */
    final Kept<AlertEvent> alerts = new Kept<>(Budget.ALERTS_PER_CONNECTION);
    /**
     * TLS 1.3 without keys: how often the direction of encrypted records changed. Server flight, client Finished,
     * server (tickets or data), client data: three changes or more means application data flowed both ways.
     */
    int turns;
    /** TLS 1.3 without keys: an encrypted record that is not the alert-sized last one, after both flights. */
    boolean dataAfterHandshake;

    private Boolean lastEncryptedFromClient;
    /** What kept this connection from being read in full; the first ones kept ({@link Budget#WARNINGS_PER_CONNECTION}). */
    final Kept<String> warnings = new Kept<>(Budget.WARNINGS_PER_CONNECTION);

    /** One more alert; the first one past the budget is said, with its frame. */
    void addAlert(AlertEvent a) {
        if (!alerts.add(a)) {
            warn("frame " + a.frame() + ": more alerts than " + Budget.ALERTS_PER_CONNECTION.describe()
                    + "; the rest are counted, and the last one is kept");
        }
    }

    void warn(String w) {
        warnings.add(w);
    }

    /** Bytes held now for handshake messages not yet whole, both directions. */
    long held() {
        return (client.joiner == null ? 0 : client.joiner.pending())
                + (server.joiner == null ? 0 : server.joiner.pending());
    }

    /** The warnings kept, and how many were not. */
    List<String> warningList() {
        List<String> l = warnings.list();
        long more = warnings.total() - l.size();
        if (more == 0) {
            return l;
        }
        List<String> out = new ArrayList<>(l);
        out.add(String.format(
                java.util.Locale.ROOT,
                "%,d more warnings not kept (%s)",
                more,
                Budget.WARNINGS_PER_CONNECTION.describe()));
        return out;
    }

    TlsConnection(KeyLog keyLog) {
        this.keyLog = keyLog;
    }

    /** One direction: its records, its handshake bytes, whether it is encrypted now. */
    final class Side implements RecordStream.Sink, HandshakeJoiner.Sink {
        final boolean isClient;
        final Peer peer;
        final RecordStream records = new RecordStream(this);
        boolean encrypted;
        int encryptedRecords;
        int appData;
        /** Joins this side's handshake messages; made at its first handshake record. */
        HandshakeJoiner joiner;
        /** Handshake bytes fed to the joiner so far: the joiner's positions. */
        long handshakeBytes;
        /** Where a message over {@link #MAX_HANDSHAKE} started, while its bytes are being skipped. */
        OptionalLong oversizedAt = OptionalLong.empty();

        RecordDecryptor decryptor;
        /** A TLS 1.3 record whose size fits an alert: it is one if nothing follows it on this side. */
        AlertEvent candidate;

        int lastLength;

        Side(boolean isClient) {
            this.isClient = isClient;
            this.peer = isClient ? Peer.CLIENT : Peer.SERVER;
        }

        String name() {
            return peer.id();
        }

        @Override
        public boolean wants(int type, int length) {
            if (!encrypted) {
                return type != ContentType.APPLICATION_DATA;
            }
            return decryptor != null || type == ContentType.ALERT;
        }

        @Override
        public void notTls(String why, long frame) {
            if (records.dead()) {
                return;
            }
            warn("frame " + frame + " (" + name() + "): " + why);
        }

        @Override
        public void record(int type, int ver, byte[] body, int length, long frame, long time) {
            currentFrame = frame;
            if (candidate != null) {
                candidate = null; // something followed: it was data, not an alert
            }
            if (encrypted) {
                encryptedRecord(type, ver, body, length, frame, time);
                return;
            }
            switch (type) {
                case ContentType.CHANGE_CIPHER_SPEC -> {
                    encrypted = true;
                    step("change_cipher_spec");
                    if (!tls13) {
                        decryptor = keyLog == null || clientRandom == null || serverRandom == null
                                ? null
                                : RecordDecryptor.tls12(keyLog, clientRandom, serverRandom, cipherSuite, isClient)
                                        .ready()
                                        .orElse(null);
                    }
                }
                case ContentType.ALERT -> alert(body, frame, time, false);
                case ContentType.HANDSHAKE -> handshake(body, 0, length);
                case ContentType.APPLICATION_DATA -> {
                    appData++;
                    step("application_data");
                }
                default -> {}
            }
        }

        /** The SSL 2.0 hello that started this side's stream: a client's offer, or a server's SSL 2.0 answer. */
        @Override
        public void sslv2(byte[] record, long frame, long time) {
            currentFrame = frame;
            Decoding d = TlsDecoder.decode(record);
            for (TlsRecord r : d.records()) {
                for (Message m : r.messages()) {
                    if (m instanceof Message.Sslv2ClientHello ch) {
                        sslv2Hello(ch);
                        step("client_hello");
                    } else if (m instanceof Message.Sslv2Other o && o.msgType() == 4) { // SERVER-HELLO
                        version = SSL_2_0;
                        step("server_hello");
                    }
                }
            }
            d.problem().ifPresent(pr -> warn("frame " + frame + " (" + name() + "): " + pr));
        }

        private void encryptedRecord(int type, int ver, byte[] body, int length, long frame, long time) {
            if (type == ContentType.ALERT && plaintextAfterEncryption(length)) {
                alert(body, frame, time, false);
                return;
            }
            encryptedRecords++;
            if (type == ContentType.CHANGE_CIPHER_SPEC) {
                return; // TLS 1.3 middlebox-compatibility change_cipher_spec
            }
            if (lastEncryptedFromClient == null || lastEncryptedFromClient != isClient) {
                if (lastEncryptedFromClient != null) {
                    turns++;
                }
                lastEncryptedFromClient = isClient;
            }
            if (decryptor != null && body != null) {
                byte[] rec = new byte[5 + length];
                rec[0] = (byte) type;
                rec[1] = (byte) (ver >> 8);
                rec[2] = (byte) ver;
                rec[3] = (byte) (length >> 8);
                rec[4] = (byte) length;
                System.arraycopy(body, 0, rec, 5, length);
                Optional<RecordDecryptor.Plaintext> p = decryptor.decrypt(rec, 0, rec.length);
                if (p.isPresent()) {
                    int inner = p.get().contentType();
                    byte[] c = p.get().content();
                    switch (inner) {
                        case ContentType.ALERT -> alert(c, frame, time, true);
                        case ContentType.HANDSHAKE -> handshake(c, 0, c.length);
                        case ContentType.APPLICATION_DATA -> {
                            appData++;
                            step("application_data");
                        }
                        default -> {}
                    }
                    return;
                }
                warn("frame " + frame + " (" + name() + "): could not decrypt a record: " + decryptor.lastError());
            }
            if (type == ContentType.ALERT) {
                // TLS 1.2 after ChangeCipherSpec: the content type shows it is an alert, the keys would show which.
                addAlert(AlertEvent.unread(
                        frame,
                        time,
                        peer,
                        after,
                        "content type 21 (alert) after ChangeCipherSpec, " + length + "-byte record"
                                + likely12(length)));
                return;
            }
            if (type == ContentType.APPLICATION_DATA && tls13 && (length == 19 || length == 11)) {
                candidate = AlertEvent.unread(
                        frame,
                        time,
                        peer,
                        after,
                        length + "-byte record = 2-byte alert + content type + " + (length == 19 ? "16" : "8")
                                + "-byte tag");
                return;
            }
            if (type == ContentType.APPLICATION_DATA) {
                appData++;
                if (!tls13 || turns >= 2) {
                    dataAfterHandshake = true;
                    step("application_data");
                } else {
                    step("encrypted_handshake");
                }
            } else if (type == ContentType.HANDSHAKE && !tls13) {
                step("finished");
            }
        }

        /**
         * A type-21 record after encryption began that is plaintext all the same. In TLS 1.3 every protected record
         * has outer type 23 (RFC 8446 §5.2: opaque_type is always application_data), so a type-21 record is a
         * plaintext alert: a client that refuses the server's certificate sends it before it uses its handshake
         * keys ({@code 15 03 03 00 02 02 30}). With the ServerHello missed (version unknown) a 2-byte one is
         * plaintext too: no TLS 1.2 cipher protects an alert in 2 bytes (ChaCha20-Poly1305, the smallest, takes 18).
         */
        private boolean plaintextAfterEncryption(int length) {
            return tls13 || version == 0 && length == 2;
        }

        private String likely12(int length) {
            return length == 26
                    ? " (AES-GCM: 8-byte nonce + 2-byte alert + 16-byte tag)"
                    : length == 18 ? " (ChaCha20-Poly1305: 2-byte alert + 16-byte tag)" : "";
        }

        private void alert(byte[] body, long frame, long time, boolean wasEncrypted) {
            if (body != null && body.length != 2 && !wasEncrypted && !helloSeen && version == 0) {
                // The capture missed the handshake (it started mid-stream): a type-21 record that is not 2 bytes
                // is a protected alert, as tshark takes it ("Encrypted Alert").
                addAlert(AlertEvent.unread(
                        frame,
                        time,
                        peer,
                        after,
                        "content type 21 (alert), " + body.length + "-byte record, the handshake not in the capture"
                                + likely12(body.length)));
                return;
            }
            if (body == null || body.length != 2) {
                warn("frame " + frame + " (" + name() + "): alert record of " + (body == null ? 0 : body.length)
                        + " bytes, not 2 (the receiver answers decode_error)");
                return;
            }
            addAlert(AlertEvent.read(
                    frame, time, peer, AlertLevel.of(body[0] & 0xff), body[1] & 0xff, wasEncrypted, after));
        }

        /** Handshake bytes, possibly a part of a message that continues in the next record. */
        private void handshake(byte[] b, int off, int len) {
            if (b == null) {
                return;
            }
            if (joiner == null) {
                joiner = new HandshakeJoiner(MAX_HANDSHAKE);
            }
            joiner.feed(b, off, len, handshakeBytes, this);
            handshakeBytes += len;
            if (oversizedAt.isPresent()) {
                // Said once its bytes pass the bound, not at its header: a header of random bytes (a capture
                // that is not what it seems) announces a long message whose bytes never come.
                if (handshakeBytes - oversizedAt.getAsLong() > MAX_HANDSHAKE) {
                    warn("frame " + currentFrame + " (" + name() + "): handshake message over " + MAX_HANDSHAKE
                            + " bytes, not read");
                    oversizedAt = OptionalLong.empty();
                } else if (!joiner.skipping()) {
                    oversizedAt = OptionalLong.empty();
                }
            }
        }

        @Override
        public void overBound(int msgType, int length, long position) {
            oversizedAt = OptionalLong.of(position);
        }

        /** One whole handshake message, {@code buf[off, off + len)} its body: the hellos are read, each is a step. */
        @Override
        public void message(int type, byte[] buf, int off, int len, long position, HandshakeJoiner.Spans spans) {
            if (type == HandshakeType.CLIENT_HELLO || type == HandshakeType.SERVER_HELLO) {
                long frame = currentFrame;
                Decoding d = TlsDecoder.decode(Arrays.copyOfRange(buf, off - HandshakeJoiner.HEADER, off + len));
                for (TlsRecord r : d.records()) {
                    for (Message m : r.messages()) {
                        if (m instanceof Message.HandshakeMessage h) {
                            if (h.body() instanceof Handshake.ClientHello ch) {
                                clientHello(ch);
                            } else if (h.body() instanceof Handshake.ServerHello sh) {
                                serverHello(sh);
                            }
                        }
                    }
                }
                d.problem().ifPresent(pr -> warn("frame " + frame + " (" + name() + "): " + pr));
                if (type == HandshakeType.CLIENT_HELLO && !helloSeen && len >= 2) {
                    // A ClientHello that does not decode (its problem warned above) was still sent: its
                    // legacy_version, the body's first two bytes, is what it offered as far as can be read.
                    helloSeen = true;
                    offeredVersions = List.of(ProtocolVersion.name((buf[off] & 0xff) << 8 | buf[off + 1] & 0xff));
                }
            }
            step(
                    type == HandshakeType.SERVER_HELLO
                            ? (helloRetry ? "hello_retry_request" : "server_hello")
                            : TlsParameters.shortName(HandshakeType.name(type)));
        }
    }

    private boolean helloRetry;

    /** The frame being read: steps are stamped with it, so that "after" follows capture order across directions. */
    long currentFrame;

    /** Each step's name and the frame it came in, in the order seen; at most {@link Budget#STEPS_PER_CONNECTION}. */
    private long[] stepFrames = new long[8];

    private String[] stepNames = new String[8];
    private int steps;
    /** More steps came than are kept: alerts after the last one kept keep the step they were read after. */
    private boolean stepsOver;

    private void step(String s) {
        if (!s.equals(after)) {
            if (steps == stepNames.length && steps < Budget.STEPS_PER_CONNECTION.limit) {
                int n = Math.min(Budget.STEPS_PER_CONNECTION.limit, 2 * steps);
                stepFrames = Arrays.copyOf(stepFrames, n);
                stepNames = Arrays.copyOf(stepNames, n);
            }
            if (steps < stepNames.length) {
                stepFrames[steps] = currentFrame;
                stepNames[steps] = s;
                steps++;
            } else {
                stepsOver = true;
            }
        }
        after = s;
    }

    /** The last step seen before {@code frame}, in capture order (one direction's bytes may arrive late after a gap). */
    private String stepBefore(long frame, String fallback) {
        if (stepsOver && steps > 0 && frame > stepFrames[steps - 1]) {
            return fallback;
        }
        String best = null;
        long bestFrame = -1;
        for (int i = 0; i < steps; i++) {
            long f = stepFrames[i];
            if (f < frame && f >= bestFrame) {
                bestFrame = f;
                best = stepNames[i];
            }
        }
        return best == null ? fallback : best;
    }

    /** A ClientHello's offer (from the TCP side's joined messages, or a DTLS record). */
    void clientHello(Handshake.ClientHello ch) {
        helloSeen = true;
        clientRandom = ch.random();
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

    /**
     * SSL 2.0's version number, 0x0002 (the SSL 2.0 draft; RFC 6176 prohibits it). Not a TLS ProtocolVersion (the
     * IANA registry has no entry for it), so named here, where SSL 2.0 hellos are read.
     */
    static final int SSL_2_0 = 0x0002;

    /**
     * An SSL 2.0 CLIENT-HELLO: the version it offers (SSL 2.0, or SSL 3.0 and later in the compatible form of RFC
     * 5246 Appendix E.2, where the challenge, right-aligned and zero-padded to 32 bytes, is the ClientHello.random).
     */
    private void sslv2Hello(Message.Sslv2ClientHello ch) {
        helloSeen = true;
        offeredSuites = ch.cipherSpecs().length;
        offeredVersions = List.of(ch.version() == SSL_2_0 ? "SSL 2.0" : ProtocolVersion.name(ch.version()));
        byte[] c = ch.challenge();
        if (ch.version() != SSL_2_0 && c.length >= 16 && c.length <= 32) {
            clientRandom = new byte[32];
            System.arraycopy(c, 0, clientRandom, 32 - c.length, c.length);
        }
    }

    private void serverHello(Handshake.ServerHello sh) {
        helloRetry = sh.helloRetryRequest();
        if (helloRetry) {
            return;
        }
        serverRandom = sh.random();
        version = sh.version();
        cipherSuite = sh.cipherSuite();
        tls13 = ProtocolVersion.isTls13(version);
        if (tls13) {
            server.encrypted = true;
            client.encrypted = true;
            if (keyLog != null && clientRandom != null) {
                client.decryptor = RecordDecryptor.tls13(keyLog, clientRandom, cipherSuite, true)
                        .ready()
                        .orElse(null);
                server.decryptor = RecordDecryptor.tls13(keyLog, clientRandom, cipherSuite, false)
                        .ready()
                        .orElse(null);
                if (client.decryptor == null || server.decryptor == null) {
                    warn("the key log has no TLS 1.3 secrets for this connection's client random");
                }
            }
        }
    }

    /** The connection ended (or the capture did): a TLS 1.3 alert-sized record that nothing followed is an alert. */
    void end(ClosedBy how) {
        for (Side s : new Side[] {client, server}) {
            if (s.candidate != null) {
                AlertEvent c = s.candidate;
                addAlert(c.withEvidence(c.evidence().orElse("") + ", the last record from the "
                        + c.from().id()
                        + (how == ClosedBy.END_OF_CAPTURE ? " in the capture" : ", then " + how.id())));
                s.candidate = null;
            }
        }
        List<AlertEvent> kept = new ArrayList<>(alerts.list());
        kept.sort((a, b) -> Long.compare(a.frame(), b.frame()));
        for (int i = 0; i < kept.size(); i++) {
            AlertEvent a = kept.get(i);
            String before = stepBefore(a.frame(), a.after());
            if (!before.equals(a.after())) {
                kept.set(i, a.withAfter(before));
            }
        }
        alerts.replace(kept);
    }

    Outcome outcome(int gaps, ClosedBy closedBy) {
        if (gaps > 0) {
            return Outcome.INCOMPLETE;
        }
        for (AlertEvent a : alerts.list()) {
            boolean fatal = a.read().map(r -> r.level().isFatal()).orElse(false);
            if (fatal || a.read().isEmpty() && !"application_data".equals(a.after())) {
                return Outcome.FAILED;
            }
        }
        boolean decrypted = client.decryptor != null && server.decryptor != null;
        boolean data = tls13 && !decrypted ? dataAfterHandshake : client.appData + server.appData > 0;
        if (data) {
            return Outcome.HEALTHY;
        }
        return closedBy == ClosedBy.END_OF_CAPTURE ? Outcome.UNFINISHED : Outcome.FAILED;
    }

    Optional<String> versionName() {
        if (version == SSL_2_0) {
            return Optional.of("SSL 2.0");
        }
        return version == 0 ? Optional.empty() : Optional.of(ProtocolVersion.name(version));
    }

    Optional<String> suiteName() {
        return cipherSuite < 0
                ? Optional.empty()
                : Optional.of(TlsParameters.get().cipherSuite(cipherSuite));
    }
}
