package io.tlsalert.server;

/** A request body over the server's limit: answered 413. */
final class BodyTooLarge extends Exception {
    BodyTooLarge() {
        super(null, null, false, false);
    }
}
