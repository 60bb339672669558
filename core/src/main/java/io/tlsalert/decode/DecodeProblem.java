package io.tlsalert.decode;

/**
 * Why decoding stopped: the field the RFC names, the byte offset in the input, and what is wrong.
 *
 * @param field   the RFC's name of the field, with its parents (e.g. {@code ClientHello.extensions[3].extension_data})
 * @param offset  offset of the first byte of that field in the whole input
 * @param message what is wrong, e.g. "needs 38 bytes, only 12 left"
 */
public record DecodeProblem(String field, long offset, String message) {
    @Override
    public String toString() {
        return field + " at byte offset " + offset + ": " + message;
    }
}
