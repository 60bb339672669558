package io.tlsalert.capture.keylog;

import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeJoiner;
import io.tlsalert.wire.HandshakeType;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * TLS 1.3 record protection (RFC 8446 §5.2, §7.3): keys and IVs from HKDF-Expand-Label over the traffic secrets; the
 * nonce is the IV XORed with the record sequence number; the additional data is the 5-byte record header; the
 * plaintext is the content, the real content type and zero padding. The decryptor starts under the handshake traffic
 * secret and switches to the application traffic secret (sequence number back to 0) when it sees this side's Finished
 * in the decrypted handshake stream, or when {@link #handshakeEnded()} is called. A KeyUpdate in the application epoch
 * moves to the next secret ({@code "traffic upd"}). Records whose outer type is not application_data (23) are not
 * encrypted in TLS 1.3 — the compatibility ChangeCipherSpec, or a plaintext alert sent before the keys existed — and
 * are returned as they are, without using a sequence number.
 */
final class Tls13RecordDecryptor extends AeadRecordDecryptor {
    private static final int MAX_HANDSHAKE_BUFFER = 1 << 18;

    private final Keys handshakeKeys;
    private byte[] applicationSecret;
    private Keys applicationKeys;
    private final String applicationLabel;
    private boolean handshakeEpoch = true;
    private int keyUpdates;

    /**
     * The decrypted handshake stream; a message over the bound is not one this decryptor can follow and is skipped.
     */
    private final HandshakeJoiner joiner = new HandshakeJoiner(MAX_HANDSHAKE_BUFFER);

    private final HandshakeJoiner.Sink handshakeSink = this::handshakeMessage;
    /** What the record being read held: this side's Finished, a KeyUpdate. */
    private boolean finishedSeen;

    private boolean keyUpdateSeen;

    private Tls13RecordDecryptor(
            Suite suite,
            boolean fromClient,
            Keys handshakeKeys,
            byte[] applicationSecret,
            String applicationLabel,
            List<Keys> others) {
        super(suite, fromClient, handshakeKeys, others);
        this.handshakeKeys = handshakeKeys;
        this.applicationSecret = applicationSecret;
        this.applicationLabel = applicationLabel;
        this.applicationKeys = applicationSecret == null ? null : keys(suite, applicationLabel, applicationSecret);
    }

    /** See {@link RecordDecryptor#tls13}. */
    static Setup setup(KeyLog log, byte[] clientRandom, int cipherSuite, boolean fromClient) {
        Optional<String> bad = checkCommon(log, clientRandom);
        if (bad.isPresent()) {
            return new Refused(bad.get());
        }
        Optional<Suite> found = Suite.of(cipherSuite);
        if (found.isEmpty()) {
            return new Refused(
                    "cipher suite " + Suite.describe(cipherSuite) + " is not a TLS 1.3 suite this decryptor knows");
        }
        Suite suite = found.get();
        if (!suite.tls13()) {
            return new Refused(suite.name() + " is a TLS 1.2 suite: use tls12(...)");
        }
        String hsLabel = fromClient ? KeyLog.CLIENT_HANDSHAKE_TRAFFIC_SECRET : KeyLog.SERVER_HANDSHAKE_TRAFFIC_SECRET;
        String appLabel = fromClient ? KeyLog.CLIENT_TRAFFIC_SECRET_0 : KeyLog.SERVER_TRAFFIC_SECRET_0;
        Optional<byte[]> hs = log.secret(hsLabel, clientRandom);
        if (hs.isEmpty()) {
            return new Refused(missing(log, clientRandom, hsLabel));
        }
        if (!fits(suite, hs.get())) {
            return new Refused(hsLabel + " is " + hs.get().length + " bytes but " + suite.name() + " uses a "
                    + suite.hashLength()
                    + "-byte hash: the secret belongs to a connection with another cipher suite");
        }
        byte[] app =
                log.secret(appLabel, clientRandom).filter(s -> fits(suite, s)).orElse(null);
        List<Keys> others = new ArrayList<>(2);
        String otherLabel =
                fromClient ? KeyLog.SERVER_HANDSHAKE_TRAFFIC_SECRET : KeyLog.CLIENT_HANDSHAKE_TRAFFIC_SECRET;
        log.secret(otherLabel, clientRandom)
                .filter(s -> fits(suite, s))
                .ifPresent(s -> others.add(keys(suite, otherLabel + " (the other direction's)", s)));
        if (fromClient) {
            log.secret(KeyLog.CLIENT_EARLY_TRAFFIC_SECRET, clientRandom)
                    .filter(s -> fits(suite, s))
                    .ifPresent(s -> others.add(keys(
                            suite,
                            KeyLog.CLIENT_EARLY_TRAFFIC_SECRET + " (0-RTT data, not decrypted by this decryptor)",
                            s)));
        }
        return new Ready(
                new Tls13RecordDecryptor(suite, fromClient, keys(suite, hsLabel, hs.get()), app, appLabel, others));
    }

    /** A traffic secret is as long as the suite's hash. */
    private static boolean fits(Suite suite, byte[] secret) {
        return secret.length == suite.hashLength();
    }

    /** RFC 8446 §7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length), and "iv" likewise. */
    private static Keys keys(Suite suite, String label, byte[] secret) {
        byte[] key = Kdf.hkdfExpandLabel(suite.hmac(), secret, "key", new byte[0], suite.keyLength());
        byte[] iv = Kdf.hkdfExpandLabel(suite.hmac(), secret, "iv", new byte[0], 12);
        return new Keys(label, new AeadOpener(suite, key), iv);
    }

    @Override
    public void handshakeEnded() {
        if (handshakeEpoch) {
            handshakeEpoch = false;
            restart(applicationKeys);
            joiner.reset();
        }
    }

    @Override
    public String epoch() {
        if (handshakeEpoch) {
            return "handshake";
        }
        return keyUpdates == 0
                ? "application"
                : "application (after " + keyUpdates + " key update" + (keyUpdates > 1 ? "s)" : ")");
    }

    @Override
    boolean inClear(int type) {
        // TLS 1.3 protects only application_data records; ChangeCipherSpec is never protected.
        return type != ContentType.APPLICATION_DATA;
    }

    @Override
    int minBody() {
        return suite.tagLength() + 1; // the inner content type, then the tag
    }

    @Override
    int maxBody() {
        return MAX_PLAINTEXT + 256; // RFC 8446 §5.2
    }

    @Override
    String noKeys(long s) {
        return "no " + applicationLabel + " in the key log for this connection: the records after the " + side
                + "'s Finished (sequence number " + s + " of the application epoch) cannot be decrypted";
    }

    @Override
    String under() {
        return " under " + current.label()
                + (keyUpdates > 0 && !handshakeEpoch ? " (after " + keyUpdates + " key updates)" : "");
    }

    /** RFC 8446 §5.2: additional_data = TLSCiphertext.opaque_type || legacy_record_version || length. */
    @Override
    byte[] open(Keys keys, long s, byte[] buf, int off, int len) throws GeneralSecurityException {
        byte[] nonce = xorSeq(keys.iv(), s);
        byte[] aad = Arrays.copyOfRange(buf, off, off + 5);
        return keys.opener().open(nonce, aad, buf, off + 5, len - 5);
    }

    /*
     * struct {
     *     opaque content[TLSPlaintext.length];
     *     ContentType type;
     *     uint8 zeros[length_of_padding];
     * } TLSInnerPlaintext;                                 (RFC 8446 §5.2)
     */
    @Override
    Plaintext plaintext(int outerType, byte[] plain) {
        int end = plain.length;
        while (end > 0 && plain[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            fail("the decrypted record is all zeros: no inner content type (RFC 8446 §5.4 requires one)");
            return null;
        }
        int inner = plain[end - 1] & 0xff;
        byte[] content = Arrays.copyOf(plain, end - 1);
        if (inner == ContentType.HANDSHAKE) {
            handshakeMessages(content);
        }
        return new Plaintext(inner, content);
    }

    @Override
    Optional<String> otherEpoch(byte[] buf, int off, int len) {
        if (handshakeEpoch && applicationKeys != null) {
            OptionalInt t = decryptsNearStart(applicationKeys, buf, off, len);
            if (t.isPresent()) {
                return Optional.of("not a record of this epoch: it decrypts under " + applicationLabel
                        + " (sequence number " + t.getAsInt()
                        + "), but the " + side
                        + "'s Finished was not seen; call handshakeEnded() when the handshake ends");
            }
        }
        if (!handshakeEpoch) {
            OptionalInt t = decryptsNearStart(handshakeKeys, buf, off, len);
            if (t.isPresent()) {
                return Optional.of("not a record of this epoch: it decrypts under " + handshakeKeys.label()
                        + " (sequence number " + t.getAsInt()
                        + "), but the decryptor had already moved to the application traffic secret");
            }
        }
        return Optional.empty();
    }

    /** Follows the handshake messages across records, to see this side's Finished and KeyUpdates. */
    private void handshakeMessages(byte[] content) {
        finishedSeen = false;
        keyUpdateSeen = false;
        joiner.feed(content, 0, content.length, 0, handshakeSink);
        // RFC 8446 §5.1: a message that precedes a key change ends its record, so the change applies from the next
        // record.
        if (finishedSeen) {
            handshakeEnded();
        } else if (keyUpdateSeen) {
            keyUpdate();
        }
    }

    private void handshakeMessage(int msgType, byte[] buf, int off, int len, long position, HandshakeJoiner.Spans s) {
        if (msgType == HandshakeType.FINISHED && handshakeEpoch) {
            finishedSeen = true;
        } else if (msgType == HandshakeType.KEY_UPDATE && !handshakeEpoch) {
            keyUpdateSeen = true;
        }
    }

    /** RFC 8446 §7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length). */
    private void keyUpdate() {
        if (applicationSecret == null) {
            return;
        }
        applicationSecret =
                Kdf.hkdfExpandLabel(suite.hmac(), applicationSecret, "traffic upd", new byte[0], suite.hashLength());
        keyUpdates++;
        applicationKeys = keys(suite, applicationLabel + " (updated " + keyUpdates + "x)", applicationSecret);
        restart(applicationKeys);
        joiner.reset();
    }
}
