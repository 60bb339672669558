package io.tlsalert.capture.keylog;

import java.util.HexFormat;
import java.util.Optional;

/**
 * Decrypts the records of ONE direction of ONE connection, in order, with the secrets of a {@link KeyLog}: TLS 1.3
 * record protection ({@link Tls13RecordDecryptor}) or TLS 1.2 AEAD record protection ({@link Tls12RecordDecryptor}).
 *
 * <p>Every encrypted record passed to {@link #decrypt} takes one sequence number, whether or not it decrypts, so a
 * corrupted record does not spoil the ones after it. Never throws for bad input: a record that does not decrypt gives
 * an empty result and {@link #lastError()} says why. Not thread-safe.
 */
public sealed interface RecordDecryptor permits AeadRecordDecryptor {
    /** A decrypted record: its (inner, for TLS 1.3) content type and content, without padding. */
    record Plaintext(int contentType, byte[] content) {
        @Override
        public String toString() {
            return "Plaintext[type " + contentType + ", " + content.length + " bytes: "
                    + HexFormat.of().formatHex(content, 0, Math.min(content.length, 32))
                    + (content.length > 32 ? "...]" : "]");
        }
    }

    /** What setting up a decryptor gave: one ready to use, or the reason there is none. */
    sealed interface Setup {
        /** The decryptor, if ready. */
        default Optional<RecordDecryptor> ready() {
            return this instanceof Ready r ? Optional.of(r.decryptor()) : Optional.empty();
        }

        /** Why there is no decryptor, if refused. */
        default Optional<String> refusal() {
            return this instanceof Refused r ? Optional.of(r.reason()) : Optional.empty();
        }
    }

    /** The key log holds what this direction's records need. */
    record Ready(RecordDecryptor decryptor) implements Setup {}

    /** No decryptor: the key log, the randoms or the cipher suite do not allow one; {@code reason} says which. */
    record Refused(String reason) implements Setup {}

    /**
     * For TLS 1.3, after the ServerHello chose {@code cipherSuite}: the records sent by the client ({@code fromClient})
     * or by the server, starting with the first one encrypted under the handshake traffic secret. Refused if the suite
     * is not a TLS 1.3 AEAD suite or the key log lacks this side's handshake traffic secret for {@code clientRandom}
     * (or it has the wrong length for the suite). The application traffic secret may be missing (a handshake that
     * failed before it was derived): records of that epoch then fail with a reason.
     */
    static Setup tls13(KeyLog log, byte[] clientRandom, int cipherSuite, boolean fromClient) {
        return Tls13RecordDecryptor.setup(log, clientRandom, cipherSuite, fromClient);
    }

    /**
     * For TLS 1.2: the master secret is the key log's {@code CLIENT_RANDOM} entry; the key block comes from the PRF with
     * both randoms. AEAD suites only (AES-GCM, AES-CCM, ChaCha20-Poly1305); refused otherwise, or if the key log lacks
     * the master secret.
     */
    static Setup tls12(KeyLog log, byte[] clientRandom, byte[] serverRandom, int cipherSuite, boolean fromClient) {
        return Tls12RecordDecryptor.setup(log, clientRandom, serverRandom, cipherSuite, fromClient);
    }

    /**
     * Decrypts one record given as on the wire (its 5-byte header and its body, {@code length} bytes in all) and
     * advances the sequence number by one. Empty, with {@link #lastError()} saying why, if it does not decrypt.
     */
    Optional<Plaintext> decrypt(byte[] buf, int offset, int length);

    /** Why the last {@link #decrypt} gave nothing; empty after a success. */
    String lastError();

    /** The sequence number the next encrypted record should have. */
    long sequenceNumber();

    /** The cipher suite's IANA name. */
    String cipherSuite();

    boolean isTls13();

    boolean fromClient();

    /** "handshake", "application", "application (after N key updates)" for TLS 1.3; "TLS 1.2" otherwise. */
    String epoch();

    /**
     * TLS 1.3: this side's handshake has ended (its Finished was sent): later records are under the application traffic
     * secret, from sequence number 0. Done by itself when the Finished is seen in decrypted plaintext; calling it again,
     * or after that, or for TLS 1.2, does nothing.
     */
    void handshakeEnded();
}
