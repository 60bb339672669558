package io.tlsalert.explain;

import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.Cause;
import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

/**
 * The keyword rules of {@code cause-hints.tsv} (the one loader of that file): what a line says besides its alert
 * ("certificate has expired", "null cert chain", "self-signed") and the common cause it points at.
 */
public final class CauseHints {
    private record Rule(String id, java.util.regex.Pattern keywords, List<String> causes) {}

    private final List<Rule> rules;

    private CauseHints(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static CauseHints load(AlertRegistry registry) {
        Set<String> known = new HashSet<>();
        for (var a : registry.all()) {
            for (var c : a.causes()) {
                known.add(c.id());
            }
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (DataFile.Row row : DataFile.read(Explainer.class, "cause-hints.tsv", 3)) {
            if (!ids.add(row.cell(0))) {
                throw row.error("duplicate id '" + row.cell(0) + "'");
            }
            java.util.regex.Pattern kw;
            try {
                kw = java.util.regex.Pattern.compile(row.cell(1), java.util.regex.Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw row.error("bad regex: " + e.getDescription());
            }
            List<String> causes = List.of(row.cell(2).split("\\|"));
            for (String c : causes) {
                if (!known.contains(c)) {
                    throw row.error("no alert has the cause '" + c + "'");
                }
            }
            rules.add(new Rule(row.cell(0), kw, causes));
        }
        return new CauseHints(rules);
    }

    /**
     * The alert's causes with the ones the finding's line points at first ("certificate has expired" puts expired-leaf
     * first), in the order of the rules; the rest keep the registry's order of likelihood.
     */
    public List<RankedCause> rank(Finding f) {
        if (f.alert().isEmpty()) {
            return List.of();
        }
        List<Cause> all = f.alert().get().causes();
        List<RankedCause> ranked = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        for (CauseHint h : f.context().isEmpty() ? List.<CauseHint>of() : match(f.context())) {
            for (String id : h.causes()) {
                Optional<Cause> c = all.stream().filter(x -> x.id().equals(id)).findFirst();
                if (c.isPresent()) {
                    if (moved.add(id)) {
                        ranked.add(new RankedCause(c.get(), Optional.of(h)));
                    }
                    break;
                }
            }
        }
        for (Cause c : all) {
            if (!moved.contains(c.id())) {
                ranked.add(new RankedCause(c, Optional.empty()));
            }
        }
        return ranked;
    }

    /** Every rule that matches {@code line}, in the file's order, with the words it matched. */
    public List<CauseHint> match(String line) {
        List<CauseHint> l = new ArrayList<>(1);
        for (Rule r : rules) {
            Matcher m = r.keywords().matcher(line);
            if (m.find()) {
                l.add(new CauseHint(r.id(), m.group(), r.causes()));
            }
        }
        return l;
    }
}
