package io.tlsalert.probe;

import java.util.List;

/**
 * The server's CertificateRequest: which CAs it names (distinguished names, RFC 2253) and which signature schemes it
 * accepts. An empty CA list means "any".
 */
public record CertificateRequestInfo(
        List<String> certificateAuthorities, List<String> signatureSchemes, List<Integer> certificateTypes) {

    public String describe() {
        return "CA names: "
                + (certificateAuthorities.isEmpty() ? "(none: any CA)" : String.join("; ", certificateAuthorities))
                + "; signature schemes: " + String.join(", ", signatureSchemes);
    }
}
