package io.tlsalert.decode;

import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decodes a program's trace of one TLS connection: {@code openssl -msg} ({@link OpensslMsgTrace}), {@code openssl
 * -trace} ({@link OpensslTraceText}) or javax.net.debug hex dumps ({@link JdkDebugTrace}). Each record keeps its
 * direction from the trace ({@link Trace.Origin}); the two directions are separate byte streams, so a record split
 * over several trace blocks (the JDK reads a header and its fragment in two) and a handshake message split over
 * several records are joined per direction, by {@link TlsDecoder} for wire bytes and by one {@link HandshakeJoiner} per
 * direction for -msg content. Records come out in trace order; their offsets count bytes in their direction's stream.
 */
public final class TraceDecoder {
    private TraceDecoder() {}

    /** The trace format of {@code text}, if it is one: checked before any other shape (a -trace output holds PEM). */
    public static Optional<Trace.Format> detect(String text) {
        if (OpensslMsgTrace.looksLike(text)) {
            return Optional.of(Trace.Format.OPENSSL_MSG);
        }
        if (JdkDebugTrace.looksLike(text)) {
            return Optional.of(Trace.Format.JDK_DEBUG);
        }
        if (OpensslTraceText.looksLike(text)) {
            return Optional.of(Trace.Format.OPENSSL_TRACE);
        }
        return Optional.empty();
    }

    /**
     * Reads and decodes a trace in {@code format}; never throws but {@link InputFormatException} (the text is not a
     * well-formed trace: names the line). Decoding stops at the first record that breaks the RFC's structure or a limit,
     * keeping what came before, as {@link TlsDecoder} does.
     */
    public static Decoding decode(String text, Trace.Format format, DecodeLimits limits) {
        List<TraceEvent> events = switch (format) {
            case OPENSSL_MSG -> OpensslMsgTrace.read(text, limits);
            case OPENSSL_TRACE -> OpensslTraceText.read(text, limits);
            case JDK_DEBUG -> JdkDebugTrace.read(text, limits);
        };
        if (events.isEmpty()) {
            throw new InputFormatException(
                    "the " + format.label() + " trace holds no TLS records (only blocks that decode does not read)",
                    1,
                    1,
                    0);
        }
        return new TraceDecoder.Run(format, events, limits).run();
    }

    /** An alert a log line names, for one encrypted record. */
    private record Named(TlsRecord record, int level, int description, int line) {}

    /** A record with its place: the event it starts at orders the two directions. */
    private record Placed(int event, long offset, TlsRecord record, Trace.Origin origin) {}

    private static final class Run {
        final Trace.Format format;
        final List<TraceEvent> events;
        final DecodeLimits limits;
        final Lane[] lanes = {new Lane(), new Lane()};
        final List<Placed> placed = new ArrayList<>();
        /** The first problem, with the event it was found at. */
        DecodeProblem problem;

        int problemEvent = Integer.MAX_VALUE;
        Trace.Origin problemOrigin;
        /** The version the ServerHello chose, in either direction: the connection's, 0 until seen. */
        int negotiated;

        int messages;
        /** Alerts the program's log names for encrypted records, by the record object. */
        final List<Named> named = new ArrayList<>();

        Run(Trace.Format format, List<TraceEvent> events, DecodeLimits limits) {
            this.format = format;
            this.events = events;
            this.limits = limits;
        }

