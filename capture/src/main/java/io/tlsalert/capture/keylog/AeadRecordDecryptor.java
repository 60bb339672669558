package io.tlsalert.capture.keylog;

import io.tlsalert.wire.ContentType;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What TLS 1.3 and TLS 1.2 AEAD record protection share: the record header checks, one sequence number per encrypted
 * record, the tag check, and the search (nearby sequence numbers, the other direction's keys) that says why a record
 * did not decrypt. The versions differ in which records are protected, how the nonce and additional data are built,
 * and what the plaintext holds.
 */
abstract sealed class AeadRecordDecryptor implements RecordDecryptor
        permits Tls13RecordDecryptor, Tls12RecordDecryptor {
    static final int MAX_PLAINTEXT = 1 << 14;
    /** How far from the expected sequence number a failed record is tried, to tell "out of order" from "wrong key". */
    static final int SEQ_WINDOW = 8;

    /** One set of keys: a TLS 1.3 traffic secret's key and IV, or one side's TLS 1.2 write key and IV. */
    record Keys(String label, AeadOpener opener, byte[] iv) {}

    final Suite suite;
    private final boolean fromClient;
    /** "client" or "server": the side whose records these are. */
    final String side;
    /** Keys tried only to explain a failure: the other direction's, the early data's. */
    private final List<Keys> others;

    /** The keys of the current epoch; null when the key log lacks them (TLS 1.3 application secret). */
    Keys current;

    long seq;
    private String lastError = "";

    AeadRecordDecryptor(Suite suite, boolean fromClient, Keys start, List<Keys> others) {
        this.suite = suite;
        this.fromClient = fromClient;
        this.side = fromClient ? "client" : "server";
        this.current = start;
        this.others = others;
    }

    // ---- what the versions do differently ---------------------------------------------------------------------------

    /** Whether a record of this outer content type travels in the clear (returned as it is, no sequence number). */
    abstract boolean inClear(int type);

    /** The smallest and largest body an encrypted record of this version and suite can have. */
    abstract int minBody();

    abstract int maxBody();

    /**
     * The plaintext of the record under {@code keys} at sequence number {@code s}: the nonce and additional data as the
     * version builds them. Throws (AEADBadTagException, mostly) if the tag does not match.
     */
    abstract byte[] open(Keys keys, long s, byte[] buf, int off, int len) throws GeneralSecurityException;

    /** The record as the caller sees it, from the opened plaintext; null (with {@link #fail}) if it is not usable. */
    abstract Plaintext plaintext(int outerType, byte[] plain);

    /** Why a record of the epoch whose keys are missing cannot be decrypted. */
    abstract String noKeys(long s);

    /** " under <the keys>", for the reasons a record did not decrypt. */
    abstract String under();

    /** A reason if the record decrypts under another epoch's keys of this direction. */
    abstract Optional<String> otherEpoch(byte[] buf, int off, int len);

    // ---- shared -----------------------------------------------------------------------------------------------------

    @Override
    public final String lastError() {
        return lastError;
    }

    @Override
    public final long sequenceNumber() {
        return seq;
    }

    @Override
    public final String cipherSuite() {
        return suite.name();
    }

    @Override
    public final boolean isTls13() {
        return suite.tls13();
    }

    @Override
    public final boolean fromClient() {
        return fromClient;
    }

    @Override
    public String toString() {
        return "RecordDecryptor[" + suite.name() + ", " + side + " → " + (fromClient ? "server" : "client") + ", "
                + epoch() + ", seq " + seq + "]";
    }

    /** Records why the record being decrypted gave nothing. */
    final void fail(String why) {
        lastError = why;
    }

    /** A new epoch: its keys, from sequence number 0. */
    final void restart(Keys keys) {
        current = keys;
        seq = 0;
    }

    @Override
    public final Optional<Plaintext> decrypt(byte[] buf, int offset, int length) {
        lastError = "";
        try {
            return Optional.ofNullable(decryptOrNull(buf, offset, length));
        } catch (RuntimeException e) {
            // Defensive: no input should get here, but a caller scanning captures must never see an exception.
            lastError = "internal error: " + e;
            return Optional.empty();
        }
    }

    /*
     * struct {
     *     ContentType type;
     *     ProtocolVersion legacy_record_version;
     *     uint16 length;
     *     opaque encrypted_record[TLSCiphertext.length];
     * } TLSCiphertext;                                     (RFC 8446 §5.2; RFC 5246 §6.2.3 has the same header)
     */
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
        if (type < ContentType.CHANGE_CIPHER_SPEC || type > ContentType.HEARTBEAT) {
            lastError = "content type " + type + " is not a TLS content type";
            return null;
        }
        if (inClear(type)) {
            return new Plaintext(type, Arrays.copyOfRange(buf, off + 5, off + len));
        }
        long mySeq = seq++;
        if (current == null) {
            lastError = noKeys(mySeq);
            return null;
        }
        int min = minBody();
        if (bodyLength < min) {
            lastError =
                    "the record body is " + bodyLength + " bytes, shorter than the " + min + " an encrypted record of "
                            + suite.name() + " needs: not an encrypted record"
                            + (type == ContentType.ALERT && bodyLength == 2
                                    ? " (an unencrypted alert, sent before the ChangeCipherSpec?)"
                                    : "");
            return null;
        }
        int maxBody = maxBody();
        if (bodyLength > maxBody) {
            lastError = "the record body is " + bodyLength + " bytes, more than the " + maxBody + " allowed";
            return null;
        }
        byte[] plain = attempt(current, mySeq, buf, off, len);
        if (plain == null) {
            lastError = explain(mySeq, buf, off, len);
            return null;
        }
        return plaintext(type, plain);
    }

    /** The plaintext of the record under {@code keys} at sequence number {@code s}, or null if the tag does not match. */
    final byte[] attempt(Keys keys, long s, byte[] buf, int off, int len) {
        try {
            return open(keys, s, buf, off, len);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null; // AEADBadTagException, mostly: the tag does not match
        }
    }

    /** The first sequence number in [0, SEQ_WINDOW] under which the record decrypts with {@code keys}, if any. */
    final OptionalInt decryptsNearStart(Keys keys, byte[] buf, int off, int len) {
        for (int t = 0; t <= SEQ_WINDOW; t++) {
            if (attempt(keys, t, buf, off, len) != null) {
                return OptionalInt.of(t);
            }
        }
        return OptionalInt.empty();
    }

    /** Tries the keys and sequence numbers the record might belong to, to say why it failed. */
    private String explain(long s, byte[] buf, int off, int len) {
        String where = under();
        for (int d = 1; d <= SEQ_WINDOW; d++) {
            for (long t : new long[] {s + d, s - d}) {
                if (t >= 0 && attempt(current, t, buf, off, len) != null) {
                    return "out of order: the record decrypts" + where + " with sequence number " + t
                            + ", not the expected " + s + " (a record was lost, repeated or reordered before this one)";
                }
            }
        }
        Optional<String> epoch = otherEpoch(buf, off, len);
        if (epoch.isPresent()) {
            return epoch.get();
        }
        for (Keys k : others) {
            OptionalInt t = decryptsNearStart(k, buf, off, len);
            if (t.isPresent()) {
                return "not a record of this direction or epoch: it decrypts under " + k.label + " (sequence number "
                        + t.getAsInt() + ")";
            }
        }
        return "tag check failed" + where + " at sequence number " + s
                + ": the key does not fit this record (a key log entry of another connection or a mislogged secret), or the record is corrupted";
    }

    /** The nonce of RFC 8446 §5.3 and RFC 7905 §2: the IV with the 64-bit sequence number XORed into its end. */
    static byte[] xorSeq(byte[] iv, long s) {
        byte[] nonce = iv.clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (s >>> (8 * i));
        }
        return nonce;
    }

    // ---- why a key log gives no decryptor ---------------------------------------------------------------------------

    /** A reason if there is no key log or the client random is not one. */
    static Optional<String> checkCommon(KeyLog log, byte[] clientRandom) {
        if (log == null) {
            return Optional.of("no key log");
        }
        if (clientRandom == null || clientRandom.length != 32) {
            return Optional.of("the client random must be 32 bytes"
                    + (clientRandom == null ? "" : ", got " + clientRandom.length));
        }
        return Optional.empty();
    }

    /** The key log has no {@code label} for this client random: what it has instead. */
    static String missing(KeyLog log, byte[] clientRandom, String label) {
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
}
