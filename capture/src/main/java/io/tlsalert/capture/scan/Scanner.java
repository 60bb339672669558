package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.capture.net.Dissector;
import io.tlsalert.capture.net.Segment;
import io.tlsalert.capture.pcap.Packet;
import io.tlsalert.capture.pcap.PacketSource;
import io.tlsalert.capture.pcap.WarningListener;
import io.tlsalert.capture.quic.LongHeader;
import io.tlsalert.capture.quic.QuicVersion;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.Message;
import io.tlsalert.decode.TlsDecoder;
import io.tlsalert.decode.TlsRecord;
import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Scans a capture for TLS connections and their alerts, in one streaming pass: TLS is found by content on any port,
 * each TCP direction is put back in order, and a connection is reported (and forgotten) as soon as it closes, goes
 * idle, or the capture ends. Memory is bounded by the connections open at once, not by the file.
 */
public final class Scanner {
    /**
     * @param keyLog         secrets to decrypt encrypted alerts with, or null
     * @param idleNanos      a connection silent this long (in capture time) is reported and forgotten
     * @param maxConnections open connections tracked at once; the least recently active one is reported beyond it
     *                       ({@link Budget#OPEN_CONNECTIONS} by default)
     * @param maxHeldBytes   bytes held for all open connections together; past it the least recently active ones are
     *                       reported ({@link Budget#BYTES_HELD} by default)
     */
    public record Options(KeyLog keyLog, long idleNanos, int maxConnections, long maxHeldBytes) {
        public Options(KeyLog keyLog, long idleNanos, int maxConnections) {
            this(keyLog, idleNanos, maxConnections, Budget.BYTES_HELD.limit);
        }

        public static Options defaults() {
            return new Options(null, 300L * 1_000_000_000L, Budget.OPEN_CONNECTIONS.limit);
        }

        public Options withKeyLog(KeyLog k) {
            return new Options(k, idleNanos, maxConnections, maxHeldBytes);
        }
    }

    /** Totals over the whole capture. */
    public static final class Totals {
        public long frames;
        public long bytes;
        public long tlsConnections;
        public long healthy;
        public long failed;
        public long incomplete;
        public long unfinished;
        public long alerts;
        public long warnings;
    }

    private final Options options;
    private final Consumer<Connection> sink;
    private final WarningListener warnings;
    private final Dissector dissector;
    private final Totals totals = new Totals();
    private final FlowKey probe = new FlowKey();
    private final Segment seg = new Segment();
    private long now;
    private long frame;
    /** Bytes held by all open flows: the sum of their {@link Flow#held}. */
    private long held;

    private boolean saidConnections;
    private boolean saidBytes;

    /** A TCP or UDP flow: the TLS connection in it, if it is one. */
    private static final class Flow {
        final FlowKey key;
        final TlsConnection tls;
        final HalfStream aToB;
        final HalfStream bToA;
        final boolean udp;
        /** Whether endpoint a is the client; null until a SYN or a hello tells. */
        Boolean aIsClient;
        /** Settled by a SYN or a handshake message, not guessed. */
        boolean sideCertain;

        boolean notTls;
        boolean finA;
        boolean finB;
        long last;
        /** Bytes this flow held when last counted into the scan's total. */
        long held;
        /** Reported and forgotten. */
        boolean gone;
        /** DTLS: a hello in fragments across datagrams, per direction (a to b, b to a); made at the first one. */
        DtlsHelloFragments helloFromA;

        DtlsHelloFragments helloFromB;

        DtlsHelloFragments hello(boolean fromA) {
            if (fromA) {
                return helloFromA == null ? helloFromA = new DtlsHelloFragments() : helloFromA;
            }
            return helloFromB == null ? helloFromB = new DtlsHelloFragments() : helloFromB;
        }

        /** A QUIC connection: its packets go here, not to the TLS record streams. */
        QuicFlow quic;

        /** What each direction read before its first TLS record (null: it started with one, or sent none). */
        Preludes fromA;

        Preludes fromB;

