package io.tlsalert.explain;

import io.tlsalert.registry.AlertRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The data a scan reads, loaded once: names, stacks, patterns (compiled, in the order they are tried), the derived
 * tables, the failure texts, the cause hints, and the anchor tables that pick the lines worth a regex.
 *
 * @param registry  the alert registry
 * @param derived   the texts derived from the stacks' sources, consulted for a line the patterns find nothing on
 * @param byPair    the distinct anchors (the patterns' and the derived tables' markers) by their first two bytes
 * @param idsByPair the number of each of those anchors (the index into a window's anchors-present table)
 * @param pairBits  bit {@code pair} set when some anchor begins with those two bytes ({@code byPair[pair] != null})
 * @param anchors   how many distinct anchors there are
 * @param markerIds the number of each derived-table marker among the anchors
 */
record ScanTables(
        AlertRegistry registry,
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
        long[] pairBits,
        int anchors,
        Map<String, Integer> markerIds) {
    /**
     * A pattern with the named groups it has, found once at load, the number of its anchor, and how far before the
     * anchor its matches can start (empty: anywhere; then it is searched over the whole window).
     */
    record Compiled(
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

    /** The spellings of the word that the general detector looks around ({@link InferredAlerts}). */
    static final List<String> ALERT_WORDS = List.of("alert", "Alert", "ALERT");

    static ScanTables build(AlertRegistry registry) {
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
        long[] pairBits = new long[65536 / 64];
        for (Map.Entry<Integer, List<byte[]>> e : pairs.entrySet()) {
            byPair[e.getKey()] = e.getValue().toArray(new byte[0][]);
            pairBits[e.getKey() >>> 6] |= 1L << e.getKey();
            int[] ids = new int[byPair[e.getKey()].length];
            for (int k = 0; k < ids.length; k++) {
                ids[k] = anchorIds.get(new String(byPair[e.getKey()][k], StandardCharsets.UTF_8));
            }
            idsByPair[e.getKey()] = ids;
        }
        return new ScanTables(
                registry,
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
                pairBits,
                anchorIds.size(),
                Map.copyOf(markerIds));
    }
}
