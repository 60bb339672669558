package io.tlsalert.probe;

import io.tlsalert.probe.OfferFamilies.Family;
import io.tlsalert.probe.OfferFamilies.Registry;
import io.tlsalert.probe.OfferSearch.Dimension;
import io.tlsalert.probe.OfferSearch.Fault;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cause an {@link OfferSearch} found, in words: the first constrained dimension names the cause id, every one of
 * them says what the server needs ("only TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384 in TLS 1.2") and what the
 * client's offer lacks, with a fix for each.
 */
final class SearchVerdict {
    private SearchVerdict() {}

    static Cause cause(Offer client, OfferSearch.Result r, Phrase steps) {
        List<Fault> faults = r.faults();
        Optional<ProtocolVersion> version =
                r.accepted().flatMap(a -> a.outcome().version());
        String in = version.map(ProtocolVersion::name).orElse("?");
        List<Phrase> accepts = new ArrayList<>();
        List<Phrase> fixes = new ArrayList<>();
        for (Fault f : faults) {
            Phrase what = what(f);
            switch (f.dimension()) {
                case VERSION -> {
                    accepts.add(what);
                    boolean newer = ((ProtocolVersion) f.needed()).value()
                            > client.newestVersion().value();
                    fixes.add(Phrase.of(
                            newer ? "probe.fix.search.newer" : "probe.fix.search.older",
                            what,
                            OfferSearch.label(Dimension.VERSION, f.needed()),
                            String.join(
                                    ", ",
                                    client.versions().stream()
                                            .map(ProtocolVersion::name)
                                            .toList())));
                }
                case SUITE -> {
                    accepts.add(Phrase.of("probe.accepts.in", what, in));
                    fixes.add(Phrase.of(
                            "probe.fix.search.suite", what, in, OfferSearch.label(Dimension.SUITE, f.needed())));
                }
                case GROUP -> {
                    accepts.add(what);
                    fixes.add(
                            Phrase.of("probe.fix.search.group", what, OfferSearch.label(Dimension.GROUP, f.needed())));
                }
                case SIGNATURE -> {
                    accepts.add(what);
                    String key = r.accepted()
                            .filter(a -> !a.serverChain().isEmpty())
                            .map(a -> a.serverChain().get(0).keyAlgorithm())
                            .orElse("?");
                    fixes.add(Phrase.of("probe.fix.search.signature", what, key));
                }
                case ALPN -> {
                    accepts.add(what);
                    fixes.add(Phrase.of(
                            "probe.fix.search.alpn",
                            what,
                            client.alpn().isEmpty() ? "-" : String.join(", ", client.alpn())));
                }
            }
        }
        Phrase evidence = r.confirmed()
                ? Phrase.of("probe.evidence.search.confirmed", steps, accepts)
                : Phrase.of("probe.evidence.search.unconfirmed", steps, accepts);
        return new Cause(
                id(faults.get(0), client),
                evidence,
                Phrase.of("probe.accepts.all", accepts),
                Phrase.of("probe.fix.all", fixes));
    }

    private static CauseId id(Fault f, Offer client) {
        return switch (f.dimension()) {
            case VERSION ->
                ((ProtocolVersion) f.needed()).value() > client.newestVersion().value()
                        ? CauseId.SERVER_REQUIRES_NEWER_TLS
                        : CauseId.SERVER_REQUIRES_OLDER_TLS;
            case SUITE -> CauseId.NO_SHARED_CIPHER_SUITE;
            case GROUP -> CauseId.NO_SHARED_GROUP;
            case SIGNATURE -> CauseId.NO_SHARED_SIGNATURE_ALGORITHM;
            case ALPN -> CauseId.ALPN_MISMATCH;
        };
    }

    /** "only X", or "X (and also Y)", X with its family when the family data names one. */
    private static Phrase what(Fault f) {
        String needed = name(f.dimension(), f.needed());
        if (f.only()) {
            return Phrase.of("probe.accepts.only", needed);
        }
        if (f.also().isPresent()) {
            return Phrase.of(
                    "probe.accepts.also", needed, name(f.dimension(), f.also().get()));
        }
        return Phrase.literal(needed);
    }

    private static String name(Dimension d, Object v) {
        String label = OfferSearch.label(d, v);
        Registry registry = switch (d) {
            case SUITE -> Registry.CIPHER_SUITE;
            case SIGNATURE -> Registry.SIGNATURE_SCHEME;
            default -> null;
        };
        if (registry == null) {
            return label;
        }
        for (Family f : OfferFamilies.tried(registry)) {
            if (f.codes().contains(v)) {
                return label + " (" + f.label() + ")";
            }
        }
        return label;
    }
}