        Flow(FlowKey key, KeyLog keyLog, boolean udp) {
            this.key = key;
            this.udp = udp;
            this.tls = new TlsConnection(keyLog);
            // Each direction's records go to the side that sends them; which side is the client is settled later.
            this.aToB = new HalfStream(new RecordStream(new Relay(this, true)));
            this.bToA = new HalfStream(new RecordStream(new Relay(this, false)));
        }

        TlsConnection.Side side(boolean fromA) {
            if (aIsClient == null) {
                aIsClient = fromA; // first to speak is taken as the client until a hello says otherwise
            }
            return fromA == aIsClient ? tls.client : tls.server;
        }
    }

    /** One direction's prelude: the tunnel and upgrade it read, and the stream offset its TLS started at. */
    private record Preludes(Prelude tunnel, Prelude upgrade, long offset) {}

    /** Passes one direction's records to the client or server side of the connection. */
    private static final class Relay implements RecordStream.Sink {
        private final Flow flow;
        private final boolean fromA;

        Relay(Flow flow, boolean fromA) {
            this.flow = flow;
            this.fromA = fromA;
        }

        @Override
        public void record(int type, int version, byte[] body, int length, long frame, long time) {
            if (type == ContentType.HANDSHAKE && body != null && body.length > 0 && !flow.sideCertain) {
                // Handshake messages only one side sends settle who is the client (also in a capture that starts
                // mid-stream, where the hellos are missing).
                switch (body[0] & 0xff) { // HandshakeType, a uint8
                    case HandshakeType.CLIENT_HELLO,
                            HandshakeType.CERTIFICATE_VERIFY,
                            HandshakeType.CLIENT_KEY_EXCHANGE -> {
                        flow.aIsClient = fromA;
                        flow.sideCertain = true;
                    }
                    case HandshakeType.SERVER_HELLO,
                            HandshakeType.SERVER_KEY_EXCHANGE,
                            HandshakeType.CERTIFICATE_REQUEST,
                            HandshakeType.SERVER_HELLO_DONE -> {
                        flow.aIsClient = !fromA;
                        flow.sideCertain = true;
                    }
                    default -> {}
                }
            }
            flow.side(fromA).record(type, version, body, length, frame, time);
        }

        @Override
        public void sslv2(byte[] record, long frame, long time) {
            if (record[2] == 1 && !flow.sideCertain) { // an SSL 2.0 CLIENT-HELLO: msg_type 1
                flow.aIsClient = fromA;
                flow.sideCertain = true;
            }
            flow.side(fromA).sslv2(record, frame, time);
        }

        @Override
        public boolean wants(int type, int length) {
            return flow.side(fromA).wants(type, length);
        }

        @Override
        public void overBudget(String what, long frame) {
            flow.tls.warn("frame " + frame + " (" + flow.side(fromA).name() + "): " + what);
        }

        @Override
        public void tlsStarts(Prelude tunnel, Prelude upgrade, long offset, long frame) {
            Preludes p = new Preludes(tunnel, upgrade, offset);
            if (fromA) {
                flow.fromA = p;
            } else {
                flow.fromB = p;
            }
        }

        @Override
        public void notTls(String why, long frame) {
            if (why.equals("not TLS")) {
                if (flow.tls.helloSeen) {
                    // A ClientHello was read (a server answering it with bytes that are not records): the connection
                    // is still TLS, and reported; only this direction is not read further.
                    flow.tls.warn("frame " + frame + " (" + flow.side(fromA).name()
                            + "): bytes that are not TLS records; this direction is not read further");
                } else {
                    flow.notTls = true;
                }
            } else {
                flow.side(fromA).notTls(why, frame);
            }
        }
    }

    /** Open flows, least recently active first. */
    private final LinkedHashMap<FlowKey, Flow> flows = new LinkedHashMap<>(1 << 12, 0.75f, true);

    public Scanner(Options options, Consumer<Connection> sink, WarningListener warnings) {
        this.options = options;
        this.sink = sink;
        this.warnings = warnings;
        this.dissector = new Dissector(warnings);
    }

    public Totals totals() {
        return totals;
    }

