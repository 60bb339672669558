package io.tlsalert.explain;

import io.tlsalert.registry.Alert;
import io.tlsalert.registry.Cause;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One alert found in a text.
 *
 * @param code        the AlertDescription value
 * @param alert       the registry entry; empty when the value is not an assigned alert
 * @param direction   who sent it, as the text tells
 * @param evidence    whether the text reports the alert, implies it, or was a bare code or name
 * @param stack       id of the stack that printed the text ({@code unknown} when the text does not tell)
 * @param level       the level the text states ({@code fatal} or {@code warning}), if it states one
 * @param text        the matched text, as it stands in the input
 * @param line        the 1-based line of the first occurrence
 * @param occurrences how many times the same alert, direction and stack were found
 * @param patternId   the id of the pattern in {@code patterns.tsv} that found it ({@code query} for a code or name)
 * @param hints       what the line says besides the alert, pointing at causes ({@code cause-hints.tsv})
 */
public record Finding(
        int code,
        Optional<Alert> alert,
        Direction direction,
        Evidence evidence,
        String stack,
        Optional<String> level,
        String text,
        int line,
        int occurrences,
        String patternId,
        List<CauseHint> hints) {
    public Finding {
        hints = List.copyOf(hints);
    }

    /** A finding whose line says nothing more than the alert. */
    public Finding(
            int code,
            Optional<Alert> alert,
            Direction direction,
            Evidence evidence,
            String stack,
            Optional<String> level,
            String text,
            int line,
            int occurrences,
            String patternId) {
        this(code, alert, direction, evidence, stack, level, text, line, occurrences, patternId, List.of());
    }

    /**
     * One of the alert's common causes, in the order the evidence ranks them.
     *
     * @param cause   the registry's cause
     * @param because the hint that moved it first, when the line pointed at it
     */
    public record RankedCause(Cause cause, Optional<CauseHint> because) {}

    /**
     * The alert's causes with the ones the line points at first ("certificate has expired" puts expired-leaf first),
     * in the order of the hints; the rest keep the registry's order of likelihood.
     */
    public List<RankedCause> rankedCauses() {
        if (alert.isEmpty()) {
            return List.of();
        }
        List<Cause> all = alert.get().causes();
        List<RankedCause> first = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        for (CauseHint h : hints) {
            for (String id : h.causes()) {
                Optional<Cause> c = all.stream().filter(x -> x.id().equals(id)).findFirst();
                if (c.isPresent()) {
                    if (moved.add(id)) {
                        first.add(new RankedCause(c.get(), Optional.of(h)));
                    }
                    break;
                }
            }
        }
        for (Cause c : all) {
            if (!moved.contains(c.id())) {
                first.add(new RankedCause(c, Optional.empty()));
            }
        }
        return first;
    }

    /** The IANA name, or {@code unassigned}. */
    public String name() {
        return alert.map(Alert::name).orElse("unassigned"); // as TlsAlerts.name, without a second lookup
    }

    Finding withHints(List<CauseHint> h) {
        return new Finding(code, alert, direction, evidence, stack, level, text, line, occurrences, patternId, h);
    }

    Finding withOneMore() {
        return new Finding(
                code, alert, direction, evidence, stack, level, text, line, occurrences + 1, patternId, hints);
    }
}
