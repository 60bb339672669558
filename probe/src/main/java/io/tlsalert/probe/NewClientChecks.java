package io.tlsalert.probe;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.wire.ProtocolVersion;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * After a baseline the server accepted: what clients newer than the baseline's offer do differently, and whether the
 * server (or something on the path) breaks on it. One handshake offers all of it at once, as a current browser
 * does: a post-quantum hybrid key share (X25519MLKEM768, which makes the ClientHello over 1.5 KB; padded to that size
 * when the offer has no TLS 1.3), the ClientHello over two TCP segments, and no SHA-1 signature scheme. Only when
 * that fails is each change tried on its own to name the one that breaks. The baseline itself says whether the server
 * uses Extended Master Secret (RFC 7627), which clients in FIPS mode require.
 */
final class NewClientChecks {
    /** A ClientHello this large is what post-quantum key shares make, and what some middleboxes drop. */
    static final int LARGE_CLIENTHELLO = 1600;

    /** Where a split ClientHello is cut: inside the extensions, before SNI, as a middlebox reading one segment sees it. */
    static final int SPLIT_AT = 100;

    private final Offer base;
    private final BiFunction<Phrase, Offer, Attempt> handshake;

    NewClientChecks(Offer base, BiFunction<Phrase, Offer, Attempt> handshake) {
        this.base = base;
        this.handshake = handshake;
    }

    /** SHA-1 signature schemes, by core's IANA names (rsa_pkcs1_sha1, ecdsa_sha1, dsa_sha1...). */
    static boolean isSha1(int scheme) {
        return TlsParameters.get()
                .signatureSchemeName(scheme)
                .map(n -> n.endsWith("_sha1"))
                .orElse(false);
    }

    /** The offer without SHA-1 schemes; the offer itself when it has only SHA-1 ones (nothing would be left). */
    private Offer noSha1(Offer o) {
        List<Integer> s = o.signatureSchemes().stream().filter(x -> !isSha1(x)).toList();
        return s.isEmpty() ? o : o.withSignatureSchemes(s);
    }

    private Offer large(Offer o) {
        Offer l = o;
        if (o.versions().contains(ProtocolVersion.TLS_1_3)) {
            l = o.withGroups(OfferSearch.union(List.of(EngineOffer.X25519MLKEM768), o.groups()));
        }
        return l.withPadTo(LARGE_CLIENTHELLO);
    }

    /**
     * The cause when a new client's ClientHello breaks where the baseline's worked, else null (the baseline's cause
     * stands).
     *
     * @param baseline the accepted baseline
     * @param evidence every handshake made so far, at the time it is asked
     */
    Cause run(Attempt baseline, Supplier<Phrase> evidence) {
        if (baseline.outcome().version().map(v -> !v.isTls13()).orElse(false)
                && !baseline.outcome().extendedMasterSecret()) {
            return new Cause(
                    CauseId.EXTENDED_MASTER_SECRET_MISSING,
                    Phrase.of(
                            "probe.evidence.ems.missing",
                            evidence.get(),
                            baseline.outcome().version().get().name()),
                    Phrase.of("probe.accepts.ems.missing"),
                    Phrase.of("probe.fix.ems.missing"));
        }
        Offer modern = large(noSha1(base)).withSplitAt(SPLIT_AT);
        Attempt all = handshake.apply(Phrase.of("probe.changed.newclient"), modern);
        if (all == null || all.ok()) {
            return null;
        }
        Offer sha = noSha1(base);
        if (!sha.equals(base)) {
            Attempt a = handshake.apply(Phrase.of("probe.changed.nosha1"), sha);
            if (a == null) {
                return null;
            }
            if (!a.ok()) {
                return new Cause(
                        CauseId.SERVER_REQUIRES_SHA1_SIGNATURE,
                        Phrase.of("probe.evidence.sha1", evidence.get()),
                        Phrase.of("probe.accepts.sha1"),
                        Phrase.of("probe.fix.sha1"));
            }
        }
        Offer big = large(base);
        Attempt a = handshake.apply(Phrase.of("probe.changed.large", LARGE_CLIENTHELLO), big);
        if (a == null) {
            return null;
        }
        if (!a.ok()) {
            return new Cause(
                    CauseId.CLIENTHELLO_TOO_LARGE,
                    Phrase.of(
                            "probe.evidence.large", evidence.get(), a.clientHelloBytes(), baseline.clientHelloBytes()),
                    Phrase.of("probe.accepts.large", baseline.clientHelloBytes()),
                    Phrase.of("probe.fix.large"));
        }
        Attempt s = handshake.apply(Phrase.of("probe.changed.split", SPLIT_AT), base.withSplitAt(SPLIT_AT));
        if (s == null) {
            return null;
        }
        if (!s.ok()) {
            return new Cause(
                    CauseId.CLIENTHELLO_SPLIT_DROPPED,
                    Phrase.of("probe.evidence.split", evidence.get(), SPLIT_AT),
                    Phrase.of("probe.accepts.split"),
                    Phrase.of("probe.fix.split"));
        }
        return new Cause(
                CauseId.CLIENTHELLO_TOO_LARGE,
                Phrase.of("probe.evidence.combined", evidence.get()),
                Phrase.of("probe.accepts.large", baseline.clientHelloBytes()),
                Phrase.of("probe.fix.large"));
    }
}