    /** Reads every packet of {@code source}, then reports the connections still open. */
    public void scan(PacketSource source) throws IOException {
        Packet p = new Packet();
        while (source.next(p)) {
            packet(p);
        }
        finish();
    }

    /** The capture ended: reports the connections still open. */
    public void finish() {
        dissector.finish();
        finishAll(ClosedBy.END_OF_CAPTURE);
    }

    /** One packet; public for callers that read packets themselves. */
    public void packet(Packet p) {
        totals.frames++;
        totals.bytes += p.capturedLength;
        now = p.timestampNanos;
        frame = p.number;
        if (!dissector.dissect(p, seg)) {
            return;
        }
        Flow f = null;
        if (seg.protocol == 6) {
            f = tcp(p);
        } else if (seg.protocol == 17) {
            f = udp(p);
        }
        if (f != null && !f.gone) {
            count(f);
        }
        if ((totals.frames & 0xFFFF) == 0) {
            evictIdle();
        }
    }

    private Flow flow(boolean create, boolean udp, long frame) {
        Flow f = flows.get(probe);
        if (f == null && create) {
            FlowKey k = probe.copy();
            f = new Flow(k, options.keyLog(), udp);
            f.tls.firstFrame = frame;
            f.tls.startNanos = now;
            flows.put(k, f);
            if (flows.size() > options.maxConnections()) {
                if (!saidConnections) {
                    saidConnections = true;
                    warnings.warn(
                            frame,
                            "more than " + Budget.OPEN_CONNECTIONS.describe() + " (" + options.maxConnections()
                                    + " here): the least recently active connections are reported early, as evicted");
                }
                evictEldest(Budget.OPEN_CONNECTIONS);
            }
        }
        return f;
    }

    /** What a flow holds now, into the scan's total; past the total budget the least recently active ones go. */
    private void count(Flow f) {
        long h = f.aToB.held()
                + f.bToA.held()
                + f.tls.held()
                + (f.helloFromA == null ? 0 : f.helloFromA.held())
                + (f.helloFromB == null ? 0 : f.helloFromB.held())
                + (f.quic == null ? 0 : f.quic.held());
        held += h - f.held;
        f.held = h;
        if (held > options.maxHeldBytes()) {
            if (!saidBytes) {
                saidBytes = true;
                warnings.warn(
                        frame,
                        "the open connections hold more than " + Budget.BYTES_HELD.describe() + " ("
                                + options.maxHeldBytes()
                                + " here): the least recently active connections are reported early, as evicted");
            }
            while (held > options.maxHeldBytes() && flows.size() > 1) {
                evictEldest(Budget.BYTES_HELD);
            }
        }
    }

    private void evictEldest(Budget why) {
        Iterator<Map.Entry<FlowKey, Flow>> it = flows.entrySet().iterator();
        Flow eldest = it.next().getValue();
        it.remove();
        eldest.tls.warn("frame " + frame + ": reported early (evicted): " + why.describe() + " was reached");
        finish(eldest, ClosedBy.EVICTED);
    }

    /** Forgets a flow: its bytes leave the scan's total. */
    private void forget(Flow f) {
        if (!f.gone) {
            f.gone = true;
            held -= f.held;
            f.held = 0;
        }
    }

    /** Bytes held by the open connections now (for tests of the budget). */
    public long heldBytes() {
        return held;
    }

    /** Connections open now (for tests of the budget). */
    public int openConnections() {
        return flows.size();
    }

