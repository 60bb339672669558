package io.tlsalert.probe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's CertificateRequest: which CAs it names (distinguished names, RFC 2253) and which signature schemes it
 * accepts. An empty CA list means "any".
 */
public record CertificateRequestInfo(
        List<String> certificateAuthorities, List<String> signatureSchemes, List<Integer> certificateTypes) {
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("certificateAuthorities", certificateAuthorities);
        m.put("signatureSchemes", signatureSchemes);
        m.put("certificateTypes", certificateTypes);
        return m;
    }

    public String describe() {
        return "CA names: "
                + (certificateAuthorities.isEmpty() ? "(none: any CA)" : String.join("; ", certificateAuthorities))
                + "; signature schemes: " + String.join(", ", signatureSchemes);
    }
}
