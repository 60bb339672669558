package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;

/**
 * IANA code points the probe offers, with their names and the families the diagnosis varies one at a time.
 * Alert names come from core's registry ({@link TlsAlerts#lookup(int)}), which, unlike Bouncy Castle's
 * {@code AlertDescription}, knows 52 and 121.
 */
public final class TlsNames {
    private TlsNames() {}

    public static final int TLS13 = 0x0304, TLS12 = 0x0303, TLS11 = 0x0302, TLS10 = 0x0301;

    public static String version(int v) {
        switch (v) {
            case TLS13:
                return "TLS 1.3";
            case TLS12:
                return "TLS 1.2";
            case TLS11:
                return "TLS 1.1";
            case TLS10:
                return "TLS 1.0";
            case 0x0300:
                return "SSL 3.0";
            default:
                return String.format("0x%04X", v);
        }
    }
}
