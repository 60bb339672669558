package io.tlsalert.probe;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.probe.OfferFamilies.Registry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.KeyExchangeAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Everything the probe's engine can offer, asked of Bouncy Castle itself rather than listed here: every cipher suite
 * constant of {@link CipherSuite} that BC's crypto can run ({@link TlsUtils#getSupportedCipherSuites}) with a key
 * exchange the probe's plain client can complete, every {@link NamedGroup} it has ({@code hasNamedGroup}, hybrids by
 * their two halves), every {@link SignatureScheme} it can verify. Only code points core's IANA tables name are kept,
 * so that every report names what it offered. The baseline's families come first, in their order, so that a server
 * that follows the client's preference picks what a browser would; the rest follow by code point. Computed once.
 */
final class EngineOffer {
    /**
     * Key exchanges the probe's client cannot complete: PSK needs a pre-shared key, SRP a password, and neither is
     * part of a diagnosis. A server that chose one of them would fail the handshake for the probe's sake, not its own.
     */
    private static final Set<Integer> UNUSABLE_KEY_EXCHANGES = Set.of(
            KeyExchangeAlgorithm.PSK,
            KeyExchangeAlgorithm.DHE_PSK,
            KeyExchangeAlgorithm.ECDHE_PSK,
            KeyExchangeAlgorithm.RSA_PSK,
            KeyExchangeAlgorithm.SRP,
            KeyExchangeAlgorithm.SRP_DSS,
            KeyExchangeAlgorithm.SRP_RSA);

    /** The post-quantum hybrid of draft-ietf-tls-ecdhe-mlkem: its key share alone is 1,216 bytes. */
    static final int X25519MLKEM768 = NamedGroup.X25519MLKEM768;

    private static final List<Integer> SUITES;
    private static final List<Integer> GROUPS;
    private static final List<Integer> SIGNATURE_SCHEMES;

    static {
        JcaTlsCrypto crypto = (JcaTlsCrypto) new JcaTlsCryptoProvider()
                .setProvider(new BouncyCastleProvider())
                .create(new SecureRandom());
        TlsParameters iana = TlsParameters.get();
        SUITES = collect(
                Registry.CIPHER_SUITE,
                CipherSuite.class,
                v -> iana.cipherSuiteName(v).isPresent()
                        && TlsUtils.getSupportedCipherSuites(crypto, new int[] {v}).length == 1
                        && (isTls13Suite(v) || !UNUSABLE_KEY_EXCHANGES.contains(TlsUtils.getKeyExchangeAlgorithm(v))));
        GROUPS =
                collect(Registry.GROUP, NamedGroup.class, v -> iana.groupName(v).isPresent() && hasGroup(crypto, v));
        SIGNATURE_SCHEMES = collect(
                Registry.SIGNATURE_SCHEME,
                SignatureScheme.class,
                v -> iana.signatureSchemeName(v).isPresent()
                        && crypto.hasSignatureScheme(v)
                        && SignatureScheme.getSignatureAndHashAlgorithm(v) != null);
    }

    private EngineOffer() {}

    /** Every cipher suite, TLS 1.3 ones first. */
    static List<Integer> suites() {
        return SUITES;
    }

    static List<Integer> groups() {
        return GROUPS;
    }

    static List<Integer> signatureSchemes() {
        return SIGNATURE_SCHEMES;
    }

    /** A TLS 1.3 suite names no key exchange (RFC 8446 §B.4): BC gives it key exchange NULL. */
    private static boolean isTls13Suite(int suite) {
        return TlsUtils.getKeyExchangeAlgorithm(suite) == KeyExchangeAlgorithm.NULL;
    }

    /** True when the engine can make a key share for this group (a hybrid when it can make both halves). */
    static boolean hasGroup(JcaTlsCrypto crypto, int group) {
        if (NamedGroup.refersToASpecificHybrid(group)) {
            return crypto.hasNamedGroup(NamedGroup.getHybridFirst(group))
                    && crypto.hasNamedGroup(NamedGroup.getHybridSecond(group));
        }
        return crypto.hasNamedGroup(group);
    }

    /** The baseline's codes of this registry first, then every public int constant of {@code holder} that passes. */
    private static List<Integer> collect(Registry registry, Class<?> holder, IntPredicate usable) {
        List<Integer> rest = new ArrayList<>();
        for (Field f : holder.getFields()) {
            int m = f.getModifiers();
            if (f.getType() == int.class && Modifier.isStatic(m) && Modifier.isFinal(m)) {
                try {
                    rest.add(f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        rest.sort(null);
        Set<Integer> out = new LinkedHashSet<>();
        if (registry == Registry.CIPHER_SUITE) {
            out.addAll(OfferFamilies.tls13Suites());
            rest.stream().filter(EngineOffer::isTls13Suite).forEach(out::add);
        }
        out.addAll(OfferFamilies.baseline(registry));
        for (OfferFamilies.Family f : OfferFamilies.tried(registry)) {
            out.addAll(f.codes());
        }
        out.addAll(rest);
        return out.stream().filter(usable::test).toList();
    }
}
