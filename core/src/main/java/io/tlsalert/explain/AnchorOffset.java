package io.tlsalert.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How far before its anchor a pattern's match can start: the most characters that the part of the regular expression
 * before the anchor's literal text can match. With it, the explainer tries a pattern only at the few start positions
 * where a match can begin (at most that many characters before each occurrence of the anchor) instead of searching the
 * whole window with it: the same matches, found in time proportional to the anchors, not to the window.
 *
 * <p>Reads the subset of {@link java.util.regex.Pattern} syntax the data uses: literals and escaped literals,
 * character classes, {@code .}, {@code \d \s \S \w}, zero-width {@code ^ $ \b} and look-arounds, groups (capturing,
 * named, non-capturing) with alternation inside, and the quantifiers {@code ? * + {n} {m,n} {m,}}. Anything else
 * (back-references, inline flags, a top-level alternation, the anchor not written out at top level) gives empty: the
 * pattern is then searched over the whole window, as before.
 */
final class AnchorOffset {
    private static final int INFINITE = Integer.MAX_VALUE;

    /** One element of a sequence: the literal character it is (or -1) and how many characters it can match at most. */
    private record Atom(int literal, int max, List<Atom> inner) {}

    private final String re;
    private int pos;

    private AnchorOffset(String re) {
        this.re = re;
    }

    /** The most characters a match of {@code regex} can have before {@code anchor}, or empty when not known. */
    static OptionalInt of(String regex, String anchor) {
        try {
            AnchorOffset a = new AnchorOffset(regex);
            List<List<Atom>> branches = a.alternatives();
            if (a.pos != regex.length() || branches.size() != 1) {
                return OptionalInt.empty();
            }
            List<Atom> flat = new ArrayList<>();
            flatten(branches.get(0), flat);
            return find(flat, anchor);
        } catch (Unknown e) {
            return OptionalInt.empty();
        }
    }

    /** Unquantified groups with a single alternative are spliced in: their literals are then at top level. */
    private static void flatten(List<Atom> seq, List<Atom> out) {
        for (Atom a : seq) {
            if (a.inner() != null) {
                flatten(a.inner(), out);
            } else {
                out.add(a);
            }
        }
    }

    private static OptionalInt find(List<Atom> seq, String anchor) {
        for (int i = 0; i + anchor.length() <= seq.size(); i++) {
            boolean match = true;
            for (int k = 0; k < anchor.length() && match; k++) {
                match = seq.get(i + k).literal() == anchor.charAt(k);
            }
            if (match) {
                long before = 0;
                for (int k = 0; k < i; k++) {
                    before += seq.get(k).max();
                    if (before >= INFINITE) {
                        return OptionalInt.empty();
                    }
                }
                return OptionalInt.of((int) before);
            }
        }
        return OptionalInt.empty();
    }

    private static final class Unknown extends RuntimeException {
        Unknown() {
            super(null, null, false, false);
        }
    }

    private List<List<Atom>> alternatives() {
        List<List<Atom>> branches = new ArrayList<>();
        branches.add(sequence());
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            branches.add(sequence());
        }
        return branches;
    }

    private List<Atom> sequence() {
        List<Atom> seq = new ArrayList<>();
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            Atom a = atom();
            seq.add(quantified(a));
        }
        return seq;
    }

    private Atom quantified(Atom a) {
        if (pos >= re.length()) {
            return a;
        }
        char c = re.charAt(pos);
        long times;
        if (c == '?') {
            pos++;
            times = 1;
        } else if (c == '*' || c == '+') {
            pos++;
            times = INFINITE;
        } else if (c == '{') {
            int close = re.indexOf('}', pos);
            if (close < 0) {
                throw new Unknown();
            }
            String body = re.substring(pos + 1, close);
            pos = close + 1;
            int comma = body.indexOf(',');
            if (comma < 0) {
                times = Integer.parseInt(body);
            } else if (comma == body.length() - 1) {
                times = INFINITE;
            } else {
                times = Integer.parseInt(body.substring(comma + 1));
            }
        } else {
            return a;
        }
        if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
            pos++; // lazy or possessive: the same most characters
        }
        long max = a.max() == 0 ? 0 : times >= INFINITE ? INFINITE : Math.min(INFINITE, a.max() * times);
        return new Atom(-1, (int) max, null);
    }

    private Atom atom() {
        char c = re.charAt(pos++);
        switch (c) {
            case '\\':
                return escape();
            case '[':
                skipClass();
                return new Atom(-1, 1, null);
            case '.':
                return new Atom(-1, 1, null);
            case '^':
            case '$':
                return new Atom(-1, 0, null);
            case '(':
                return group();
            case '*':
            case '+':
            case '?':
            case '{':
                throw new Unknown();
            default:
                return new Atom(c, 1, null);
        }
    }

    private Atom escape() {
        if (pos >= re.length()) {
            throw new Unknown();
        }
        char e = re.charAt(pos++);
        switch (e) {
            case 'd', 'D', 's', 'S', 'w', 'W', 'h', 'H', 'v', 'V' -> {
                return new Atom(-1, 1, null);
            }
            case 'b', 'B', 'A', 'z', 'Z', 'G' -> {
                return new Atom(-1, 0, null);
            }
            case 'n' -> {
                return new Atom('\n', 1, null);
            }
            case 't' -> {
                return new Atom('\t', 1, null);
            }
            case 'r' -> {
                return new Atom('\r', 1, null);
            }
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw new Unknown(); // back-references, \p{..}, \x.., \Q..\E: not in the data
                }
                return new Atom(e, 1, null);
            }
        }
    }

    private void skipClass() {
        if (pos < re.length() && re.charAt(pos) == '^') {
            pos++;
        }
        if (pos < re.length() && re.charAt(pos) == ']') {
            pos++; // a ']' first is a literal
        }
        while (pos < re.length()) {
            char c = re.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '[') {
                skipClass();
            } else if (c == ']') {
                return;
            }
        }
        throw new Unknown();
    }

    private Atom group() {
        boolean zeroWidth = false;
        if (re.startsWith("?:", pos)) {
            pos += 2;
        } else if (re.startsWith("?=", pos) || re.startsWith("?!", pos)) {
            pos += 2;
            zeroWidth = true;
        } else if (re.startsWith("?<=", pos) || re.startsWith("?<!", pos)) {
            pos += 3;
            zeroWidth = true;
        } else if (re.startsWith("?<", pos)) {
            int close = re.indexOf('>', pos);
            if (close < 0) {
                throw new Unknown();
            }
            pos = close + 1;
        } else if (pos < re.length() && re.charAt(pos) == '?') {
            throw new Unknown(); // inline flags, atomic groups
        }
        List<List<Atom>> branches = alternatives();
        if (pos >= re.length() || re.charAt(pos) != ')') {
            throw new Unknown();
        }
        pos++;
        if (zeroWidth) {
            return new Atom(-1, 0, null);
        }
        long max = 0;
        for (List<Atom> b : branches) {
            long m = 0;
            for (Atom a : b) {
                m = Math.min(INFINITE, m + a.max());
            }
            max = Math.max(max, m);
        }
        // A group that is not quantified and has one alternative: its atoms may be spliced in (see flatten); the
        // quantifier, if any, makes it one opaque atom.
        boolean quantifierFollows = pos < re.length() && "?*+{".indexOf(re.charAt(pos)) >= 0;
        return new Atom(-1, (int) max, branches.size() == 1 && !quantifierFollows ? branches.get(0) : null);
    }
}
