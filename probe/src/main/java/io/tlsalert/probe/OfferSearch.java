package io.tlsalert.probe;

import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The search for what the server accepts, from a client offer that failed: widen every dimension at once to all the
 * engine can offer ({@link EngineOffer}), then narrow back to the client's offer one dimension at a time — versions,
 * cipher suites, groups, signature schemes, ALPN — keeping the client's value wherever the server still accepts it.
 * A dimension where the client's value fails is one the server constrains: the value the server chose in the last
 * accepted handshake is what it needs (signature schemes, which no message names back, are bisected), one more
 * handshake without that value says whether it is the only one, and the client's offer plus what it lacked is the
 * offer that works. Handshakes come from the caller, which holds the budget: a null attempt ends the search.
 */
final class OfferSearch {
    /** The dimensions narrowed, in order. */
    enum Dimension {
        VERSION,
        SUITE,
        GROUP,
        SIGNATURE,
        ALPN
    }

    /**
     * What the server constrains in one dimension.
     *
     * @param dimension which
     * @param needed    the value it took (a version, suite, group or scheme code; an ALPN name's index for ALPN)
     * @param only      true when the same offer without {@code needed} failed: nothing else the engine has will do
     * @param also      another value it took without {@code needed}, when it did
     */
    record Fault(Dimension dimension, Object needed, boolean only, Optional<Object> also) {}

    /**
     * How the search ended.
     *
     * @param faults    the constrained dimensions, in narrowing order; empty when the client's own offer was accepted
     *                  in the end (the baseline's failure did not repeat) or nothing was accepted
     * @param accepted  the last accepted handshake, empty when no widened offer was accepted
     * @param fixed     the client's offer with what it lacked, confirmed by a handshake when {@code confirmed}
     * @param confirmed whether {@code fixed} itself was accepted
     * @param widest    the widest offer tried
     */
    record Result(List<Fault> faults, Optional<Attempt> accepted, Offer fixed, boolean confirmed, Offer widest) {}

    private static final List<ProtocolVersion> ALL_VERSIONS =
            List.of(ProtocolVersion.TLS_1_3, ProtocolVersion.TLS_1_2, ProtocolVersion.TLS_1_1, ProtocolVersion.TLS_1_0);

    private final Offer client;
    private final BiFunction<Phrase, Offer, Attempt> handshake;

    /**
     * @param client    the offer under diagnosis (the user's pins, or the default offer)
     * @param handshake makes one handshake, or returns null when no more may be made
     */
    OfferSearch(Offer client, BiFunction<Phrase, Offer, Attempt> handshake) {
        this.client = client;
        this.handshake = handshake;
    }

    /** The client's offer with every version, suite, group and signature scheme the engine has added after its own. */
    static Offer widest(Offer client) {
        return client.withVersions(ALL_VERSIONS)
                .withCipherSuites(union(client.cipherSuites(), EngineOffer.suites()))
                .withGroups(union(client.groups(), EngineOffer.groups()))
                .withSignatureSchemes(union(client.signatureSchemes(), EngineOffer.signatureSchemes()))
                .withAlpn(List.of())
                .withPadTo(0)
                .withSplitAt(0);
    }

    Result run() {
        Offer wide = widest(client);
        Attempt a = handshake.apply(Phrase.of("probe.changed.widest", describe(wide)), wide);
        if (a == null) {
            return new Result(List.of(), Optional.empty(), client, false, wide);
        }
        if (!a.ok()) {
            // The widest offer in one ClientHello was refused: try it per protocol generation, smaller and without
            // the mix of TLS 1.3 and older versions that version-intolerant servers and middleboxes choke on.
            Offer tls13 = wide.withVersions(List.of(ProtocolVersion.TLS_1_3)).withCipherSuites(wide.tls13Suites());
            Offer legacy = wide.withVersions(ALL_VERSIONS.subList(1, 4)).withCipherSuites(wide.legacySuites());
            a = null;
            for (Offer o : List.of(legacy, tls13)) {
                Attempt x = handshake.apply(Phrase.of("probe.changed.widest", describe(o)), o);
                if (x == null) {
                    return new Result(List.of(), Optional.empty(), client, false, wide);
                }
                if (x.ok()) {
                    a = x;
                    wide = o;
                    break;
                }
            }
            if (a == null) {
                return new Result(List.of(), Optional.empty(), client, false, wide);
            }
        }
        return narrow(wide, a);
    }