    private Flow tcp(Packet p) {
        boolean fromA = probe.set(seg);
        boolean syn = (seg.flags & 2) != 0;
        boolean ack = (seg.flags & 16) != 0;
        boolean fin = (seg.flags & 1) != 0;
        boolean rst = (seg.flags & 4) != 0;
        Flow f = flow(syn || seg.payloadLength > 0, false, p.number);
        if (f == null) {
            return null;
        }
        f.last = now;
        if (f.notTls) {
            if (fin || rst) {
                flows.remove(f.key);
                forget(f);
            }
            return f;
        }
        HalfStream h = fromA ? f.aToB : f.bToA;
        if (syn) {
            h.syn(seg.seq);
            if (!ack) {
                f.aIsClient = fromA;
                f.sideCertain = true;
            }
        }
        if (seg.payloadLength > 0) {
            if (f.aIsClient == null) {
                f.aIsClient = fromA; // a guess: the first to send data; a hello or the SYN settles it
            }
            h.segment(seg.seq + (syn ? 1 : 0), seg.payload, seg.payloadOffset, seg.payloadLength, p.number, now);
            if (seg.truncated) {
                f.tls.warn("frame " + p.number + ": packet cut short by the capture's snaplen");
                h.truncated();
            }
        }
        if (fin) {
            h.fin(seg.seq + seg.payloadLength + (syn ? 1 : 0));
        }
        if (rst) {
            finish(f, ClosedBy.RST);
            flows.remove(f.key);
            return f;
        }
        if (fin) {
            if (fromA) {
                f.finA = true;
            } else {
                f.finB = true;
            }
            if (f.finA && f.finB) {
                finish(f, ClosedBy.FIN);
                flows.remove(f.key);
            }
        }
        return f;
    }

    /** DTLS: each datagram holds whole records (RFC 6347 §4.1.1), read with the decoder. QUIC goes to {@link #quic}. */
    private Flow udp(Packet p) {
        Flow q = quic(p);
        if (q != null) {
            return q.quic == null ? null : q;
        }
        if (seg.payloadLength < 13) {
            return null;
        }
        int t = seg.payload[seg.payloadOffset] & 0xff;
        int major = seg.payload[seg.payloadOffset + 1] & 0xff;
        boolean dtls = t >= ContentType.CHANGE_CIPHER_SPEC && t <= ContentType.TLS12_CID && major == 0xFE;
        boolean fromA = probe.set(seg);
        Flow f = flow(false, true, p.number);
        if (f == null) {
            if (!dtls) {
                return null;
            }
            f = flow(true, true, p.number);
        }
        f.last = now;
        byte[] dgram =
                java.util.Arrays.copyOfRange(seg.payload, seg.payloadOffset, seg.payloadOffset + seg.payloadLength);
        Decoding d = TlsDecoder.decode(dgram);
        for (TlsRecord r : d.records()) {
            if (!(r instanceof TlsRecord.Dtls rec)) {
                continue;
            }
            for (Message m : rec.messages()) {
                if (m instanceof Message.HandshakeMessage hm && hm.msgType() == HandshakeType.CLIENT_HELLO) {
                    f.aIsClient = fromA;
                }
            }
            TlsConnection.Side side = f.side(fromA);
            for (Message m : rec.messages()) {
                if (m instanceof Message.HandshakeMessage hm
                        && hm.body() instanceof io.tlsalert.decode.Handshake.Fragment fr
                        && (hm.msgType() == HandshakeType.CLIENT_HELLO || hm.msgType() == HandshakeType.SERVER_HELLO)) {
                    byte[] whole = f.hello(fromA).add(rec.version(), dgram, (int) hm.offset(), fr.fragmentLength());
                    if (whole != null) {
                        for (TlsRecord w : TlsDecoder.decode(whole).records()) {
                            for (Message wm : w.messages()) {
                                dtlsMessage(f, side, rec, wm, p.number);
                            }
                        }
                    }
                    continue;
                }
                dtlsMessage(f, side, rec, m, p.number);
            }
        }
        return f;
    }

