package io.tlsalert.decode;

import io.tlsalert.wire.ProtocolVersion;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** A handshake message body (RFC 8446 §4, RFC 5246 §7.4, RFC 6347 §4.2.2). */
public sealed interface Handshake {

    /**
     * <pre>
     * struct {
     *     ProtocolVersion legacy_version = 0x0303;    (client_version in TLS 1.2)
     *     Random random;
     *     opaque legacy_session_id<0..32>;
     *     opaque cookie<0..2^8-1>;                      (DTLS only, RFC 6347 §4.2.1)
     *     CipherSuite cipher_suites<2..2^16-2>;
     *     opaque legacy_compression_methods<1..2^8-1>;
     *     Extension extensions<8..2^16-1>;              (optional before TLS 1.3)
     * } ClientHello;
     * </pre>
     */
    record ClientHello(
            int legacyVersion,
            byte[] random,
            byte[] legacySessionId,
            Optional<byte[]> cookie,
            int[] cipherSuites,
            int[] compressionMethods,
            List<Extension> extensions)
            implements Handshake {}

    /**
     * <pre>
     * struct {
     *     ProtocolVersion legacy_version = 0x0303;
     *     Random random;
     *     opaque legacy_session_id_echo<0..32>;
     *     CipherSuite cipher_suite;
     *     uint8 legacy_compression_method = 0;
     *     Extension extensions<6..2^16-1>;
     * } ServerHello;
     * </pre>
     * A HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3).
     */
    record ServerHello(
            int legacyVersion,
            byte[] random,
            byte[] legacySessionIdEcho,
            int cipherSuite,
            int compressionMethod,
            List<Extension> extensions,
            boolean helloRetryRequest)
            implements Handshake {

        /** The negotiated version: supported_versions if present (TLS 1.3), else legacy_version. */
        public int version() {
            for (Extension e : extensions) {
                if (e.data() instanceof Extension.SelectedVersion v) {
                    return v.version();
                }
            }
            return legacyVersion;
        }

        /** {@link #version()} as a type. */
        public ProtocolVersion negotiatedVersion() {
            return ProtocolVersion.of(version());
        }

        /**
         * The key_share group: the server_share's group (RFC 8446 §4.2.8), or in a HelloRetryRequest the
         * selected_group the server asks for; empty without a key_share extension.
         */
        public OptionalInt keyShareGroup() {
            for (Extension e : extensions) {
                if (e.data() instanceof Extension.KeyShareServer k) {
                    return OptionalInt.of(k.group());
                }
                if (e.data() instanceof Extension.KeyShareRequest k) {
                    return OptionalInt.of(k.selectedGroup());
                }
            }
            return OptionalInt.empty();
        }

        /** The protocol ALPN selected (RFC 7301 §3.1), when it is in the ServerHello (TLS 1.2; TLS 1.3 has it in EncryptedExtensions). */
        public Optional<String> alpnProtocol() {
            for (Extension e : extensions) {
                if (e.data() instanceof Extension.Alpn a && !a.protocols().isEmpty()) {
                    return Optional.of(a.protocols().get(0));
                }
            }
            return Optional.empty();
        }
    }

    /** DTLS HelloVerifyRequest (RFC 6347 §4.2.1): {@code ProtocolVersion server_version; opaque cookie<0..2^8-1>;}. */
    record HelloVerifyRequest(int serverVersion, byte[] cookie) implements Handshake {}

    /**
     * TLS 1.3 (RFC 8446 §4.4.2) / TLS 1.2 (RFC 5246 §7.4.2):
     * <pre>
     * struct {
     *     opaque certificate_request_context<0..2^8-1>;   (TLS 1.3 only)
     *     CertificateEntry certificate_list<0..2^24-1>;   (TLS 1.2: ASN.1Cert certificate_list<0..2^24-1>)
     * } Certificate;
     * </pre>
     */
    record Certificate(Optional<byte[]> certificateRequestContext, List<CertificateEntry> certificateList)
            implements Handshake {}

    /**
     * One certificate of a Certificate message, read with the JDK's CertificateFactory.
     *
     * @param offset     byte offset of cert_data in the input
     * @param length     length of cert_data
     * @param info       subject, issuer and validity, when the DER parses
     * @param error      why the DER did not parse, when it did not
     * @param extensions the CertificateEntry extensions (TLS 1.3)
     */
    record CertificateEntry(
            long offset,
            int length,
            Optional<CertificateInfo> info,
            Optional<String> error,
            List<Extension> extensions) {}

    /**
     * What a user needs to know about a certificate in the chain.
     *
     * @param publicKey the key's algorithm and size or curve, e.g. {@code RSA 2048 bits}, {@code EC secp256r1},
     *                  {@code Ed25519}
     */
    record CertificateInfo(
            String subject,
            String issuer,
            String notBefore,
            String notAfter,
            String serialNumber,
            String signatureAlgorithm,
            List<String> subjectAltNames,
            String publicKey) {}

    /**
     * TLS 1.2 (RFC 5246 §7.4.4):
     * <pre>
     * struct {
     *     ClientCertificateType certificate_types<1..2^8-1>;
     *     SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;
     *     DistinguishedName certificate_authorities<0..2^16-1>;
     * } CertificateRequest;
     * </pre>
     * TLS 1.3 (RFC 8446 §4.3.2): {@code opaque certificate_request_context<0..2^8-1>; Extension extensions<2..2^16-1>;}
     * with the signature algorithms and CA names in extensions.
     */
    record CertificateRequest(
            Optional<byte[]> certificateRequestContext,
            int[] certificateTypes,
            int[] signatureAlgorithms,
            List<String> certificateAuthorities,
            List<Extension> extensions)
            implements Handshake {}

    /** EncryptedExtensions (RFC 8446 §4.3.1): {@code Extension extensions<0..2^16-1>;}. */
    record EncryptedExtensions(List<Extension> extensions) implements Handshake {}

    /** KeyUpdate (RFC 8446 §4.6.3): {@code KeyUpdateRequest request_update;}. */
    record KeyUpdate(int requestUpdate) implements Handshake {}

    /** A message whose body tlsalert only measures (Finished, ServerKeyExchange, NewSessionTicket, ...). */
    record Other(int length) implements Handshake {}

    /** A DTLS fragment whose other fragments are not in the input, so the message cannot be read whole. */
    record Fragment(int fragmentOffset, int fragmentLength) implements Handshake {}
}
