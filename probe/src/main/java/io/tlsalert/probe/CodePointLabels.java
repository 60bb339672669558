package io.tlsalert.probe;

import io.tlsalert.decode.TlsParameters;
import java.util.Locale;

/**
 * How the probe prints a code point in its reports: core's IANA name ({@link TlsParameters}), "GREASE" for an RFC
 * 8701 value, else core's "unassigned" with the value, "unassigned (0x0303)", the form core's ProtocolVersion uses
 * for an unknown version: a server's CertificateRequest often lists legacy values IANA never named, and the value is
 * all a reader has to go on.
 */
final class CodePointLabels {
    private CodePointLabels() {}

    static String cipherSuite(int value) {
        return withValue(TlsParameters.get().cipherSuite(value), value);
    }

    static String group(int value) {
        return withValue(TlsParameters.get().group(value), value);
    }

    static String signatureScheme(int value) {
        return withValue(TlsParameters.get().signatureScheme(value), value);
    }

    private static String withValue(String name, int value) {
        return name.equals(TlsParameters.UNASSIGNED) ? name + String.format(Locale.ROOT, " (0x%04X)", value) : name;
    }
}
