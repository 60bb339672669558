package io.tlsalert.explain;

import io.tlsalert.registry.Alert;
import io.tlsalert.registry.AlertRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;

/**
 * Finds every TLS alert in a text: a bare code or name, one error line, or a whole log.
 *
 * <p>Speed: a log is mostly lines without any alert. One pass over the bytes looks up each byte pair in a table of the
 * patterns' anchors' first two bytes; only a line that holds an anchor is decoded and given to the regular
 * expressions. Each such line is cut to windows of at most {@value #WINDOW} bytes around its anchors, windows of one
 * line never overlapping; one scan of a window finds every anchor in it: a pattern whose anchor is not there is not
 * tried, and a pattern whose matches start at most a known number of characters before its anchor (nearly all of
 * them, {@link AnchorOffset}) is tried only at those positions rather than searched over the window. So a text packed
 * with anchors costs work in proportion to its anchors, and no input makes the work worse than linear. At most {@value #MAX_FINDINGS} distinct
 * alerts and {@value #MAX_NOTES} notes are kept; the {@link Explanation} says when there were more.
 */
public final class Explainer {
    static final int WINDOW = 8192;
    /** Lines below a failure that an indented line may stand at and still continue it (one failure per fact). */
    static final int CONTEXT_LINES = 4;
    /**
     * Lines after a matched line that multi-line patterns may read: {@code openssl s_client -trace} prints the alert's
     * level and description five lines (six for DTLS) below its "Received Record" / "Sent Record" line.
     */
    static final int MULTI_LINE_CONTEXT = 8;

    private static final int QUERY_MAX = 200;

    private final AlertRegistry registry;
    /** Names, stacks and patterns, loaded on first need: "explain 40" needs none of them, and start-up is the cost. */
    private volatile ScanTables loaded;

    private Explainer(AlertRegistry registry) {
        this.registry = registry;
    }

    /** The explainer over the data files on the class path (read on first use). */
    public static Explainer load(AlertRegistry registry) {
        return new Explainer(registry);
    }

    private ScanTables loaded() {
        ScanTables l = loaded;
        if (l == null) {
            synchronized (this) {
                l = loaded;
                if (l == null) {
                    l = ScanTables.build(registry);
                    loaded = l;
                }
            }
        }
        return l;
    }

    /**
     * The alert's causes, the ones its line points at first ({@code cause-hints.tsv}). A finding without a line (a
     * bare code or name) keeps the registry's order and loads nothing: "explain 40" stays fast.
     */
    public List<RankedCause> rankedCauses(Finding f) {
        if (f.alert().isEmpty()) {
            return List.of();
        }
        if (f.context().isEmpty()) {
            List<RankedCause> l = new ArrayList<>();
            for (io.tlsalert.registry.Cause c : f.alert().get().causes()) {
                l.add(new RankedCause(c, Optional.empty()));
            }
            return l;
        }
        return loaded().hints().rank(f);
    }

    /** The keyword rules that rank a finding's causes. */
    public CauseHints causeHints() {
        return loaded().hints();
    }

    /** The failure classes and texts ({@code failure-classes.tsv}, {@code failures.tsv}). */
    public Failures failures() {
        return loaded().failures();
    }

    public AlertNames names() {
        return loaded().names();
    }

    public Stacks stacks() {
        return loaded().stacks();
    }

    /** The texts derived from the stacks' sources, consulted for a line the patterns find nothing on. */
    public DerivedTexts derived() {
        return loaded().derived();
    }

    /** Every pattern, in the order they are tried. */
    public List<Pattern> patterns() {
        List<Pattern> l = new ArrayList<>();
        for (ScanTables.Compiled c : loaded().patterns()) {
            l.add(c.p());
        }
        return l;
    }

