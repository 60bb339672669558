package io.tlsalert.explain;

import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The texts each stack prints when a handshake fails, read from the stacks' own sources ({@code derived/*.tsv}, made
 * by {@code tools/derive-texts/derive.py}), and where in a line each stack prints them ({@code derived/forms.tsv}); the
 * one loader of those files.
 *
 * <p>Explain consults these tables under the hand-written patterns, for a line the patterns found nothing on. A line
 * is only looked at where one of the forms' markers stands ({@code SSL routines:}, {@code Exception: }, {@code tls: }
 * ...); there, the rows whose text starts with the same few characters are tried, longest first. So the tables cost
 * nothing on lines without a marker, and little on lines with one.
 */
public final class DerivedTexts {
    /** What a row's text means. */
    public enum Kind {
        /** The stack reports the peer's alert. */
        RECEIVED,
        /** The local side sends the alert because of this error. */
        SENT,
        /** No alert is exchanged. */
        NONE,
        /** The stack reports writing this alert itself (a trace's {@code >>>} or {@code (OUT)} line). */
        WRITTEN;

        static Kind in(DataFile.Row row, int column) {
            for (Kind k : values()) {
                if (k.id().equals(row.cell(column))) {
                    return k;
                }
            }
            throw row.error("kind must be received, sent, none or written, not '" + row.cell(column) + "'");
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One text from a stack's source.
     *
     * @param stack    the stack that prints it (stacks.tsv)
     * @param text     the text, {@code *} where the stack fills something in
     * @param kind     received, sent or none
     * @param alert    the alert code; empty for {@link Kind#NONE}
     * @param versions the versions whose source prints it
     * @param token    the reason's name where the stack prints one (Python's {@code [SSL: NAME]}), or {@code -}
     * @param reasons  the reason code per version ({@code 3.0.20=134}), for the packed error code; may be empty
     * @param also     the other outcomes of the same text at other call sites: alert codes, or {@code none}
     * @param source   where it was read: project, file@version:line
     * @param file     the data file and line of the row, for messages
     */
    public record Row(
            String stack,
            String text,
            Kind kind,
            OptionalInt alert,
            List<String> versions,
            String token,
            Map<String, Integer> reasons,
            List<String> also,
            String source,
            String file) {
        public Row {
            versions = List.copyOf(versions);
            reasons = Map.copyOf(reasons);
            also = List.copyOf(also);
        }

        /** The literal pieces between the wildcards. */
        List<String> parts() {
            return Arrays.asList(text.split("\\*", -1));
        }
    }

    /** Where the text starts, relative to a form's marker. */
    enum Start {
        /** The text begins with the marker (Go's {@code tls: }). */
        AT,
        /** The text follows the marker (the JDK's {@code Exception: }). */
        AFTER,
        /** One ':'-terminated field follows the marker, then the text (OpenSSL's function name, empty in 3.x). */
        FIELD,
        /** The reason's name follows the marker (Python's {@code [SSL: NAME]}). */
        TOKEN,
        /** The text is a name that begins with the marker, read whole (NSS's {@code SSL_ERROR_NO_CYPHER_OVERLAP}). */
        NAME,
        /**
         * The text ends just before the marker (Python's {@code "<text> (_ssl.c:N)"}); rows without a wildcard only,
         * since the text has to be found backwards from the marker.
         */
        BEFORE
    }

    /** A place in a line where a stack prints one of its texts. */
    record Form(String stack, String marker, Start start) {}

    /** A row found in a line, and the text it matched. */
    public record Match(Row row, String text) {}

    /** Rows are bucketed by this many first characters of their text. */
    private static final int KEY = 4;
    /**
     * A form is tried at this many places of its marker in a line at most: a stack prints its marker once or twice on a
     * line, and a line packed with a marker (issue 10's adversarial input: "SEND " 200,000 times in a MiB, each place
     * trying the 58 rows that begin with it) costs no more than these few tries per window.
     */
    private static final int MAX_PLACES = 16;
    /** A wildcard stands for at most this many characters. */
    private static final int WILD_MAX = 200;

    private final List<Form> forms;
    private final List<Row> rows;
    /** stack -> first KEY characters -> rows, longest literal first. */
    private final Map<String, Map<String, List<Compiled>>> byKey = new HashMap<>();
    /** stack -> rows whose first literal piece is shorter than KEY. */
    private final Map<String, List<Compiled>> shortRows = new HashMap<>();
    /** stack -> rows without a wildcard, longest first (for {@link Start#BEFORE}). */
    private final Map<String, List<Compiled>> plainRows = new HashMap<>();
    /** stack -> token -> row. */
    private final Map<String, Map<String, Row>> byToken = new HashMap<>();

    private record Compiled(Row row, String[] parts, int literal) {}

    private DerivedTexts(List<Form> forms, List<Row> rows) {
        this.forms = List.copyOf(forms);
        this.rows = List.copyOf(rows);
        for (Row r : rows) {
            String[] parts = r.parts().toArray(new String[0]);
            int literal = 0;
            for (String p : parts) {
                literal += p.length();
            }
            Compiled c = new Compiled(r, parts, literal);
            if (parts[0].length() >= KEY) {
                byKey.computeIfAbsent(r.stack(), s -> new HashMap<>())
                        .computeIfAbsent(parts[0].substring(0, KEY), k -> new ArrayList<>())
                        .add(c);
            } else {
                shortRows.computeIfAbsent(r.stack(), s -> new ArrayList<>()).add(c);
            }
            if (parts.length == 1) {
                plainRows.computeIfAbsent(r.stack(), s -> new ArrayList<>()).add(c);
            }
            if (!r.token().equals("-")) {
                byToken.computeIfAbsent(r.stack(), s -> new HashMap<>()).putIfAbsent(r.token(), r);
            }
        }
        Comparator<Compiled> longestFirst =
                Comparator.comparingInt(Compiled::literal).reversed();
        byKey.values().forEach(m -> m.values().forEach(l -> l.sort(longestFirst)));
        shortRows.values().forEach(l -> l.sort(longestFirst));
        plainRows.values().forEach(l -> l.sort(longestFirst));
    }

    /** Loads {@code derived/forms.tsv} and the tables it names. */
    static DerivedTexts load(AlertRegistry registry, Stacks stacks) {
        List<Form> forms = new ArrayList<>();
        Set<String> tables = new LinkedHashSet<>();
        Map<String, String> stackOfTable = new HashMap<>();
        for (DataFile.Row row : DataFile.read(Explainer.class, "derived/forms.tsv", 4, List.of("stack", "table"))) {
            String stack = stacks.idIn(row, 0);
            String table = row.cell(1);
            String was = stackOfTable.putIfAbsent(table, stack);
            if (was != null && !was.equals(stack)) {
                throw row.error("table " + table + " belongs to stack " + was);
            }
            tables.add(table);
            Start start;
            try {
                start = Start.valueOf(row.cell(3).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw row.error("start must be at, after, field, token, name or before, not '" + row.cell(3) + "'");
            }
            if (row.cell(2).length() < 2) {
                throw row.error("marker must be at least 2 characters");
            }
            forms.add(new Form(stack, row.cell(2), start));
        }
        List<Row> rows = new ArrayList<>();
        for (String table : tables) {
            Set<String> texts = new java.util.HashSet<>();
            for (DataFile.Row row :
                    DataFile.read(Explainer.class, "derived/" + table, 8, List.of("text", "kind", "alert"))) {
                Row r = row(registry, stackOfTable.get(table), row);
                if (!texts.add(r.text())) {
                    throw row.error("duplicate text '" + r.text() + "'");
                }
                rows.add(r);
            }
        }
        return new DerivedTexts(forms, rows);
    }

    private static Row row(AlertRegistry registry, String stack, DataFile.Row row) {
        String text = row.cell(0);
        if (text.replace("*", "").length() < 4 || text.startsWith("*") || text.endsWith("*")) {
            throw row.error("text must hold at least 4 literal characters and neither start nor end with '*'");
        }
        Kind kind = Kind.in(row, 1);
        OptionalInt alert = OptionalInt.empty();
        if (kind == Kind.NONE) {
            if (!row.cell(2).equals("-")) {
                throw row.error("a 'none' row has no alert code");
            }
        } else {
            int c = Integer.parseInt(row.cell(2));
            if (c < 0 || c > Explainer.ALERT_MAX) {
                throw row.error("alert code out of range: " + c);
            }
            alert = OptionalInt.of(c);
        }
        Map<String, Integer> reasons = new HashMap<>();
        if (!row.cell(5).equals("-")) {
            for (String vr : row.cell(5).split(",")) {
                int eq = vr.indexOf('=');
                if (eq < 0) {
                    throw row.error("reason must be version=code, not '" + vr + "'");
                }
                reasons.put(vr.substring(0, eq), Integer.parseInt(vr.substring(eq + 1)));
            }
        }
        return new Row(
                stack,
                text,
                kind,
                alert,
                Arrays.asList(row.cell(3).split(",")),
                row.cell(4),
                reasons,
                row.cell(6).equals("-") ? List.of() : Arrays.asList(row.cell(6).split(",")),
                row.cell(7),
                row.file() + ":" + row.line());
    }

    /** Every row of every table, in file order. */
    public List<Row> rows() {
        return rows;
    }

    /** The forms' markers: the literals a line must hold for the tables to be consulted. */
    List<String> markers() {
        List<String> l = new ArrayList<>();
        for (Form f : forms) {
            if (!l.contains(f.marker())) {
                l.add(f.marker());
            }
        }
        return l;
    }

    /** The first row found in one line, looking where each form's marker stands. */
    Optional<Match> match(String line) {
        return match(line, marker -> true);
    }

    /** The same, looking only at the forms whose marker {@code present} says the line holds (a scan found it). */
    Optional<Match> match(String line, java.util.function.Predicate<String> present) {
        Places places = new Places(line);
        for (Form f : forms) {
            if (!present.test(f.marker())) {
                continue;
            }
            int from = 0;
            int at;
            for (int tries = 0; tries < MAX_PLACES && (at = line.indexOf(f.marker(), from)) >= 0; tries++) {
                from = at + 1;
                Optional<Match> m = matchAt(f, line, at, places);
                if (m.isPresent()) {
                    return m;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Match> matchAt(Form f, String line, int at, Places places) {
        if (f.start() == Start.BEFORE) {
            for (Compiled c : plainRows.getOrDefault(f.stack(), List.of())) {
                int p = at - c.literal();
                if (p >= 0
                        && line.startsWith(c.parts()[0], p)
                        && (p == 0 || !Character.isLetterOrDigit(line.charAt(p - 1)))) {
                    return Optional.of(new Match(c.row(), c.parts()[0]));
                }
            }
            return Optional.empty();
        }
        int p = switch (f.start()) {
            case AT, NAME -> at;
            case AFTER, TOKEN -> at + f.marker().length();
            case FIELD -> {
                // Python's "_ssl.c:975: The handshake operation timed out" puts a space after the field.
                int colon = line.indexOf(':', at + f.marker().length());
                int q = colon < 0 ? -1 : colon + 1;
                while (q > 0 && q < line.length() && line.charAt(q) == ' ') {
                    q++;
                }
                yield q;
            }
            case BEFORE -> throw new AssertionError("handled above");
        };
        if (p < 0 || p >= line.length()) {
            return Optional.empty();
        }
        if (f.start() == Start.TOKEN || f.start() == Start.NAME) {
            if (f.start() == Start.NAME && p > 0 && isTokenChar(line.charAt(p - 1))) {
                return Optional.empty(); // inside a longer name
            }
            int e = p;
            while (e < line.length() && isTokenChar(line.charAt(e))) {
                e++;
            }
            Row r = byToken.getOrDefault(f.stack(), Map.of()).get(line.substring(p, e));
            return r == null ? Optional.empty() : Optional.of(new Match(r, line.substring(at, e)));
        }
        List<Compiled> cands = new ArrayList<>();
        if (p + KEY <= line.length()) {
            cands.addAll(byKey.getOrDefault(f.stack(), Map.of()).getOrDefault(line.substring(p, p + KEY), List.of()));
        }
        cands.addAll(shortRows.getOrDefault(f.stack(), List.of()));
        for (Compiled c : cands) {
            int end = globEnd(line, p, c.parts(), places);
            if (end >= 0 && (end == line.length() || !Character.isLetterOrDigit(line.charAt(end)))) {
                return Optional.of(new Match(c.row(), line.substring(p, end)));
            }
        }
        return Optional.empty();
    }

    private static boolean isTokenChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** Where the text's pieces, in order, end in {@code line} when the first starts at {@code p}; -1 if they do not. */
    private static int globEnd(String line, int p, String[] parts, Places places) {
        if (!line.startsWith(parts[0], p)) {
            return -1;
        }
        int pos = p + parts[0].length();
        for (int i = 1; i < parts.length; i++) {
            // The next piece within WILD_MAX characters: searched there only, not to the end of the window.
            int next = places.next(parts[i], pos + 1, pos + WILD_MAX);
            if (next < 0) {
                return -1;
            }
            pos = next + parts[i].length();
        }
        return pos;
    }

    /**
     * Where the pieces after a wildcard begin in one line, each beginning found once for the line. The rows tried at
     * one marker share theirs (the 58 rows {@code SEND * ALERT:  fatal, description = <name>}, s_client's
     * {@code <<< *, Alert [length 0002], fatal <name>}): searching each row's piece over the wildcard's reach anew,
     * at every place the marker stands, made a line packed with markers cost seconds per MiB.
     */
    private static final class Places {
        /** A piece's first characters, the key of its places. */
        private static final int HEAD = 8;

        private final String line;
        private final Map<String, int[]> byHead = new HashMap<>();
        /** The same arrays by piece: a row's piece is one String, looked up without cutting its head again. */
        private final Map<String, int[]> byPiece = new HashMap<>();

        Places(String line) {
            this.line = line;
        }

        /** The first place from {@code from} to {@code last} where {@code piece} stands; -1 if none. */
        int next(String piece, int from, int last) {
            int[] at = byPiece.get(piece);
            if (at == null) {
                at = byHead.computeIfAbsent(piece.substring(0, Math.min(HEAD, piece.length())), this::all);
                byPiece.put(piece, at);
            }
            int i = Arrays.binarySearch(at, from);
            for (i = i < 0 ? -i - 1 : i; i < at.length && at[i] <= last; i++) {
                if (line.startsWith(piece, at[i])) {
                    return at[i];
                }
            }
            return -1;
        }

        private int[] all(String head) {
            int[] at = new int[8];
            int n = 0;
            for (int j = line.indexOf(head); j >= 0; j = line.indexOf(head, j + 1)) {
                if (n == at.length) {
                    at = Arrays.copyOf(at, n * 2);
                }
                at[n++] = j;
            }
            return Arrays.copyOf(at, n);
        }
    }
}
