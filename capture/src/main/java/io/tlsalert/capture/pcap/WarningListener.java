package io.tlsalert.capture.pcap;

/** Receives problems found while reading; {@code frame} is the 1-based frame number concerned (0: the file header). */
@FunctionalInterface
public interface WarningListener {
    void warn(long frame, String message);

    /** Drops every warning. */
    WarningListener IGNORE = (frame, message) -> {};
}
