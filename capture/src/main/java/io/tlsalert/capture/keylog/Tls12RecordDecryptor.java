package io.tlsalert.capture.keylog;

import io.tlsalert.wire.ContentType;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * TLS 1.2 AEAD record protection (RFC 5246 §6.3, RFC 5288, RFC 6655, RFC 7905): the key block is PRF(master_secret,
 * "key expansion", server_random + client_random); AES-GCM and AES-CCM records carry an 8-byte explicit nonce after the
 * header, the nonce being the 4-byte implicit IV and that; ChaCha20-Poly1305 XORs the 12-byte IV with the sequence
 * number. The additional data is seq_num + type + version + plaintext length. The caller passes the records after this
 * side's ChangeCipherSpec; a ChangeCipherSpec record itself is returned as it is, without using a sequence number.
 */
final class Tls12RecordDecryptor extends AeadRecordDecryptor {
    private Tls12RecordDecryptor(Suite suite, boolean fromClient, Keys mine, List<Keys> others) {
        super(suite, fromClient, mine, others);
    }

    /** See {@link RecordDecryptor#tls12}. */
    static Setup setup(KeyLog log, byte[] clientRandom, byte[] serverRandom, int cipherSuite, boolean fromClient) {
        Optional<String> bad = checkCommon(log, clientRandom);
        if (bad.isPresent()) {
            return new Refused(bad.get());
        }
        if (serverRandom == null || serverRandom.length != 32) {
            return new Refused("the server random must be 32 bytes"
                    + (serverRandom == null ? "" : ", got " + serverRandom.length));
        }
        Optional<Suite> found = Suite.of(cipherSuite);
        if (found.isEmpty()) {
            return new Refused(
                    "cipher suite " + Suite.describe(cipherSuite)
                            + " is not a TLS 1.2 AEAD suite (AES-GCM, AES-CCM, ChaCha20-Poly1305); CBC and stream suites are not decrypted");
        }
        Suite suite = found.get();
        if (suite.tls13()) {
            return new Refused(suite.name() + " is a TLS 1.3 suite: use tls13(...)");
        }
        Optional<byte[]> master = log.secret(KeyLog.CLIENT_RANDOM, clientRandom);
        if (master.isEmpty()) {
            return new Refused(missing(log, clientRandom, KeyLog.CLIENT_RANDOM));
        }
        // RFC 5246 §6.3: key_block = PRF(SecurityParameters.master_secret, "key expansion",
        //     SecurityParameters.server_random + SecurityParameters.client_random);
        // client_write_MAC_key (none for AEAD), server_write_MAC_key, client_write_key, server_write_key,
        // client_write_IV, server_write_IV.
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
        List<Keys> others =
                List.of(new Keys(theirs.label() + " (the other direction's)", theirs.opener(), theirs.iv()));
        return new Ready(new Tls12RecordDecryptor(suite, fromClient, mine, others));
    }

    @Override
    public void handshakeEnded() {
        // TLS 1.2 has one set of keys after the ChangeCipherSpec.
    }

    @Override
    public String epoch() {
        return "TLS 1.2";
    }

    @Override
    boolean inClear(int type) {
        return type == ContentType.CHANGE_CIPHER_SPEC; // never protected
    }

    @Override
    int minBody() {
        return suite.explicitNonceLength() + suite.tagLength();
    }

    @Override
    int maxBody() {
        return MAX_PLAINTEXT + 2048; // RFC 5246 §6.2.3
    }

    @Override
    String noKeys(long s) {
        return "no TLS 1.2 keys"; // not reached: the keys are there from the start
    }

    @Override
    String under() {
        return " under the " + side + "'s TLS 1.2 keys";
    }

    /*
     * struct {
     *     opaque nonce_explicit[SecurityParameters.record_iv_length];
     *     aead-ciphered struct { opaque content[TLSCompressed.length]; };
     * } GenericAEADCipher;                                 (RFC 5246 §6.2.3.3)
     *
     * additional_data = seq_num + TLSCompressed.type + TLSCompressed.version + TLSCompressed.length;
     */
    @Override
    byte[] open(Keys keys, long s, byte[] buf, int off, int len) throws GeneralSecurityException {
        int type = buf[off] & 0xff;
        int bodyLength = len - 5;
        int explicit = suite.explicitNonceLength();
        byte[] nonce;
        if (explicit > 0) {
            // RFC 5288 §3: the nonce is the 4-byte salt (client/server_write_IV) then the 8-byte nonce_explicit.
            nonce = new byte[keys.iv().length + explicit];
            System.arraycopy(keys.iv(), 0, nonce, 0, keys.iv().length);
            System.arraycopy(buf, off + 5, nonce, keys.iv().length, explicit);
        } else {
            nonce = xorSeq(keys.iv(), s); // RFC 7905 §2
        }
        int plainLength = bodyLength - explicit - suite.tagLength();
        byte[] aad = new byte[13];
        for (int i = 0; i < 8; i++) {
            aad[i] = (byte) (s >>> (56 - 8 * i));
        }
        aad[8] = (byte) type;
        aad[9] = buf[off + 1];
        aad[10] = buf[off + 2];
        aad[11] = (byte) (plainLength >>> 8);
        aad[12] = (byte) plainLength;
        return keys.opener().open(nonce, aad, buf, off + 5 + explicit, bodyLength - explicit);
    }

    @Override
    Plaintext plaintext(int outerType, byte[] plain) {
        return new Plaintext(outerType, plain);
    }

    @Override
    Optional<String> otherEpoch(byte[] buf, int off, int len) {
        return Optional.empty(); // one epoch
    }
}
