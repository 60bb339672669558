package io.tlsalert.explain;

import io.tlsalert.registry.Alert;
import java.util.Optional;

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
 * @param context     the line the finding was first seen on (at most {@value #CONTEXT_MAX} characters): what it says
 *                    besides the alert ranks the causes ({@link Explainer#rankedCauses})
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
        String context) {

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
        this(code, alert, direction, evidence, stack, level, text, line, occurrences, patternId, "");
    }

    /** The IANA name, or {@code unassigned}. */
    public String name() {
        return alert.map(Alert::name).orElse("unassigned"); // as TlsAlerts.name, without a second lookup
    }

    Finding withContext(String c) {
        return new Finding(code, alert, direction, evidence, stack, level, text, line, occurrences, patternId, c);
    }

    /** At most this much of the line is kept as the context: the hints read it, and a window can be 8 KiB. */
    static final int CONTEXT_MAX = 1024;

    Finding withOccurrences(int n) {
        return new Finding(code, alert, direction, evidence, stack, level, text, line, n, patternId, context);
    }

    Finding withOneMore() {
        return new Finding(
                code, alert, direction, evidence, stack, level, text, line, occurrences + 1, patternId, context);
    }
}
