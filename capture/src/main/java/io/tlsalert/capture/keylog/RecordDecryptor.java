package io.tlsalert.capture.keylog;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Decrypts the records of ONE direction of ONE connection, in order, with the secrets of a {@link KeyLog}.
 *
 * <p>TLS 1.3 (RFC 8446 §5.2, §7.3): keys and IVs from HKDF-Expand-Label over the traffic secrets; the nonce is the IV
 * XORed with the record sequence number; the additional data is the 5-byte record header; the plaintext is the content,
 * the real content type and zero padding. The decryptor starts under the handshake traffic secret and switches to the
 * application traffic secret (sequence number back to 0) when it sees this side's Finished in the decrypted handshake
 * stream, or when {@link #handshakeEnded()} is called. A KeyUpdate in the application epoch moves to the next secret
 * ({@code "traffic upd"}). Records whose outer type is not application_data (23) are not encrypted in TLS 1.3 — the
 * compatibility ChangeCipherSpec, or a plaintext alert sent before the keys existed — and are returned as they are,
 * without using a sequence number.
 *
 * <p>TLS 1.2 (RFC 5246 §6.3, RFC 5288, RFC 6655, RFC 7905): the key block is PRF(master_secret, "key expansion",
 * server_random + client_random); AES-GCM and AES-CCM records carry an 8-byte explicit nonce after the header, the
 * nonce being the 4-byte implicit IV and that; ChaCha20-Poly1305 XORs the 12-byte IV with the sequence number. The
 * additional data is seq_num + type + version + plaintext length. The caller passes the records after this side's
 * ChangeCipherSpec; a ChangeCipherSpec record itself is returned as it is, without using a sequence number.
 *
 * <p>Every encrypted record passed to {@link #decrypt} takes one sequence number, whether or not it decrypts, so a
 * corrupted record does not spoil the ones after it. Never throws for bad input: a record that does not decrypt gives
 * an empty result and {@link #lastError()} says why. Not thread-safe.
 */
public final class RecordDecryptor {
    /** A decrypted record: its (inner, for TLS 1.3) content type and content, without padding. */
    public record Plaintext(int contentType, byte[] content) {
        @Override
        public String toString() {
            return "Plaintext[type " + contentType + ", " + content.length + " bytes: "
                    + HexFormat.of().formatHex(content, 0, Math.min(content.length, 32))
                    + (content.length > 32 ? "...]" : "]");
        }
    }

    private static final int MAX_PLAINTEXT = 1 << 14;
    private static final int MAX_HANDSHAKE_BUFFER = 1 << 18;
    /** How far from the expected sequence number a failed record is tried, to tell "out of order" from "wrong key". */
    private static final int SEQ_WINDOW = 8;

    /** One set of keys: a TLS 1.3 traffic secret's key and IV, or one side's TLS 1.2 write key and IV. */
    private record Keys(String label, AeadOpener opener, byte[] iv) {}

    private final Suite suite;
    private final boolean fromClient;
    private final String side;

    // TLS 1.3 state
    private final Keys handshakeKeys;
    private byte[] applicationSecret;
    private Keys applicationKeys;
    private final String applicationLabel;
    private boolean handshakeEpoch;
    private int keyUpdates;
    /** Keys tried only to explain a failure: the other direction's, the early data's. */
    private final List<Keys> others;

    private byte[] handshake = new byte[256];
    private int handshakeLength;

    private Keys current;
    private long seq;
    private String lastError = "";

    private RecordDecryptor(
            Suite suite,
            boolean fromClient,
            Keys start,
            Keys handshakeKeys,
            byte[] applicationSecret,
            String applicationLabel,
            List<Keys> others) {
        this.suite = suite;
        this.fromClient = fromClient;
        this.side = fromClient ? "client" : "server";
        this.current = start;
        this.handshakeKeys = handshakeKeys;
        this.applicationSecret = applicationSecret;
        this.applicationLabel = applicationLabel;
        this.applicationKeys = applicationSecret == null ? null : keys13(suite, applicationLabel, applicationSecret);
        this.handshakeEpoch = suite.tls13();
        this.others = others;
    }

    // ---- construction -----------------------------------------------------------------------------------------------

    /**
     * For TLS 1.3, after the ServerHello chose {@code cipherSuite}: the records sent by the client ({@code fromClient})
     * or by the server, starting with the first one encrypted under the handshake traffic secret. Empty if the suite is
     * not a TLS 1.3 AEAD suite or the key log lacks this side's handshake traffic secret for {@code clientRandom} (or
     * it has the wrong length for the suite); {@link #whyNotTls13} says which. The application traffic secret may be
     * missing (a handshake that failed before it was derived): records of that epoch then fail with a reason.
     */
    public static Optional<RecordDecryptor> tls13(
            KeyLog log, byte[] clientRandom, int cipherSuite, boolean fromClient) {
        Object r = build13(log, clientRandom, cipherSuite, fromClient);
        return r instanceof RecordDecryptor d ? Optional.of(d) : Optional.empty();
    }

    /** Why {@link #tls13} gives nothing for these arguments; empty if it gives a decryptor. */
    public static Optional<String> whyNotTls13(KeyLog log, byte[] clientRandom, int cipherSuite, boolean fromClient) {
        Object r = build13(log, clientRandom, cipherSuite, fromClient);
        return r instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * For TLS 1.2: the master secret is the key log's {@code CLIENT_RANDOM} entry; the key block comes from the PRF with
     * both randoms. AEAD suites only (AES-GCM, AES-CCM, ChaCha20-Poly1305); empty otherwise, or if the key log lacks
     * the master secret ({@link #whyNotTls12} says which).
     */
    public static Optional<RecordDecryptor> tls12(
            KeyLog log, byte[] clientRandom, byte[] serverRandom, int cipherSuite, boolean fromClient) {
        Object r = build12(log, clientRandom, serverRandom, cipherSuite, fromClient);
        return r instanceof RecordDecryptor d ? Optional.of(d) : Optional.empty();
    }

    /** Why {@link #tls12} gives nothing for these arguments; empty if it gives a decryptor. */
    public static Optional<String> whyNotTls12(
            KeyLog log, byte[] clientRandom, byte[] serverRandom, int cipherSuite, boolean fromClient) {
        Object r = build12(log, clientRandom, serverRandom, cipherSuite, fromClient);
        return r instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static Object build13(KeyLog log, byte[] clientRandom, int cipherSuite, boolean fromClient) {
        String bad = checkCommon(log, clientRandom);
        if (bad != null) {
            return bad;
        }
        Optional<Suite> found = Suite.of(cipherSuite);
        if (found.isEmpty()) {
            return "cipher suite " + Suite.describe(cipherSuite) + " is not a TLS 1.3 suite this decryptor knows";
        }
        Suite suite = found.get();
        if (!suite.tls13()) {
            return suite.name() + " is a TLS 1.2 suite: use tls12(...)";
        }
        String hsLabel = fromClient ? KeyLog.CLIENT_HANDSHAKE_TRAFFIC_SECRET : KeyLog.SERVER_HANDSHAKE_TRAFFIC_SECRET;
        String appLabel = fromClient ? KeyLog.CLIENT_TRAFFIC_SECRET_0 : KeyLog.SERVER_TRAFFIC_SECRET_0;
        Optional<byte[]> hs = log.secret(hsLabel, clientRandom);
        if (hs.isEmpty()) {
            return missing(log, clientRandom, hsLabel);
        }
        String len = checkLength(suite, hsLabel, hs.get());
        if (len != null) {
            return len;
        }
        byte[] app = log.secret(appLabel, clientRandom).orElse(null);
        if (app != null && checkLength(suite, appLabel, app) != null) {
            app = null;
        }
        List<Keys> others = new ArrayList<>(2);
        String otherLabel =
                fromClient ? KeyLog.SERVER_HANDSHAKE_TRAFFIC_SECRET : KeyLog.CLIENT_HANDSHAKE_TRAFFIC_SECRET;
        log.secret(otherLabel, clientRandom)
                .filter(s -> s.length == suite.hashLength())
                .ifPresent(s -> others.add(keys13(suite, otherLabel + " (the other direction's)", s)));
        if (fromClient) {
            log.secret(KeyLog.CLIENT_EARLY_TRAFFIC_SECRET, clientRandom)
                    .filter(s -> s.length == suite.hashLength())
                    .ifPresent(s -> others.add(keys13(
                            suite,
                            KeyLog.CLIENT_EARLY_TRAFFIC_SECRET + " (0-RTT data, not decrypted by this decryptor)",
                            s)));
        }
        Keys hsKeys = keys13(suite, hsLabel, hs.get());
        return new RecordDecryptor(suite, fromClient, hsKeys, hsKeys, app, appLabel, others);
    }

    private static Object build12(
            KeyLog log, byte[] clientRandom, byte[] serverRandom, int cipherSuite, boolean fromClient) {
        String bad = checkCommon(log, clientRandom);
        if (bad != null) {
            return bad;
        }
        if (serverRandom == null || serverRandom.length != 32) {
            return "the server random must be 32 bytes" + (serverRandom == null ? "" : ", got " + serverRandom.length);
        }
        Optional<Suite> found = Suite.of(cipherSuite);
        if (found.isEmpty()) {
            return "cipher suite " + Suite.describe(cipherSuite)
                    + " is not a TLS 1.2 AEAD suite (AES-GCM, AES-CCM, ChaCha20-Poly1305); CBC and stream suites are not decrypted";
        }
        Suite suite = found.get();
        if (suite.tls13()) {
            return suite.name() + " is a TLS 1.3 suite: use tls13(...)";
        }
        Optional<byte[]> master = log.secret(KeyLog.CLIENT_RANDOM, clientRandom);
        if (master.isEmpty()) {
            return missing(log, clientRandom, KeyLog.CLIENT_RANDOM);
        }
        byte[] seed = new byte[64];
        System.arraycopy(serverRandom, 0, seed, 0, 32);
        System.arraycopy(clientRandom, 0, seed, 32, 32);
        int k = suite.keyLength();
        int iv = suite.fixedIvLength();
        byte[] block = Kdf.prf(suite.hmac(), master.get(), "key expansion", seed, 2 * k + 2 * iv);
        Keys client = new Keys(
                "client_write_key",
                new AeadOpener(suite, Arrays.copyOfRange(block, 0, k)),
                Arrays.copyOfRange(block, 2 * k, 2 * k + iv));
        Keys server = new Keys(
                "server_write_key",
                new AeadOpener(suite, Arrays.copyOfRange(block, k, 2 * k)),
                Arrays.copyOfRange(block, 2 * k + iv, 2 * k + 2 * iv));
        Keys mine = fromClient ? client : server;
        Keys theirs = fromClient ? server : client;
        List<Keys> others = List.of(new Keys(theirs.label + " (the other direction's)", theirs.opener, theirs.iv));
        return new RecordDecryptor(suite, fromClient, mine, null, null, null, others);
    }

    private static String checkCommon(KeyLog log, byte[] clientRandom) {
        if (log == null) {
            return "no key log";
        }
        if (clientRandom == null || clientRandom.length != 32) {
            return "the client random must be 32 bytes" + (clientRandom == null ? "" : ", got " + clientRandom.length);
        }
        return null;
    }

    private static String missing(KeyLog log, byte[] clientRandom, String label) {
        String cr = HexFormat.of().formatHex(clientRandom, 0, 8) + "...";
        var labels = log.labels(clientRandom);
        if (labels.isEmpty()) {
            return "the key log has no secrets for client random " + cr + " (it holds " + log.size()
                    + " secrets, for other connections"
                    + (log.malformedLines() > 0 ? ", and " + log.malformedLines() + " malformed lines" : "") + ")";
        }
        String hint = label.equals(KeyLog.CLIENT_RANDOM)
                ? " (is this a TLS 1.3 connection?)"
                : labels.contains(KeyLog.CLIENT_RANDOM) ? " (is this a TLS 1.2 connection?)" : "";
        return "the key log has " + labels + " for client random " + cr + " but no " + label + hint;
    }

    private static String checkLength(Suite suite, String label, byte[] secret) {
        if (secret.length != suite.hashLength()) {
            return label + " is " + secret.length + " bytes but " + suite.name() + " uses a " + suite.hashLength()
                    + "-byte hash: the secret belongs to a connection with another cipher suite";
        }
        return null;
    }

    private static Keys keys13(Suite suite, String label, byte[] secret) {
        byte[] key = Kdf.hkdfExpandLabel(suite.hmac(), secret, "key", new byte[0], suite.keyLength());
        byte[] iv = Kdf.hkdfExpandLabel(suite.hmac(), secret, "iv", new byte[0], 12);
        return new Keys(label, new AeadOpener(suite, key), iv);
    }

    // ---- state ------------------------------------------------------------------------------------------------------

    /**
     * TLS 1.3: this side's handshake has ended (its Finished was sent): later records are under the application traffic
     * secret, from sequence number 0. Done by itself when the Finished is seen in decrypted plaintext; calling it again,
     * or after that, or for TLS 1.2, does nothing.
     */
    public void handshakeEnded() {
        if (suite.tls13() && handshakeEpoch) {
            handshakeEpoch = false;
            current = applicationKeys;
            seq = 0;
            handshakeLength = 0;
        }
    }

    /** Why the last {@link #decrypt} gave nothing; empty after a success. */
    public String lastError() {
        return lastError;
    }

    /** The sequence number the next encrypted record should have. */
    public long sequenceNumber() {
        return seq;
    }

    /** The cipher suite's IANA name. */
    public String cipherSuite() {
        return suite.name();
    }

    public boolean isTls13() {
        return suite.tls13();
    }

    public boolean fromClient() {
        return fromClient;
    }

    /** "handshake", "application", "application (after N key updates)" for TLS 1.3; "TLS 1.2" otherwise. */
    public String epoch() {
        if (!suite.tls13()) {
            return "TLS 1.2";
        }
        if (handshakeEpoch) {
            return "handshake";
        }
        return keyUpdates == 0
                ? "application"
                : "application (after " + keyUpdates + " key update" + (keyUpdates > 1 ? "s)" : ")");
    }

    @Override
    public String toString() {
        return "RecordDecryptor[" + suite.name() + ", " + side + " → " + (fromClient ? "server" : "client") + ", "
                + epoch() + ", seq " + seq + "]";
    }

    // ---- decryption -------------------------------------------------------------------------------------------------

    /**
     * Decrypts one record given as on the wire (its 5-byte header and its body, {@code length} bytes in all) and
     * advances the sequence number by one. Empty, with {@link #lastError()} saying why, if it does not decrypt.
     */
    public Optional<Plaintext> decrypt(byte[] buf, int offset, int length) {
        lastError = "";
        try {
            return Optional.ofNullable(decryptOrNull(buf, offset, length));
        } catch (RuntimeException e) {
            // Defensive: no input should get here, but a caller scanning captures must never see an exception.
            lastError = "internal error: " + e;
            return Optional.empty();
        }
    }

    private Plaintext decryptOrNull(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            lastError = "offset and length do not lie within the buffer";
            return null;
        }
        if (len < 5) {
            lastError = "a record needs a 5-byte header, got " + len + " bytes";
            return null;
        }
        int type = buf[off] & 0xff;
        int version = (buf[off + 1] & 0xff) << 8 | buf[off + 2] & 0xff;
        int bodyLength = (buf[off + 3] & 0xff) << 8 | buf[off + 4] & 0xff;
        if (version >> 8 != 3) {
            lastError = String.format("not a TLS record: version 0x%04X", version);
            return null;
        }
        if (bodyLength != len - 5) {
            lastError = "the header says " + bodyLength + " bytes of body but " + (len - 5) + " were given";
            return null;
        }
        if (type < 20 || type > 24) {
            lastError = "content type " + type + " is not a TLS content type";
            return null;
        }
        if (type == 20 || suite.tls13() && type != 23) {
            // Not encrypted: TLS 1.3 protects only application_data records; ChangeCipherSpec is never protected.
            return new Plaintext(type, Arrays.copyOfRange(buf, off + 5, off + len));
        }
        long mySeq = seq++;
        if (current == null) {
            lastError = "no " + applicationLabel + " in the key log for this connection: the records after the " + side
                    + "'s Finished (sequence number " + mySeq + " of the application epoch) cannot be decrypted";
            return null;
        }
        int min = suite.explicitNonceLength() + suite.tagLength() + (suite.tls13() ? 1 : 0);
        if (bodyLength < min) {
            lastError =
                    "the record body is " + bodyLength + " bytes, shorter than the " + min + " an encrypted record of "
                            + suite.name() + " needs: not an encrypted record"
                            + (type == 21 && bodyLength == 2
                                    ? " (an unencrypted alert, sent before the ChangeCipherSpec?)"
                                    : "");
            return null;
        }
        int maxBody = suite.tls13() ? MAX_PLAINTEXT + 256 : MAX_PLAINTEXT + 2048;
        if (bodyLength > maxBody) {
            lastError = "the record body is " + bodyLength + " bytes, more than the " + maxBody + " allowed";
            return null;
        }
        byte[] plain = attempt(current, mySeq, buf, off, len);
        if (plain == null) {
            lastError = explain(mySeq, buf, off, len);
            return null;
        }
        if (!suite.tls13()) {
            return new Plaintext(type, plain);
        }
        int end = plain.length;
        while (end > 0 && plain[end - 1] == 0) {
            end--;
        }
        if (end == 0) {
            lastError = "the decrypted record is all zeros: no inner content type (RFC 8446 §5.4 requires one)";
            return null;
        }
        int inner = plain[end - 1] & 0xff;
        byte[] content = Arrays.copyOf(plain, end - 1);
        if (inner == 22) {
            handshakeMessages(content);
        }
        return new Plaintext(inner, content);
    }

    /** The plaintext of the record under {@code keys} at sequence number {@code s}, or null if the tag does not match. */
    private byte[] attempt(Keys keys, long s, byte[] buf, int off, int len) {
        int type = buf[off] & 0xff;
        int bodyLength = len - 5;
        byte[] nonce;
        byte[] aad;
        int cipherOff;
        int cipherLen;
        if (suite.tls13()) {
            nonce = xorSeq(keys.iv, s);
            aad = Arrays.copyOfRange(buf, off, off + 5);
            cipherOff = off + 5;
            cipherLen = bodyLength;
        } else {
            int explicit = suite.explicitNonceLength();
            if (explicit > 0) {
                nonce = new byte[keys.iv.length + explicit];
                System.arraycopy(keys.iv, 0, nonce, 0, keys.iv.length);
                System.arraycopy(buf, off + 5, nonce, keys.iv.length, explicit);
            } else {
                nonce = xorSeq(keys.iv, s);
            }
            int plainLength = bodyLength - explicit - suite.tagLength();
            aad = new byte[13];
            for (int i = 0; i < 8; i++) {
                aad[i] = (byte) (s >>> (56 - 8 * i));
            }
            aad[8] = (byte) type;
            aad[9] = buf[off + 1];
            aad[10] = buf[off + 2];
            aad[11] = (byte) (plainLength >>> 8);
            aad[12] = (byte) plainLength;
            cipherOff = off + 5 + explicit;
            cipherLen = bodyLength - explicit;
        }
        try {
            return keys.opener.open(nonce, aad, buf, cipherOff, cipherLen);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null; // AEADBadTagException, mostly: the tag does not match
        }
    }

    private static byte[] xorSeq(byte[] iv, long s) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (s >>> (8 * i));
        }
        return nonce;
    }

    /** Tries the keys and sequence numbers the record might belong to, to say why it failed. */
    private String explain(long s, byte[] buf, int off, int len) {
        String where = suite.tls13()
                ? " under " + current.label
                        + (keyUpdates > 0 && !handshakeEpoch ? " (after " + keyUpdates + " key updates)" : "")
                : " under the " + side + "'s TLS 1.2 keys";
        for (int d = 1; d <= SEQ_WINDOW; d++) {
            for (long t : new long[] {s + d, s - d}) {
                if (t >= 0 && attempt(current, t, buf, off, len) != null) {
                    return "out of order: the record decrypts" + where + " with sequence number " + t
                            + ", not the expected " + s + " (a record was lost, repeated or reordered before this one)";
                }
            }
        }
        if (suite.tls13() && handshakeEpoch && applicationKeys != null) {
            for (int t = 0; t <= SEQ_WINDOW; t++) {
                if (attempt(applicationKeys, t, buf, off, len) != null) {
                    return "not a record of this epoch: it decrypts under " + applicationLabel + " (sequence number "
                            + t + "), but the " + side
                            + "'s Finished was not seen; call handshakeEnded() when the handshake ends";
                }
            }
        }
        if (suite.tls13() && !handshakeEpoch && handshakeKeys != null) {
            for (int t = 0; t <= SEQ_WINDOW; t++) {
                if (attempt(handshakeKeys, t, buf, off, len) != null) {
                    return "not a record of this epoch: it decrypts under " + handshakeKeys.label + " (sequence number "
                            + t + "), but the decryptor had already moved to the application traffic secret";
                }
            }
        }
        for (Keys k : others) {
            for (int t = 0; t <= SEQ_WINDOW; t++) {
                if (attempt(k, t, buf, off, len) != null) {
                    return "not a record of this direction or epoch: it decrypts under " + k.label
                            + " (sequence number " + t + ")";
                }
            }
        }
        return "tag check failed" + where + " at sequence number " + s
                + ": the key does not fit this record (a key log entry of another connection or a mislogged secret), or the record is corrupted";
    }

    /** Follows the TLS 1.3 handshake messages across records, to see this side's Finished and KeyUpdates. */
    private void handshakeMessages(byte[] content) {
        if (handshakeLength + content.length > MAX_HANDSHAKE_BUFFER) {
            handshakeLength = 0; // not a handshake stream we can follow; start again at the next record
            return;
        }
        if (handshakeLength + content.length > handshake.length) {
            handshake = Arrays.copyOf(handshake, Math.max(handshakeLength + content.length, handshake.length * 2));
        }
        System.arraycopy(content, 0, handshake, handshakeLength, content.length);
        handshakeLength += content.length;
        int pos = 0;
        boolean finished = false;
        boolean update = false;
        while (handshakeLength - pos >= 4) {
            int msgType = handshake[pos] & 0xff;
            int msgLen =
                    (handshake[pos + 1] & 0xff) << 16 | (handshake[pos + 2] & 0xff) << 8 | handshake[pos + 3] & 0xff;
            if (msgLen > handshakeLength - pos - 4) {
                break;
            }
            if (msgType == 20 && handshakeEpoch) {
                finished = true;
            } else if (msgType == 24 && !handshakeEpoch) {
                update = true;
            }
            pos += 4 + msgLen;
        }
        System.arraycopy(handshake, pos, handshake, 0, handshakeLength - pos);
        handshakeLength -= pos;
        // RFC 8446 §5.1: a message that precedes a key change ends its record, so the change applies from the next
        // record.
        if (finished) {
            handshakeEnded();
        } else if (update) {
            keyUpdate();
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
        applicationKeys = keys13(suite, applicationLabel + " (updated " + keyUpdates + "x)", applicationSecret);
        current = applicationKeys;
        seq = 0;
        handshakeLength = 0;
    }
}
