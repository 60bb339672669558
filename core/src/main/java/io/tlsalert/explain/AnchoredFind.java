package io.tlsalert.explain;

import java.util.regex.Matcher;

/**
 * The successive matches of one pattern in a window, exactly as {@link Matcher#find()} gives them, but tried only
 * at the start positions where a match can begin: at most {@code before} characters before an occurrence of the
 * pattern's anchor (every match holds the anchor's literal that far from its start, {@link AnchorOffset}).
 */
final class AnchoredFind {
    private final Matcher m;
    private final int[] at;
    private final int n;
    private final int before;
    private final int textEnd;
    private int k;
    /** The next start position to try: after the last match, and never one tried already. */
    private int next;

    AnchoredFind(Matcher m, int[] at, int n, int before, int textEnd) {
        this.m = m.useTransparentBounds(true).useAnchoringBounds(false);
        this.at = at;
        this.n = n;
        this.before = before;
        this.textEnd = textEnd;
    }

    boolean find() {
        for (; k < n; k++) {
            int q = at[k];
            for (int s = Math.max(next, q - before); s <= q; s++) {
                m.region(s, textEnd);
                if (m.lookingAt()) {
                    next = Math.max(m.end(), s + 1);
                    return true;
                }
            }
            next = Math.max(next, q + 1);
        }
        return false;
    }
}
