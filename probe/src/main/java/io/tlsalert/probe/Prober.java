package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.wire.AlertDescription;
import io.tlsalert.wire.AlertLevel;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.ProtocolVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * The probe engine: handshakes with a live TLS server, captures the exact alert (TLS 1.3 encrypted alerts too,
 * decrypted), then searches for an offer the server accepts and narrows it back to the client's ({@link Diagnoser})
 * until the cause is pinned down.
 *
 * <p><b>Why Bouncy Castle TLS, not the JDK's SSLEngine.</b> Diagnosis means offering exactly one thing and seeing
 * what the server does: TLS 1.2 alone, one cipher suite family, one group with its key share, one family of
 * signature schemes, SNI or none, ALPN or none, a ClientHello padded to a given size. All of that must be settable
 * code point by code point; SSLEngine only lets you pick among the suites and versions it likes (no control of
 * the groups' order and key share, of signature schemes per handshake, of padding, of TLS_FALLBACK_SCSV) and it hides
 * TLS 1.3 encrypted alerts behind exceptions. Bouncy Castle's non-blocking {@code TlsClientProtocol}
 * ({@code offerInput}/{@code readOutput}) lets the probe own the socket, record every byte both ways, and learn
 * each handshake message and each alert (received, including TLS 1.3 encrypted ones, or raised, with the reason)
 * from callbacks. Crypto is Bouncy Castle's provider: the JDK providers failed RSA-PSS signing in a test.
 *
 * <p>Every handshake ends within the timeout with an {@link Outcome}: a silent, slow, resetting or non-TLS server
 * is an answer, never a hang or an exception. The server's chain is checked afterwards against a {@link TrustStore}
 * and the host name ({@link CertificateCheck}), so that a bad certificate does not hide what the server does next.
 *
 * <p>Instances are immutable and thread-safe; each handshake uses its own socket and state.
 */
public final class Prober {
    /** At most this many handshakes per diagnosis, the baseline included. */
    public static final int MAX_HANDSHAKES = 25;

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final Duration timeout;
    private final Duration pause;
    private final Duration postHandshakeWait;
    private final TrustStore trustStore;

    /** 5 s timeout per handshake, 100 ms between follow-ups, the JDK's trust store. */
    public Prober() {
        this(Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    /**
     * @param timeout per handshake, connect included
     * @param pause   between follow-up handshakes, to be polite to the server (100 ms is a good default)
     */
    public Prober(Duration timeout, Duration pause) {
        this(timeout, pause, Duration.ofSeconds(1), null);
    }

    private Prober(Duration timeout, Duration pause, Duration postHandshakeWait, TrustStore trustStore) {
        this.timeout = Objects.requireNonNull(timeout);
        this.pause = Objects.requireNonNull(pause);
        this.postHandshakeWait = postHandshakeWait;
        this.trustStore = trustStore;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** The same prober checking server chains against this trust store instead of the JDK's. */
    public Prober withTrustStore(TrustStore t) {
        return new Prober(timeout, pause, postHandshakeWait, Objects.requireNonNull(t));
    }

    /**
     * How long to wait, after a TLS 1.3 handshake completed on the client side, for the server's verdict on the
     * client's Finished flight (a NewSessionTicket, data, or an alert such as certificate_required). Default 1 s.
     */
    public Prober withPostHandshakeWait(Duration d) {
        return new Prober(timeout, pause, d, trustStore);
    }

    public TrustStore trustStore() {
        return trustStore != null ? trustStore : TrustStore.jdkDefault();
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * How long a diagnosis and the JVM's view of the server may take in all: {@link #MAX_HANDSHAKES} handshakes of at
     * most the timeout each, the pauses between them, and one more timeout for {@link JvmView#of}. With the CLI's
     * defaults ({@code --timeout 5 --rate 100}) that is 26 × 5 s + 24 × 0.1 s = 132.4 s; a diagnosis usually takes a
     * few handshakes and well under a second each.
     */
    public Duration deadline() {
        return diagnosisTime().plus(timeout);
    }

    /** What {@link #diagnose} may take: every handshake at its timeout, with the pauses between them. */
    private Duration diagnosisTime() {
        return timeout.multipliedBy(MAX_HANDSHAKES).plus(pause.multipliedBy(MAX_HANDSHAKES - 1));
    }

    private JcaTlsCrypto crypto() {
        return (JcaTlsCrypto) new JcaTlsCryptoProvider().setProvider(BC).create(new SecureRandom());
    }

    /** One handshake with this offer. Never throws for anything the server does. */
    public Attempt handshake(Target t, Offer o) {
        return handshake(t, o, "baseline", Long.MAX_VALUE);
    }

    /**
     * One handshake that ends by its timeout or by {@code diagnosisDeadline} (a {@link System#nanoTime} value),
     * whichever comes first: the connect, each read and the whole handshake are bounded by it.
     */
    private Attempt handshake(Target t, Offer o, String changed, long diagnosisDeadline) {
        long start = System.nanoTime();
        long deadline = Math.min(start + timeout.toNanos(), diagnosisDeadline);
        Recorder rec = new Recorder();
        JcaTlsCrypto crypto = crypto();
        int padding = -1;
        if (o.padTo() > 0) {
            int len = measureClientHello(crypto, o);
            if (len > 0 && len < o.padTo()) {
                padding = Math.max(0, o.padTo() - len - 4);
            }
        }
        ProbeClient client = new ProbeClient(crypto, o, rec, padding);
        ProbeClient.Protocol proto = new ProbeClient.Protocol(rec);
        long[] sent = {0};
        int helloBytes = 0;
        Outcome outcome;
        Socket sock = new Socket();
        try {
            try {
                proto.connect(client);
            } catch (IOException e) {
                return finish(
                        changed, o, rec, error("cannot build the ClientHello: " + e.getMessage()), 0, 0, start, t);
            }
            byte[] hello = new byte[proto.getAvailableOutputBytes()];
            proto.readOutput(hello, 0, hello.length);
            helloBytes = Math.max(0, clientHelloLength(hello));
            rec.step(Side.CLIENT, "ClientHello", o.summary() + "; " + helloBytes + " bytes");
            try {
                sock.setTcpNoDelay(true);
                InetSocketAddress address;
                try {
                    address = Resolver.address(t.host(), t.port(), Duration.ofMillis(millisLeft(deadline)));
                } catch (SocketTimeoutException e) {
                    return finish(
                            changed,
                            o,
                            rec,
                            plain(
                                    Outcome.Kind.NO_RESPONSE,
                                    "TCP connect timed out after " + timeout.toMillis() + " ms: " + e.getMessage()),
                            helloBytes,
                            0,
                            start,
                            t);
                }
                sock.connect(address, (int) Math.max(1, millisLeft(deadline)));
            } catch (UnknownHostException e) {
                return finish(changed, o, rec, error("unknown host " + t.host()), helloBytes, 0, start, t);
            } catch (SocketTimeoutException e) {
                return finish(
                        changed,
                        o,
                        rec,
                        plain(Outcome.Kind.NO_RESPONSE, "TCP connect timed out after " + timeout.toMillis() + " ms"),
                        helloBytes,
                        0,
                        start,
                        t);
            } catch (ConnectException e) {
                return finish(changed, o, rec, ConnectCauses.connectFailed(t, e), helloBytes, 0, start, t);
            } catch (NoRouteToHostException e) {
                return finish(changed, o, rec, error("no route to " + t.host()), helloBytes, 0, start, t);
            }
            InputStream in = sock.getInputStream();
            OutputStream out = sock.getOutputStream();
            if (o.splitAt() > 0 && o.splitAt() < hello.length) {
                // Two TCP segments (TCP_NODELAY is on): the first o.splitAt() bytes, a short pause so that the
                // kernel cannot coalesce them, then the rest.
                out.write(hello, 0, o.splitAt());
                out.flush();
                sleepQuietly(SPLIT_PAUSE_MILLIS);
                out.write(hello, o.splitAt(), hello.length - o.splitAt());
            } else {
                out.write(hello);
            }
            out.flush();
            sent[0] += hello.length;
            outcome = loop(proto, rec, sock, in, out, sent, start, deadline);
            if (outcome.ok()
                    && changed.equals("baseline")
                    && rec.certificateRequest != null
                    && !rec.clientCertificateSent) {
                rec.http = httpCheck(t, o, outcome, proto, rec, sock, in, out, diagnosisDeadline);
            }
        } catch (SocketTimeoutException e) {
            outcome = timedOut(rec, start);
        } catch (SocketException e) {
            outcome = reset(rec, e);
        } catch (IOException | RuntimeException e) {
            outcome = error(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            try {
                sock.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
        return finish(changed, o, rec, outcome, helloBytes, sent[0], start, t);
    }

    private Outcome loop(
            ProbeClient.Protocol proto,
            Recorder rec,
            Socket sock,
            InputStream in,
            OutputStream out,
            long[] sent,
            long start,
            long deadline)
            throws IOException {
        byte[] buf = new byte[32 * 1024];
        long postDeadline = Long.MAX_VALUE;
        while (true) {
            if (rec.handshakeComplete) {
                // In TLS 1.3 a rejection of the client's certificate (certificate_required, bad_certificate,
                // unknown_ca)
                // comes after the client's Finished, so wait for it: but only when the server asked for a certificate.
                boolean mayStillRefuse = rec.certificateRequest != null;
                if (!rec.tls13
                        || !mayStillRefuse
                        || rec.messagesAfterComplete > 0
                        || proto.applicationDataAvailable() > 0) {
                    return ok(rec, proto, "");
                }
                if (postDeadline == Long.MAX_VALUE) {
                    postDeadline = Math.min(deadline, System.nanoTime() + postHandshakeWait.toNanos());
                }
            }
            long until = Math.min(deadline, postDeadline);
            long left = millisLeft(until);
            if (left <= 0) {
                if (rec.handshakeComplete) {
                    return ok(
                            rec,
                            proto,
                            "the server sent nothing after the handshake within " + postHandshakeWait.toMillis()
                                    + " ms (no session ticket): taken as accepted");
                }
                return timedOut(rec, start);
            }
            sock.setSoTimeout((int) Math.max(1, left));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue; // the deadline check above decides
            }
            if (n < 0) {
                return closed(rec, proto);
            }
            rec.server.feed(buf, 0, n);
            Optional<Outcome> over = overLimit(rec, start);
            if (over.isPresent()) {
                return over.get();
            }
            if (rec.server.notTls() != null) {
                return plain(Outcome.Kind.NOT_TLS, rec.server.notTls());
            }
            // How the handshake ended, if these bytes ended it: read after the client's last output is flushed.
            Supplier<Outcome> ended = null;
            try {
                proto.offerInput(buf, 0, n);
            } catch (TlsFatalAlertReceived e) {
                OptionalInt code = OptionalInt.of(e.getAlertDescription() & 0xff);
                ended = () -> alertOutcome(rec, Optional.of(Side.SERVER), code);
            } catch (TlsFatalAlert e) {
                OptionalInt code = OptionalInt.of(e.getAlertDescription() & 0xff);
                ended = () -> alertOutcome(rec, Optional.of(Side.CLIENT), code);
            } catch (IOException e) {
                ended = () -> !rec.alerts.isEmpty()
                        ? alertOutcome(rec, Optional.empty(), OptionalInt.empty())
                        : error("TLS processing failed: " + e);
            }
            // A flood is the answer, whatever Bouncy Castle made of its last bytes: it is checked first.
            over = overLimit(rec, start);
            if (over.isPresent()) {
                return over.get();
            }
            flush(proto, out, rec, sent);
            if (ended != null) {
                return ended.get();
            }
            if (proto.isClosed()) {
                if (!rec.alerts.isEmpty()) {
                    return alertOutcome(rec, Optional.empty(), OptionalInt.empty());
                }
                return closed(rec, proto);
            }
        }
    }

    /**
     * The HTTP check of a baseline that completed without the client certificate the server asked for ({@link
     * HttpCheck}): one request within its own timeout, and by the diagnosis's deadline at the latest.
     */
    private HttpAnswer httpCheck(
            Target t,
            Offer o,
            Outcome outcome,
            ProbeClient.Protocol proto,
            Recorder rec,
            Socket sock,
            InputStream in,
            OutputStream out,
            long diagnosisDeadline) {
        Optional<String> skip = HttpCheck.skip(t, outcome.alpn());
        if (skip.isPresent()) {
            return HttpAnswer.notSent(skip.get());
        }
        long until = Math.min(System.nanoTime() + timeout.toNanos(), diagnosisDeadline);
        return HttpCheck.exchange(proto, rec, sock, in, out, HttpCheck.request(t, o.sni()), until);
    }

    /** The handshake as {@link Outcome.Kind#OVER_LIMIT} once the server has sent more than {@link Limits} allow. */
    private static Optional<Outcome> overLimit(Recorder rec, long start) {
        return rec.overLimit((System.nanoTime() - start) / 1_000_000)
                .map(why -> plain(Outcome.Kind.OVER_LIMIT, why + "; last step " + rec.lastStep()));
    }

    private static void flush(ProbeClient.Protocol proto, OutputStream out, Recorder rec, long[] sent) {
        int n = proto.getAvailableOutputBytes();
        if (n <= 0) {
            return;
        }
        byte[] b = new byte[n];
        proto.readOutput(b, 0, n);
        boolean raisedNow = !rec.alerts.isEmpty()
                && rec.alerts.get(rec.alerts.size() - 1).sender() == Side.CLIENT
                && rec.lastStep().equals("alert");
        if (!raisedNow) {
            rec.clientOutput();
        }
        try {
            out.write(b);
            out.flush();
            sent[0] += n;
        } catch (IOException e) {
            // the server is gone; what it did is in the recorder
        }
    }

    /**
     * The alert that ended the handshake: the last one recorded from {@code sender} with {@code code} (either empty:
     * any), or, when the recorder did not see it, a fatal one made from Bouncy Castle's exception.
     */
    private static Outcome alertOutcome(Recorder rec, Optional<Side> sender, OptionalInt code) {
        AlertInfo a = null;
        for (int i = rec.alerts.size() - 1; i >= 0; i--) {
            AlertInfo x = rec.alerts.get(i);
            if ((sender.isEmpty() || x.sender() == sender.get()) && (code.isEmpty() || x.code() == code.getAsInt())) {
                a = x;
                break;
            }
        }
        if (a == null) {
            int c = code.orElse(AlertDescription.INTERNAL_ERROR);
            a = new AlertInfo(
                    c,
                    TlsAlerts.name(c),
                    AlertLevel.FATAL,
                    sender.orElse(Side.CLIENT),
                    rec.lastStep(),
                    Optional.empty(),
                    false);
        }
        ServerHelloInfo sh = lastHello(rec);
        return new Outcome(
                Outcome.Kind.ALERT,
                sh == null ? Optional.empty() : Optional.of(sh.version()),
                sh == null ? Optional.empty() : Optional.of(sh.cipherSuite()),
                sh == null ? Optional.empty() : sh.group(),
                Optional.empty(),
                Optional.of(a),
                a.toString());
    }

    private static ServerHelloInfo lastHello(Recorder rec) {
        for (int i = rec.server.hellos.size() - 1; i >= 0; i--) {
            if (!rec.server.hellos.get(i).retryRequest()) {
                return rec.server.hellos.get(i);
            }
        }
        return null;
    }

    private Outcome ok(Recorder rec, ProbeClient.Protocol proto, String detail) {
        var sp = rec.handshakeComplete ? clientSecurity(proto) : null;
        ServerHelloInfo sh = lastHello(rec);
        Optional<ProtocolVersion> version = sh != null ? Optional.of(sh.version()) : Optional.empty();
        Optional<Integer> suite = sh != null ? Optional.of(sh.cipherSuite()) : Optional.empty();
        Optional<Integer> group = sh != null ? sh.group() : Optional.empty();
        Optional<String> alpn = Optional.empty();
        if (sp != null) {
            if (sp.getNegotiatedVersion() != null) {
                version =
                        Optional.of(ProtocolVersion.of(sp.getNegotiatedVersion().getFullVersion()));
            }
            suite = Optional.of(sp.getCipherSuite());
            if (sp.getNegotiatedGroup() >= 0) {
                group = Optional.of(sp.getNegotiatedGroup());
            }
            if (sp.getApplicationProtocol() != null) {
                alpn = Optional.of(sp.getApplicationProtocol().getUtf8Decoding());
            }
        }
        boolean ems = sp != null
                && sp.isExtendedMasterSecret()
                && !version.map(ProtocolVersion::isTls13).orElse(false);
        return new Outcome(Outcome.Kind.HANDSHAKE_OK, version, suite, group, alpn, Optional.empty(), detail, ems);
    }

    private static org.bouncycastle.tls.SecurityParameters clientSecurity(ProbeClient.Protocol proto) {
        return proto.securityParameters();
    }

    private static Outcome closed(Recorder rec, ProbeClient.Protocol proto) {
        rec.step(Side.SERVER, "close", "TCP FIN after " + rec.server.total + " bytes");
        if (rec.server.total == 0) {
            return plain(Outcome.Kind.CLOSED, "the server closed the connection without answering the ClientHello");
        }
        if (rec.server.midRecord()) {
            return plain(
                    Outcome.Kind.CLOSED,
                    "the server closed the connection in the middle of a record after " + rec.server.total + " bytes: "
                            + rec.server.preview());
        }
        return plain(
                Outcome.Kind.CLOSED,
                "the server closed the connection after " + rec.server.total + " bytes, after " + rec.lastStep()
                        + ", without an alert");
    }

    private static Outcome timedOut(Recorder rec, long start) {
        if (rec.server.total == 0) {
            return plain(Outcome.Kind.NO_RESPONSE, "no answer to the ClientHello within the timeout");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return plain(
                Outcome.Kind.TIMEOUT,
                "the server sent " + rec.server.total + " bytes (" + rec.server.preview() + ") in " + millis
                        + " ms and did not finish the handshake within the timeout (it stalled or drips bytes); last step "
                        + rec.lastStep());
    }

    private static Outcome reset(Recorder rec, SocketException e) {
        rec.step(Side.SERVER, "reset", String.valueOf(e.getMessage()));
        return plain(
                Outcome.Kind.RESET,
                "connection reset after " + rec.server.total + " bytes from the server, after " + rec.lastStep() + " ("
                        + e.getMessage() + ")");
    }

    private static Outcome plain(Outcome.Kind k, String detail) {
        return new Outcome(
                k, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), detail);
    }

    private static Outcome error(String detail) {
        return plain(Outcome.Kind.ERROR, detail);
    }

    private Attempt finish(
            String changed, Offer o, Recorder rec, Outcome outcome, int helloBytes, long sent, long start, Target t) {
        Optional<CertificateCheck> check = Optional.empty();
        if (!rec.chain.isEmpty()) {
            String name = o.sni().orElse(t.host());
            check = Optional.of(CertChecker.check(rec.chain, trustStore(), name, Instant.now()));
        }
        List<CertInfo> chain = rec.chain.stream().map(CertInfo::of).toList();
        return new Attempt(
                changed,
                o,
                outcome,
                rec.finishedSteps(),
                rec.alerts,
                rec.server.hellos,
                chain,
                Optional.ofNullable(rec.certificateRequest),
                check,
                helloBytes,
                sent,
                rec.server.total,
                (System.nanoTime() - start) / 1_000_000,
                Optional.ofNullable(rec.http));
    }

    /** The pause between the two segments of a split ClientHello. */
    private static final long SPLIT_PAUSE_MILLIS = 20;

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millisLeft(long deadlineNanos) {
        return (deadlineNanos - System.nanoTime()) / 1_000_000;
    }

    /** The ClientHello handshake message's length without padding, built offline (nothing is sent). */
    private static int measureClientHello(JcaTlsCrypto crypto, Offer o) {
        try {
            Recorder r = new Recorder();
            ProbeClient.Protocol p = new ProbeClient.Protocol(r);
            p.connect(new ProbeClient(crypto, o, r, -1));
            byte[] b = new byte[p.getAvailableOutputBytes()];
            p.readOutput(b, 0, b.length);
            return clientHelloLength(b);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The length of the ClientHello handshake message, header included, that starts the first record of {@code
     * flight}: a 5-byte record header, then msg_type (1) and a uint24 length; -1 when the bytes are too short.
     */
    private static int clientHelloLength(byte[] flight) {
        if (flight.length < 9) {
            return -1;
        }
        return HandshakeJoiner.HEADER + ((flight[6] & 0xff) << 16 | (flight[7] & 0xff) << 8 | (flight[8] & 0xff));
    }

    /**
     * The baseline handshake, then the follow-ups {@link Diagnoser} chooses until the cause is pinned (at most
     * {@link #MAX_HANDSHAKES} in all, {@code pause} between them).
     */
    public Diagnosis diagnose(Target t, Offer baseline) {
        Instant started = Instant.now();
        long start = System.nanoTime();
        Diagnoser d = new Diagnoser(this, t, baseline, start + diagnosisTime().toNanos());
        Cause cause = d.run();
        List<Attempt> attempts = d.attempts();
        Attempt base = attempts.get(0);
        List<CertInfo> chain = attempts.stream()
                .map(Attempt::serverChain)
                .filter(c -> !c.isEmpty())
                .findFirst()
                .orElse(List.of());
        Optional<CertificateCheck> check = attempts.stream()
                .map(Attempt::certificateCheck)
                .flatMap(Optional::stream)
                .findFirst();
        Optional<CertificateRequestInfo> cr = attempts.stream()
                .map(Attempt::certificateRequest)
                .flatMap(Optional::stream)
                .findFirst();
        return new Diagnosis(
                t,
                base,
                cause,
                attempts,
                attempts.size(),
                base.alert(),
                chain,
                check,
                cr,
                started,
                (System.nanoTime() - start) / 1_000_000,
                d.changes());
    }

    /** Used by {@link Diagnoser}: the baseline, ending by the diagnosis's deadline at the latest. */
    Attempt baseline(Target t, Offer o, long diagnosisDeadline) {
        return handshake(t, o, "baseline", diagnosisDeadline);
    }

    /** Used by {@link Diagnoser}: one follow-up after the pause, ending by the diagnosis's deadline at the latest. */
    Attempt followUp(Target t, Offer o, String changed, long diagnosisDeadline) {
        try {
            if (!pause.isZero()) {
                Thread.sleep(pause.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return handshake(t, o, changed, diagnosisDeadline);
    }
}
