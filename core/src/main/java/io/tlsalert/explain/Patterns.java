package io.tlsalert.explain;

import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.PatternSyntaxException;

/** The per-stack message patterns of {@code patterns.tsv}; the one loader of that file. Order in the file is priority. */
public final class Patterns {
    private final List<Pattern> all;

    private Patterns(List<Pattern> all) {
        this.all = List.copyOf(all);
    }

    static Patterns load(AlertRegistry registry, Stacks stacks) {
        List<Pattern> list = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (DataFile.Row row : DataFile.read(Explainer.class, "patterns.tsv", 8)) {
            String id = row.cell(0);
            if (!ids.add(id)) {
                throw row.error("duplicate pattern id '" + id + "'");
            }
            String stack = stacks.idIn(row, 1);
            Direction dir = Direction.in(row, 2);
            String anchor = row.cell(3);
            if (anchor.isEmpty()) {
                throw row.error("empty anchor");
            }
            java.util.regex.Pattern regex;
            try {
                regex = java.util.regex.Pattern.compile(row.cell(4));
            } catch (PatternSyntaxException e) {
                throw row.error("bad regex: " + e.getDescription());
            }
            OptionalInt implies = OptionalInt.empty();
            boolean noAlert = row.cell(5).equals("none");
            if (!row.cell(5).equals("-") && !noAlert) {
                int c = Integer.parseInt(row.cell(5));
                if (registry.byCode(c).isEmpty()) {
                    throw row.error("implies unassigned alert " + c);
                }
                implies = OptionalInt.of(c);
            }
            String example = row.cell(6).replace("\\t", "\t").replace("\\n", "\n");
            if (!example.contains(anchor)) {
                throw row.error("example does not contain the anchor '" + anchor + "'");
            }
            list.add(new Pattern(
                    id, stack, dir, anchor, regex, implies, noAlert, example, Integer.parseInt(row.cell(7))));
        }
        return new Patterns(list);
    }

    public List<Pattern> all() {
        return all;
    }
}
