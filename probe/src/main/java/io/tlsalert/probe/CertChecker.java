package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import io.tlsalert.wire.AlertDescription;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Checks a server chain like a strict client: does it lead to a root of the trust store (and if not, is an
 * intermediate missing, or is the chain complete up to a root the store lacks, or is the leaf self-signed), is every
 * certificate within its validity, does the leaf name the host, are its keys and signatures strong enough.
 * Revocation is not checked. The strict alert is OpenSSL's verification's; what the JDK and Go send comes with it
 * ({@link CertAlerts}).
 */
final class CertChecker {
    /** RSA and DSA keys below this many bits are refused by OpenSSL's default security level 2 (112-bit security). */
    static final int MIN_RSA_BITS = 2048;
    /** EC keys below this order size are refused at the same level (SP 800-57: 224 bits for 112-bit security). */
    static final int MIN_EC_BITS = 224;
    /** authorityInfoAccess (RFC 5280 §4.2.2.1). */
    private static final String AIA_OID = "1.3.6.1.5.5.7.1.1";
    /** id-ad-caIssuers (RFC 5280 §4.2.2.1): where the issuer's certificate can be fetched. */
    private static final String CA_ISSUERS_OID = "1.3.6.1.5.5.7.48.2";

    private CertChecker() {}

    /** One problem: its cause id, OpenSSL's alert for it, and the words. */
    private record Problem(String id, int alert, String reason) {}

    static CertificateCheck check(List<X509Certificate> chain, TrustStore trust, String name, Instant now) {
        if (chain.isEmpty()) {
            String id = "server-certificate-untrusted";
            return new CertificateCheck(
                    id,
                    Optional.of(AlertDescription.BAD_CERTIFICATE),
                    text("probe.cert.none"),
                    List.of(id),
                    name,
                    trust.description(),
                    CertAlerts.of(id));
        }
        List<Problem> problems = new ArrayList<>();
        trust(chain, trust).ifPresent(problems::add);
        validity(chain, now).ifPresent(problems::add);
        if (!matchesName(chain.get(0), name)) {
            problems.add(new Problem(
                    "server-certificate-name-mismatch",
                    AlertDescription.BAD_CERTIFICATE,
                    text("probe.cert.nameMismatch", names(chain.get(0)), name)));
        }
        strength(chain).forEach(problems::add);
        if (problems.isEmpty()) {
            return new CertificateCheck(
                    "ok",
                    Optional.empty(),
                    text("probe.cert.ok", trust.description(), name),
                    List.of(),
                    name,
                    trust.description(),
                    List.of());
        }
        Problem first = problems.get(0);
        List<ClientAlert> clients = CertAlerts.of(first.id());
        List<String> reasons = new ArrayList<>();
        for (Problem p : problems) {
            reasons.add(p.reason());
        }
        String why = String.join("; ", reasons);
        if (!clients.isEmpty()) {
            why += ". " + text("probe.cert.clients", clientsText(clients));
        }
        return new CertificateCheck(
                first.id(),
                Optional.of(first.alert()),
                why,
                problems.stream().map(Problem::id).toList(),
                name,
                trust.description(),
                clients);
    }

    /** "OpenSSL 3.0 unknown_ca (48), JDK 17 certificate_unknown (46), Go 1.19 bad_certificate (42)". */
    static String clientsText(List<ClientAlert> clients) {
        List<String> parts = new ArrayList<>();
        for (ClientAlert c : clients) {
            parts.add(
                    c.accepts()
                            ? text("probe.cert.client.accepts", c.client())
                            : text(
                                    "probe.cert.client.alert",
                                    c.client(),
                                    c.alertName(),
                                    c.alert().getAsInt()));
        }
        return String.join(text("probe.cert.client.separator"), parts);
    }