    /** Explains a text. */
    public Explanation explain(String text) {
        return explain(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Explains an exception: its cause chain and suppressed exceptions, as a log would show them. */
    public Explanation explain(Throwable t) {
        StringBuilder b = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        append(t, b, seen);
        return explain(b.toString());
    }

    private static void append(Throwable t, StringBuilder b, Set<Throwable> seen) {
        while (t != null && seen.add(t)) {
            b.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                append(s, b, seen);
            }
            t = t.getCause();
        }
    }

    /** Explains UTF-8 text (undecodable bytes are read as U+FFFD). */
    public Explanation explain(byte[] utf8) {
        Optional<Finding> q = query(utf8);
        if (q.isPresent()) {
            return new Explanation(List.of(q.get()), List.of(), 1);
        }
        return scan(utf8);
    }

    // ---- a bare code or name -------------------------------------------------------------------------------------

    private Optional<Finding> query(byte[] utf8) {
        if (utf8.length > QUERY_MAX * 4) {
            return Optional.empty();
        }
        String q = new String(utf8, StandardCharsets.UTF_8).strip();
        if (q.isEmpty() || q.length() > QUERY_MAX || q.indexOf('\n') >= 0) {
            return Optional.empty();
        }
        OptionalInt code = parseCode(q);
        if (code.isPresent()) {
            int c = code.getAsInt();
            if (c <= ALERT_MAX) {
                return Optional.of(
                        finding(c, Direction.UNKNOWN, Evidence.QUERY, "unknown", Optional.empty(), q, 1, "query"));
            }
            if (reasonToAlert(c).isPresent()) {
                // OpenSSL and BoringSSL number the reason for a received alert 1000 + its code (SSL_AD_REASON_OFFSET).
                return Optional.of(finding(
                        reasonToAlert(c).getAsInt(),
                        Direction.RECEIVED,
                        Evidence.QUERY,
                        "openssl",
                        Optional.empty(),
                        q,
                        1,
                        "query-openssl-reason"));
            }
            return Optional.empty();
        }
        // A stack's own name for a received or sent alert (OpenSSL's "tlsv1 alert unknown ca", NSS's
        // SSL_ERROR_..._ALERT) reports that alert; a bare IANA name or code is only a question.
        return loaded().names()
                .resolve(q)
                .map(n -> finding(
                        n.code(),
                        n.direction(),
                        n.direction() == Direction.UNKNOWN ? Evidence.QUERY : Evidence.ALERT,
                        n.stack().equals("iana") ? "unknown" : n.stack(),
                        Optional.empty(),
                        q,
                        1,
                        "query"));
    }

    /** A decimal ({@code 40}) or hexadecimal ({@code 0x28}) number, or empty. */
    public static OptionalInt parseCode(String q) {
        String s = q.strip();
        int radix = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
            radix = 16;
        }
        if (s.isEmpty() || s.length() > 6) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(Integer.parseInt(s, radix));
    }

    // ---- a text --------------------------------------------------------------------------------------------------

    /** Told of every occurrence as a scan finds it, before occurrences merge into findings ({@link Summarizer}). */
    public interface Occurrences {
        /** A finding on the line that starts at byte {@code lineStart} of the scanned bytes. */
        void finding(Finding f, int lineStart);

        void note(Note n, int lineStart);

        /** A failure without a named alert (each occurrence, before they merge) on the line at {@code lineStart}. */
        default void failure(Failure f, int lineStart) {}
    }

    private static final Occurrences NO_ONE = new Occurrences() {
        public void finding(Finding f, int lineStart) {}

        public void note(Note n, int lineStart) {}
    };

    private Explanation scan(byte[] buf) {
        return scan(buf, buf.length, NO_ONE);
    }

