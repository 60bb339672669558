package io.tlsalert.explain;

import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;

/**
 * Where common log formats put a line's time, its TLS peer and its connection's key ({@code log_formats.tsv}); the
 * one loader of that file. Rows of a kind are tried in the file's order, the first match wins.
 */
public final class LogFormats {
    /** Time rows look at the start of a line only: that is where a log puts it, and it bounds the work. */
    static final int TIME_PREFIX = 200;

    public enum Kind {
        TIME,
        PEER,
        SESSION
    }

    /** One row: see the file's header for the columns ({@code anchors}: the anchor's '|'-separated literals). */
    public record Row(
            Kind kind,
            String id,
            String role,
            List<String> anchors,
            java.util.regex.Pattern regex,
            String example,
            String expect,
            String source) {
        public Row {
            anchors = List.copyOf(anchors);
        }

        /** {@code true} when the row has no anchor or {@code line} holds one of its literals. */
        boolean anchored(String line) {
            if (anchors.isEmpty()) {
                return true;
            }
            for (String a : anchors) {
                if (line.contains(a)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<Row> rows;
    private final Row[] times;
    private final Row[] peers;
    private final Row[] sessions;
    /** The named groups of each time row's regex, found once: a summary reads a time on every line it counts. */
    private final Groups[] timeGroups;

    private record Groups(boolean mo, boolean ampm, boolean y, boolean f, boolean z, boolean port) {
        static Groups of(Row r) {
            String re = r.regex().pattern();
            return new Groups(
                    re.contains("(?<mo>"),
                    re.contains("(?<ampm>"),
                    re.contains("(?<y>"),
                    re.contains("(?<f>"),
                    re.contains("(?<z>"),
                    re.contains("(?<port>"));
        }
    }

    private LogFormats(List<Row> rows) {
        this.rows = List.copyOf(rows);
        this.times = of(rows, Kind.TIME);
        this.peers = of(rows, Kind.PEER);
        this.sessions = of(rows, Kind.SESSION);
        this.timeGroups = java.util.Arrays.stream(times).map(Groups::of).toArray(Groups[]::new);
    }

    private static Row[] of(List<Row> rows, Kind k) {
        return rows.stream().filter(r -> r.kind() == k).toArray(Row[]::new);
    }

    /** The rows of {@code log_formats.tsv}, checked: a bad row is an error naming the file and line. */
    public static LogFormats load() {
        List<Row> rows = new ArrayList<>();
        for (DataFile.Row r : DataFile.read(
                Explainer.class, "log_formats.tsv", 8, List.of("kind", "id", "role", "anchor", "regex"))) {
            Kind kind;
            try {
                kind = Kind.valueOf(r.cell(0).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw r.error("kind must be time, peer or session, not '" + r.cell(0) + "'");
            }
            String role = r.cell(2);
            if (kind == Kind.PEER ? !List.of("client", "server", "peer").contains(role) : !role.equals("-")) {
                throw r.error("role must be client, server or peer for a peer row, '-' otherwise");
            }
            java.util.regex.Pattern regex;
            try {
                regex = java.util.regex.Pattern.compile(r.cell(4));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw r.error("bad regex: " + e.getDescription());
            }
            String re = r.cell(4);
            boolean ok = switch (kind) {
                case TIME ->
                    re.contains("(?<d>")
                            && re.contains("(?<h>")
                            && re.contains("(?<mi>")
                            && re.contains("(?<s>")
                            && (re.contains("(?<mo>") || re.contains("(?<mon>"));
                case PEER -> re.contains("(?<host>");
                case SESSION -> re.contains("(?<key>");
            };
            if (!ok) {
                throw r.error("the regex lacks the named groups a " + r.cell(0) + " row needs");
            }
            rows.add(new Row(
                    kind,
                    r.cell(1),
                    role,
                    r.cell(3).equals("-") ? List.of() : List.of(r.cell(3).split("\\|")),
                    regex,
                    r.cell(5),
                    r.cell(6),
                    r.cell(7)));
        }
        return new LogFormats(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    /** The line's time in ISO 8601 ({@code 2026-11-22T10:00:00.123}, year-less syslog: {@code --11-22T10:00:00}). */
    public Optional<String> time(String line) {
        return time(line, null);
    }

    /**
     * Reads times as {@link #time(String)} does, remembering which row read a line of each shape (the text around
     * its h:mm:ss with every digit made '0'): a log repeats a few shapes, and then one regex is tried instead of
     * every row's. Exact, because the time regexes treat all digits alike (the header of the file says so): rows
     * before the one remembered failed on the shape, not on a value, or nothing is remembered. Not thread-safe.
     */
    public final class TimeReader {
        private static final int MAX_SHAPES = 512;
        private final Map<String, Integer> rowByShape = new HashMap<>();

        public Optional<String> time(String line) {
            return LogFormats.this.time(line, this);
        }
    }

    public TimeReader timeReader() {
        return new TimeReader();
    }

    private Optional<String> time(String line, TimeReader reader) {
        // Every time format holds h:mm:ss; a line without one has no time, and the regexes need only look around it.
        int n = Math.min(line.length(), TIME_PREFIX);
        int first = -1;
        int last = -1;
        for (int i = 0; i + 7 <= n; i++) {
            if (line.charAt(i + 1) == ':'
                    && line.charAt(i + 4) == ':'
                    && digit(line, i)
                    && digit(line, i + 2)
                    && digit(line, i + 3)
                    && digit(line, i + 5)
                    && digit(line, i + 6)) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return Optional.empty();
        }
        // A time starts at most TIME_BEFORE characters before its h:mm:ss, and ends at most TIME_AFTER after it.
        String head = line.substring(Math.max(0, first - TIME_BEFORE), Math.min(line.length(), last + TIME_AFTER));
        String shape = null;
        if (reader != null) {
            shape = shape(head);
            Integer known = reader.rowByShape.get(shape);
            if (known != null) {
                Optional<String> t = known < 0 ? Optional.empty() : read(times[known], timeGroups[known], head);
                if (t.isPresent() || known < 0) {
                    return t;
                }
            }
        }
        boolean byShape = true;
        for (int k = 0; k < times.length; k++) {
            Row r = times[k];
            if (!r.anchored(head)) {
                continue;
            }
            Matcher m = r.regex().matcher(head);
            boolean matched = false;
            while (m.find()) {
                matched = true;
                Optional<String> t = iso(timeGroups[k], m);
                if (t.isPresent()) {
                    remember(reader, shape, byShape ? k : null);
                    return t;
                }
            }
            byShape &= !matched; // a value out of range: another line of this shape may differ
        }
        remember(reader, shape, byShape ? -1 : null);
        return Optional.empty();
    }

    private static Optional<String> read(Row r, Groups g, String head) {
        Matcher m = r.regex().matcher(head);
        while (m.find()) {
            Optional<String> t = iso(g, m);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    private static void remember(TimeReader reader, String shape, Integer row) {
        if (reader != null && row != null && reader.rowByShape.size() < TimeReader.MAX_SHAPES) {
            reader.rowByShape.put(shape, row);
        }
    }

    private static String shape(String head) {
        char[] c = head.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= '0' && c[i] <= '9') {
                c[i] = '0';
            }
        }
        return new String(c);
    }

    /** The peer the line names, or empty. */
    public Optional<Peer> peer(String line) {
        for (Row r : peers) {
            if (!r.anchored(line)) {
                continue;
            }
            Matcher m = r.regex().matcher(line);
            while (m.find()) {
                Optional<String> a = Peer.canonical(m.group("host"));
                if (a.isEmpty()) {
                    continue;
                }
                OptionalInt port = OptionalInt.empty();
                if (r.role().equals("server") && r.regex().pattern().contains("(?<port>") && m.group("port") != null) {
                    int p = Integer.parseInt(m.group("port"));
                    if (p > 65535) {
                        continue;
                    }
                    port = OptionalInt.of(p);
                }
                return Optional.of(new Peer(a.get(), port, r.role()));
            }
        }
        return Optional.empty();
    }

    /** The key of the line's connection (a syslog tag with its pid, an Envoy connection id), or empty. */
    public Optional<String> session(String line) {
        for (Row r : sessions) {
            if (!r.anchored(line)) {
                continue;
            }
            Matcher m = r.regex().matcher(line);
            if (m.find()) {
                return Optional.of(r.id() + ":" + m.group("key"));
            }
        }
        return Optional.empty();
    }

    private static boolean digit(String s, int i) {
        char c = s.charAt(i);
        return c >= '0' && c <= '9';
    }

    /** The longest time text before its h:mm:ss ("[Sun Nov 22 1" of Apache's), with room to spare. */
    static final int TIME_BEFORE = 24;
    /** After it: fraction, zone, year and AM/PM (".123456789+01:00", " 2026]"). */
    static final int TIME_AFTER = 32;

    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    /** The match as ISO 8601, or empty when a field is out of range (then it was not a time). */
    static Optional<String> iso(Row r, Matcher m) {
        return iso(Groups.of(r), m);
    }

    private static Optional<String> iso(Groups g, Matcher m) {
        int mo;
        if (g.mo()) {
            mo = Integer.parseInt(m.group("mo"));
        } else {
            mo = MONTHS.indexOf(m.group("mon")) + 1;
        }
        int d = Integer.parseInt(m.group("d"));
        int h = Integer.parseInt(m.group("h"));
        int mi = Integer.parseInt(m.group("mi"));
        int s = Integer.parseInt(m.group("s"));
        if (g.ampm()) {
            if (h < 1 || h > 12) {
                return Optional.empty();
            }
            h = h % 12 + (m.group("ampm").equals("PM") ? 12 : 0);
        }
        if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(32);
        String y = g.y() ? m.group("y") : null;
        b.append(y == null ? "-" : y).append('-');
        two(b, mo).append('-');
        two(b, d).append('T');
        two(b, h).append(':');
        two(b, mi).append(':');
        two(b, s);
        if (g.f() && m.group("f") != null) {
            b.append('.').append(m.group("f"));
        }
        if (g.z() && m.group("z") != null) {
            String z = m.group("z");
            b.append(z.length() == 5 ? z.substring(0, 3) + ":" + z.substring(3) : z);
        }
        return Optional.of(b.toString());
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append(v < 10 ? "0" : "").append(v);
    }
}
