package io.tlsalert.probe;

import io.tlsalert.wire.ProtocolVersion;
import java.util.Optional;

/**
 * A ServerHello or HelloRetryRequest, parsed from the plaintext bytes.
 *
 * @param retryRequest true for a HelloRetryRequest
 * @param version      the selected version (supported_versions when present, else legacy_version)
 * @param cipherSuite  the selected suite
 * @param group        the key_share group: the server's share, or the group a HelloRetryRequest asks for
 * @param alpn         the selected application protocol, when visible in plaintext (TLS 1.2)
 */
public record ServerHelloInfo(
        boolean retryRequest,
        ProtocolVersion version,
        int cipherSuite,
        Optional<Integer> group,
        Optional<String> alpn) {
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (retryRequest) {
            b.append("asks for a key share for ")
                    .append(group.map(CodePointLabels::group).orElse("(no group)"));
            b.append("; ").append(CodePointLabels.cipherSuite(cipherSuite));
        } else {
            b.append(version.name()).append(", ").append(CodePointLabels.cipherSuite(cipherSuite));
            group.ifPresent(g -> b.append(", key share ").append(CodePointLabels.group(g)));
            alpn.ifPresent(a -> b.append(", ALPN ").append(a));
        }
        return b.toString();
    }
}