    /** One message of a DTLS record from {@code side}. */
    private void dtlsMessage(Flow f, TlsConnection.Side side, TlsRecord.Dtls rec, Message m, long number) {
        if (m instanceof Message.Alert a) {
            f.tls.addAlert(
                    AlertEvent.read(number, now, side.peer, a.alertLevel(), a.description(), false, f.tls.after));
        } else if (m instanceof Message.Encrypted e && e.contentType() == ContentType.ALERT
                || m instanceof Message.MalformedAlert && rec.epoch() > 0) {
            // After the epoch changes the records are protected (RFC 6347 §4.1): an alert record of another size
            // than 2 in epoch 1 or later is an encrypted alert, as tshark takes it.
            f.tls.addAlert(AlertEvent.unread(
                    number,
                    now,
                    side.peer,
                    f.tls.after,
                    "content type 21 (alert) in epoch " + rec.epoch() + ", " + rec.length() + "-byte record"));
        } else if (m instanceof Message.HandshakeMessage hm) {
            f.tls.after = HandshakeType.name(hm.msgType());
            if (hm.body() instanceof io.tlsalert.decode.Handshake.ClientHello ch) {
                f.tls.clientHello(ch);
            } else if (hm.body() instanceof io.tlsalert.decode.Handshake.ServerHello sh) {
                f.tls.version = sh.version();
                f.tls.cipherSuite = sh.cipherSuite();
            }
        } else if (m instanceof Message.Encrypted) {
            side.appData++;
        }
    }

    /**
     * QUIC (RFC 9000 §17): a connection starts with a client's Initial packet of a version read here; the flow's
     * later datagrams, long or short header, are its. A client Initial to a Destination Connection ID the connection
     * never used starts a new connection on the same addresses. Returns null when the datagram is not QUIC's, and a
     * flow without {@code quic} when it is QUIC not to be tracked (a stray packet).
     */
    private Flow quic(Packet p) {
        byte[] b = seg.payload;
        int off = seg.payloadOffset;
        int len = seg.payloadLength;
        boolean fromA = probe.set(seg);
        Flow f = flows.get(probe);
        if (f != null && f.quic == null || f == null && !LongHeader.looksLikeQuic(b, off, len)) {
            return null;
        }
        Optional<LongHeader> h = LongHeader.parse(b, off, off + len);
        Optional<QuicVersion> v = h.flatMap(x -> QuicVersion.of(x.version()));
        boolean initial = v.isPresent() && v.get().type((h.get().first() >>> 4) & 3) == QuicVersion.PacketType.INITIAL;
        if (f != null
                && initial
                && fromA == f.aIsClient
                && !f.quic.knows(h.get().dcid())) {
            flows.remove(f.key);
            finish(f, f.quic.closed ? ClosedBy.CONNECTION_CLOSE : ClosedBy.IDLE);
            f = null;
        }
        if (f == null) {
            if (!initial || len < 1200) {
                // RFC 9000 §14.1: a client's Initial datagram is at least 1,200 bytes; anything else is not a start.
                return STRAY;
            }
            f = flow(true, true, p.number);
            f.quic = new QuicFlow(v.get(), h.get().dcid(), options.keyLog());
            f.aIsClient = fromA;
            f.sideCertain = true;
        }
        f.last = now;
        boolean fromClient = fromA == f.aIsClient;
        if (h.isPresent() && !fromClient) {
            f.quic.sourceId(h.get().scid());
        }
        f.quic.datagram(b, off, len, fromClient, p.number, now);
        return f;
    }

    /** The answer of {@link #quic} for a QUIC datagram that starts no connection. */
    private static final Flow STRAY = new Flow(new FlowKey(), null, true);

    private void evictIdle() {
        Iterator<Map.Entry<FlowKey, Flow>> it = flows.entrySet().iterator();
        List<Flow> idle = new ArrayList<>();
        while (it.hasNext()) {
            Flow f = it.next().getValue();
            if (now - f.last < options.idleNanos()) {
                break; // the rest are more recent
            }
            it.remove();
            idle.add(f);
        }
        for (Flow f : idle) {
            finish(f, ClosedBy.IDLE);
        }
    }

    private void finishAll(ClosedBy how) {
        List<Flow> open = new ArrayList<>(flows.values());
        flows.clear();
        for (Flow f : open) {
            finish(f, how);
        }
    }

