package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one connection keeps of something a capture can repeat without end (alerts, warnings): the first
 * {@link Budget#limit} items in full, then only a count and the latest one.
 */
final class Kept<T> {
    private final Budget budget;
    private final List<T> first = new ArrayList<>(1);
    /** Past the budget: the latest item. */
    private T last;

    private long notKept;

    Kept(Budget budget) {
        this.budget = budget;
    }

    /** Adds an item; returns false when it is the first one past the budget (the caller says so, once). */
    boolean add(T item) {
        if (first.size() < budget.limit) {
            first.add(item);
            return true;
        }
        boolean firstOver = last == null;
        if (!firstOver) {
            notKept++;
        }
        last = item;
        return !firstOver;
    }

    boolean isEmpty() {
        return first.isEmpty();
    }

    /** Items added, kept or not. */
    long total() {
        return first.size() + (last == null ? 0 : 1) + notKept;
    }

    /** Items counted and not kept: past the budget, all but the latest. */
    long notKept() {
        return notKept;
    }

    /** The items kept, in the order added: the first ones, then the latest. */
    List<T> list() {
        if (last == null) {
            return Collections.unmodifiableList(first);
        }
        List<T> l = new ArrayList<>(first.size() + 1);
        l.addAll(first);
        l.add(last);
        return l;
    }

    /** Replaces the kept items (the same number, e.g. sorted or updated). */
    void replace(List<T> items) {
        int n = first.size();
        for (int i = 0; i < n; i++) {
            first.set(i, items.get(i));
        }
        if (last != null) {
            last = items.get(n);
        }
    }

    /** The texts kept, then one line counting those that were not (for warnings). */
    static List<String> withCount(Kept<String> k) {
        List<String> l = k.list();
        long more = k.total() - l.size();
        if (more == 0) {
            return l;
        }
        List<String> out = new ArrayList<>(l);
        out.add(String.format(java.util.Locale.ROOT, "%,d more warnings not kept (%s)", more, k.budget.describe()));
        return out;
    }
}
