package io.tlsalert.explain;

import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The stacks of {@code stacks.tsv}; the one loader of that file. */
public final class Stacks {
    private final Map<String, Stack> byId = new LinkedHashMap<>();
    private final List<Stack> refiners = new ArrayList<>();

    private Stacks(List<Stack> stacks) {
        for (Stack s : stacks) {
            byId.put(s.id(), s);
            if (s.base().isPresent()) {
                refiners.add(s);
            }
        }
    }

    static Stacks load() {
        List<Stack> stacks = new ArrayList<>();
        for (DataFile.Row row : DataFile.read(Explainer.class, "stacks.tsv", 5)) {
            String base = row.cell(2);
            List<String> markers = row.cell(3).equals("-")
                    ? List.of()
                    : Arrays.asList(row.cell(3).split("\\|"));
            Optional<java.util.regex.Pattern> noAlert = row.cell(4).equals("-")
                    ? Optional.empty()
                    : Optional.of(java.util.regex.Pattern.compile(row.cell(4)));
            stacks.add(new Stack(
                    row.cell(0),
                    row.cell(1),
                    base.equals("-") ? Optional.empty() : Optional.of(base),
                    markers,
                    noAlert));
        }
        Stacks s = new Stacks(stacks);
        for (Stack st : stacks) {
            if (st.base().isPresent() && !s.byId.containsKey(st.base().get())) {
                throw new IllegalStateException("stacks.tsv: stack " + st.id() + " has unknown base "
                        + st.base().get());
            }
        }
        return s;
    }

    /** {@code true} when {@code stack} fails without sending the alert that pattern {@code patternId} implies. */
    boolean sendsNoAlert(String stack, String patternId) {
        Stack s = byId.get(stack);
        return s != null
                && s.noAlertFor().map(p -> p.matcher(patternId).matches()).orElse(false);
    }

    public Optional<Stack> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The stack id in {@code column} of a data row; an id no stack has is an error naming file and line. */
    String idIn(DataFile.Row row, int column) {
        String id = row.cell(column);
        if (byId(id).isEmpty()) {
            throw row.error("unknown stack '" + id + "'");
        }
        return id;
    }

    public List<Stack> all() {
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }

    /** {@code true} when some stack prints the messages of {@code base}. */
    boolean hasRefiners(String base) {
        for (Stack s : refiners) {
            if (s.base().get().equals(base)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The stack that printed {@code context}, when a stack built on {@code base} left its marker there; otherwise
     * {@code base} itself.
     */
    String refine(String base, CharSequence context) {
        for (Stack s : refiners) {
            if (!s.base().get().equals(base)) {
                continue;
            }
            for (String m : s.markers()) {
                if (Text.contains(context, m)) {
                    return s.id();
                }
            }
        }
        return base;
    }

    /** The lines that continue a matched line's log entry (indented, or a JDK trace's "Caused by:"), read on demand. */
    interface Entry {
        /** The rest of the matched line and the lines that continue its entry. */
        String after();
    }

    /**
     * A library's stack refined to the program that printed the line: by the line's own marker, else by one on the
     * lines that continue its log entry. Never by the next entries (issue 11 item 4: the same line is attributed the
     * same way wherever it stands in a log).
     */
    String refined(String stack, String line, Entry entry) {
        if (!hasRefiners(stack)) {
            return stack;
        }
        String onLine = refine(stack, line);
        return onLine.equals(stack) ? refine(stack, line + "\n" + entry.after()) : onLine;
    }
}
