package io.tlsalert.decode;

import static io.tlsalert.decode.InputText.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Certificates given to decode instead of TLS records: PEM ({@code -----BEGIN CERTIFICATE-----}, a chain of them,
 * OpenSSL's {@code BEGIN TRUSTED CERTIFICATE}, RFC 7468 §5) or DER (one X.509 Certificate or several back to back, RFC
 * 5280 §4.1), each summarised by {@link CertificateSummary}. Other PEM types (keys, requests, CRLs, ...) are named
 * and refused, their contents never read.
 */
public final class CertificateInput {
    private CertificateInput() {}

    /** What the input was. */
    public sealed interface Result {}

    /**
     * Certificates, in input order.
     *
     * @param format {@code pem} or {@code der}
     */
    public record Certificates(String format, List<Handshake.CertificateEntry> certificates) implements Result {
        public Certificates {
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * A PEM object that is not a certificate.
     *
     * @param label what its {@code -----BEGIN label-----} line says, e.g. {@code PRIVATE KEY}
     * @param line  the line of that BEGIN
     * @param key   whether it holds private key material (then nothing of it must be shown)
     */
    public record NotCertificate(String label, int line, boolean key) implements Result {}

    /** PEM labels of certificates (RFC 7468 §5.1, and OpenSSL's X509_AUX form and the old X509 CERTIFICATE). */
    private static boolean certificateLabel(String label) {
        return label.equals("CERTIFICATE") || label.equals("TRUSTED CERTIFICATE") || label.equals("X509 CERTIFICATE");
    }

    /**
     * The certificates of a PEM text, or the first PEM object that is not one; empty when the text has no PEM
     * armour. Text around the PEM blocks (openssl x509 -text output, "subject=" lines) is ignored.
     *
     * @throws InputFormatException for a certificate block that is not base64, or has no END line
     */
    public static Optional<Result> fromPem(String t) {
        if (!Base64Text.hasPemArmour(t)) {
            return Optional.empty();
        }
        List<Handshake.CertificateEntry> certs = new ArrayList<>();
        String label = null;
        int bodyStart = -1;
        int beginAt = -1;
        int line = 1;
        for (int s = 0; s >= 0; line++) {
            int e = lineEnd(t, s);
            int p = skipBlanks(t, s, e);
            if (label == null && t.startsWith("-----BEGIN ", p)) {
                String rest = t.substring(p + 11, e);
                int close = rest.indexOf("-----");
                String l = close >= 0 ? rest.substring(0, close) : "";
                if (!certificateLabel(l)) {
                    return Optional.of(
                            new NotCertificate(shorten(l), line, l.contains("PRIVATE KEY") || l.contains("ENCRYPTED")));
                }
                label = l;
                beginAt = p;
                bodyStart = nextLine(t, e);
            } else if (label != null && t.startsWith("-----END " + label + "-----", p)) {
                certs.add(summary(base64(t, bodyStart, s), label.equals("TRUSTED CERTIFICATE")));
                label = null;
            }
            s = nextLine(t, e);
        }
        if (label != null) {
            throw at(t, beginAt, "the PEM block that starts here has no -----END " + label + "----- line");
        }
        return Optional.of(new Certificates("pem", certs));
    }

    /**
     * The certificates in {@code b} if it is DER: one or more X.509 Certificate SEQUENCEs ({@code 30 82 LL LL ...})
     * back to back that cover it exactly; empty otherwise (so that TLS records, which never start with 0x30, are
     * decoded as they were).
     */
    public static Optional<Result> fromDer(byte[] b) {
        List<int[]> spans = new ArrayList<>();
        int p = 0;
        while (p < b.length) {
            int len = derLength(b, p);
            if (len < 0 || len > b.length - p) {
                return Optional.empty();
            }
            spans.add(new int[] {p, len});
            p += len;
            if (spans.size() > 1000) {
                return Optional.empty();
            }
        }
        if (spans.isEmpty()) {
            return Optional.empty();
        }
        List<Handshake.CertificateEntry> certs = new ArrayList<>();
        for (int[] s : spans) {
            Handshake.CertificateEntry e =
                    CertificateSummary.entry(new Cursor(b, s[0], s[0] + s[1]), List.of(), OffsetMap.IDENTITY);
            if (e.info().isEmpty() && spans.size() == 1) {
                return Optional.empty(); // a DER SEQUENCE, but not a certificate: let the decoder say what it is not
            }
            certs.add(e);
        }
        return Optional.of(new Certificates("der", certs));
    }

    /**
     * The whole length (tag and length octets included) of a DER SEQUENCE with a definite length of at least 128
     * bytes at {@code p} (every real certificate: RFC 5280 §4.1 needs a name, a key and a signature), or -1.
     */
    private static int derLength(byte[] b, int p) {
        if (b.length - p < 4 || (b[p] & 0xff) != 0x30) {
            return -1;
        }
        int n = b[p + 1] & 0xff;
        if (n == 0x81) {
            int len = b[p + 2] & 0xff;
            return len < 128 ? -1 : 3 + len;
        }
        if (n == 0x82) {
            int len = (b[p + 2] & 0xff) << 8 | b[p + 3] & 0xff;
            return len < 256 ? -1 : 4 + len;
        }
        if (n == 0x83 && b.length - p >= 5) {
            int len = (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 8 | b[p + 4] & 0xff;
            return len < 65536 ? -1 : 5 + len;
        }
        return -1;
    }

    /** The base64 body {@code t[from, to)}; an error names its place in the whole text. */
    private static byte[] base64(String t, int from, int to) {
        try {
            return Base64Text.parse(t.substring(from, Math.max(from, to)));
        } catch (InputFormatException x) {
            String m = x.getMessage().replaceFirst("^line [0-9]+, column [0-9]+: ", "");
            throw at(t, (int) Math.min(t.length(), from + x.offset()), m);
        }
    }

    /** A TRUSTED CERTIFICATE is the DER certificate followed by OpenSSL's X509_CERT_AUX: only the first is read. */
    private static Handshake.CertificateEntry summary(byte[] der, boolean trusted) {
        int len = der.length;
        if (trusted) {
            int l = derLength(der, 0);
            if (l > 0 && l <= der.length) {
                len = l;
            }
        }
        return CertificateSummary.entry(new Cursor(der, 0, len), List.of(), OffsetMap.IDENTITY);
    }
}
