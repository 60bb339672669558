package io.tlsalert.decode;

import io.tlsalert.wire.ExtensionType;
import io.tlsalert.wire.HandshakeType;
import io.tlsalert.wire.HelloRetryRequest;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads the body of one handshake message (RFC 8446 §4, RFC 5246 §7.4, RFC 6347 §4.2), each message type after its
 * RFC {@code struct} (see {@link Handshake}). {@link #parse} is the entry point for a caller that already holds one
 * whole message, e.g. from a {@link io.tlsalert.wire.HandshakeJoiner}; {@link TlsDecoder} reads whole inputs.
 */
public final class Handshakes {
    private Handshakes() {}

    /**
     * What a message's form depends on beyond its own bytes.
     *
     * @param dtls       a DTLS ClientHello carries a cookie (RFC 6347 §4.2.1)
     * @param negotiated the version the ServerHello chose, if one was seen: Certificate and CertificateRequest have
     *     a TLS 1.3 form (RFC 8446 §4.4.2, §4.3.2); without it the form whose lengths add up is taken
     */
    public record Context(boolean dtls, Optional<ProtocolVersion> negotiated) {
        /** TLS, no ServerHello seen (what a ClientHello or ServerHello needs). */
        public static final Context TLS = new Context(false, Optional.empty());
        /** DTLS, no ServerHello seen. */
        public static final Context DTLS = new Context(true, Optional.empty());

        /** TLS after a ServerHello that chose {@code version}. */
        public static Context tls(ProtocolVersion version) {
            return new Context(false, Optional.of(version));
        }
    }

    /**
     * Reads one whole handshake message's body, {@code buf[off, off + len)} (without the 4-byte msg_type/length
     * header), as message type {@code msgType}.
     *
     * @return the decoded body; {@link Handshake.Other} for a message type not read field by field
     * @throws DecodeException when the bytes break the RFC's structure; its offsets are indices in {@code buf}
     */
    public static Handshake parse(int msgType, byte[] buf, int off, int len, Context context) {
        if (off < 0 || len < 0 || len > buf.length - off) {
            throw new IndexOutOfBoundsException(
                    "body [" + off + ", " + off + "+" + len + ") in " + buf.length + " bytes");
        }
        int negotiated = context.negotiated().map(ProtocolVersion::value).orElse(0);
        return body(msgType, new Cursor(buf, off, off + len), context.dtls(), negotiated, OffsetMap.IDENTITY);
    }

    /**
     * Reads a message body. {@code map} turns positions in the cursor's buffer into input offsets: the identity for a
     * message read in place, a piecewise map for one put together from several records or fragments.
     */
    static Handshake body(int type, Cursor c, boolean dtls, int negotiated, OffsetMap map) {
        Handshake h = switch (type) {
            case HandshakeType.CLIENT_HELLO -> clientHello(c, dtls, map);
            case HandshakeType.SERVER_HELLO -> serverHello(c, map);
            case HandshakeType.HELLO_VERIFY_REQUEST -> helloVerifyRequest(c);
            case HandshakeType.ENCRYPTED_EXTENSIONS ->
                new Handshake.EncryptedExtensions(
                        Extensions.read(c, "EncryptedExtensions.extensions", 0, Extensions.Ctx.EE, map));
            case HandshakeType.CERTIFICATE -> certificate(c, negotiated, map);
            case HandshakeType.CERTIFICATE_REQUEST -> certificateRequest(c, negotiated, map);
            case HandshakeType.KEY_UPDATE -> {
                int r = c.u8("KeyUpdate.request_update");
                c.expectEnd("KeyUpdate");
                yield new Handshake.KeyUpdate(r);
            }
            default -> {
                int n = c.remaining();
                c.skip(n, "body");
                yield new Handshake.Other(n);
            }
        };
        return h;
    }

    /** RFC 8446 §4.1.2, RFC 6347 §4.2.1: the struct above {@link Handshake.ClientHello}. */
    private static Handshake.ClientHello clientHello(Cursor c, boolean dtls, OffsetMap map) {
        int version = c.u16("ClientHello.legacy_version");
        byte[] random = c.bytes(32, "ClientHello.random");
        Cursor sid = c.vector(1, 0, 32, "ClientHello.legacy_session_id");
        byte[] sessionId = Arrays.copyOfRange(c.buf, sid.pos(), sid.end());
        Optional<byte[]> cookie = Optional.empty();
        if (dtls) {
            Cursor ck = c.vector(1, 0, 255, "ClientHello.cookie");
            cookie = Optional.of(Arrays.copyOfRange(c.buf, ck.pos(), ck.end()));
        }
        Cursor cs = c.vector(2, 2, 0xFFFE, "ClientHello.cipher_suites");
        if (cs.remaining() % 2 != 0) {
            throw new DecodeException(
                    "ClientHello.cipher_suites",
                    cs.pos() - 2,
                    "length " + cs.remaining() + " is odd: cipher suites are 2 bytes each");
        }
        int[] suites = new int[cs.remaining() / 2];
        for (int i = 0; i < suites.length; i++) {
            suites[i] = cs.u16("ClientHello.cipher_suites");
        }
        Cursor cm = c.vector(1, 1, 255, "ClientHello.legacy_compression_methods");
        int[] comp = new int[cm.remaining()];
        for (int i = 0; i < comp.length; i++) {
            comp[i] = cm.u8("ClientHello.legacy_compression_methods");
        }
        List<Extension> ext =
                c.hasRemaining() ? Extensions.read(c, "ClientHello.extensions", 0, Extensions.Ctx.CH, map) : List.of();
        c.expectEnd("ClientHello");
        return new Handshake.ClientHello(version, random, sessionId, cookie, suites, comp, ext);
    }

    /** RFC 8446 §4.1.3: the struct above {@link Handshake.ServerHello}; a HelloRetryRequest by its random. */
    private static Handshake.ServerHello serverHello(Cursor c, OffsetMap map) {
        int version = c.u16("ServerHello.legacy_version");
        byte[] random = c.bytes(32, "ServerHello.random");
        boolean hrr = HelloRetryRequest.isRandom(random, 0);
        Cursor sid = c.vector(1, 0, 32, "ServerHello.legacy_session_id_echo");
        byte[] sessionId = Arrays.copyOfRange(c.buf, sid.pos(), sid.end());
        int suite = c.u16("ServerHello.cipher_suite");
        int comp = c.u8("ServerHello.legacy_compression_method");
        List<Extension> ext = c.hasRemaining()
                ? Extensions.read(
                        c,
                        hrr ? "HelloRetryRequest.extensions" : "ServerHello.extensions",
                        0,
                        hrr ? Extensions.Ctx.HRR : Extensions.Ctx.SH,
                        map)
                : List.of();
        c.expectEnd(hrr ? "HelloRetryRequest" : "ServerHello");
        return new Handshake.ServerHello(version, random, sessionId, suite, comp, ext, hrr);
    }

    /** RFC 6347 §4.2.1: {@code ProtocolVersion server_version; opaque cookie<0..2^8-1>;}. */
    private static Handshake.HelloVerifyRequest helloVerifyRequest(Cursor c) {
        int version = c.u16("HelloVerifyRequest.server_version");
        Cursor ck = c.vector(1, 0, 255, "HelloVerifyRequest.cookie");
        c.expectEnd("HelloVerifyRequest");
        return new Handshake.HelloVerifyRequest(version, Arrays.copyOfRange(c.buf, ck.pos(), ck.end()));
    }

    /** RFC 8446 §4.4.2 / RFC 5246 §7.4.2: the struct above {@link Handshake.Certificate}. */
    private static Handshake.Certificate certificate(Cursor c, int negotiated, OffsetMap map) {
        boolean form13 = negotiated != 0 ? ProtocolVersion.isTls13(negotiated) : contextThenVectorFills(c, 3, 0);
        Optional<byte[]> context = Optional.empty();
        if (form13) {
            Cursor ctx = c.vector(1, 0, 255, "Certificate.certificate_request_context");
            context = Optional.of(Arrays.copyOfRange(c.buf, ctx.pos(), ctx.end()));
        }
        Cursor list = c.vector(3, 0, 0xFFFFFF, "Certificate.certificate_list");
        List<Handshake.CertificateEntry> entries = new ArrayList<>();
        int i = 0;
        while (list.hasRemaining()) {
            try {
                Cursor der = list.vector(3, 1, 0xFFFFFF, "cert_data");
                List<Extension> ext =
                        form13 ? Extensions.read(list, "extensions", 0, Extensions.Ctx.CT, map) : List.of();
                entries.add(CertificateSummary.entry(der, ext, map));
            } catch (DecodeException e) {
                throw e.within("Certificate.certificate_list[" + i + "]");
            }
            i++;
        }
        c.expectEnd("Certificate");
        return new Handshake.Certificate(context, entries);
    }

    /**
     * With no ServerHello in the input, the TLS 1.3 form is the one whose lengths add up: an {@code opaque
     * certificate_request_context<0..2^8-1>}, then a vector with a {@code prefix}-byte length of at least {@code min}
     * bytes that fills the rest (Certificate: the 3-byte certificate_list; CertificateRequest: the 2-byte extensions).
     */
    private static boolean contextThenVectorFills(Cursor c, int prefix, int min) {
        int p = c.pos();
        int n = c.remaining();
        if (n < 1 + prefix) {
            return false;
        }
        int ctx = c.buf[p] & 0xff;
        if (1 + ctx + prefix > n) {
            return false;
        }
        int len = 0;
        for (int i = 0; i < prefix; i++) {
            len = len << 8 | c.buf[p + 1 + ctx + i] & 0xff;
        }
        return len == n - 1 - ctx - prefix && len >= min;
    }

    /** RFC 8446 §4.3.2 / RFC 5246 §7.4.4: the structs above {@link Handshake.CertificateRequest}. */
    private static Handshake.CertificateRequest certificateRequest(Cursor c, int negotiated, OffsetMap map) {
        boolean form13 = negotiated != 0 ? ProtocolVersion.isTls13(negotiated) : contextThenVectorFills(c, 2, 2);
        if (form13) {
            Cursor ctx = c.vector(1, 0, 255, "CertificateRequest.certificate_request_context");
            byte[] context = Arrays.copyOfRange(c.buf, ctx.pos(), ctx.end());
            List<Extension> ext = Extensions.read(c, "CertificateRequest.extensions", 2, Extensions.Ctx.CR, map);
            c.expectEnd("CertificateRequest");
            int[] schemes = new int[0];
            List<String> cas = List.of();
            for (Extension e : ext) {
                if (e.data() instanceof Extension.SignatureSchemes s
                        && e.type() == ExtensionType.SIGNATURE_ALGORITHMS) {
                    schemes = s.schemes();
                } else if (e.data() instanceof Extension.CertificateAuthorities a) {
                    cas = a.names();
                }
            }
            return new Handshake.CertificateRequest(Optional.of(context), new int[0], schemes, cas, ext);
        }
        Cursor types = c.vector(1, 1, 255, "CertificateRequest.certificate_types");
        int[] t = new int[types.remaining()];
        for (int i = 0; i < t.length; i++) {
            t[i] = types.u8("CertificateRequest.certificate_types");
        }
        int[] schemes = new int[0];
        // TLS 1.2 has supported_signature_algorithms; TLS 1.0/1.1 go straight to the CA names.
        if (negotiated == ProtocolVersion.TLS_1_2.value()
                || negotiated == ProtocolVersion.DTLS_1_2.value()
                || negotiated == 0 && c.remaining() >= 2 && tls12CertificateRequest(c)) {
            Cursor sa = c.vector(2, 2, 0xFFFE, "CertificateRequest.supported_signature_algorithms");
            schemes = sa.u16s("CertificateRequest.supported_signature_algorithms");
        }
        List<String> cas = CertificateSummary.distinguishedNames(
                c.vector(2, 0, 0xFFFF, "CertificateRequest.certificate_authorities"),
                "CertificateRequest.certificate_authorities",
                map);
        c.expectEnd("CertificateRequest");
        return new Handshake.CertificateRequest(Optional.empty(), t, schemes, cas, List.of());
    }

    /** After certificate_types: TLS 1.2 if a signature-algorithms vector followed by a CA-names vector fills the rest. */
    private static boolean tls12CertificateRequest(Cursor c) {
        int p = c.pos();
        int n = c.remaining();
        int sa = (c.buf[p] & 0xff) << 8 | c.buf[p + 1] & 0xff;
        if (2 + sa + 2 > n) {
            return false;
        }
        int q = p + 2 + sa;
        int ca = (c.buf[q] & 0xff) << 8 | c.buf[q + 1] & 0xff;
        return 2 + sa + 2 + ca == n;
    }
}
