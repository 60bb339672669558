package io.tlsalert.explain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Summarises a log of any size ({@code explain --summary}): every occurrence of an alert or of a failure that sends
 * none, grouped by {@link Subject} × stack × peer, with counts and first/last line and time.
 *
 * <p>Memory is bounded: the input is read in chunks of {@value #CHUNK} bytes cut at line ends, never whole. Each
 * chunk is scanned with the {@value #OVERLAP} bytes of whole lines before it (so a stack trace's head and a
 * connection's earlier lines are there to look back at) and the {@value #LOOKAHEAD} bytes after it (the lines that
 * multi-line patterns read after a match); only occurrences on the chunk's own lines are counted, so each line is
 * counted once. A line longer than a chunk is cut where the chunk ends. At most {@value #MAX_GROUPS} groups are kept;
 * past them an occurrence goes to its subject and stack's "other peers" group (at most {@value #MAX_OTHER_PEER_GROUPS}
 * of those), and past those to one "other" count.
 */
public final class Summarizer {
    public static final int MAX_GROUPS = 1000;
    public static final int MAX_OTHER_PEER_GROUPS = 100;

    static final int CHUNK = 8 << 20;
    /** The buffer grows to a chunk as the input needs: a short text costs no 8 MiB. */
    static final int FIRST_BUFFER = 64 << 10;

    static final int OVERLAP = 64 << 10;
    static final int LOOKAHEAD = 64 << 10;
    /** The part of a line read for its peer and time. */
    static final int LINE_MAX = 16 << 10;
    /** How far up a line with no time of its own looks for the log entry it belongs to (a stack trace's head). */
    static final int TIME_BACK_LINES = 256;
    /** How far up a line with no peer looks for a line of the same connection that names one. */
    static final int SESSION_BACK_LINES = 32;

    /** Told of the bytes read so far, after each read. */
    public interface Progress {
        void read(long bytes);
    }

    private final Explainer explainer;
    private final LogFormats formats;
    private final int chunk;

    public Summarizer(Explainer explainer, LogFormats formats) {
        this(explainer, formats, CHUNK);
    }

    /** With a chunk size of one's own: tests cut small inputs into many chunks. */
    Summarizer(Explainer explainer, LogFormats formats, int chunk) {
        if (chunk < 2 * (OVERLAP + LOOKAHEAD)) {
            throw new IllegalArgumentException("chunk must be at least " + 2 * (OVERLAP + LOOKAHEAD) + " bytes");
        }
        this.explainer = explainer;
        this.formats = formats;
        this.chunk = chunk;
    }

    private record Key(Subject subject, String stack, Peer peer, boolean otherPeers) {}

    /** A group being counted. */
    private static final class Acc {
        final Key key;
        final String text;
        final String pattern;
        long count;
        long alerts;
        long firstLine;
        long lastLine;
        String firstTime;
        String lastTime;

        Acc(Key key, String text, String pattern) {
            this.key = key;
            this.text = text;
            this.pattern = pattern;
        }

        /** The line starts (in the chunk being scanned) whose times are still to be read: -1 for none. */
        int firstStart = -1;

        int lastStart = -1;

        /**
         * One more occurrence, on the line at {@code start} of the chunk being scanned. Only a group's first and last
         * times are kept, so they are read once the chunk is scanned ({@link Run#readTimes}), not on every occurrence.
         */
        boolean add(long line, int start, boolean alert) {
            boolean untouched = firstStart < 0 && lastStart < 0;
            if (count == 0) {
                firstLine = line;
                firstStart = start;
            }
            count++;
            alerts += alert ? 1 : 0;
            lastLine = line;
            lastStart = start;
            return untouched;
        }

        Summary.Span span() {
            return new Summary.Span(
                    count, alerts, firstLine, lastLine, Optional.ofNullable(firstTime), Optional.ofNullable(lastTime));
        }
    }

    /** Told of each occurrence counted: its line and what it is grouped by (tests: a line groups alike anywhere). */
    interface Tally {
        void counted(long line, Subject subject, String stack, Peer peer);
    }

    /** Reads {@code in} to its end and summarises it; {@code progress} is told of the bytes read. */
    public Summary summarize(InputStream in, Progress progress) throws IOException {
        return summarize(in, progress, (line, subject, stack, peer) -> {});
    }

    Summary summarize(InputStream in, Progress progress, Tally tally) throws IOException {
        Run run = new Run(new byte[Math.min(chunk, FIRST_BUFFER)], tally);
        run.read(in, progress);
        List<Summary.Group> groups = new ArrayList<>();
        List<Acc> all = new ArrayList<>(run.groups.values());
        all.addAll(run.otherPeers.values());
        all.sort(Comparator.comparingLong((Acc a) -> -a.count).thenComparingLong(a -> a.firstLine));
        for (Acc a : all) {
            groups.add(new Summary.Group(
                    a.key.subject(),
                    a.key.stack(),
                    Optional.ofNullable(a.key.peer()),
                    a.key.otherPeers(),
                    a.span(),
                    a.text,
                    a.pattern));
        }
        return new Summary(
                groups,
                run.other.count == 0 ? Optional.empty() : Optional.of(run.other.span()),
                run.lines,
                run.bytes,
                run.occurrences,
                MAX_GROUPS);
    }

    /** The state of one summary: the buffer, where its own lines are, and the groups so far. */
    private final class Run implements Explainer.Occurrences {
        byte[] buf;
        int filled;
        /** The chunk's own lines: occurrences whose line starts here are counted. */
        int ownStart;

        int ownEnd;
        /** The line number of buf[0]'s line. */
        long baseLine = 1;

        long lines;
        long bytes;
        long occurrences;
        // In the order groups were first seen: groups of equal count and first line (two alerts on one line) keep it.
        final Map<Key, Acc> groups = new LinkedHashMap<>();
        final Map<Key, Acc> otherPeers = new LinkedHashMap<>();
        final Acc other = new Acc(null, "", "");
        /** The peer of the last line looked at, by its start (a line may hold several occurrences). */
        int infoStart = -1;

        Peer infoPeer;
        /** The groups given an occurrence in the chunk being scanned, whose times are read when it is done. */
        final List<Acc> touched = new ArrayList<>();
        /** The last look up for a time: from which line start, and what it found (null: none). */
        int backFrom = -1;

        String backTime;
        /** How many lines above {@code backFrom} that time stood (-1: none). */
        int backDist = -1;

        final LogFormats.TimeReader times = formats.timeReader();
        final Tally tally;

        Run(byte[] buf, Tally tally) {
            this.buf = buf;
            this.tally = tally;
        }

        void read(InputStream in, Progress progress) throws IOException {
            boolean eof = false;
            long newlines = 0;
            byte last = '\n';
            while (true) {
                while (filled < chunk && !eof) {
                    if (filled == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, (int) Math.min(chunk, 2L * buf.length));
                    }
                    int r = in.read(buf, filled, buf.length - filled);
                    if (r < 0) {
                        eof = true;
                    } else {
                        filled += r;
                        bytes += r;
                        last = r > 0 ? buf[filled - 1] : last;
                        progress.read(bytes);
                    }
                }
                if (filled == ownStart) {
                    break; // at the end, and every line counted
                }
                boolean cut = false;
                if (eof) {
                    ownEnd = filled;
                } else {
                    int nl = lastNewline(ownStart, filled - LOOKAHEAD);
                    if (nl < 0) {
                        nl = lastNewline(ownStart, filled);
                    }
                    cut = nl < 0;
                    ownEnd = cut ? filled : nl + 1;
                }
                infoStart = -1;
                backFrom = -1;
                Explanation e = explainer.scan(buf, filled, this);
                readTimes();
                // The scan counts a line per '\n' before the last byte: lines() - 1 newlines in [0, filled - 1).
                long nlInBuf = e.lines() - 1 + (buf[filled - 1] == '\n' ? 1 : 0);
                if (eof && ownEnd == filled) {
                    newlines += nlInBuf;
                    break;
                }
                int keepFrom = cut ? ownEnd : wholeLinesBefore(ownEnd, OVERLAP);
                long nlKept = 0;
                for (int i = keepFrom; i < filled; i++) {
                    nlKept += buf[i] == '\n' ? 1 : 0;
                }
                newlines += nlInBuf - nlKept;
                baseLine += nlInBuf - nlKept;
                System.arraycopy(buf, keepFrom, buf, 0, filled - keepFrom);
                filled -= keepFrom;
                ownStart = ownEnd - keepFrom;
            }
            lines = bytes == 0 ? 0 : newlines + (last == '\n' ? 0 : 1);
        }

        /** The last '\n' in [from, to), or -1. */
        private int lastNewline(int from, int to) {
            for (int i = to - 1; i >= from; i--) {
                if (buf[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** The start of the earliest whole line that begins at most {@code max} bytes before {@code end}. */
        private int wholeLinesBefore(int end, int max) {
            int from = Math.max(0, end - max);
            if (from == 0) {
                return 0;
            }
            int nl = -1;
            for (int i = from - 1; i < end - 1; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            return nl < 0 ? end : nl + 1;
        }

        @Override
        public void finding(Finding f, int lineStart) {
            count(
                    new Subject.Alert(f.code(), f.direction(), f.evidence()),
                    f.stack(),
                    f.text(),
                    f.patternId(),
                    f.line(),
                    lineStart);
        }

        @Override
        public void note(Note n, int lineStart) {
            // Every note is also told as a failure, with its class: counted there.
        }

        @Override
        public void failure(Failure f, int lineStart) {
            count(Subject.NoAlert.of(f), f.stack(), f.text(), f.source(), f.line(), lineStart);
        }

        private void count(Subject s, String stack, String text, String pattern, int relLine, int lineStart) {
            if (lineStart < ownStart || lineStart >= ownEnd) {
                return; // an overlap or look-ahead line: another chunk counts it
            }
            occurrences++;
            long line = baseLine + relLine - 1;
            lineInfo(lineStart);
            boolean alert = s instanceof Subject.Alert;
            Key k = new Key(s, stack, infoPeer, false);
            tally.counted(line, s, stack, infoPeer);
            Acc a = groups.get(k);
            if (a == null) {
                if (groups.size() < MAX_GROUPS) {
                    a = new Acc(k, text, pattern);
                    groups.put(k, a);
                } else {
                    Key o = new Key(s, stack, null, true);
                    a = otherPeers.get(o);
                    if (a == null && otherPeers.size() < MAX_OTHER_PEER_GROUPS) {
                        a = new Acc(o, text, pattern);
                        otherPeers.put(o, a);
                    }
                    if (a == null) {
                        a = other;
                    }
                }
            }
            if (a.add(line, lineStart, alert)) {
                touched.add(a);
            }
        }

        /** The first and last times of the groups the chunk just scanned gave occurrences to. */
        private void readTimes() {
            for (Acc a : touched) {
                if (a.firstStart >= 0) {
                    a.firstTime = timeAt(a.firstStart);
                }
                a.lastTime = a.lastStart == a.firstStart ? a.firstTime : timeAt(a.lastStart);
                a.firstStart = -1;
                a.lastStart = -1;
            }
            touched.clear();
        }

        /** The time of the line at {@code start}, or of the log entry it belongs to (null: none). */
        private String timeAt(int start) {
            String t = times.time(latin1(start, LINE_MAX)).orElse(null);
            return t != null ? t : timeAbove(start);
        }

        /** Sets infoPeer for the line at {@code start}. */
        private void lineInfo(int start) {
            if (start == infoStart) {
                return;
            }
            infoStart = start;
            String line = latin1(start, LINE_MAX);
            infoPeer = formats.peer(line).orElse(null);
            if (infoPeer == null) {
                infoPeer = sessionPeer(start, line);
            }
        }

        /** The line at {@code start}, at most {@code max} bytes of it, one char per byte (formats are ASCII). */
        private String latin1(int start, int max) {
            int end = start;
            int lim = Math.min(filled, start + max);
            while (end < lim && buf[end] != '\n') {
                end++;
            }
            return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
        }

        /** The start of the line before the line at {@code start}, or -1 at the buffer's start. */
        private int lineAbove(int start) {
            if (start <= 0) {
                return -1;
            }
            int q = start - 1;
            while (q > 0 && buf[q - 1] != '\n') {
                q--;
            }
            return q;
        }

        /**
         * The time of the closest line above with one, skipping indented lines (a stack trace's "\tat ..."): the time
         * of the log entry an exception line belongs to.
         */
        private String timeAbove(int start) {
            int q = start;
            for (int k = 0; k < TIME_BACK_LINES; k++) {
                q = lineAbove(q);
                if (q < 0) {
                    break;
                }
                if (q == backFrom) {
                    // Looked up from there already, and the lines between have no time: its answer, if it stands
                    // within TIME_BACK_LINES of this line too (the same answer whatever was looked up before).
                    int dist = k + 1 + backDist;
                    return backTime != null && dist <= TIME_BACK_LINES
                            ? remember(start, dist, backTime)
                            : remember(start, -1, null);
                }
                if (buf[q] == ' ' || buf[q] == '\t') {
                    continue;
                }
                Optional<String> t = times.time(latin1(q, LogFormats.TIME_PREFIX));
                if (t.isPresent()) {
                    return remember(start, k + 1, t.get());
                }
            }
            return remember(start, -1, null);
        }

        /** Remembers the look-up from {@code start}: the time found {@code dist} lines up (-1, null: none). */
        private String remember(int start, int dist, String time) {
            backFrom = start;
            backDist = time == null ? -1 : dist;
            backTime = time;
            return time;
        }

        /** The peer of the closest line above of the same connection (same syslog tag and pid, Envoy [C..]). */
        private Peer sessionPeer(int start, String line) {
            Optional<String> key = formats.session(line);
            if (key.isEmpty()) {
                return null;
            }
            String raw = key.get().substring(key.get().indexOf(':') + 1);
            int q = start;
            for (int k = 0; k < SESSION_BACK_LINES; k++) {
                q = lineAbove(q);
                if (q < 0) {
                    return null;
                }
                String above = latin1(q, LINE_MAX);
                if (!above.contains(raw) || !formats.session(above).equals(key)) {
                    continue;
                }
                Optional<Peer> p = formats.peer(above);
                if (p.isPresent()) {
                    return p.get();
                }
            }
            return null;
        }
    }
}
