package io.tlsalert.capture.scan;

import java.util.List;

/**
 * What the capture shows of one TLS (or DTLS) connection.
 *
 * @param client          client address:port (the side that sent the SYN or the ClientHello)
 * @param server          server address:port
 * @param transport       {@code tcp} or {@code udp}
 * @param firstFrame      the connection's first frame
 * @param startNanos      capture time of that frame
 * @param sni             server_name from the ClientHello, or null
 * @param offeredVersions supported_versions (or legacy_version) the client offered, e.g. {@code TLS 1.3}
 * @param offeredSuites   number of cipher suites offered
 * @param version         negotiated version name, or null when no ServerHello was seen
 * @param cipherSuite     negotiated cipher suite name, or null
 * @param alerts          every alert, in order
 * @param outcome         {@code healthy} (application data flowed, no fatal alert), {@code failed} (a fatal alert, or
 *                        a handshake that ended without application data), {@code incomplete} (gaps in the capture),
 *                        or {@code unfinished} (still open at the end of the capture)
 * @param closedBy        how it ended: {@code fin}, {@code rst}, {@code idle}, {@code end-of-capture}
 * @param warnings        what kept this connection from being read in full (gaps, resynchronisation)
 */
public record Connection(
        String client,
        String server,
        String transport,
        long firstFrame,
        long startNanos,
        String sni,
        List<String> offeredVersions,
        int offeredSuites,
        String version,
        String cipherSuite,
        List<AlertEvent> alerts,
        String outcome,
        String closedBy,
        List<String> warnings) {}
