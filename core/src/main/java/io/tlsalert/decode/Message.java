package io.tlsalert.decode;

import io.tlsalert.wire.AlertLevel;
import java.util.Optional;

/** What a record carries. Offsets are byte offsets in the whole input. */
public sealed interface Message {
    long offset();

    /**
     * <pre>
     * struct {
     *     AlertLevel level;             enum { warning(1), fatal(2), (255) }
     *     AlertDescription description;
     * } Alert;                          (RFC 8446 §6, RFC 5246 §7.2)
     * </pre>
     */
    record Alert(long offset, int level, int description) implements Message {
        /** The level as a type. */
        public AlertLevel alertLevel() {
            return AlertLevel.of(level);
        }

        /** {@link AlertLevel#name(int)}: "warning", "fatal", "unknown level 7". */
        public String levelName() {
            return AlertLevel.name(level);
        }

        /** The registry's entry; empty for an unassigned description. */
        public Optional<io.tlsalert.registry.Alert> alert() {
            return io.tlsalert.TlsAlerts.lookup(description);
        }
    }

    /** An alert record whose body is not 2 bytes: the receiver would answer decode_error (RFC 8446 §6). */
    record MalformedAlert(long offset, int length) implements Message {}

    /** ChangeCipherSpec (RFC 5246 §7.1): {@code enum { change_cipher_spec(1), (255) } type;}. */
    record ChangeCipherSpec(long offset, int type) implements Message {}

    /**
     * <pre>
     * struct {
     *     HandshakeType msg_type;
     *     uint24 length;
     *     uint16 message_seq;           (DTLS only: and the two fields below)
     *     uint24 fragment_offset;
     *     uint24 fragment_length;
     *     select (msg_type) { ... } body;
     * } Handshake;                      (RFC 8446 §4, RFC 6347 §4.2.2)
     * </pre>
     *
     * @param messageSeq the DTLS message_seq, or -1 for TLS
     */
    record HandshakeMessage(long offset, int msgType, int length, int messageSeq, Handshake body) implements Message {}

    /**
     * A record that cannot be read without the keys: application_data, anything after ChangeCipherSpec, every
     * TLS 1.3 record after the ServerHello.
     *
     * @param contentType the outer content type
     * @param length      the record length
     * @param likely      what the length suggests
     */
    record Encrypted(long offset, int contentType, int length, Likely likely) implements Message {}

    /** What an encrypted record's length suggests. */
    enum Likely {
        /** 19 bytes in TLS 1.3: 2-byte alert + 1-byte inner content type + 16-byte AEAD tag. */
        TLS13_ALERT,
        /** 26 bytes in TLS 1.2 with AES-GCM/CCM: 8-byte explicit nonce + 2-byte alert + 16-byte tag. */
        TLS12_GCM_ALERT,
        /** 18 bytes in TLS 1.2 with ChaCha20-Poly1305: 2-byte alert + 16-byte tag. */
        TLS12_CHACHA_ALERT,
        /** An encrypted alert record (content type 21) of another size: a CBC or other cipher. */
        ALERT_OTHER_CIPHER,
        /** Application data or an encrypted handshake message. */
        DATA
    }

    /** heartbeat (RFC 6520), measured only. */
    record Heartbeat(long offset, int length) implements Message {}

    /** A content type tlsalert does not read (e.g. tls12_cid, ACK). */
    record Unknown(long offset, int contentType, int length) implements Message {}

    /**
     * SSL 2.0 CLIENT-HELLO, as old clients send it for compatibility (RFC 5246 Appendix E.2):
     * <pre>
     * uint8 msg_type = 1; Version version; uint16 cipher_spec_length; uint16 session_id_length;
     * uint16 challenge_length; V2CipherSpec cipher_specs[cipher_spec_length]; opaque session_id[..]; opaque challenge[..];
     * </pre>
     */
    record Sslv2ClientHello(long offset, int version, int[] cipherSpecs, byte[] sessionId, byte[] challenge)
            implements Message {}

    /** SSL 2.0 ERROR (msg_type 0): error_code 1 no cipher, 2 no certificate, 4 bad certificate, 6 unsupported certificate type. */
    record Sslv2Error(long offset, int errorCode) implements Message {
        public String errorName() {
            return switch (errorCode) {
                case 1 -> "NO-CIPHER-ERROR";
                case 2 -> "NO-CERTIFICATE-ERROR";
                case 4 -> "BAD-CERTIFICATE-ERROR";
                case 6 -> "UNSUPPORTED-CERTIFICATE-TYPE-ERROR";
                default -> "unknown SSL 2.0 error " + errorCode;
            };
        }
    }

    /** Another SSL 2.0 message (after the hello everything is encrypted). */
    record Sslv2Other(long offset, int msgType, int length) implements Message {}
}
