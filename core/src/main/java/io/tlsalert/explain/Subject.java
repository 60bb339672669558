package io.tlsalert.explain;

/**
 * What a log summary groups occurrences by, besides stack and peer: an alert, or a TLS failure that sends none. A new
 * kind of finding is one more record here.
 */
public sealed interface Subject permits Subject.Alert, Subject.NoAlert {
    /** An alert with its direction and how the text shows it (as {@link Finding}s merge). */
    record Alert(int code, Direction direction, Evidence evidence) implements Subject {}

    /**
     * A failure without a named alert ({@link Failure}): its class ({@code failure-classes.tsv}) and the key of the
     * class's meaning.
     */
    record NoAlert(String failureClass, String textKey) implements Subject {
        static NoAlert of(Failure f) {
            return new NoAlert(
                    f.failureClass().id(), "failure." + f.failureClass().id() + ".meaning");
        }
    }
}
