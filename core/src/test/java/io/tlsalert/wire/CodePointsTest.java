package io.tlsalert.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsalert.decode.Handshake;
import io.tlsalert.decode.Handshakes;
import io.tlsalert.decode.TlsParameters;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CodePointsTest {
    @Test
    void protocolVersionsHaveOneNameRule() {
        assertThat(ProtocolVersion.TLS_1_3.name()).isEqualTo("TLS 1.3");
        assertThat(ProtocolVersion.DTLS_1_2.name()).isEqualTo("DTLS 1.2");
        assertThat(ProtocolVersion.of(0x0300).name()).isEqualTo("SSL 3.0");
        assertThat(ProtocolVersion.of(0x7F1C).name()).isEqualTo("unknown (0x7F1C)");
        assertThat(ProtocolVersion.of(0x7F1C).knownName()).isEmpty();
        assertThat(ProtocolVersion.of(0x7F1C).hex()).isEqualTo("0x7F1C");
        assertThat(ProtocolVersion.of(0x3A3A).name()).isEqualTo("GREASE");
        assertThat(ProtocolVersion.of(0x0303).toString()).isEqualTo("TLS 1.2");
        for (int v = 0; v <= 0xFFFF; v++) {
            assertThat(ProtocolVersion.name(v)).isEqualTo(TlsParameters.version(v));
        }
        assertThatThrownBy(() -> ProtocolVersion.of(0x10000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProtocolVersion.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tls13IsTls13AndDtls13() {
        assertThat(ProtocolVersion.TLS_1_3.isTls13()).isTrue();
        assertThat(ProtocolVersion.DTLS_1_3.isTls13()).isTrue();
        assertThat(ProtocolVersion.TLS_1_2.isTls13()).isFalse();
        assertThat(ProtocolVersion.DTLS_1_2.isTls13()).isFalse();
        assertThat(ProtocolVersion.DTLS_1_0.isDtls()).isTrue();
        assertThat(ProtocolVersion.DTLS_1_3.isDtls()).isTrue();
        assertThat(ProtocolVersion.TLS_1_3.isDtls()).isFalse();
        assertThat(ProtocolVersion.of(0x0304)).isEqualTo(ProtocolVersion.TLS_1_3);
    }

    @Test
    void alertLevelsBecomeTextHereOnly() {
        assertThat(AlertLevel.of(1)).isSameAs(AlertLevel.WARNING);
        assertThat(AlertLevel.of(2)).isSameAs(AlertLevel.FATAL);
        assertThat(AlertLevel.FATAL.name()).isEqualTo("fatal");
        assertThat(AlertLevel.WARNING.name()).isEqualTo("warning");
        assertThat(AlertLevel.of(7).name()).isEqualTo("unknown level 7");
        assertThat(AlertLevel.of(7).knownName()).isEmpty();
        assertThat(AlertLevel.of(7).isKnown()).isFalse();
        assertThat(AlertLevel.of(255).value()).isEqualTo(255);
        assertThatThrownBy(() -> AlertLevel.of(256)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namedConstantsAgreeWithTheIanaData() {
        assertThat(ContentType.name(ContentType.CHANGE_CIPHER_SPEC)).isEqualTo("change_cipher_spec");
        assertThat(ContentType.name(ContentType.ALERT)).isEqualTo("alert");
        assertThat(ContentType.name(ContentType.HANDSHAKE)).isEqualTo("handshake");
        assertThat(ContentType.name(ContentType.APPLICATION_DATA)).isEqualTo("application_data");
        assertThat(ContentType.name(ContentType.HEARTBEAT)).isEqualTo("heartbeat");
        assertThat(ContentType.name(ContentType.TLS12_CID)).isEqualTo("tls12_cid");
        assertThat(ContentType.name(ContentType.ACK)).isEqualTo("ACK");
        assertThat(ContentType.name(ContentType.RETURN_ROUTABILITY_CHECK)).isEqualTo("return_routability_check");
        for (int v = 0; v < 256; v++) {
            assertThat(ContentType.isAssigned(v))
                    .as("content type %d", v)
                    .isEqualTo(TlsParameters.get().contentTypeName(v).isPresent());
        }
        assertThat(HandshakeType.name(HandshakeType.CLIENT_HELLO)).isEqualTo("client_hello");
        assertThat(HandshakeType.name(HandshakeType.SERVER_HELLO)).isEqualTo("server_hello");
        assertThat(HandshakeType.name(HandshakeType.CERTIFICATE)).isEqualTo("certificate");
        assertThat(HandshakeType.name(HandshakeType.CERTIFICATE_REQUEST)).isEqualTo("certificate_request");
        assertThat(HandshakeType.name(HandshakeType.ENCRYPTED_EXTENSIONS)).isEqualTo("encrypted_extensions");
        assertThat(HandshakeType.name(HandshakeType.FINISHED)).isEqualTo("finished");
        assertThat(HandshakeType.name(HandshakeType.KEY_UPDATE)).isEqualTo("key_update");
        assertThat(HandshakeType.name(HandshakeType.MESSAGE_HASH)).isEqualTo("message_hash");
        assertThat(HandshakeType.name(HandshakeType.SERVER_HELLO_DONE)).isEqualTo("server_hello_done_RESERVED");
        assertThat(ExtensionType.name(ExtensionType.SERVER_NAME)).isEqualTo("server_name");
        assertThat(ExtensionType.name(ExtensionType.SIGNATURE_ALGORITHMS)).isEqualTo("signature_algorithms");
        assertThat(ExtensionType.name(ExtensionType.ALPN)).isEqualTo("application_layer_protocol_negotiation");
        assertThat(ExtensionType.name(ExtensionType.PADDING)).isEqualTo("padding");
        assertThat(ExtensionType.name(ExtensionType.SUPPORTED_VERSIONS)).isEqualTo("supported_versions");
        assertThat(ExtensionType.name(ExtensionType.PSK_KEY_EXCHANGE_MODES)).isEqualTo("psk_key_exchange_modes");
        assertThat(ExtensionType.name(ExtensionType.CERTIFICATE_AUTHORITIES)).isEqualTo("certificate_authorities");
        assertThat(ExtensionType.name(ExtensionType.SIGNATURE_ALGORITHMS_CERT)).isEqualTo("signature_algorithms_cert");
        assertThat(ExtensionType.name(ExtensionType.KEY_SHARE)).isEqualTo("key_share");
        assertThat(ExtensionType.name(ExtensionType.RENEGOTIATION_INFO)).isEqualTo("renegotiation_info");
    }

    @Test
    void theHelloRetryRequestRandomIsSha256OfHelloRetryRequest() throws Exception {
        byte[] sha =
                java.security.MessageDigest.getInstance("SHA-256").digest("HelloRetryRequest".getBytes("US-ASCII"));
        assertThat(HelloRetryRequest.random()).isEqualTo(sha);
        byte[] b = new byte[40];
        System.arraycopy(sha, 0, b, 3, 32);
        assertThat(HelloRetryRequest.isRandom(b, 3)).isTrue();
        assertThat(HelloRetryRequest.isRandom(b, 2)).isFalse();
        assertThat(HelloRetryRequest.isRandom(b, 9)).isFalse();
    }

    @Test
    void reverseLookupsFindTheCodeOfAnIanaName() {
        TlsParameters p = TlsParameters.get();
        assertThat(p.cipherSuiteCode("TLS_AES_128_GCM_SHA256")).hasValue(0x1301);
        assertThat(p.cipherSuiteCode("tls_aes_128_gcm_sha256")).hasValue(0x1301);
        assertThat(p.groupCode("x25519")).hasValue(29);
        assertThat(p.signatureSchemeCode("ECDSA_SECP256R1_SHA256")).hasValue(0x0403);
        assertThat(p.cipherSuiteCode("no_such_suite")).isEmpty();
        for (int v = 0; v <= 0xFFFF; v++) {
            int code = v;
            p.cipherSuiteName(v).ifPresent(n -> assertThat(p.cipherSuiteCode(n)).hasValue(code));
        }
    }

    @Test
    void aWholeMessageFromTheJoinerParsesThroughHandshakes() {
        // A TLS 1.3 ServerHello: legacy_version 0x0303, random, empty session id, TLS_AES_128_GCM_SHA256, null
        // compression, supported_versions = 0x0304.
        byte[] body =
                HexFormat.of().parseHex("0303" + "11".repeat(32) + "00" + "1301" + "00" + "0006" + "002b00020304");
        byte[] buf = new byte[body.length + 3];
        System.arraycopy(body, 0, buf, 3, body.length);
        Handshake h = Handshakes.parse(HandshakeType.SERVER_HELLO, buf, 3, body.length, Handshakes.Context.TLS);
        assertThat(h).isInstanceOf(Handshake.ServerHello.class);
        Handshake.ServerHello sh = (Handshake.ServerHello) h;
        assertThat(sh.version()).isEqualTo(ProtocolVersion.TLS_1_3.value());
        assertThat(sh.cipherSuite()).isEqualTo(0x1301);
        assertThat(sh.helloRetryRequest()).isFalse();
        System.arraycopy(HelloRetryRequest.random(), 0, buf, 5, 32);
        Handshake.ServerHello hrr = (Handshake.ServerHello)
                Handshakes.parse(HandshakeType.SERVER_HELLO, buf, 3, body.length, Handshakes.Context.TLS);
        assertThat(hrr.helloRetryRequest()).isTrue();
        assertThatThrownBy(() -> Handshakes.parse(HandshakeType.SERVER_HELLO, buf, 3, 10, Handshakes.Context.TLS))
                .isInstanceOf(io.tlsalert.decode.DecodeException.class)
                .hasMessageContaining("ServerHello.random");
    }

    @Test
    void everyAssignedAlertHasItsConstantNamedAsTheRegistryNamesIt() throws Exception {
        java.util.Set<Integer> constants = new java.util.TreeSet<>();
        for (java.lang.reflect.Field f : AlertDescription.class.getFields()) {
            int v = f.getInt(null);
            constants.add(v);
            assertThat(AlertDescription.name(v).toUpperCase(java.util.Locale.ROOT))
                    .isEqualTo(f.getName());
        }
        java.util.Set<Integer> assigned = new java.util.TreeSet<>();
        for (var a : io.tlsalert.TlsAlerts.registry().all()) {
            assigned.add(a.code());
        }
        assertThat(constants).isEqualTo(assigned);
        assertThat(AlertDescription.CERTIFICATE_REQUIRED).isEqualTo(116);
    }
}
