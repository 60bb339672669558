package io.tlsalert.probe;

import java.util.List;
import java.util.Optional;

/**
 * One handshake: what changed from the baseline ("baseline" for the first), the offer, how it ended, and all the
 * probe saw on the way.
 *
 * @param changed            "baseline", or the one factor changed: "versions: TLS 1.3 only", "SNI: none"...
 * @param steps              the handshake messages in order, both directions, alerts included
 * @param alerts             every alert, received and raised
 * @param serverHellos       ServerHello and HelloRetryRequest, parsed
 * @param serverChain        the server's certificates as sent, leaf first (decrypted in TLS 1.3)
 * @param certificateRequest the server's CertificateRequest, when it asked for a client certificate
 * @param certificateCheck   the server's chain checked like a strict client (when a chain came)
 * @param clientHelloBytes   the ClientHello handshake message's length
 * @param bytesSent          all bytes written to the socket
 * @param bytesReceived      all bytes read from the socket
 * @param millis             how long the handshake took
 * @param http               the HTTP request sent after a handshake that completed without the client certificate
 *                           the server asked for, and its answer ({@link HttpCheck}); empty when none was tried
 */
public record Attempt(
        String changed,
        Offer offer,
        Outcome outcome,
        List<Step> steps,
        List<AlertInfo> alerts,
        List<ServerHelloInfo> serverHellos,
        List<CertInfo> serverChain,
        Optional<CertificateRequestInfo> certificateRequest,
        Optional<CertificateCheck> certificateCheck,
        int clientHelloBytes,
        long bytesSent,
        long bytesReceived,
        long millis,
        Optional<HttpAnswer> http) {

    public Attempt(
            String changed,
            Offer offer,
            Outcome outcome,
            List<Step> steps,
            List<AlertInfo> alerts,
            List<ServerHelloInfo> serverHellos,
            List<CertInfo> serverChain,
            Optional<CertificateRequestInfo> certificateRequest,
            Optional<CertificateCheck> certificateCheck,
            int clientHelloBytes,
            long bytesSent,
            long bytesReceived,
            long millis) {
        this(
                changed,
                offer,
                outcome,
                steps,
                alerts,
                serverHellos,
                serverChain,
                certificateRequest,
                certificateCheck,
                clientHelloBytes,
                bytesSent,
                bytesReceived,
                millis,
                Optional.empty());
    }

    public Attempt {
        steps = List.copyOf(steps);
        alerts = List.copyOf(alerts);
        serverHellos = List.copyOf(serverHellos);
        serverChain = List.copyOf(serverChain);
    }

    public boolean ok() {
        return outcome.ok();
    }

    /** The alert that ended the handshake, if one did. */
    public Optional<AlertInfo> alert() {
        return outcome.alert();
    }

    /** True when the server sent a HelloRetryRequest. */
    public boolean helloRetry() {
        return serverHellos.stream().anyMatch(ServerHelloInfo::retryRequest);
    }

    Attempt withChanged(String c) {
        return new Attempt(
                c,
                offer,
                outcome,
                steps,
                alerts,
                serverHellos,
                serverChain,
                certificateRequest,
                certificateCheck,
                clientHelloBytes,
                bytesSent,
                bytesReceived,
                millis,
                http);
    }
}
