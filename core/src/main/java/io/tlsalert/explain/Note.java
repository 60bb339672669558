package io.tlsalert.explain;

/**
 * A TLS failure in the text that sends no alert (e.g. Node.js rejecting a certificate after the handshake, or a peer's
 * alert that could not be read). Its explanation is the text {@code pattern.<patternId>.why} or
 * {@code stack.<stack>.no-alert} of the registry's texts.
 *
 * @param patternId the pattern that found it
 * @param stack     the stack that printed it
 * @param text      the matched text
 * @param line      the 1-based line
 * @param textKey   the key of the explanation in text_&lt;lang&gt;.properties
 */
public record Note(String patternId, String stack, String text, int line, String textKey) {}