        Decoding run() {
            try {
                for (int i = 0; i < events.size(); i++) {
                    TraceEvent e = events.get(i);
                    Lane lane = lanes[e.flow().ordinal()];
                    if (e instanceof TraceEvent.Wire w) {
                        lane.wire(i, w);
                    } else if (e instanceof TraceEvent.Header h) {
                        close(lane);
                        lane.open(i, h);
                    } else if (e instanceof TraceEvent.Content c) {
                        content(i, lane, c);
                    } else if (e instanceof TraceEvent.Described d) {
                        close(lane);
                        described(i, lane, d);
                    } else if (e instanceof TraceEvent.Named n) {
                        lane.named.add(new int[] {i, n.level(), n.description(), n.line()});
                    }
                }
                for (Lane lane : lanes) {
                    close(lane);
                    if (lane.joiner != null && lane.joiner.pending() > 0 && problem == null) {
                        stop(
                                lane.lastEvent,
                                lane.flowOf(),
                                new DecodeException(
                                        "Handshake",
                                        lane.joiner.pendingPosition(),
                                        "handshake message continues beyond the trace (" + lane.joiner.pending()
                                                + " bytes of it are here)"));
                    }
                }
            } catch (DecodeException e) {
                // raised with its event and direction recorded in stop(); nothing more to read
            }
            for (int f = 0; f < 2; f++) {
                wireLane(f);
            }
            placed.sort(Comparator.comparingInt(Placed::event)); // stable: a direction keeps its order
            List<TlsRecord> records = new ArrayList<>();
            List<Trace.Origin> origins = new ArrayList<>();
            for (Placed p : placed) {
                if (problem != null && p.event > problemEvent) {
                    break; // decoding stopped there: what the trace holds after it is not shown
                }
                if (records.size() == limits.maxRecords()) {
                    if (p.event <= problemEvent) {
                        problem = limits.stop(DecodeLimits.Limit.RECORDS, p.offset, "records")
                                .problem();
                        problemOrigin = p.origin;
                    }
                    break;
                }
                records.add(p.record);
                origins.add(p.origin);
            }
            long length = lanes[0].length + lanes[1].length;
            java.util.IdentityHashMap<TlsRecord, Integer> index = new java.util.IdentityHashMap<>();
            for (int i = 0; i < records.size(); i++) {
                index.put(records.get(i), i);
            }
            List<Trace.NamedAlert> named = new ArrayList<>();
            for (Named n : this.named) {
                Integer i = index.get(n.record);
                if (i != null) {
                    named.add(new Trace.NamedAlert(i, n.level, n.description, n.line));
                }
            }
            return new Decoding(
                    records,
                    Optional.ofNullable(problem),
                    length,
                    Optional.of(new Trace(format, origins, Optional.ofNullable(problemOrigin), named)));
        }

        private void stop(int event, Trace.Flow flow, DecodeException e) {
            if (event < problemEvent) {
                problem = e.problem();
                problemEvent = event;
                problemOrigin = new Trace.Origin(
                        flow,
                        events.get(Math.max(0, Math.min(event, events.size() - 1)))
                                .line());
            }
        }

        // ---- -msg: record headers and the content after them -------------------------------------------------------

        private void content(int i, Lane lane, TraceEvent.Content c) {
            if (lane.openType < 0) {
                // no header printed for this content (OpenSSL 1.0.2 prints none): the content is the record
                lane.openAt(i, c.flow(), c.line(), c.contentType(), c.version(), c.bytes().length);
            }
            long base = lane.openOffset + 5 + lane.used;
            byte[] b = c.bytes();
            try {
                switch (c.contentType()) {
                    case ContentType.HANDSHAKE -> handshake(lane, b, base);
                    case ContentType.ALERT ->
                        lane.messages.add(
                                b.length == 2
                                        ? new Message.Alert(base, b[0] & 0xff, b[1] & 0xff)
                                        : new Message.MalformedAlert(base, b.length));
                    case ContentType.CHANGE_CIPHER_SPEC ->
                        lane.messages.add(
                                b.length == 1
                                        ? new Message.ChangeCipherSpec(base, b[0] & 0xff)
                                        : new Message.Unknown(base, c.contentType(), b.length));
                    default -> lane.messages.add(new Message.Unknown(base, c.contentType(), b.length));
                }
            } catch (DecodeException e) {
                lane.messages.clear();
                stop(i, c.flow(), e);
                throw e;
            }
            lane.used += b.length;
        }

        private void handshake(Lane lane, byte[] b, long base) {
            if (lane.joiner == null) {
                lane.joiner = new HandshakeJoiner(HandshakeJoiner.UNBOUNDED);
            }
            lane.joiner.feed(b, 0, b.length, base, (type, buf, off, len, position, spans) -> {
                OffsetMap map = spans.inPlace()
                        ? shifted(position + HandshakeJoiner.HEADER - off)
                        : OffsetMap.joined(spans, position, off);
                Handshake h;
                try {
                    h = Handshakes.body(type, new Cursor(buf, off, off + len), false, negotiated, map);
                } catch (DecodeException e) {
                    throw map.remap(e);
                }
                if (h instanceof Handshake.ServerHello sh && !sh.helloRetryRequest()) {
                    negotiated = sh.version();
                }
                lane.messages.add(new Message.HandshakeMessage(position, type, len, -1, h));
            });
        }

        /** Positions in a fed array to stream offsets: {@code delta} added. */
        private static OffsetMap shifted(long delta) {
            return new OffsetMap() {
                @Override
                long at(int pos) {
                    return delta + pos;
                }
            };
        }

