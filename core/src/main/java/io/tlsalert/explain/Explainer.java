package io.tlsalert.explain;

import io.tlsalert.registry.Alert;
import io.tlsalert.registry.AlertRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private volatile Loaded loaded;

    /**
     * @param derived   the texts derived from the stacks' sources, consulted for a line the patterns find nothing on
     * @param byPair    the distinct anchors (the patterns' and the derived tables' markers) by their first two bytes
     * @param idsByPair the number of each of those anchors (the index into a window's anchors-present table)
     * @param anchors   how many distinct anchors there are
     * @param markerIds the number of each derived-table marker among the anchors
     */
    private record Loaded(
            AlertNames names,
            Stacks stacks,
            List<Compiled> patterns,
            DerivedTexts derived,
            Failures failures,
            CauseHints hints,
            int[] failureAnchors,
            int[] alertWords,
            byte[][][] byPair,
            int[][] idsByPair,
            int anchors,
            Map<String, Integer> markerIds) {}

    /**
     * A pattern with the named groups it has, found once at load, the number of its anchor, and how far before the
     * anchor its matches can start (empty: anywhere; then it is searched over the whole window).
     */
    private record Compiled(
            Pattern p,
            int anchorId,
            OptionalInt before,
            boolean alert,
            boolean num,
            boolean reason,
            boolean packed,
            boolean packedDec,
            boolean hexNum,
            boolean quic,
            boolean msquic,
            boolean level,
            boolean multiLine) {
        static Compiled of(Pattern p, int anchorId) {
            String r = p.regex().pattern();
            return new Compiled(
                    p,
                    anchorId,
                    p.regex().flags() == 0 ? AnchorOffset.of(r, p.anchor()) : OptionalInt.empty(),
                    r.contains("(?<alert>"),
                    r.contains("(?<num>"),
                    r.contains("(?<reason>"),
                    r.contains("(?<packed>"),
                    r.contains("(?<packeddec>"),
                    r.contains("(?<hexnum>"),
                    r.contains("(?<quic>"),
                    r.contains("(?<msquic>"),
                    r.contains("(?<level>"),
                    r.contains("\\n"));
        }
    }

    private Explainer(AlertRegistry registry) {
        this.registry = registry;
    }

    /** The explainer over the data files on the class path (read on first use). */
    public static Explainer load(AlertRegistry registry) {
        return new Explainer(registry);
    }

    private Loaded loaded() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (this) {
                l = loaded;
                if (l == null) {
                    l = build(registry);
                    loaded = l;
                }
            }
        }
        return l;
    }

    private static Loaded build(AlertRegistry registry) {
        Stacks stacks = Stacks.load();
        AlertNames names = AlertNames.load(registry, stacks);
        Patterns patterns = Patterns.load(registry, stacks);
        DerivedTexts derived = DerivedTexts.load(registry, stacks);
        Failures failures = Failures.load(registry, stacks);
        CauseHints hints = CauseHints.load(registry);
        List<Compiled> compiled = new ArrayList<>();
        byte[][][] byPair = new byte[65536][][];
        Map<Integer, List<byte[]>> pairs = new LinkedHashMap<>();
        // Reports of an alert go before errors that only imply one: "TLS write fatal alert \"certificate revoked\""
        // is a report of the alert, even though "certificate revoked" alone is also an OpenSSL verify error.
        List<Pattern> ordered = new ArrayList<>();
        List<Pattern> implied = new ArrayList<>();
        for (Pattern p : patterns.all()) {
            (p.implies().isPresent() || p.noAlert() ? implied : ordered).add(p);
        }
        ordered.addAll(implied);
        Map<String, Integer> anchorIds = new LinkedHashMap<>();
        for (Pattern p : ordered) {
            if (p.anchor().getBytes(StandardCharsets.UTF_8).length < 2) {
                throw new IllegalStateException("pattern " + p.id() + ": anchor must be at least 2 bytes");
            }
            // A window's anchors are found in its bytes: an ASCII anchor is in the decoded text exactly when its bytes
            // are in the window's bytes (an undecodable byte becomes U+FFFD, never an ASCII character).
            if (!p.anchor().chars().allMatch(ch -> ch < 0x80)) {
                throw new IllegalStateException("pattern " + p.id() + ": anchor must be ASCII");
            }
            Integer id = anchorIds.get(p.anchor());
            if (id == null) {
                id = anchorIds.size();
                anchorIds.put(p.anchor(), id);
            }
            compiled.add(Compiled.of(p, id));
        }
        // The derived tables' markers open a window too (its line is then looked up in the tables).
        List<String> anchors = new ArrayList<>();
        for (Pattern p : ordered) {
            anchors.add(p.anchor());
        }
        Map<String, Integer> markerIds = new java.util.HashMap<>();
        for (String marker : derived.markers()) {
            anchors.add(marker);
            anchorIds.putIfAbsent(marker, anchorIds.size());
            markerIds.put(marker, anchorIds.get(marker));
        }
        // The failure texts' anchors, and the word "alert" for the general detector, open a window too.
        int[] failureAnchors = new int[failures.texts().size()];
        for (int k = 0; k < failureAnchors.length; k++) {
            String a = failures.texts().get(k).anchor();
            anchors.add(a);
            anchorIds.putIfAbsent(a, anchorIds.size());
            failureAnchors[k] = anchorIds.get(a);
        }
        int[] alertWords = new int[ALERT_WORDS.size()];
        for (int k = 0; k < alertWords.length; k++) {
            String a = ALERT_WORDS.get(k);
            anchors.add(a);
            anchorIds.putIfAbsent(a, anchorIds.size());
            alertWords[k] = anchorIds.get(a);
        }
        for (String anchor : anchors) {
            byte[] a = anchor.getBytes(StandardCharsets.UTF_8);
            Integer key = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
            List<byte[]> l = pairs.get(key);
            if (l == null) {
                l = new ArrayList<>();
                pairs.put(key, l);
            }
            boolean seen = false;
            for (byte[] x : l) {
                seen |= java.util.Arrays.equals(x, a);
            }
            if (!seen) {
                l.add(a);
            }
        }
        int[][] idsByPair = new int[65536][];
        for (Map.Entry<Integer, List<byte[]>> e : pairs.entrySet()) {
            byPair[e.getKey()] = e.getValue().toArray(new byte[0][]);
            int[] ids = new int[byPair[e.getKey()].length];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = anchorIds.get(new String(byPair[e.getKey()][k], StandardCharsets.UTF_8));
            }
            idsByPair[e.getKey()] = ids;
        }
        return new Loaded(
                names,
                stacks,
                List.copyOf(compiled),
                derived,
                failures,
                hints,
                failureAnchors,
                alertWords,
                byPair,
                idsByPair,
                anchorIds.size(),
                Map.copyOf(markerIds));
    }

    /** The spellings of the word that the general detector looks around ({@link InferredAlerts}). */
    private static final List<String> ALERT_WORDS = List.of("alert", "Alert", "ALERT");

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
        for (Compiled c : loaded().patterns()) {
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
        Loaded ld = loaded();
        byte[][][] byPair = ld.byPair();
        Map<List<Object>, Finding> found = new LinkedHashMap<>();
        List<Note> notes = new ArrayList<>();
        Budget budget = new Budget();
        budget.to = to;
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
            byte[][] cands = byPair[((b & 0xff) << 8) | (buf[i + 1] & 0xff)];
            if (cands == null || !Anchors.startsWithAny(buf, i, cands)) {
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
                public String entryAfter() {
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
            anchors.scan(ld.byPair(), ld.idsByPair(), text);
            budget.lineStart = lineStart;
            budget.lineIndented = buf[lineStart] == ' ' || buf[lineStart] == '\t';
            matchLine(ld, text, line, ctx, traceHead, anchors, found, notes, budget);
            windowEnd = end;
            i = end - 1;
        }
        // The loop stops before the last byte, so a final '\n' is not counted: 'line' is the number of lines.
        return new Explanation(
                new ArrayList<>(found.values()),
                notes,
                new ArrayList<>(budget.failures.values()),
                n == 0 ? 0 : line,
                budget.findingsCapped ? OptionalInt.of(MAX_FINDINGS) : OptionalInt.empty(),
                budget.notesCapped ? OptionalInt.of(MAX_NOTES) : OptionalInt.empty(),
                budget.failuresCapped ? OptionalInt.of(MAX_NOTES) : OptionalInt.empty());
    }

    /**
     * What one scan keeps across its windows: whether it left findings or notes out (at most {@value #MAX_FINDINGS}
     * and {@value #MAX_NOTES}), and the lines whose own text named the alert they report.
     */
    private static final class Budget {
        boolean findingsCapped;
        boolean notesCapped;
        /** Lines with a finding of evidence {@code alert}: a stack trace's cause lines under one add no implied alert. */
        final java.util.Set<Integer> alertLines = new java.util.HashSet<>();
        /** Failures without a named alert by class, stack and text (at most {@value #MAX_NOTES}). */
        final Map<List<Object>, Failure> failures = new LinkedHashMap<>();
        /** The class and stack of the last failure and its line: the lines just below it continue the same fact. */
        List<Object> lastFailure = List.of();

        int lastFailureLine;

        String lastFailureText = "";
        /** Told of each occurrence; the line being matched starts here. */
        Occurrences to;

        int lineStart;
        /** The line being matched begins with a space or tab: it continues the log entry above it. */
        boolean lineIndented;

        boolean failuresCapped;
    }

    /** At most this many distinct alerts (code, direction, evidence, stack) from one text. */
    static final int MAX_FINDINGS = 1000;

    private interface LazyContext {
        /**
         * The rest of the window's line and the lines below it that continue its log entry (indented, or a JDK
         * trace's "Caused by:"), at most {@value #CONTEXT_LINES}: a stack's marker may stand there (Node's message, then
         * its "    at TLSSocket.onConnectSecure (node:_tls_wrap...)"); a next entry never changes the line's stack.
         */
        String entryAfter();

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
            Loaded ld,
            String text,
            int line,
            LazyContext ctx,
            IntSupplier traceHead,
            Anchors anchors,
            Map<List<Object>, Finding> found,
            List<Note> notes,
            Budget budget) {
        List<Integer> codesOnLine = new ArrayList<>(2);
        // One line reports one error: the first (most specific) pattern that reads an implied alert from it wins.
        boolean impliedOnLine = false;
        // One finding per fact: a line that names its alert implies no second one ("(certificate_expired) PKIX path
        // validation failed" is 45, not also the 46 that "PKIX path validation failed" alone would imply).
        boolean alertOnLine = false;
        boolean noteOnLine = false;
        String multiLineContext = null;
        Stacks stacks = ld.stacks();
        for (Compiled c : ld.patterns()) {
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
                    noteAndFailure(
                            ld,
                            notes,
                            new Note(p.id(), p.stack(), m.group().strip(), line, "pattern." + p.id() + ".why"),
                            budget);
                    noteOnLine = true;
                    continue;
                }
                Optional<Hit> hit = hit(ld.names(), c, m);
                if (hit.isEmpty()
                        || codesOnLine.contains(hit.get().code())
                        || hit.get().evidence() == Evidence.IMPLIED
                                && (impliedOnLine || alertOnLine || budget.alertLines.contains(traceHead.getAsInt()))) {
                    continue;
                }
                Hit h = hit.get();
                impliedOnLine |= h.evidence() == Evidence.IMPLIED;
                alertOnLine |= h.evidence() == Evidence.ALERT;
                if (h.evidence() == Evidence.ALERT) {
                    budget.alertLines.add(line);
                }
                codesOnLine.add(h.code());
                String stack = h.stack();
                stack = refined(ld, stack, text, ctx);
                if (h.evidence() == Evidence.IMPLIED && stacks.sendsNoAlert(stack, p.id())) {
                    noteAndFailure(
                            ld,
                            notes,
                            new Note(p.id(), stack, m.group().strip(), line, "stack." + stack + ".no-alert"),
                            budget);
                    continue;
                }
                Finding f = finding(
                        h.code(),
                        h.direction(),
                        h.evidence(),
                        stack,
                        h.level(),
                        m.group().strip(),
                        line,
                        p.id());
                budget.to.finding(f, budget.lineStart);
                List<Object> key = List.of(f.code(), f.direction(), f.evidence(), f.stack());
                if (found.size() >= MAX_FINDINGS && !found.containsKey(key)) {
                    budget.findingsCapped = true;
                    continue;
                }
                found.merge(key, withContext(found, key, f, text), (old, x) -> old.withOneMore());
            }
        }
        if (codesOnLine.isEmpty() && !noteOnLine) {
            // Only the forms whose marker the window's scan found: one lookup each, not one search of the window.
            Optional<DerivedTexts.Match> d = ld.derived()
                    .match(text, marker -> anchors.count[ld.markerIds().get(marker)] > 0);
            if (d.isPresent()) {
                addDerived(ld, d.get(), text, line, ctx, found, notes, budget);
            } else {
                failureOrInferred(ld, text, line, ctx, anchors, found, budget);
            }
        }
    }

    /** A line the patterns found nothing on, and the derived table's row found in it. */
    private void addDerived(
            Loaded ld,
            DerivedTexts.Match d,
            String text,
            int line,
            LazyContext ctx,
            Map<List<Object>, Finding> found,
            List<Note> notes,
            Budget budget) {
        String stack = refined(ld, d.row().stack(), text, ctx);
        String id = "derived-" + d.row().stack();
        if (d.row().kind() == DerivedTexts.Kind.NONE) {
            noteAndFailure(ld, notes, new Note(id, stack, d.text().strip(), line, "derived.none.why"), budget);
            return;
        }
        boolean received = d.row().kind() == DerivedTexts.Kind.RECEIVED;
        if (!received && ld.stacks().sendsNoAlert(stack, id)) {
            // The program that printed the library's text does not send the alert the library would (lighttpd's
            // mod_gnutls logs a GnuTLS error and closes the connection).
            noteAndFailure(
                    ld, notes, new Note(id, stack, d.text().strip(), line, "stack." + stack + ".no-alert"), budget);
            return;
        }
        // A trace line that reports the alert it wrote (">>> ... Alert", curl's "(OUT), TLS alert") is the alert.
        boolean reported = received || d.row().kind() == DerivedTexts.Kind.WRITTEN;
        Finding f = finding(
                d.row().alert().getAsInt(),
                received ? Direction.RECEIVED : Direction.SENT,
                reported ? Evidence.ALERT : Evidence.IMPLIED,
                stack,
                Optional.empty(),
                d.text().strip(),
                line,
                id);
        budget.to.finding(f, budget.lineStart);
        List<Object> key = List.of(f.code(), f.direction(), f.evidence(), f.stack());
        if (found.size() >= MAX_FINDINGS && !found.containsKey(key)) {
            budget.findingsCapped = true;
            return;
        }
        found.merge(key, withContext(found, key, f, text), (old, x) -> old.withOneMore());
    }

    /**
     * The finding with its line as the context, kept on its first occurrence only (later ones merge into it). The
     * hints are read from it when the finding is shown ({@link #rankedCauses}), not here: a scan of a big log pays
     * nothing for them.
     */
    private static Finding withContext(Map<List<Object>, Finding> found, List<Object> key, Finding f, String line) {
        return found.containsKey(key)
                ? f
                : f.withContext(line.length() <= Finding.CONTEXT_MAX ? line : line.substring(0, Finding.CONTEXT_MAX));
    }

    /** A note, and the same text as a failure with its class. */
    private static void noteAndFailure(Loaded ld, List<Note> notes, Note note, Budget budget) {
        addNote(notes, note, budget);
        addFailure(ld, note.stack(), note.text(), note.line(), note.patternId(), Optional.of(note.textKey()), budget);
    }

    private static void addFailure(
            Loaded ld, String stack, String text, int line, String source, Optional<String> whyKey, Budget budget) {
        FailureClass cls = ld.failures().classify(stack, text);
        // One failure per fact: a stack that prints its failure over a few lines (Node's message, then its
        // "code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'" under it) reports one failure, not one per line. Only an indented
        // line continues the entry above it (as a stack trace's lines do): a log's next entry is its own fact, whatever
        // stands above it (issue 11 item 4). A repeated line is another occurrence of the same text, counted as such.
        List<Object> fact = List.of(cls.id(), stack);
        boolean continues = budget.lineIndented
                && fact.equals(budget.lastFailure)
                && !text.equals(budget.lastFailureText)
                && line > budget.lastFailureLine
                && line - budget.lastFailureLine <= CONTEXT_LINES;
        budget.lastFailure = fact;
        budget.lastFailureLine = line;
        budget.lastFailureText = text;
        if (continues) {
            return;
        }
        List<Object> key = List.of(cls.id(), stack, text);
        Failure old = budget.failures.get(key);
        budget.to.failure(new Failure(cls, stack, text, line, 1, source, whyKey), budget.lineStart);
        if (old != null) {
            budget.failures.put(key, old.withOneMore());
        } else if (budget.failures.size() < MAX_NOTES) {
            budget.failures.put(key, new Failure(cls, stack, text, line, 1, source, whyKey));
        } else {
            budget.failuresCapped = true;
        }
    }

    /**
     * A line the patterns and the derived tables found nothing on: first the failure texts (failures.tsv) whose
     * anchor it holds, then, when it holds the word "alert", the general detector. True when either found something.
     */
    private boolean failureOrInferred(
            Loaded ld,
            String text,
            int line,
            LazyContext ctx,
            Anchors anchors,
            Map<List<Object>, Finding> found,
            Budget budget) {
        List<Failures.Text> texts = ld.failures().texts();
        int[] ids = ld.failureAnchors();
        for (int k = 0; k < ids.length; k++) {
            if (anchors.count[ids[k]] == 0) {
                continue;
            }
            Failures.Text t = texts.get(k);
            Matcher m = t.regex().matcher(text);
            if (m.find()) {
                String stack = refined(ld, t.stack(), text, ctx);
                addFailure(ld, stack, m.group().strip(), line, "failure-" + t.id(), Optional.empty(), budget);
                return true;
            }
        }
        boolean alertWord = false;
        for (int id : ld.alertWords()) {
            alertWord |= anchors.count[id] > 0;
        }
        if (!alertWord) {
            return false;
        }
        Optional<InferredAlerts.Hit> h = InferredAlerts.find(ld.names(), registry, text);
        if (h.isEmpty()) {
            return false;
        }
        InferredAlerts.Hit hit = h.get();
        Finding f = finding(
                hit.code(),
                hit.direction(),
                Evidence.INFERRED,
                "unknown",
                Optional.empty(),
                text.substring(hit.start(), hit.end()),
                line,
                "inferred");
        List<Object> key = List.of(f.code(), f.direction(), f.evidence(), f.stack());
        if (found.size() >= MAX_FINDINGS && !found.containsKey(key)) {
            budget.findingsCapped = true;
            return true;
        }
        found.merge(key, withContext(found, key, f, text), (old, x) -> old.withOneMore());
        return true;
    }

    /**
     * A library's stack refined to the program that printed the line: by the line's own marker, else by one on the
     * lines that continue its log entry. Never by the next entries (issue 11 item 4: the same line is attributed the
     * same way wherever it stands in a log).
     */
    private static String refined(Loaded ld, String stack, String text, LazyContext ctx) {
        Stacks stacks = ld.stacks();
        if (!stacks.hasRefiners(stack)) {
            return stack;
        }
        String onLine = stacks.refine(stack, text);
        return onLine.equals(stack) ? stacks.refine(stack, text + "\n" + ctx.entryAfter()) : onLine;
    }

    private static void addNote(List<Note> notes, Note note, Budget budget) {
        budget.to.note(note, budget.lineStart);
        for (Note n : notes) {
            if (n.textKey().equals(note.textKey()) && n.text().equals(note.text())) {
                return;
            }
        }
        if (notes.size() < MAX_NOTES) {
            notes.add(note);
        } else {
            budget.notesCapped = true;
        }
    }

    private record Hit(int code, Direction direction, Evidence evidence, String stack, Optional<String> level) {}

    private Optional<Hit> hit(AlertNames names, Compiled c, Matcher m) {
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