    private void finishQuic(Flow f, ClosedBy how) {
        QuicFlow q = f.quic;
        if (!q.helloSeen && q.alerts.isEmpty()) {
            return; // no Initial packet could be read
        }
        if (q.closed && how != ClosedBy.EVICTED) {
            how = ClosedBy.CONNECTION_CLOSE;
        }
        report(new Connection(
                f.key.endpoint(f.aIsClient),
                f.key.endpoint(!f.aIsClient),
                Transport.QUIC,
                f.tls.firstFrame,
                f.tls.startNanos,
                Optional.ofNullable(q.sni),
                q.offeredVersions,
                q.offeredSuites,
                q.versionName(),
                q.suiteName(),
                List.copyOf(q.alerts.list()),
                q.outcome(how),
                how,
                List.copyOf(Kept.withCount(q.warnings)),
                q.alerts.notKept()));
    }

    /**
     * Where TLS started, from both directions: the client's reading names the protocol (its command says which, e.g.
     * LHLO before STARTTLS), the server's where the client's did not (a bare STARTTLS, or no client prelude seen).
     */
    private static Optional<TlsStart> tlsStart(Flow f, boolean aClient) {
        Preludes c = aClient ? f.fromA : f.fromB;
        Preludes s = aClient ? f.fromB : f.fromA;
        if (c == null && s == null) {
            return Optional.empty();
        }
        Prelude tunnel = pick(c == null ? null : c.tunnel(), s == null ? null : s.tunnel());
        Prelude upgrade = pick(c == null ? null : c.upgrade(), s == null ? null : s.upgrade());
        return Optional.of(new TlsStart(
                Optional.ofNullable(tunnel),
                Optional.ofNullable(upgrade),
                offset(c, aClient ? f.aToB : f.bToA),
                offset(s, aClient ? f.bToA : f.aToB)));
    }

    /** The client's reading unless it is missing or less specific (a bare STARTTLS; SOCKS 4 where 4a was seen). */
    private static Prelude pick(Prelude client, Prelude server) {
        if (client == null || client == Prelude.STARTTLS && server != null) {
            return server;
        }
        return client;
    }

    /** Where a direction's TLS started: after its prelude, at 0 with none, nowhere if it sent no record. */
    private static OptionalLong offset(Preludes p, HalfStream h) {
        if (p != null) {
            return OptionalLong.of(p.offset());
        }
        return h.records().records() > 0 ? OptionalLong.of(0) : OptionalLong.empty();
    }

    private void finish(Flow f, ClosedBy how) {
        forget(f);
        if (f.notTls) {
            return;
        }
        if (f.quic != null) {
            finishQuic(f, how);
            return;
        }
        f.aToB.finish(now);
        f.bToA.finish(now);
        TlsConnection t = f.tls;
        if (!t.helloSeen
                && t.alerts.isEmpty()
                && f.aToB.records().records() + f.bToA.records().records() == 0) {
            return; // never showed a TLS record
        }
        t.end(how);
        boolean aClient = f.aIsClient == null || f.aIsClient;
        int gaps = f.aToB.gaps() + f.bToA.gaps();
        if (gaps > 0) {
            t.warn(gaps + " gap" + (gaps == 1 ? "" : "s") + " in the captured TCP stream: bytes the capture lost");
        }
        Outcome outcome = t.outcome(gaps, how);
        Connection c = new Connection(
                f.key.endpoint(aClient),
                f.key.endpoint(!aClient),
                f.udp ? Transport.UDP : Transport.TCP,
                t.firstFrame,
                t.startNanos,
                Optional.ofNullable(t.sni),
                t.offeredVersions,
                t.offeredSuites,
                t.versionName(),
                t.suiteName(),
                List.copyOf(t.alerts.list()),
                outcome,
                how,
                List.copyOf(t.warningList()),
                t.alerts.notKept(),
                tlsStart(f, aClient));
        report(c);
    }

    /** Counts a connection into the totals and hands it on. */
    private void report(Connection c) {
        totals.tlsConnections++;
        totals.alerts += c.alertCount();
        switch (c.outcome()) {
            case HEALTHY -> totals.healthy++;
            case FAILED -> totals.failed++;
            case INCOMPLETE -> totals.incomplete++;
            case UNFINISHED -> totals.unfinished++;
        }
        sink.accept(c);
    }
}
