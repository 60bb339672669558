package io.tlsalert.probe;

import java.util.List;

/**
 * The diagnosed cause.
 *
 * @param id       one of {@link #IDS}
 * @param evidence which follow-ups succeeded or failed and what the server answered
 * @param accepts  what the server accepts (e.g. "TLS 1.3 only (TLS_AES_256_GCM_SHA384)"), empty when unknown
 * @param fix      what to change, on the client or the server
 */
public record Cause(String id, String evidence, String accepts, String fix) {
    public static final List<String> IDS = List.of(
            "ok",
            "server-requires-newer-tls",
            "server-requires-older-tls",
            "no-shared-cipher-suite",
            "no-shared-group",
            "no-shared-signature-algorithm",
            "client-certificate-required",
            "client-certificate-rejected",
            "sni-required",
            "sni-unrecognized",
            "alpn-mismatch",
            "server-certificate-untrusted",
            "server-certificate-incomplete-chain",
            "server-certificate-expired",
            "server-certificate-not-yet-valid",
            "server-certificate-name-mismatch",
            "inappropriate-fallback",
            "clienthello-too-large",
            "not-tls",
            "no-response",
            "connection-reset",
            "server-misbehaves",
            "internal-error",
            "unknown",
            "connection-refused",
            "server-certificate-self-signed",
            "server-certificate-weak-key",
            "server-certificate-weak-signature");

    public Cause {
        if (!IDS.contains(id)) {
            throw new IllegalArgumentException("unknown cause id " + id);
        }
    }
}
