package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import java.util.OptionalInt;

/**
 * What one common client does with a certificate problem ({@code certificate_alerts.tsv}, loaded by {@link
 * CertAlerts}).
 *
 * @param client the client ("OpenSSL 3.0", "JDK 17", "Go 1.19")
 * @param alert  the alert it sends, as tlsalert's explain reads it from {@code text}; empty when it accepts
 * @param text   what it prints ('-' when it accepts)
 * @param source where that comes from
 */
public record ClientAlert(String client, OptionalInt alert, String text, String source) {
    public boolean accepts() {
        return alert.isEmpty();
    }

    /** The alert's name ("unknown_ca"), empty when the client accepts. */
    public String alertName() {
        return alert.isPresent() ? TlsAlerts.name(alert.getAsInt()) : "";
    }
}
