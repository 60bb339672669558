package io.tlsalert.capture.scan;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where TLS started in a TCP connection that did not start with it.
 *
 * @param tunnel       the proxy protocol the connection went through first, if any
 * @param upgrade      the application protocol's command that started TLS, if any
 * @param clientOffset byte offset in the client's stream of its first TLS record (empty: it sent none)
 * @param serverOffset the same in the server's stream
 */
public record TlsStart(
        Optional<Prelude> tunnel, Optional<Prelude> upgrade, OptionalLong clientOffset, OptionalLong serverOffset) {}
