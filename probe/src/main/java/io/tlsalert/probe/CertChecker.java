package io.tlsalert.probe;

import io.tlsalert.wire.AlertDescription;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a server chain like a strict client: does it lead to a root of the trust store (and is any certificate
 * missing on the way), is every certificate within its validity, does the leaf name the host. Revocation is not
 * checked. The alerts named are OpenSSL's choices (JDK clients send certificate_unknown for most of these, Go
 * bad_certificate).
 */
final class CertChecker {
    private CertChecker() {}

    static CertificateCheck check(List<X509Certificate> chain, TrustStore trust, String name, Instant now) {
        List<String> problems = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<Integer> alerts = new ArrayList<>();
        if (chain.isEmpty()) {
            return new CertificateCheck(
                    "server-certificate-untrusted",
                    Optional.of(AlertDescription.BAD_CERTIFICATE),
                    "the server sent no certificate",
                    List.of("server-certificate-untrusted"),
                    name,
                    trust.description());
        }
        trust(chain, trust, problems, reasons, alerts);
        Date d = Date.from(now);
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String who = (i == 0 ? "the server certificate " : "chain certificate " + i + " ")
                    + c.getSubjectX500Principal().getName();
            if (d.after(c.getNotAfter())) {
                problems.add("server-certificate-expired");
                alerts.add(AlertDescription.CERTIFICATE_EXPIRED);
                reasons.add(who + " expired on " + c.getNotAfter().toInstant()
                        + " (certificate_expired, OpenSSL 'certificate has expired')");
                break;
            }
            if (d.before(c.getNotBefore())) {
                problems.add("server-certificate-not-yet-valid");
                alerts.add(AlertDescription.BAD_CERTIFICATE);
                reasons.add(
                        who + " is not valid before " + c.getNotBefore().toInstant()
                                + " (a wrong clock on one side?); OpenSSL sends bad_certificate ('certificate is not yet valid')");
                break;
            }
        }
        if (!matchesName(chain.get(0), name)) {
            problems.add("server-certificate-name-mismatch");
            alerts.add(AlertDescription.BAD_CERTIFICATE);
            reasons.add("the server certificate is for " + names(chain.get(0)) + ", not '" + name
                    + "'; a client that checks host names sends bad_certificate (JDK: certificate_unknown)");
        }
        if (problems.isEmpty()) {
            return new CertificateCheck(
                    "ok",
                    Optional.empty(),
                    "the chain leads to a root in " + trust.description()
                            + ", every certificate is within its validity, and the leaf names " + name,
                    List.of(),
                    name,
                    trust.description());
        }
        return new CertificateCheck(
                problems.get(0),
                Optional.of(alerts.get(0)),
                String.join("; ", reasons),
                List.copyOf(problems),
                name,
                trust.description());
    }

    private static void trust(
            List<X509Certificate> chain,
            TrustStore trust,
            List<String> problems,
            List<String> reasons,
            List<Integer> alerts) {
        X509Certificate cur = chain.get(0);
        List<X509Certificate> used = new ArrayList<>();
        used.add(cur);
        for (int depth = 0; depth < 12; depth++) {
            if (isAnchor(cur, trust)) {
                return;
            }
            X509Certificate anchor = findIssuer(cur, trust.anchors());
            if (anchor != null) {
                return;
            }
            if (selfSigned(cur)) {
                problems.add("server-certificate-untrusted");
                alerts.add(AlertDescription.UNKNOWN_CA);
                reasons.add((used.size() == 1
                                ? "the server certificate is self-signed"
                                : "the chain ends at the root "
                                        + cur.getSubjectX500Principal().getName())
                        + ", which " + trust.description()
                        + " does not hold (unknown_ca; OpenSSL: 'self-signed certificate"
                        + (used.size() == 1 ? "'" : " in certificate chain'") + ")");
                return;
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
                problems.add("server-certificate-incomplete-chain");
                alerts.add(AlertDescription.UNKNOWN_CA);
                reasons.add(
                        "no certificate for the issuer "
                                + cur.getIssuerX500Principal().getName() + " of "
                                + cur.getSubjectX500Principal().getName() + ": the server did not send it and "
                                + trust.description()
                                + " does not hold it (unknown_ca; OpenSSL: 'unable to get local issuer certificate'). Usually the server"
                                + " omits an intermediate certificate; if that issuer is a private CA, its root is missing from the trust store");
                return;
            }
            used.add(next);
            cur = next;
        }
        problems.add("server-certificate-untrusted");
        alerts.add(AlertDescription.UNKNOWN_CA);
        reasons.add("the chain is too long or loops");
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
        return all.isEmpty()
                ? "no subjectAltName (subject " + i.subject() + "; clients ignore the CN)"
                : String.join(", ", all);
    }
}
