package io.tlsalert.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The characters of a JSON tree, counted while the tree is built so that building stops at the limit: a few input
 * bytes can become many characters (a 2-byte cipher suite is a 60-character {@code {value, name, hex}} map; 6.5 MB of
 * ClientHellos made 344 MB of JSON and 3.2 GB of heap before), so counting the finished tree would be too late.
 *
 * <p>The count is the length of the compact JSON (no whitespace between tokens) that a standard writer prints for the
 * tree: {@code "} and {@code \} escaped as two characters, control characters as two ({@code \n}, {@code \t}, ...) or
 * six ({@code \}{@code u001B}). Indented output adds whitespace on top of it.
 *
 * <p>The tree is made of {@link Node}s and {@link Items} of one budget; each charges what it adds when it is added.
 * Any other map or list put into them (a finding from {@link Views}, a list of names from the decoder) is measured
 * whole with {@link #size(Object)}. One budget belongs to one tree being built on one thread.
 */
final class JsonBudget {
    /** Thrown by a charge that takes the tree past the limit, while the budget is {@link #open()}. */
    static final class Spent extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Spent() {
            super("JSON output limit reached", null, false, false);
        }
    }

    private final long max;
    private long used;
    private boolean open = true;

    JsonBudget(long max) {
        this.max = max;
    }

    /** Whether charges past the limit still throw: {@link #close()} lets the closing keys of a cut tree in. */
    boolean open() {
        return open;
    }

    /** From now on nothing throws: what is added after the cut is small and fixed (the closing keys). */
    void close() {
        open = false;
    }

    long used() {
        return used;
    }

    void charge(long chars) {
        used += chars;
        if (open && used > max) {
            throw new Spent();
        }
    }

    Node node() {
        return new Node();
    }

    Items items() {
        return new Items();
    }

    /** What {@code v} costs inside a node or list: brackets only for this budget's own, whose contents charge. */
    private long costInside(Object v) {
        if ((v instanceof Node n && n.budget() == this) || (v instanceof Items l && l.budget() == this)) {
            return 2;
        }
        return size(v);
    }

    /** A JSON object that charges each key and value as it is put. */
    final class Node extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;

        private JsonBudget budget() {
            return JsonBudget.this;
        }

        @Override
        public Object put(String key, Object value) {
            // A key put again replaces its value: the first value's charge stays (an over-count, never an under-count).
            charge((isEmpty() ? 0 : 1) + string(key) + 1 + costInside(value));
            return super.put(key, value);
        }

        @Override
        public void putAll(Map<? extends String, ?> m) {
            // LinkedHashMap.putAll does not go through put().
            for (Map.Entry<? extends String, ?> e : m.entrySet()) {
                put(e.getKey(), e.getValue());
            }
        }
    }

    /** A JSON array that charges each element as it is added. */
    final class Items extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        private JsonBudget budget() {
            return JsonBudget.this;
        }

        @Override
        public boolean add(Object value) {
            charge((isEmpty() ? 0 : 1) + costInside(value));
            return super.add(value);
        }

        @Override
        public boolean addAll(Collection<?> c) {
            for (Object o : c) {
                add(o);
            }
            return !c.isEmpty();
        }
    }

    /** The compact JSON length of a value: null, boolean, number, string, map, collection or array of those. */
    static long size(Object v) {
        if (v == null) {
            return 4;
        }
        if (v instanceof String s) {
            return string(s);
        }
        if (v instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (v instanceof Number || v instanceof Character) {
            return v instanceof Character c
                    ? string(String.valueOf(c))
                    : v.toString().length();
        }
        if (v instanceof Map<?, ?> m) {
            long n = 2 + Math.max(0, m.size() - 1);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += string(String.valueOf(e.getKey())) + 1 + size(e.getValue());
            }
            return n;
        }
        if (v instanceof Collection<?> c) {
            long n = 2 + Math.max(0, c.size() - 1);
            for (Object o : c) {
                n += size(o);
            }
            return n;
        }
        if (v instanceof Object[] a) {
            long n = 2 + Math.max(0, a.length - 1);
            for (Object o : a) {
                n += size(o);
            }
            return n;
        }
        if (v instanceof Enum<?> e) {
            return string(e.name());
        }
        return string(v.toString());
    }

    /** A JSON string's length with its quotes and escapes (RFC 8259 §7). */
    static long string(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                n += 2;
            } else if (c < 0x20) {
                n += 6;
            } else {
                n++;
            }
        }
        return n;
    }
}
