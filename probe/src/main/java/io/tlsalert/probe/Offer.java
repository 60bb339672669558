package io.tlsalert.probe;

import io.tlsalert.probe.OfferFamilies.Registry;
import io.tlsalert.wire.ProtocolVersion;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the probe's ClientHello offers, code point by code point (IANA values): versions, cipher suites, groups
 * (the first one gets the key share), signature schemes, SNI, ALPN, a client certificate for when the server asks,
 * and {@code padTo}: the minimum length in bytes of the ClientHello handshake message, reached with the padding
 * extension (RFC 7685); 0 for no padding. {@code extendedMasterSecret}: whether the ClientHello carries
 * extended_master_secret (RFC 7627; every current client does, old ones do not). {@code splitAt}: 0 to send the
 * ClientHello in one write, else the number of its first bytes sent in a TCP segment of their own, the rest in a
 * second one (as a ClientHello over one segment's size always is: the case middleboxes that do not reassemble drop).
 */
public record Offer(
        List<ProtocolVersion> versions,
        List<Integer> cipherSuites,
        List<Integer> groups,
        List<Integer> signatureSchemes,
        Optional<String> sni,
        List<String> alpn,
        Optional<ClientCredentials> clientCert,
        int padTo,
        boolean extendedMasterSecret,
        int splitAt) {

    public Offer {
        versions = List.copyOf(versions);
        cipherSuites = List.copyOf(cipherSuites);
        groups = List.copyOf(groups);
        signatureSchemes = List.copyOf(signatureSchemes);
        alpn = List.copyOf(alpn);
        Objects.requireNonNull(sni, "sni");
        Objects.requireNonNull(clientCert, "clientCert");
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("no version offered");
        }
        if (cipherSuites.isEmpty()) {
            throw new IllegalArgumentException("no cipher suite offered");
        }
        if (padTo < 0 || padTo > 16000) {
            throw new IllegalArgumentException("padTo out of range: " + padTo);
        }
        if (splitAt < 0) {
            throw new IllegalArgumentException("splitAt out of range: " + splitAt);
        }
    }

    /** An offer with extended_master_secret, sent in one write. */
    public Offer(
            List<ProtocolVersion> versions,
            List<Integer> cipherSuites,
            List<Integer> groups,
            List<Integer> signatureSchemes,
            Optional<String> sni,
            List<String> alpn,
            Optional<ClientCredentials> clientCert,
            int padTo) {
        this(versions, cipherSuites, groups, signatureSchemes, sni, alpn, clientCert, padTo, true, 0);
    }

    /** TLS_FALLBACK_SCSV (RFC 7507): put it in an offer's cipher suites to make a fallback retry. */
    public static final int FALLBACK_SCSV = 0x5600;

    /**
     * What a current browser offers, roughly: TLS 1.3 and 1.2, AEAD and CBC suites of every family, 4 groups (the
     * baseline rows of {@link OfferFamilies}).
     */
    public static Offer broad() {
        return new Offer(
                List.of(ProtocolVersion.TLS_1_3, ProtocolVersion.TLS_1_2),
                OfferFamilies.baseline(Registry.CIPHER_SUITE),
                OfferFamilies.baseline(Registry.GROUP),
                OfferFamilies.baseline(Registry.SIGNATURE_SCHEME),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                0);
    }

    /** {@link #broad()} with the target's SNI. */
    public static Offer broad(Target target) {
        return broad().withSni(target.sni());
    }

    public Offer withVersions(List<ProtocolVersion> v) {
        return new Offer(
                v, cipherSuites, groups, signatureSchemes, sni, alpn, clientCert, padTo, extendedMasterSecret, splitAt);
    }

    public Offer withVersions(ProtocolVersion... v) {
        return withVersions(List.of(v));
    }

    public Offer withCipherSuites(List<Integer> c) {
        return new Offer(
                versions, c, groups, signatureSchemes, sni, alpn, clientCert, padTo, extendedMasterSecret, splitAt);
    }

    public Offer withGroups(List<Integer> g) {
        return new Offer(
                versions,
                cipherSuites,
                g,
                signatureSchemes,
                sni,
                alpn,
                clientCert,
                padTo,
                extendedMasterSecret,
                splitAt);
    }

    public Offer withSignatureSchemes(List<Integer> s) {
        return new Offer(
                versions, cipherSuites, groups, s, sni, alpn, clientCert, padTo, extendedMasterSecret, splitAt);
    }

    public Offer withSni(Optional<String> s) {
        return new Offer(
                versions,
                cipherSuites,
                groups,
                signatureSchemes,
                s,
                alpn,
                clientCert,
                padTo,
                extendedMasterSecret,
                splitAt);
    }

    public Offer withSni(String s) {
        return withSni(Optional.ofNullable(s));
    }

    public Offer withAlpn(List<String> a) {
        return new Offer(
                versions,
                cipherSuites,
                groups,
                signatureSchemes,
                sni,
                a,
                clientCert,
                padTo,
                extendedMasterSecret,
                splitAt);
    }

    public Offer withAlpn(String... a) {
        return withAlpn(List.of(a));
    }

    public Offer withClientCert(Optional<ClientCredentials> c) {
        return new Offer(
                versions, cipherSuites, groups, signatureSchemes, sni, alpn, c, padTo, extendedMasterSecret, splitAt);
    }

    public Offer withPadTo(int p) {
        return new Offer(
                versions,
                cipherSuites,
                groups,
                signatureSchemes,
                sni,
                alpn,
                clientCert,
                p,
                extendedMasterSecret,
                splitAt);
    }

    public Offer withExtendedMasterSecret(boolean e) {
        return new Offer(versions, cipherSuites, groups, signatureSchemes, sni, alpn, clientCert, padTo, e, splitAt);
    }

    public Offer withSplitAt(int n) {
        return new Offer(
                versions,
                cipherSuites,
                groups,
                signatureSchemes,
                sni,
                alpn,
                clientCert,
                padTo,
                extendedMasterSecret,
                n);
    }

    /** The TLS 1.3 suites of this offer. */
    public List<Integer> tls13Suites() {
        return cipherSuites.stream()
                .filter(OfferFamilies.tls13Suites()::contains)
                .toList();
    }

    /** The TLS 1.0-1.2 suites of this offer. */
    public List<Integer> legacySuites() {
        List<Integer> tls13 = OfferFamilies.tls13Suites();
        return cipherSuites.stream().filter(s -> !tls13.contains(s)).toList();
    }

    /** The newest version offered. */
    public ProtocolVersion newestVersion() {
        return versions.stream().max(BY_VALUE).orElseThrow();
    }

    /** The oldest version offered. */
    public ProtocolVersion oldestVersion() {
        return versions.stream().min(BY_VALUE).orElseThrow();
    }

    /** TLS versions by their wire value: newer is larger (the probe speaks TLS, not DTLS). */
    private static final Comparator<ProtocolVersion> BY_VALUE = Comparator.comparingInt(ProtocolVersion::value);

    /** A short text for reports: "TLS 1.3, TLS 1.2; 31 suites; groups x25519, secp256r1; SNI a.test; ALPN h2". */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.join(", ", versions.stream().map(ProtocolVersion::name).toList()));
        b.append("; ")
                .append(
                        cipherSuites.size() <= 3
                                ? String.join(
                                        ", ",
                                        cipherSuites.stream()
                                                .map(CodePointLabels::cipherSuite)
                                                .toList())
                                : cipherSuites.size() + " suites");
        b.append("; groups ")
                .append(String.join(
                        ", ", groups.stream().map(CodePointLabels::group).toList()));
        b.append("; ").append(signatureSchemes.size()).append(" signature schemes");
        b.append("; SNI ").append(sni.orElse("none"));
        if (!alpn.isEmpty()) {
            b.append("; ALPN ").append(String.join(",", alpn));
        }
        if (clientCert.isPresent()) {
            b.append("; client certificate ")
                    .append(clientCert
                            .get()
                            .chain()
                            .get(0)
                            .getSubjectX500Principal()
                            .getName());
        }
        if (padTo > 0) {
            b.append("; padded to ").append(padTo).append(" bytes");
        }
        if (!extendedMasterSecret) {
            b.append("; no extended_master_secret");
        }
        if (splitAt > 0) {
            b.append("; split after ").append(splitAt).append(" bytes");
        }
        return b.toString();
    }
}