    private Result narrow(Offer wide, Attempt accepted) {
        Offer current = wide;
        Attempt last = accepted;
        List<Fault> faults = new ArrayList<>();
        boolean lastWasFault = false;
        for (Dimension d : Dimension.values()) {
            if (same(current, client, d)) {
                continue;
            }
            Offer t = with(current, d, client);
            Attempt a = handshake.apply(Phrase.of("probe.changed.narrow", dimensionName(d), describe(t, d)), t);
            if (a == null) {
                return new Result(faults, Optional.of(last), current, false, wide);
            }
            if (a.ok()) {
                current = t;
                last = a;
                lastWasFault = false;
                continue;
            }
            Optional<Object> needed = chosen(last, d);
            if (needed.isEmpty()) {
                needed = bisect(current, d);
                if (needed.isEmpty()) {
                    return new Result(faults, Optional.of(last), current, false, wide);
                }
            }
            Offer without = without(current, d, needed.get());
            boolean only = false;
            Optional<Object> also = Optional.empty();
            if (without != null) {
                Attempt w = handshake.apply(
                        Phrase.of("probe.changed.without", dimensionName(d), label(d, needed.get())), without);
                if (w == null) {
                    faults.add(new Fault(d, needed.get(), false, Optional.empty()));
                    return new Result(faults, Optional.of(last), current, false, wide);
                }
                only = !w.ok();
                also = w.ok() ? chosen(w, d) : Optional.empty();
            } else {
                only = true;
            }
            faults.add(new Fault(d, needed.get(), only, also));
            current = withAdded(current, d, needed.get());
            lastWasFault = true;
            // Most servers constrain one dimension: offer the client's own in all the others at once, which is the
            // fixed offer; only if that fails are they narrowed one by one.
            Offer rest = current;
            for (Dimension r : Dimension.values()) {
                if (r.ordinal() > d.ordinal()) {
                    rest = with(rest, r, client);
                }
            }
            if (!rest.equals(current)) {
                Attempt x = handshake.apply(Phrase.of("probe.changed.fixed", describe(rest)), rest);
                if (x == null) {
                    return new Result(faults, Optional.of(last), current, false, wide);
                }
                if (x.ok()) {
                    return new Result(faults, Optional.of(x), rest, true, wide);
                }
            }
        }
        boolean confirmed = !lastWasFault;
        if (lastWasFault) {
            Attempt c = handshake.apply(Phrase.of("probe.changed.fixed", describe(current)), current);
            confirmed = c != null && c.ok();
            if (confirmed) {
                last = c;
            }
        }
        return new Result(faults, Optional.of(last), current, confirmed, wide);
    }

    /**
     * The signature scheme the server needs, by halving what the widened offer has beyond the client's: the half
     * that, added to the client's schemes, is accepted holds it.
     */
    private Optional<Object> bisect(Offer current, Dimension d) {
        if (d != Dimension.SIGNATURE) {
            return Optional.empty();
        }
        List<Integer> extra = new ArrayList<>(current.signatureSchemes());
        extra.removeAll(client.signatureSchemes());
        while (extra.size() > 1) {
            List<Integer> half = extra.subList(0, extra.size() / 2);
            Offer t = current.withSignatureSchemes(union(client.signatureSchemes(), half));
            Attempt a = handshake.apply(Phrase.of("probe.changed.bisect", schemes(half)), t);
            if (a == null) {
                return Optional.empty();
            }
            extra = a.ok() ? new ArrayList<>(half) : new ArrayList<>(extra.subList(extra.size() / 2, extra.size()));
        }
        return extra.isEmpty() ? Optional.empty() : Optional.of(extra.get(0));
    }

    /** What the server chose in an accepted handshake, in this dimension (empty when no message names it). */
    private static Optional<Object> chosen(Attempt a, Dimension d) {
        Outcome o = a.outcome();
        return switch (d) {
            case VERSION -> o.version().map(v -> v);
            case SUITE -> o.cipherSuite().map(v -> v);
            case GROUP -> o.group().map(v -> v);
            case ALPN -> Optional.of(o.alpn().orElse(""));
            case SIGNATURE -> Optional.empty();
        };
    }

    private static boolean same(Offer a, Offer b, Dimension d) {
        return switch (d) {
            case VERSION -> a.versions().equals(b.versions());
            case SUITE -> a.cipherSuites().equals(b.cipherSuites());
            case GROUP -> a.groups().equals(b.groups());
            case SIGNATURE -> a.signatureSchemes().equals(b.signatureSchemes());
            case ALPN -> a.alpn().equals(b.alpn());
        };
    }

