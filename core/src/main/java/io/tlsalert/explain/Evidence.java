package io.tlsalert.explain;

/** How the text shows the alert. */
public enum Evidence {
    /** The text reports an alert that was sent or received. */
    ALERT,
    /** No alert is reported, but the error means the local side sends this alert (e.g. PKIX path building failed). */
    IMPLIED,
    /** The input was a code or a name, not a log line. */
    QUERY,
    /**
     * No pattern or table knows the line's format: the alert name or number and its direction were read from the
     * words around the word "alert" (the general detector, {@link InferredAlerts}).
     */
    INFERRED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
