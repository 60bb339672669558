package io.tlsalert.decode;

/**
 * A parser's way out when the bytes break the RFC's structure: which field, at which byte offset, and why. The
 * {@link TlsDecoder} turns it into a {@link DecodeProblem}; {@link Handshakes#parse} throws it to its caller.
 */
public final class DecodeException extends RuntimeException {
    private final transient DecodeProblem problem;

    DecodeException(String field, long offset, String message) {
        super(field + " at byte offset " + offset + ": " + message, null, false, false);
        this.problem = new DecodeProblem(field, offset, message);
    }

    /** The same problem, its field placed inside {@code parent} (e.g. {@code ClientHello.extensions[3]}). */
    DecodeException within(String parent) {
        return new DecodeException(parent + "." + problem.field(), problem.offset(), problem.message());
    }

    /** The field, offset and message. */
    public DecodeProblem problem() {
        return problem;
    }
}
