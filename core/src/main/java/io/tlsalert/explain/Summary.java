package io.tlsalert.explain;

import java.util.List;
import java.util.Optional;

/**
 * A whole log's TLS alerts and failures, grouped by {@link Subject} × stack × peer ({@link Summarizer}).
 *
 * @param groups      the groups, most occurrences first (then by first line)
 * @param other       occurrences past the group caps, counted together (empty when none)
 * @param lines       lines read
 * @param bytes       bytes read
 * @param occurrences every occurrence counted, in groups and in {@code other}
 * @param maxGroups   the cap on groups ({@link Summarizer#MAX_GROUPS})
 */
public record Summary(
        List<Group> groups, Optional<Span> other, long lines, long bytes, long occurrences, int maxGroups) {
    public Summary {
        groups = List.copyOf(groups);
    }

    /** {@code true} when the log holds at least one alert. */
    public boolean anyAlert() {
        return groups.stream().anyMatch(g -> g.subject() instanceof Subject.Alert)
                || other.map(o -> o.alerts() > 0).orElse(false);
    }

    /**
     * Where and when occurrences were seen.
     *
     * @param count     occurrences
     * @param alerts    of them, alerts (the rest are failures that send none)
     * @param firstLine the first occurrence's line (1-based)
     * @param lastLine  the last occurrence's line
     * @param firstTime the first occurrence's time (ISO 8601), when its line or the log entry it belongs to has one
     * @param lastTime  the last occurrence's time
     */
    public record Span(
            long count,
            long alerts,
            long firstLine,
            long lastLine,
            Optional<String> firstTime,
            Optional<String> lastTime) {}

    /**
     * One group.
     *
     * @param subject    the alert (code, direction, evidence) or the failure that sends none
     * @param stack      the stack that printed the lines
     * @param peer       the other end, when the lines name one
     * @param otherPeers {@code true} for the group of this subject and stack that counts the peers past the cap on
     *                   groups ({@code peer} is then empty)
     * @param span       counts, first and last line and time
     * @param text       the first occurrence's matched text
     * @param pattern    the pattern that found the first occurrence
     */
    public record Group(
            Subject subject,
            String stack,
            Optional<Peer> peer,
            boolean otherPeers,
            Span span,
            String text,
            String pattern) {}
}