    /** Scans the first {@code length} bytes of {@code buf} as log text (never as a query), telling {@code to}. */
    public Explanation scan(byte[] buf, int length, Occurrences to) {
        java.util.Objects.checkFromIndexSize(0, length, buf.length);
        ScanTables ld = loaded();
        byte[][][] byPair = ld.byPair();
        long[] pairBits = ld.pairBits();
        ScanState state = new ScanState(registry, to);
        Anchors anchors = new Anchors(ld.anchors());
        int n = length;
        int line = 1;
        int lineStart = 0;
        // Where the last window ended: the next window of the same line starts no earlier.
        int windowEnd = 0;
        for (int i = 0; i < n - 1; i++) {
            byte b = buf[i];
            if (b == '\n') {
                line++;
                lineStart = i + 1;
                continue;
            }
            int pair = ((b & 0xff) << 8) | (buf[i + 1] & 0xff);
            // Most byte pairs begin no anchor: an 8 KiB bit set (in the L1 cache) says so before the 256 KiB table.
            if ((pairBits[pair >>> 6] & (1L << pair)) == 0) {
                continue;
            }
            byte[][] cands = byPair[pair];
            if (!Anchors.startsWithAny(buf, i, cands)) {
                continue;
            }
            int start = Math.max(Math.max(lineStart, windowEnd), i - WINDOW / 2);
            int end = i;
            int limit = Math.min(n, start + WINDOW);
            while (end < limit && buf[end] != '\n') {
                end++;
            }
            String text = new String(buf, start, end - start, StandardCharsets.UTF_8);
            int e = end;
            // Read only when needed: most windows never look at the lines after.
            LazyContext ctx = new LazyContext() {
                @Override
                public String after() {
                    int me = lineEnd(buf, e, n);
                    for (int extra = 0; extra < CONTEXT_LINES && me < n; extra++) {
                        if (!StackTrace.continuesEntry(buf, me + 1, n)) {
                            break;
                        }
                        me = lineEnd(buf, me + 1, n);
                    }
                    return new String(buf, e, me - e, StandardCharsets.UTF_8);
                }

                @Override
                public String afterMultiLine() {
                    int me = e;
                    for (int extra = 0; extra < MULTI_LINE_CONTEXT && me < n; extra++) {
                        int lim = Math.min(n, me + 1 + WINDOW);
                        me++;
                        while (me < lim && buf[me] != '\n') {
                            me++;
                        }
                    }
                    return new String(buf, e, me - e, StandardCharsets.UTF_8);
                }
            };
            int ls = lineStart;
            int ln = line;
            IntSupplier traceHead = () -> StackTrace.head(buf, ls, ln);
            anchors.scan(ld.byPair(), ld.idsByPair(), ld.pairBits(), text);
            state.settleBefore(line - CONTEXT_LINES);
            state.lineStart = lineStart;
            state.lineIndented = buf[lineStart] == ' ' || buf[lineStart] == '\t';
            matchLine(ld, text, line, ctx, traceHead, anchors, state);
            windowEnd = end;
            i = end - 1;
        }
        // The loop stops before the last byte, so a final '\n' is not counted: 'line' is the number of lines.
        return state.explanation(n == 0 ? 0 : line);
    }

    /** At most this many distinct alerts (code, direction, evidence, stack) from one text. */
    static final int MAX_FINDINGS = 1000;

    /**
     * The lines after the window's line, read on demand. {@link #after()}: the rest of the line and the lines below it
     * that continue its log entry (indented, or a JDK trace's "Caused by:"), at most {@value #CONTEXT_LINES}: a stack's
     * marker may stand there (Node's message, then its "    at TLSSocket.onConnectSecure (node:_tls_wrap...)"); a next
     * entry never changes the line's stack.
     */
    private interface LazyContext extends Stacks.Entry {

        /** The {@value #MULTI_LINE_CONTEXT} lines after the window's line, for multi-line patterns. */
        String afterMultiLine();
    }

    /** Where the line holding {@code from} ends (its '\n', or {@code n}), looking at most {@value #WINDOW} bytes. */
    private static int lineEnd(byte[] buf, int from, int n) {
        int lim = Math.min(n, from + WINDOW);
        int p = from;
        while (p < lim && buf[p] != '\n') {
            p++;
        }
        return p;
    }

    /** At most this many notes: they are for reading, and a log of a million identical failures needs one. */
    static final int MAX_NOTES = 100;