    /** {@code o} with dimension {@code d} taken from {@code from}. */
    private static Offer with(Offer o, Dimension d, Offer from) {
        return switch (d) {
            case VERSION -> o.withVersions(from.versions());
            case SUITE -> o.withCipherSuites(from.cipherSuites());
            case GROUP -> o.withGroups(from.groups());
            case SIGNATURE -> o.withSignatureSchemes(from.signatureSchemes());
            case ALPN -> o.withAlpn(from.alpn());
        };
    }

    /** The client's value of {@code d} with {@code needed} added at its end (the fixed offer). */
    private Offer withAdded(Offer o, Dimension d, Object needed) {
        return switch (d) {
            case VERSION -> o.withVersions(plus(client.versions(), (ProtocolVersion) needed));
            case SUITE -> o.withCipherSuites(plus(client.cipherSuites(), (Integer) needed));
            case GROUP -> o.withGroups(plus(client.groups(), (Integer) needed));
            case SIGNATURE -> o.withSignatureSchemes(plus(client.signatureSchemes(), (Integer) needed));
            case ALPN -> o.withAlpn(((String) needed).isEmpty() ? List.of() : List.of((String) needed));
        };
    }

    /** {@code o} without {@code needed} in {@code d}; null when nothing would be left to offer. */
    private static Offer without(Offer o, Dimension d, Object needed) {
        return switch (d) {
            case VERSION -> {
                List<ProtocolVersion> v = minus(o.versions(), (ProtocolVersion) needed);
                yield v.isEmpty() ? null : o.withVersions(v);
            }
            case SUITE -> {
                List<Integer> v = minus(o.cipherSuites(), (Integer) needed);
                yield v.isEmpty() ? null : o.withCipherSuites(v);
            }
            case GROUP -> {
                List<Integer> v = minus(o.groups(), (Integer) needed);
                yield v.isEmpty() ? null : o.withGroups(v);
            }
            case SIGNATURE -> {
                List<Integer> v = minus(o.signatureSchemes(), (Integer) needed);
                yield v.isEmpty() ? null : o.withSignatureSchemes(v);
            }
            case ALPN -> null;
        };
    }

    static Phrase dimensionName(Dimension d) {
        return Phrase.of("probe.dimension." + d.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** A value of a dimension as reports name it. */
    static String label(Dimension d, Object v) {
        return switch (d) {
            case VERSION -> ((ProtocolVersion) v).name();
            case SUITE -> CodePointLabels.cipherSuite((Integer) v);
            case GROUP -> CodePointLabels.group((Integer) v);
            case SIGNATURE -> CodePointLabels.signatureScheme((Integer) v);
            case ALPN -> ((String) v).isEmpty() ? "-" : (String) v;
        };
    }

    /** An offer in a few words: "TLS 1.3, TLS 1.2, TLS 1.1, TLS 1.0; 231 suites, 45 groups, 25 signature schemes". */
    static Phrase describe(Offer o) {
        return Phrase.of(
                "probe.offer.counts",
                String.join(
                        ", ", o.versions().stream().map(ProtocolVersion::name).toList()),
                o.cipherSuites().size(),
                o.groups().size(),
                o.signatureSchemes().size());
    }

    /** The value of one dimension of an offer, in a few words. */
    private static Phrase describe(Offer o, Dimension d) {
        return switch (d) {
            case VERSION ->
                Phrase.literal(String.join(
                        ", ", o.versions().stream().map(ProtocolVersion::name).toList()));
            case SUITE -> Phrase.literal(items(o.cipherSuites(), CodePointLabels::cipherSuite));
            case GROUP ->
                Phrase.literal(String.join(
                        ", ", o.groups().stream().map(CodePointLabels::group).toList()));
            case SIGNATURE -> Phrase.literal(schemes(o.signatureSchemes()));
            case ALPN -> Phrase.literal(o.alpn().isEmpty() ? "-" : String.join(", ", o.alpn()));
        };
    }

    private static String schemes(List<Integer> s) {
        return items(s, CodePointLabels::signatureScheme);
    }

    /** Up to 3 names, else the count. */
    private static String items(List<Integer> codes, java.util.function.IntFunction<String> name) {
        if (codes.size() <= 3) {
            return String.join(", ", codes.stream().map(name::apply).toList());
        }
        return String.valueOf(codes.size());
    }

    static <T> List<T> union(List<T> first, List<T> then) {
        LinkedHashSet<T> s = new LinkedHashSet<>(first);
        s.addAll(then);
        return List.copyOf(s);
    }

    private static <T> List<T> plus(List<T> l, T x) {
        return union(l, List.of(x));
    }

    private static <T> List<T> minus(List<T> l, T x) {
        return l.stream().filter(v -> !v.equals(x)).toList();
    }
}
