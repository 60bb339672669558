package io.tlsalert.decode;

import java.util.List;

/**
 * One extension (RFC 8446 §4.2):
 * <pre>
 * struct {
 *     ExtensionType extension_type;
 *     opaque extension_data<0..2^16-1>;
 * } Extension;
 * </pre>
 *
 * @param offset byte offset of {@code extension_type} in the input
 * @param type   extension_type (names: {@link TlsParameters#extension(int)})
 * @param length length of extension_data
 * @param data   extension_data, decoded where tlsalert knows the structure
 */
public record Extension(long offset, int type, int length, Data data) {

    /** The decoded {@code extension_data}. */
    public sealed interface Data {}

    /** server_name (RFC 6066 §3): the host names. */
    public record ServerNames(List<String> hostNames) implements Data {}

    /** application_layer_protocol_negotiation (RFC 7301 §3.1): the protocol names. */
    public record Alpn(List<String> protocols) implements Data {}

    /** supported_groups (RFC 8446 §4.2.7). */
    public record Groups(int[] groups) implements Data {}

    /** signature_algorithms / signature_algorithms_cert (RFC 8446 §4.2.3). */
    public record SignatureSchemes(int[] schemes) implements Data {}

    /** key_share in a ClientHello (RFC 8446 §4.2.8): group and key_exchange length of each entry. */
    public record KeyShares(int[] groups, int[] keyLengths) implements Data {}

    /** key_share in a ServerHello: the server's share. */
    public record KeyShareServer(int group, int keyLength) implements Data {}

    /** key_share in a HelloRetryRequest: the group the server asks for. */
    public record KeyShareRequest(int selectedGroup) implements Data {}

    /** psk_key_exchange_modes (RFC 8446 §4.2.9). */
    public record PskModes(int[] modes) implements Data {}

    /** supported_versions in a ClientHello (RFC 8446 §4.2.1). */
    public record Versions(int[] versions) implements Data {}

    /** supported_versions in a ServerHello or HelloRetryRequest: the selected version. */
    public record SelectedVersion(int version) implements Data {}

    /** renegotiation_info (RFC 5746 §3.2): length of renegotiated_connection (0 on an initial handshake). */
    public record RenegotiationInfo(int renegotiatedConnectionLength) implements Data {}

    /** padding (RFC 7685): its length, and whether every byte is zero as the RFC requires. */
    public record Padding(int length, boolean allZero) implements Data {}

    /** ec_point_formats (RFC 8422 §5.1.2). */
    public record EcPointFormats(int[] formats) implements Data {}

    /** certificate_authorities (RFC 8446 §4.2.4): the distinguished names, RFC 2253 form. */
    public record CertificateAuthorities(List<String> names) implements Data {}

    /** An extension with no body (e.g. extended_master_secret, encrypt_then_mac, a session_ticket request). */
    public record Empty() implements Data {
        /** The one instance the decoder uses: an empty body carries nothing to tell apart. */
        public static final Empty INSTANCE = new Empty();
    }

    /** An extension tlsalert does not decode further: only its length is known. */
    public record Opaque() implements Data {}
}
