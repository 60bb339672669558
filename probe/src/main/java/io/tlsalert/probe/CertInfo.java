package io.tlsalert.probe;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** One certificate of the server's chain, as sent (leaf first). */
public record CertInfo(
        String subject,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        List<String> dnsNames,
        List<String> ipAddresses,
        String serial,
        String sha256,
        boolean selfIssued,
        boolean ca,
        String keyAlgorithm,
        String signatureAlgorithm) {

    /** GeneralName tags of a subjectAltName entry (RFC 5280 §4.2.1.6), as X509Certificate reports them. */
    private static final int DNS_NAME = 2, IP_ADDRESS = 7;

    static CertInfo of(X509Certificate c) {
        List<String> dns = new ArrayList<>(), ips = new ArrayList<>();
        try {
            if (c.getSubjectAlternativeNames() != null) {
                for (List<?> san : c.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == DNS_NAME) {
                        dns.add(String.valueOf(san.get(1)));
                    }
                    if (type == IP_ADDRESS) {
                        ips.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no SANs readable
        }
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            sha = "";
        }
        return new CertInfo(
                c.getSubjectX500Principal().getName(),
                c.getIssuerX500Principal().getName(),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                List.copyOf(dns),
                List.copyOf(ips),
                c.getSerialNumber().toString(16),
                sha,
                c.getSubjectX500Principal().equals(c.getIssuerX500Principal()),
                c.getBasicConstraints() >= 0,
                c.getPublicKey().getAlgorithm(),
                c.getSigAlgName());
    }
}