        /** The record open in {@code lane}, if any, is complete: keep it. */
        private void close(Lane lane) {
            if (lane.openType < 0) {
                return;
            }
            List<Message> ms = new ArrayList<>(lane.messages);
            if (ms.isEmpty() && lane.openType == ContentType.APPLICATION_DATA) {
                // a record the program could not or did not decrypt: only its header was printed
                ms.add(new Message.Encrypted(
                        lane.openOffset + 5,
                        ContentType.APPLICATION_DATA,
                        lane.openLength,
                        ProtocolVersion.isTls13(negotiated) && lane.openLength == 19
                                ? Message.Likely.TLS13_ALERT
                                : Message.Likely.DATA));
            }
            boolean overflow = lane.openLength > TlsDecoder.MAX_CIPHERTEXT_TLS12;
            keep(
                    lane.openEvent,
                    lane.openOffset,
                    new TlsRecord.Tls(lane.openOffset, lane.openType, lane.openVersion, lane.openLength, overflow, ms),
                    lane.openOrigin);
            // The length counts what the trace really held of the record, as the limits do: a header may declare more
            // than the blocks after it carry (found by ByteInputFuzzTest: a 2-byte alert under a header of 8,194).
            // Offsets still follow the declared length: they are the record's place on the wire.
            lane.length += 5L + Math.min(lane.openLength, lane.used);
            lane.next = lane.openOffset + 5 + lane.openLength;
            lane.openType = -1;
            lane.messages.clear();
            lane.used = 0;
        }

        private void keep(int event, long offset, TlsRecord r, Trace.Origin origin) {
            if (messages + r.messages().size() > limits.maxMessages()) {
                DecodeException e = limits.stop(DecodeLimits.Limit.MESSAGES, offset, "messages");
                stop(event, origin.flow(), e);
                throw e;
            }
            if (placed.size() >= 2L * limits.maxRecords()) {
                DecodeException e = limits.stop(DecodeLimits.Limit.RECORDS, offset, "records");
                stop(event, origin.flow(), e);
                throw e;
            }
            messages += r.messages().size();
            placed.add(new Placed(event, offset, r, origin));
        }

        // ---- -trace: records described in words ----------------------------------------------------------------

        private void described(int i, Lane lane, TraceEvent.Described d) {
            long base = lane.next + 5;
            List<Message> ms = new ArrayList<>(d.messages().size());
            for (Message m : d.messages()) {
                ms.add(shift(m, base));
            }
            if (ms.isEmpty() && d.contentType() == ContentType.APPLICATION_DATA) {
                ms.add(new Message.Encrypted(base, d.contentType(), d.length(), Message.Likely.DATA));
            }
            keep(
                    i,
                    lane.next,
                    new TlsRecord.Tls(
                            lane.next,
                            d.contentType(),
                            d.version(),
                            d.length(),
                            d.length() > TlsDecoder.MAX_CIPHERTEXT_TLS12,
                            ms),
                    new Trace.Origin(d.flow(), d.line()));
            lane.next += 5L + d.length();
            lane.length += 5L + d.length();
        }

        private static Message shift(Message m, long base) {
            if (m instanceof Message.Alert a) {
                return new Message.Alert(base + a.offset(), a.level(), a.description());
            } else if (m instanceof Message.MalformedAlert a) {
                return new Message.MalformedAlert(base + a.offset(), a.length());
            } else if (m instanceof Message.ChangeCipherSpec c) {
                return new Message.ChangeCipherSpec(base + c.offset(), c.type());
            } else if (m instanceof Message.HandshakeMessage h) {
                return new Message.HandshakeMessage(
                        base + h.offset(), h.msgType(), h.length(), h.messageSeq(), h.body());
            }
            return m;
        }

        // ---- javax.net.debug: each direction's wire bytes -----------------------------------------------------------

