package io.tlsalert.decode;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * What a person wants to see of an X.509 certificate (RFC 5280) and of a DER DistinguishedName list: subject, issuer,
 * validity, serial, signature algorithm and SANs, read by the JDK's CertificateFactory (no runtime dependency).
 */
final class CertificateSummary {
    private CertificateSummary() {}

    private static volatile CertificateFactory x509;

    private static CertificateFactory x509() throws CertificateException {
        CertificateFactory f = x509;
        if (f == null) {
            f = CertificateFactory.getInstance("X.509");
            x509 = f;
        }
        return f;
    }

    static Handshake.CertificateEntry entry(Cursor der, List<Extension> ext, OffsetMap map) {
        int len = der.remaining();
        long at = map.at(der.pos());
        try {
            X509Certificate cert =
                    (X509Certificate) x509().generateCertificate(new ByteArrayInputStream(der.buf, der.pos(), len));
            List<String> sans = new ArrayList<>();
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> e : alt) {
                    if (e.size() >= 2) {
                        // otherName, x400Address and ediPartyName come as their DER bytes (X509Certificate API)
                        sans.add(
                                e.get(1) instanceof byte[] encoded
                                        ? HexFormat.of().formatHex(encoded)
                                        : String.valueOf(e.get(1)));
                    }
                }
            }
            Handshake.CertificateInfo info = new Handshake.CertificateInfo(
                    cert.getSubjectX500Principal().getName(X500Principal.RFC2253),
                    cert.getIssuerX500Principal().getName(X500Principal.RFC2253),
                    cert.getNotBefore().toInstant().toString(),
                    cert.getNotAfter().toInstant().toString(),
                    cert.getSerialNumber().toString(16),
                    cert.getSigAlgName(),
                    sans,
                    publicKey(cert.getPublicKey()));
            return new Handshake.CertificateEntry(at, len, Optional.of(info), Optional.empty(), ext);
        } catch (CertificateException | RuntimeException e) {
            return new Handshake.CertificateEntry(
                    at, len, Optional.empty(), Optional.of("not a parsable X.509 certificate: " + e.getMessage()), ext);
        }
    }

    /** {@code RSA 2048 bits}, {@code EC secp256r1}, {@code Ed25519}: what decides whether a peer accepts the key. */
    static String publicKey(java.security.PublicKey k) {
        if (k instanceof java.security.interfaces.RSAKey r) {
            return k.getAlgorithm() + " " + r.getModulus().bitLength() + " bits";
        }
        if (k instanceof java.security.interfaces.ECKey ec) {
            // ECParameterSpec.toString() is "secp256r1 [NIST P-256,X9.62 prime256v1] (1.2.840.10045.3.1.7)" in SunEC
            String spec = String.valueOf(ec.getParams());
            int cut = spec.indexOf(' ');
            return "EC "
                    + (cut > 0
                            ? spec.substring(0, cut)
                            : ec.getParams().getCurve().getField().getFieldSize() + " bits");
        }
        if (k instanceof java.security.interfaces.DSAKey d && d.getParams() != null) {
            return "DSA " + d.getParams().getP().bitLength() + " bits";
        }
        if (k instanceof java.security.interfaces.EdECKey ed) {
            return ed.getParams().getName();
        }
        return k.getAlgorithm();
    }

    static List<String> distinguishedNames(Cursor v, String field, OffsetMap map) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (v.hasRemaining()) {
            Cursor dn = v.vector(2, 1, 0xFFFF, field + "[" + i + "]");
            try {
                names.add(new X500Principal(Arrays.copyOfRange(v.buf, dn.pos(), dn.end()))
                        .getName(X500Principal.RFC2253));
            } catch (IllegalArgumentException e) {
                throw new DecodeException(
                        field + "[" + i + "]", dn.pos(), "not a DER DistinguishedName: " + e.getMessage());
            }
            i++;
        }
        return names;
    }
}
