package io.tlsalert.server;

/** An answer that would be larger than {@link Reply#MAX_BODY_BYTES}: answered 422 instead. */
final class ResponseTooLarge extends RuntimeException {
    final int limit;

    ResponseTooLarge(int limit) {
        super("the answer would be over " + limit + " bytes", null, false, false);
        this.limit = limit;
    }
}
