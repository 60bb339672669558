package io.tlsalert;

import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Explanation;
import io.tlsalert.registry.Alert;
import io.tlsalert.registry.AlertRegistry;
import java.util.Optional;

/**
 * The tlsalert library: look up a TLS alert, or explain the alerts in an error text or exception.
 *
 * <pre>{@code
 * TlsAlerts.lookup(40).get().name();                      // "handshake_failure"
 * TlsAlerts.lookup("tlsv1 alert unknown ca").get().code(); // 48
 * try {
 *     sslSocket.startHandshake();
 * } catch (SSLException e) {
 *     for (Finding f : TlsAlerts.explain(e).findings()) {
 *         log.warn("TLS alert {} ({}) {}", f.name(), f.code(), f.direction().id());
 *     }
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. The data files are loaded once, on first use.
 */
public final class TlsAlerts {
    private TlsAlerts() {}

    /** Loaded on first use (class-holder idiom), so that using one method does not pay for the others. */
    private static final class Holder {
        static final AlertRegistry REGISTRY = AlertRegistry.load();
        static final Explainer EXPLAINER = Explainer.load(REGISTRY);
    }

    /** The registry: every assigned alert with its facts and texts. */
    public static AlertRegistry registry() {
        return Holder.REGISTRY;
    }

    /** The explainer behind {@link #explain(String)}, for callers that want its other entry points. */
    public static Explainer explainer() {
        return Holder.EXPLAINER;
    }

    /** The IANA name of an alert code, or {@code unassigned}. */
    public static String name(int code) {
        return lookup(code).map(Alert::name).orElse("unassigned");
    }

    /** The assigned alert with this code, or empty (e.g. for 255, the enum's upper bound, which is no alert). */
    public static Optional<Alert> lookup(int code) {
        return Holder.REGISTRY.byCode(code);
    }

    /**
     * The alert a code or name stands for, in any form a stack prints: {@code "40"}, {@code "0x28"},
     * {@code "HandshakeFailure"}, {@code "sslv3 alert handshake failure"}, {@code "SSL_R_TLSV1_ALERT_UNKNOWN_CA"},
     * {@code "unknown certificate authority"} (Go)...
     */
    public static Optional<Alert> lookup(String codeOrName) {
        Explanation e = Holder.EXPLAINER.explain(codeOrName);
        return e.findings().size() == 1 ? e.findings().get(0).alert() : Optional.empty();
    }

    /** Every alert in a text (an error message, a stack trace, a log), each with who sent it and which stack said so. */
    public static Explanation explain(String text) {
        return Holder.EXPLAINER.explain(text);
    }

    /**
     * Every alert in an exception's cause chain, for example an {@link javax.net.ssl.SSLHandshakeException} that says
     * "Received fatal alert: handshake_failure" or wraps a "PKIX path building failed" error.
     */
    public static Explanation explain(Throwable t) {
        return Holder.EXPLAINER.explain(t);
    }
}
