package io.tlsalert.decode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What one input to decode holds, told apart in the one order both the CLI and the server use: a trace that a TLS
 * program printed ({@code openssl -msg}/{@code -trace}, javax.net.debug), PEM certificates, a text of bytes (hex,
 * base64, dumps), and DER certificates among bytes. The order matters: a {@code -trace} holds PEM certificates, and
 * PEM is base64.
 */
public sealed interface DecodeInput {
    /** TLS or DTLS records, from bytes or a trace. */
    record Records(Decoding decoding) implements DecodeInput {}

    /** Certificates given on their own, PEM or DER. */
    record Certificates(CertificateInput.Certificates certificates) implements DecodeInput {}

    /** A PEM block that is not a certificate (a private key, a CSR): named, never read. */
    record Refused(CertificateInput.NotCertificate pem) implements DecodeInput {}

    /** Raw input: binary bytes are read as bytes, anything else as text ({@link #fromText}). */
    static DecodeInput fromRaw(byte[] raw, ByteInput.Format format, DecodeLimits limits) throws InputFormatException {
        if (format == ByteInput.Format.AUTO && ByteInput.looksBinary(raw)) {
            return fromBytes(raw, limits);
        }
        return fromText(new String(raw, StandardCharsets.UTF_8), format, limits);
    }

    /** A trace, PEM certificates, or a text of bytes, in that order (a forced format skips what it excludes). */
    static DecodeInput fromText(String text, ByteInput.Format format, DecodeLimits limits) throws InputFormatException {
        if (format != ByteInput.Format.BASE64) {
            Optional<Trace.Format> trace = TraceDecoder.detect(text);
            if (trace.isPresent()) {
                return new Records(TraceDecoder.decode(text, trace.get(), limits));
            }
        }
        if (format != ByteInput.Format.HEX) {
            Optional<CertificateInput.Result> pem = CertificateInput.fromPem(text);
            if (pem.isPresent()) {
                return pem.get() instanceof CertificateInput.NotCertificate n
                        ? new Refused(n)
                        : new Certificates((CertificateInput.Certificates) pem.get());
            }
        }
        return fromBytes(ByteInput.parse(text, format, limits), limits);
    }

    /** DER certificates, or TLS/DTLS records. */
    static DecodeInput fromBytes(byte[] bytes, DecodeLimits limits) {
        Optional<CertificateInput.Result> der = CertificateInput.fromDer(bytes);
        if (der.isPresent() && der.get() instanceof CertificateInput.Certificates c) {
            return new Certificates(c);
        }
        return new Records(TlsDecoder.decode(bytes, limits));
    }
}
