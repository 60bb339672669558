package io.tlsalert.explain;

/**
 * Where each anchor occurs in one window's text: found in one scan of it, so that a pattern whose anchor is not
 * there is skipped, and a pattern that knows how far before its anchor a match starts is tried only there.
 */
final class Anchors {
    /** The positions of each anchor found, made on its first occurrence: most texts hold a few anchors. */
    final int[][] at;

    final int[] count;
    /** The anchors found in the last window, whose counts the next scan resets. */
    private final int[] found;

    private int foundCount;

    Anchors(int anchors) {
        at = new int[anchors][];
        count = new int[anchors];
        found = new int[anchors];
    }

    /** Finds every anchor that lies wholly in {@code text}. */
    void scan(byte[][][] byPair, int[][] ids, long[] pairBits, String text) {
        for (int i = 0; i < foundCount; i++) {
            count[found[i]] = 0;
        }
        foundCount = 0;
        int n = text.length();
        for (int j = 0; j < n - 1; j++) {
            char c0 = text.charAt(j);
            char c1 = text.charAt(j + 1);
            if (c0 >= 0x80 || c1 >= 0x80) {
                continue; // anchors are ASCII
            }
            int pair = c0 << 8 | c1;
            if ((pairBits[pair >>> 6] & (1L << pair)) == 0) {
                continue;
            }
            byte[][] cands = byPair[pair];
            outer:
            for (int k = 0; k < cands.length; k++) {
                byte[] a = cands[k];
                if (j + a.length > n) {
                    continue;
                }
                for (int x = 2; x < a.length; x++) {
                    if (text.charAt(j + x) != a[x]) {
                        continue outer;
                    }
                }
                int id = ids[pair][k];
                if (count[id] == 0) {
                    found[foundCount++] = id;
                    if (at[id] == null) {
                        at[id] = new int[4];
                    }
                }
                if (count[id] == at[id].length) {
                    at[id] = java.util.Arrays.copyOf(at[id], at[id].length * 2);
                }
                at[id][count[id]++] = j;
            }
        }
    }

    /** Whether one of {@code anchors} (which share their first two bytes with {@code buf[i..i+1]}) starts at {@code i}. */
    static boolean startsWithAny(byte[] buf, int i, byte[][] anchors) {
        outer:
        for (byte[] a : anchors) {
            if (i + a.length > buf.length) {
                continue;
            }
            for (int k = 2; k < a.length; k++) {
                if (buf[i + k] != a[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
