/**
 * The code points of the TLS wire format, named once: protocol versions, alert levels, content types, handshake and
 * extension types, the HelloRetryRequest random; and the {@link io.tlsalert.wire.HandshakeJoiner} that puts handshake
 * messages back together from the records that carry them, and {@link io.tlsalert.wire.CoveredRanges}, which bytes of a
 * fragmented message (DTLS handshake, IP datagram) have arrived. Values are unsigned ints (0..255 for a uint8,
 * 0..65535 for a uint16), as they stand on the wire. Names for whole registries (every cipher suite, group,
 * extension, ...) are data, read by {@link io.tlsalert.decode.TlsParameters}; the constants here are the values code
 * branches on.
 */
package io.tlsalert.wire;
