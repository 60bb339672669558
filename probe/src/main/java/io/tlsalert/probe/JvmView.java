package io.tlsalert.probe;

import io.tlsalert.report.TerminalText;
import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The JVM's view of a server: would this JDK's default {@code SSLContext} connect, and if not, which setting stops it
 * ({@code jdk.tls.disabledAlgorithms}, {@code jdk.tls.client.protocols}, the trust store, host name checking).
 *
 * @param connects   the default context completed a handshake (host name checked as HTTPS does)
 * @param version    the negotiated version when it connected
 * @param suite      the negotiated cipher suite when it connected
 * @param error      the JDK's error when it did not
 * @param blockedBy  the setting that stops it, when the error points at one
 * @param javaVersion the JDK this view is of
 */
public record JvmView(
        boolean connects,
        Optional<String> version,
        Optional<String> suite,
        Optional<String> error,
        Optional<String> blockedBy,
        String javaVersion) {

    /**
     * Closes the socket of a JVM view whose handshake outlives its timeout: the JDK's {@code SSLSocket} only bounds
     * each read, so a server that sends a byte just before every read timeout would keep it going for as long as it
     * likes.
     */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread th = new Thread(r, "tlsalert-jvm-view-deadline");
        th.setDaemon(true);
        return th;
    });

    /**
     * Tries one handshake with the default SSLContext, the connect, each read and the whole handshake within {@code
     * timeout}; never throws.
     */
    public static JvmView of(Target t, Duration timeout) {
        String jv = System.getProperty("java.version");
        SSLContext ctx;
        try {
            ctx = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            return new JvmView(
                    false, Optional.empty(), Optional.empty(), Optional.of(e.toString()), Optional.empty(), jv);
        }
        AtomicBoolean expired = new AtomicBoolean();
        Socket raw = new Socket();
        ScheduledFuture<?> deadline = DEADLINES.schedule(
                () -> {
                    expired.set(true);
                    try {
                        raw.close();
                    } catch (IOException e) {
                        // closing anyway
                    }
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (raw) {
            raw.connect(Resolver.address(t.host(), t.port(), timeout), (int) timeout.toMillis());
            raw.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket s =
                    (SSLSocket) ctx.getSocketFactory().createSocket(raw, t.sni().orElse(t.host()), t.port(), true)) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                t.sni().ifPresent(n -> p.setServerNames(List.of(new SNIHostName(n))));
                s.setSSLParameters(p);
                s.startHandshake();
                return new JvmView(
                        true,
                        Optional.of(s.getSession().getProtocol()),
                        Optional.of(s.getSession().getCipherSuite()),
                        Optional.empty(),
                        Optional.empty(),
                        jv);
            }
        } catch (IOException | RuntimeException e) {
            if (expired.get()) {
                return new JvmView(
                        false,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("the JDK's handshake did not finish within " + timeout.toMillis()
                                + " ms (the timeout): the server stalled or drips bytes"),
                        Optional.empty(),
                        jv);
            }
            String msg = chain(e);
            return new JvmView(false, Optional.empty(), Optional.empty(), Optional.of(msg), blockedBy(msg), jv);
        } finally {
            deadline.cancel(false);
        }
    }

    private static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = e; x != null && b.length() < 2000; x = x.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(x.getClass().getSimpleName()).append(": ").append(x.getMessage());
        }
        return b.toString();
    }

    /** Which JDK setting the error points at. */
    static Optional<String> blockedBy(String msg) {
        String m = msg.toLowerCase(Locale.ROOT);
        String disabled = Optional.ofNullable(Security.getProperty("jdk.tls.disabledAlgorithms"))
                .orElse("");
        if (m.contains("no appropriate protocol")
                || m.contains("protocol is disabled")
                || m.contains("not accepted by client preferences")) {
            return Optional.of("jdk.tls.disabledAlgorithms (java.security: " + disabled.replaceAll("\\s+", " ")
                    + ") or jdk.tls.client.protocols rule out every version or suite this server accepts");
        }
        if (m.contains("protocol_version") && disabled.contains("TLSv1")) {
            return Optional.of(
                    "jdk.tls.disabledAlgorithms (java.security) disables " + disabledVersions(disabled)
                            + ", so this JDK offers no version the server accepts; re-enable one for this JVM only, or upgrade the server");
        }
        if (m.contains("pkix path") || m.contains("unable to find valid certification path")) {
            return Optional.of(
                    "the trust store (javax.net.ssl.trustStore, default $JAVA_HOME/lib/security/cacerts) has no anchor for the server's chain");
        }
        if (m.contains("no subject alternative") || m.contains("no name matching")) {
            return Optional.of(
                    "host name verification (SSLParameters.setEndpointIdentificationAlgorithm(\"HTTPS\")): the certificate does not cover the name");
        }
        if (m.contains("algorithm constraints")
                || m.contains("certificate constraints")
                || m.contains("disabled algorithm")) {
            return Optional.of(
                    "jdk.certpath.disabledAlgorithms / jdk.tls.disabledAlgorithms (a key size or signature algorithm of the chain is disabled)");
        }
        if (m.contains("no cipher suites in common") || m.contains("handshake_failure")) {
            return Optional.of(
                    "no cipher suite, group or signature scheme enabled in this JDK matches the server's (see jdk.tls.disabledAlgorithms, jdk.tls.namedGroups)");
        }
        return Optional.empty();
    }

    private static String disabledVersions(String disabled) {
        List<String> v = new ArrayList<>();
        for (String part : disabled.split(",")) {
            String x = part.trim();
            if (x.startsWith("SSLv") || x.startsWith("TLSv") || x.startsWith("DTLSv")) {
                v.add(x);
            }
        }
        return String.join(", ", v);
    }

    /** One line for people; what the JDK's error quotes from the server is escaped for a terminal. */
    public String describe() {
        return TerminalText.escape(words());
    }

    private String words() {
        if (connects) {
            return "this JDK (" + javaVersion + ") connects with its default settings: " + version.orElse("") + ", "
                    + suite.orElse("");
        }
        List<String> parts = new ArrayList<>();
        parts.add("this JDK (" + javaVersion + ") does not connect with its default settings");
        blockedBy.ifPresent(b -> parts.add("stopped by " + b));
        error.ifPresent(e -> parts.add("error: " + (e.length() > 300 ? e.substring(0, 300) + "…" : e)));
        return String.join("; ", parts);
    }
}
