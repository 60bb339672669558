package io.tlsalert.explain;

import java.util.OptionalInt;

/**
 * One way a stack prints an alert, from {@code patterns.tsv}.
 *
 * @param id        stable id
 * @param stack     the stack that prints it
 * @param direction who sent the alert when this pattern matches; UNKNOWN lets the matched name decide
 * @param anchor    a literal that every match contains (the fast pre-filter)
 * @param regex     the compiled expression, with named groups telling where the alert is
 * @param implies   for an error that is not an alert report: the alert the local side sends because of it
 * @param noAlert   {@code true} for an error that sends no alert at all (a {@link Note}, not a finding)
 * @param example   a line the stack really prints, checked by the pattern test
 * @param expect    the alert code the example gives
 */
public record Pattern(
        String id,
        String stack,
        Direction direction,
        String anchor,
        java.util.regex.Pattern regex,
        OptionalInt implies,
        boolean noAlert,
        String example,
        int expect) {}