    private void matchLine(
            ScanTables ld,
            String text,
            int line,
            LazyContext ctx,
            IntSupplier traceHead,
            Anchors anchors,
            ScanState state) {
        List<Integer> codesOnLine = new ArrayList<>(2);
        // One line reports one error: the first (most specific) pattern that reads an implied alert from it wins.
        boolean impliedOnLine = false;
        // One finding per fact: a line that names its alert implies no second one ("(certificate_expired) PKIX path
        // validation failed" is 45, not also the 46 that "PKIX path validation failed" alone would imply).
        boolean alertOnLine = false;
        boolean noteOnLine = false;
        String multiLineContext = null;
        Stacks stacks = ld.stacks();
        for (ScanTables.Compiled c : ld.patterns()) {
            Pattern p = c.p();
            int occurrences = anchors.count[c.anchorId()];
            if (occurrences == 0) {
                continue;
            }
            if (c.multiLine() && multiLineContext == null) {
                // The lines after begin with the window's own line break: one '\n' between the lines, as printed.
                multiLineContext = text + ctx.afterMultiLine();
            }
            Matcher m = p.regex().matcher(c.multiLine() ? multiLineContext : text);
            // A multi-line pattern reads the lines after the window too: it searches all of them, as does a pattern
            // whose matches may start any distance before the anchor.
            AnchoredFind anchored = c.multiLine() || c.before().isEmpty()
                    ? null
                    : new AnchoredFind(
                            m, anchors.at[c.anchorId()], occurrences, c.before().getAsInt(), text.length());
            while (anchored != null ? anchored.find() : m.find()) {
                if (p.noAlert()) {
                    NoAlertLines.noteAndFailure(
                            ld,
                            new Note(p.id(), p.stack(), m.group().strip(), line, "pattern." + p.id() + ".why"),
                            state);
                    noteOnLine = true;
                    continue;
                }
                Optional<Hit> hit = hit(ld.names(), c, m);
                if (hit.isEmpty()
                        || codesOnLine.contains(hit.get().code())
                        || hit.get().evidence() == Evidence.IMPLIED
                                && (impliedOnLine || alertOnLine || alertLine(state, traceHead.getAsInt()))) {
                    continue;
                }
                Hit h = hit.get();
                impliedOnLine |= h.evidence() == Evidence.IMPLIED;
                alertOnLine |= h.evidence() == Evidence.ALERT;
                if (h.evidence() == Evidence.ALERT) {
                    state.alertLines.set(line);
                }
                codesOnLine.add(h.code());
                String stack = h.stack();
                stack = stacks.refined(stack, text, ctx);
                if (h.evidence() == Evidence.IMPLIED && stacks.sendsNoAlert(stack, p.id())) {
                    NoAlertLines.noteAndFailure(
                            ld,
                            new Note(p.id(), stack, m.group().strip(), line, "stack." + stack + ".no-alert"),
                            state);
                    continue;
                }
                Finding f = state.finding(
                        h.code(),
                        h.direction(),
                        h.evidence(),
                        stack,
                        h.level(),
                        m.group().strip(),
                        line,
                        p.id());
                state.tellAndKeep(f, text);
            }
        }
        // A line no pattern answered: the derived tables, then the failure texts, then the general detector.
        if (codesOnLine.isEmpty()
                && !noteOnLine
                && !DerivedLines.derived(ld, text, line, ctx, anchors, state)
                && !NoAlertLines.failureText(ld, text, line, ctx, anchors, state)) {
            InferredLines.inferred(ld, text, line, anchors, state);
        }
    }

    private static boolean alertLine(ScanState state, int line) {
        return line >= 0 && state.alertLines.get(line);
    }

    private record Hit(int code, Direction direction, Evidence evidence, String stack, Optional<String> level) {}

    private Optional<Hit> hit(AlertNames names, ScanTables.Compiled c, Matcher m) {
        Pattern p = c.p();
        Optional<String> level = c.level() && m.group("level") != null
                ? Optional.of(m.group("level").toLowerCase(java.util.Locale.ROOT))
                : Optional.empty();
        if (p.implies().isPresent()) {
            return Optional.of(new Hit(p.implies().getAsInt(), p.direction(), Evidence.IMPLIED, p.stack(), level));
        }
        if (c.alert() && m.group("alert") != null) {
            Optional<AlertNames.Name> name = names.resolvePrefix(m.group("alert"));
            if (name.isEmpty()) {
                return Optional.empty();
            }
            Direction d = p.direction() != Direction.UNKNOWN
                    ? p.direction()
                    : name.get().direction();
            return Optional.of(new Hit(name.get().code(), d, Evidence.ALERT, p.stack(), level));
        }
        OptionalInt code = OptionalInt.empty();
        if (c.num() && m.group("num") != null) {
            int v = Integer.parseInt(m.group("num"));
            code = v <= ALERT_MAX ? OptionalInt.of(v) : OptionalInt.empty();
        } else if (c.reason() && m.group("reason") != null) {
            code = reasonToAlert(Long.parseLong(m.group("reason")));
        } else if (c.packed() && m.group("packed") != null) {
            code = packedToAlert(Long.parseLong(m.group("packed"), 16));
        } else if (c.packedDec() && m.group("packeddec") != null) {
            code = packedToAlert(Long.parseLong(m.group("packeddec")));
        } else if (c.hexNum() && m.group("hexnum") != null) {
            // The description byte in hex, as openssl -msg dumps the record ("    02 78") under a name it lacks.
            code = OptionalInt.of(Integer.parseInt(m.group("hexnum"), 16));
        } else if (c.quic() && m.group("quic") != null) {
            code = quicToAlert(m.group("quic"));
        } else if (c.msquic() && m.group("msquic") != null) {
            code = msquicToAlert(m.group("msquic"));
        }
        if (code.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Hit(code.getAsInt(), p.direction(), Evidence.ALERT, p.stack(), level));
    }

