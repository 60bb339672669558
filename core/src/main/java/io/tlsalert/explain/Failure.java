package io.tlsalert.explain;

import java.util.Optional;

/**
 * A TLS failure in the text after which no alert was exchanged, or whose text names no alert: the peer closed the
 * connection, the bytes were not TLS, local policy refused before anything was sent, the client rejected the
 * certificate after the handshake... Its class ({@code failure-classes.tsv}) says what it means, its likely causes, how
 * to confirm and how to fix ({@code failure.<class>.*} texts).
 *
 * @param failureClass the class the keyword rules put the text in
 * @param stack        the stack that printed it ({@code unknown} when the text does not tell)
 * @param text         the matched text, as it stands in the input
 * @param line         the 1-based line of the first occurrence
 * @param occurrences  how many times the same class, stack and text were found
 * @param source       what found it: a pattern id, {@code derived-<stack>} or {@code failure-<id>} (failures.tsv)
 * @param whyKey       the key of a text that explains this very message, when one is known (the note's)
 */
public record Failure(
        FailureClass failureClass,
        String stack,
        String text,
        int line,
        int occurrences,
        String source,
        Optional<String> whyKey) {

    Failure withOneMore() {
        return new Failure(failureClass, stack, text, line, occurrences + 1, source, whyKey);
    }
}