        /** Decodes the wire bytes of direction {@code f} as one stream and places each record at the block it starts in. */
        private void wireLane(int f) {
            Lane lane = lanes[f];
            if (lane.wire == null) {
                return;
            }
            byte[] bytes = lane.wire.toByteArray();
            Decoding d = TlsDecoder.decode(bytes, limits);
            lane.length += bytes.length;
            int[] starts = Arrays.copyOf(lane.chunkStarts, lane.chunks);
            Trace.Flow flow = Trace.Flow.values()[f];
            int[] recordEvents = new int[d.records().size()];
            for (int i = 0; i < d.records().size(); i++) {
                TlsRecord r = d.records().get(i);
                int k = chunk(starts, r.offset());
                recordEvents[i] = lane.chunkEvents[k];
                keepWire(lane.chunkEvents[k], r, new Trace.Origin(flow, lane.chunkLines[k]));
            }
            for (int[] n : lane.named) {
                // a written alert is logged before its Raw write, a read one after its Raw read
                // (record events ascend: a binary search, so many such lines stay linear-logarithmic)
                int firstAfter = firstAbove(recordEvents, n[0]);
                int target = flow == Trace.Flow.SENT
                        ? (firstAfter < recordEvents.length ? firstAfter : -1)
                        : firstAbove(recordEvents, n[0] - 1) - 1;
                if (target >= 0) {
                    TlsRecord r = d.records().get(target);
                    if (r.messages().size() == 1 && r.messages().get(0) instanceof Message.Encrypted) {
                        named.add(new Named(r, n[1], n[2], n[3]));
                    }
                }
            }
            d.problem().ifPresent(p -> {
                int k = chunk(starts, p.offset());
                if (lane.chunkEvents[k] < problemEvent) {
                    problem = p;
                    problemEvent = lane.chunkEvents[k];
                    problemOrigin = new Trace.Origin(flow, lane.chunkLines[k]);
                }
            });
        }

        private void keepWire(int event, TlsRecord r, Trace.Origin origin) {
            messages += r.messages().size();
            placed.add(new Placed(event, r.offset(), r, origin));
        }

        /** The first index whose value is above {@code v} in the ascending {@code a} ({@code a.length} if none). */
        private static int firstAbove(int[] a, int v) {
            int lo = 0;
            int hi = a.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (a[mid] > v) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        private static int chunk(int[] starts, long offset) {
            int k = Arrays.binarySearch(starts, (int) Math.min(offset, Integer.MAX_VALUE));
            return Math.max(0, k < 0 ? -k - 2 : k);
        }
    }

    /** One direction of the connection. */
    private static final class Lane {
        /** Bytes of this direction's records so far. */
        long length;
        /** Stream offset of the next record. */
        long next;

        int lastEvent;

        // -msg: the record whose header was printed last, until the next header of this direction
        int openType = -1;
        int openVersion;
        int openLength;
        long openOffset;
        int openEvent;
        Trace.Origin openOrigin;
        final List<Message> messages = new ArrayList<>();
        int used;
        HandshakeJoiner joiner;

        /** javax.net.debug lines naming an alert: {event, level, description, line}. */
        final List<int[]> named = new ArrayList<>();

        // javax.net.debug: the wire bytes and where each block starts in them
        java.io.ByteArrayOutputStream wire;
        int[] chunkStarts = new int[8];
        int[] chunkEvents = new int[8];
        int[] chunkLines = new int[8];
        int chunks;

        Trace.Flow flow;

        Trace.Flow flowOf() {
            return flow == null ? Trace.Flow.SENT : flow;
        }

        void open(int event, TraceEvent.Header h) {
            byte[] b = h.bytes();
            openAt(
                    event,
                    h.flow(),
                    h.line(),
                    b[0] & 0xff,
                    (b[1] & 0xff) << 8 | b[2] & 0xff,
                    (b[3] & 0xff) << 8 | b[4] & 0xff);
        }

        void openAt(int event, Trace.Flow f, int line, int type, int version, int length) {
            flow = f;
            lastEvent = event;
            openType = type;
            openVersion = version;
            openLength = length;
            openOffset = next;
            openEvent = event;
            openOrigin = new Trace.Origin(f, line);
            used = 0;
            messages.clear();
        }

        void wire(int event, TraceEvent.Wire w) {
            flow = w.flow();
            lastEvent = event;
            if (wire == null) {
                wire = new java.io.ByteArrayOutputStream();
            }
            if (chunks == chunkStarts.length) {
                chunkStarts = Arrays.copyOf(chunkStarts, chunks * 2);
                chunkEvents = Arrays.copyOf(chunkEvents, chunks * 2);
                chunkLines = Arrays.copyOf(chunkLines, chunks * 2);
            }
            chunkStarts[chunks] = wire.size();
            chunkEvents[chunks] = event;
            chunkLines[chunks] = w.line();
            chunks++;
            wire.writeBytes(w.bytes());
        }
    }
}