    /**
     * Walks from the leaf through the certificates sent to an anchor of the store. When it gets stuck, which of
     * three it is: the leaf is self-signed; the chain is complete up to a root the store lacks (the root was sent,
     * or the last certificate sent is a CA certificate: servers rightly leave the root out); or the issuer of a leaf
     * is missing (an omitted intermediate, which the leaf's caIssuers address, RFC 5280 §4.2.2.1, often names). A
     * leaf whose issuer is unknown, with no caIssuers address, checked against the JDK's store, most likely comes
     * from a private CA: untrusted; against the user's own store (--trust, which holds the root they expect), an
     * intermediate is missing.
     */
    private static Optional<Problem> trust(List<X509Certificate> chain, TrustStore trust) {
        X509Certificate cur = chain.get(0);
        List<X509Certificate> used = new ArrayList<>();
        used.add(cur);
        for (int depth = 0; depth < 12; depth++) {
            if (isAnchor(cur, trust) || findIssuer(cur, trust.anchors()) != null) {
                return Optional.empty();
            }
            if (selfSigned(cur)) {
                return Optional.of(
                        used.size() == 1
                                ? new Problem(
                                        "server-certificate-self-signed",
                                        AlertDescription.UNKNOWN_CA,
                                        text("probe.cert.selfSigned", subject(cur), trust.description()))
                                : new Problem(
                                        "server-certificate-untrusted",
                                        AlertDescription.UNKNOWN_CA,
                                        text("probe.cert.privateRootSent", subject(cur), trust.description())));
            }
            X509Certificate next = null;
            for (X509Certificate c : chain) {
                if (!used.contains(c)
                        && c.getSubjectX500Principal().equals(cur.getIssuerX500Principal())
                        && verifies(cur, c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                String issuer = cur.getIssuerX500Principal().getName();
                List<String> aia = caIssuers(cur);
                boolean caSent = cur.getBasicConstraints() >= 0 && used.size() > 1;
                if (caSent) {
                    return Optional.of(new Problem(
                            "server-certificate-untrusted",
                            AlertDescription.UNKNOWN_CA,
                            text("probe.cert.privateRoot", issuer, subject(cur), trust.description())));
                }
                if (aia.isEmpty() && trust.isJdkDefault()) {
                    return Optional.of(new Problem(
                            "server-certificate-untrusted",
                            AlertDescription.UNKNOWN_CA,
                            text("probe.cert.privateIssuer", issuer, trust.description())));
                }
                return Optional.of(new Problem(
                        "server-certificate-incomplete-chain",
                        AlertDescription.UNKNOWN_CA,
                        text(
                                "probe.cert.missingIntermediate",
                                issuer,
                                subject(cur),
                                trust.description(),
                                aia.isEmpty() ? "" : text("probe.cert.aia", String.join(", ", aia)))));
            }
            used.add(next);
            cur = next;
        }
        return Optional.of(
                new Problem("server-certificate-untrusted", AlertDescription.UNKNOWN_CA, text("probe.cert.loop")));
    }

    /** The first certificate outside its validity: expired (certificate_expired) or not yet valid (bad_certificate). */
    private static Optional<Problem> validity(List<X509Certificate> chain, Instant now) {
        Date d = Date.from(now);
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            if (d.after(c.getNotAfter())) {
                return Optional.of(new Problem(
                        "server-certificate-expired",
                        AlertDescription.CERTIFICATE_EXPIRED,
                        text(
                                "probe.cert.expired",
                                who(chain, i),
                                c.getNotAfter().toInstant())));
            }
            if (d.before(c.getNotBefore())) {
                return Optional.of(new Problem(
                        "server-certificate-not-yet-valid",
                        AlertDescription.BAD_CERTIFICATE,
                        text(
                                "probe.cert.notYetValid",
                                who(chain, i),
                                c.getNotBefore().toInstant())));
            }
        }
        return Optional.empty();
    }

    /**
     * Keys and signatures OpenSSL's default security level refuses (EE_KEY_TOO_SMALL, CA_KEY_TOO_SMALL,
     * CA_MD_TOO_WEAK: bad_certificate): RSA or DSA keys under 2048 bits, EC keys under 224, and SHA-1 or MD5
     * signatures on any certificate but a self-signed one (a root's own signature is not what vouches for it).
     */
    private static List<Problem> strength(List<X509Certificate> chain) {
        List<Problem> out = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            PublicKey k = c.getPublicKey();
            int bits = keyBits(k);
            int min = k instanceof ECPublicKey ? MIN_EC_BITS : MIN_RSA_BITS;
            if (bits > 0 && bits < min) {
                out.add(new Problem(
                        "server-certificate-weak-key",
                        AlertDescription.BAD_CERTIFICATE,
                        text("probe.cert.weakKey", who(chain, i), k.getAlgorithm(), bits, min)));
                break;
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String alg = c.getSigAlgName().toUpperCase(Locale.ROOT);
            if (!selfSigned(c) && (alg.startsWith("SHA1") || alg.startsWith("MD5") || alg.startsWith("MD2"))) {
                out.add(new Problem(
                        "server-certificate-weak-signature",
                        AlertDescription.BAD_CERTIFICATE,
                        text("probe.cert.weakSignature", who(chain, i), c.getSigAlgName())));
                break;
            }
        }
        return out;
    }

    /** The key's size as security levels count it: the RSA modulus, the DSA prime, the EC group order; 0 if other. */
    static int keyBits(PublicKey k) {
        if (k instanceof RSAPublicKey r) {
            return r.getModulus().bitLength();
        }
        if (k instanceof DSAPublicKey d && d.getParams() != null) {
            return d.getParams().getP().bitLength();
        }
        if (k instanceof ECPublicKey e) {
            BigInteger order = e.getParams().getOrder();
            return order.bitLength();
        }
        return 0;
    }

    /** The caIssuers URIs of the certificate's authorityInfoAccess extension; empty when it has none. */
    static List<String> caIssuers(X509Certificate c) {
        byte[] ext = c.getExtensionValue(AIA_OID);
        if (ext == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            ASN1Primitive inner =
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets());
            for (AccessDescription ad :
                    AuthorityInformationAccess.getInstance(inner).getAccessDescriptions()) {
                if (ad.getAccessMethod().getId().equals(CA_ISSUERS_OID)
                        && ad.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    out.add(ad.getAccessLocation().getName().toString());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return List.of(); // an unreadable extension names nothing
        }
        return List.copyOf(out);
    }

    private static String who(List<X509Certificate> chain, int i) {
        return i == 0
                ? text("probe.cert.leaf", subject(chain.get(0)))
                : text("probe.cert.chainCert", i, subject(chain.get(i)));
    }

    private static String subject(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    private static boolean isAnchor(X509Certificate c, TrustStore t) {
        for (X509Certificate a : t.anchors()) {
            if (a.equals(c)) {
                return true;
            }
        }
        return false;
    }

    private static X509Certificate findIssuer(X509Certificate c, List<X509Certificate> candidates) {
        for (X509Certificate a : candidates) {
            if (a.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && verifies(c, a)) {
                return a;
            }
        }
        return null;
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && verifies(c, c);
    }

    private static boolean verifies(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static boolean matchesName(X509Certificate leaf, String name) {
        CertInfo info = CertInfo.of(leaf);
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (Target.isIpLiteral(n)) {
            try {
                InetAddress want = InetAddress.getByName(n);
                for (String ip : info.ipAddresses()) {
                    if (InetAddress.getByName(ip).equals(want)) {
                        return true;
                    }
                }
            } catch (UnknownHostException e) {
                return false;
            }
            return false;
        }
        for (String dns : info.dnsNames()) {
            String p = dns.toLowerCase(Locale.ROOT);
            if (p.equals(n)) {
                return true;
            }
            if (p.startsWith("*.")
                    && n.indexOf('.') > 0
                    && n.substring(n.indexOf('.') + 1).equals(p.substring(2))) {
                return true;
            }
        }
        return false;
    }

    private static String names(X509Certificate c) {
        CertInfo i = CertInfo.of(c);
        List<String> all = new ArrayList<>(i.dnsNames());
        all.addAll(i.ipAddresses());
        return all.isEmpty() ? text("probe.cert.noSan", i.subject()) : String.join(", ", all);
    }

    private static String text(String key, Object... args) {
        return TlsAlerts.registry().texts().format(Lang.EN, key, args);
    }
}
