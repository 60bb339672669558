package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Alert;
import java.util.Set;

/**
 * The alert codes the probe branches on, by their names in core's registry ({@link TlsAlerts}): resolved once, so a
 * misspelt name fails when the class loads instead of never matching.
 */
final class AlertCodes {
    static final int HANDSHAKE_FAILURE = code("handshake_failure");
    static final int BAD_CERTIFICATE = code("bad_certificate");
    static final int CERTIFICATE_EXPIRED = code("certificate_expired");
    static final int UNKNOWN_CA = code("unknown_ca");
    static final int PROTOCOL_VERSION = code("protocol_version");
    static final int INSUFFICIENT_SECURITY = code("insufficient_security");
    static final int INAPPROPRIATE_FALLBACK = code("inappropriate_fallback");
    static final int MISSING_EXTENSION = code("missing_extension");
    static final int UNRECOGNIZED_NAME = code("unrecognized_name");
    static final int CERTIFICATE_REQUIRED = code("certificate_required");
    static final int NO_APPLICATION_PROTOCOL = code("no_application_protocol");

    /**
     * What a server sends after the client's Finished flight when it rejects the client's certificate or its absence:
     * handshake_failure (what OpenSSL sends under TLS 1.2), the certificate alerts, access_denied, and decrypt_error
     * (a CertificateVerify that does not verify).
     */
    static final Set<Integer> CLIENT_CERTIFICATE_REJECTIONS = Set.of(
            HANDSHAKE_FAILURE,
            BAD_CERTIFICATE,
            code("unsupported_certificate"),
            code("certificate_revoked"),
            CERTIFICATE_EXPIRED,
            code("certificate_unknown"),
            UNKNOWN_CA,
            code("access_denied"),
            code("decrypt_error"));

    private AlertCodes() {}

    private static int code(String name) {
        return TlsAlerts.lookup(name)
                .filter(a -> a.name().equals(name))
                .map(Alert::code)
                .orElseThrow(() -> new IllegalStateException("no alert named " + name + " in core's registry"));
    }
}
