package io.tlsalert.explain;

/**
 * What a log summary groups occurrences by, besides stack and peer: an alert, or a TLS failure that sends none. A new
 * kind of finding is one more record here.
 */
public sealed interface Subject permits Subject.Alert, Subject.NoAlert {
    /** An alert with its direction and how the text shows it (as {@link Finding}s merge). */
    record Alert(int code, Direction direction, Evidence evidence) implements Subject {}

    /** A failure that sends no alert ({@link Note}): the pattern that found it and the key of its explanation. */
    record NoAlert(String pattern, String textKey) implements Subject {}
}
