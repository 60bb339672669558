package io.tlsalert.capture.scan;

import java.util.List;
import java.util.Optional;

/**
 * What the capture shows of one TLS (or DTLS) connection.
 *
 * @param client          client address:port (the side that sent the SYN or the ClientHello)
 * @param server          server address:port
 * @param transport       TCP, or UDP (DTLS)
 * @param firstFrame      the connection's first frame
 * @param startNanos      capture time of that frame
 * @param sni             server_name from the ClientHello, if it had one
 * @param offeredVersions supported_versions (or legacy_version) the client offered, e.g. {@code TLS 1.3}
 * @param offeredSuites   number of cipher suites offered
 * @param version         negotiated version name; empty when no ServerHello was seen
 * @param cipherSuite     negotiated cipher suite name; empty when no ServerHello was seen
 * @param alerts          the alerts kept, in order: every one, or past {@link io.tlsalert.capture.Budget#ALERTS_PER_CONNECTION}
 *                        the first ones and the last one
 * @param outcome         how it went
 * @param closedBy        how it ended
 * @param warnings        what kept this connection from being read in full (gaps, resynchronisation)
 * @param alertsNotKept   alerts counted but not in {@code alerts} (past the budget)
 * @param tlsStart        where TLS started when it did not start the TCP stream (a tunnel, an upgrade); empty when
 *                        both directions started with TLS, and for UDP
 */
public record Connection(
        String client,
        String server,
        Transport transport,
        long firstFrame,
        long startNanos,
        Optional<String> sni,
        List<String> offeredVersions,
        int offeredSuites,
        Optional<String> version,
        Optional<String> cipherSuite,
        List<AlertEvent> alerts,
        Outcome outcome,
        ClosedBy closedBy,
        List<String> warnings,
        long alertsNotKept,
        Optional<TlsStart> tlsStart) {

    /** A connection whose TLS started its stream. */
    public Connection(
            String client,
            String server,
            Transport transport,
            long firstFrame,
            long startNanos,
            Optional<String> sni,
            List<String> offeredVersions,
            int offeredSuites,
            Optional<String> version,
            Optional<String> cipherSuite,
            List<AlertEvent> alerts,
            Outcome outcome,
            ClosedBy closedBy,
            List<String> warnings,
            long alertsNotKept) {
        this(
                client,
                server,
                transport,
                firstFrame,
                startNanos,
                sni,
                offeredVersions,
                offeredSuites,
                version,
                cipherSuite,
                alerts,
                outcome,
                closedBy,
                warnings,
                alertsNotKept,
                Optional.empty());
    }

    /** Every alert the connection had, kept or not. */
    public long alertCount() {
        return alerts.size() + alertsNotKept;
    }
}