    /** OpenSSL and BoringSSL give a received alert the reason code 1000 + its description (SSL_AD_REASON_OFFSET). */
    static OptionalInt reasonToAlert(long reason) {
        return reason >= SSL_AD_REASON_OFFSET && reason <= SSL_AD_REASON_OFFSET + ALERT_MAX
                ? OptionalInt.of((int) (reason - SSL_AD_REASON_OFFSET))
                : OptionalInt.empty();
    }

    /** OpenSSL's ssl.h: the reason code of a received alert is this plus the alert's description. */
    static final int SSL_AD_REASON_OFFSET = 1000;
    /** An AlertDescription is a uint8. */
    static final int ALERT_MAX = 255;

    /**
     * The alert in a packed OpenSSL error code: OpenSSL 1.x packs lib (8 bits, SSL = 20 = 0x14), function (12 bits)
     * and reason (12 bits), e.g. 14094410; OpenSSL 3.x packs lib into bits 23..30 and the reason into the low 23 bits,
     * e.g. 0A000410; BoringSSL packs lib (SSL = 16) into the top byte and the reason into the low 12 bits, e.g.
     * 10000418 (printed in decimal by Envoy: 268436504).
     */
    static OptionalInt packedToAlert(long v) {
        if ((v >>> 24) == 0x14 || (v >>> 24) == 0x10) {
            return reasonToAlert(v & 0xFFF);
        }
        if ((v >>> 23) == 20) {
            return reasonToAlert(v & 0x7FFFFF);
        }
        return OptionalInt.empty();
    }

    /**
     * The alert in a QUIC transport error code (RFC 9001 §4.8: "0x0100-0x01ff: CRYPTO_ERROR ... the TLS alert is
     * added to 0x0100"), written in hex ({@code 0x12a}) or decimal ({@code 298}, quiche's {@code error_code: 298}).
     */
    static OptionalInt quicToAlert(String v) {
        long c = parseNumber(v);
        return c >= QUIC_CRYPTO_ERROR && c <= QUIC_CRYPTO_ERROR + ALERT_MAX
                ? OptionalInt.of((int) (c - QUIC_CRYPTO_ERROR))
                : OptionalInt.empty();
    }

    /**
     * The alert in an msquic status (src/inc/msquic_posix.h: {@code QUIC_STATUS_TLS_ALERT(Alert)} is {@code
     * TLS_ERROR_BASE} 0xBEBC300 + alert; msquic_winuser.h: 0x80410100 | alert).
     */
    static OptionalInt msquicToAlert(String v) {
        long c = parseNumber(v);
        for (long base : new long[] {MSQUIC_TLS_ERROR_BASE_POSIX, MSQUIC_TLS_ERROR_BASE_WINDOWS}) {
            if (c >= base && c <= base + ALERT_MAX) {
                return OptionalInt.of((int) (c - base));
            }
        }
        return OptionalInt.empty();
    }

    private static long parseNumber(String v) {
        try {
            return v.startsWith("0x") || v.startsWith("0X") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1; // longer than a long: no alert
        }
    }

    /** RFC 9001 §4.8: CRYPTO_ERROR codes are 0x0100 + the TLS alert. */
    static final long QUIC_CRYPTO_ERROR = 0x100;
    /** msquic: TLS_ERROR_BASE = 256 + ERROR_BASE (200000000) on POSIX. */
    static final long MSQUIC_TLS_ERROR_BASE_POSIX = 0xBEBC300L;
    /** msquic: QUIC_STATUS_TLS_ALERT on Windows, an HRESULT. */
    static final long MSQUIC_TLS_ERROR_BASE_WINDOWS = 0x80410100L;

    private Finding finding(
            int code,
            Direction d,
            Evidence e,
            String stack,
            Optional<String> level,
            String text,
            int line,
            String patternId) {
        Optional<Alert> alert = registry.byCode(code);
        return new Finding(code, alert, d, e, stack, level, text, line, 1, patternId);
    }
}
