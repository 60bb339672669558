package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import io.tlsalert.report.TerminalText;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
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
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

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
 * @param trustStore  the trust store used in place of the JDK's, when the user gave one ({@code --trust})
 * @param clientCertificate whether the user's client certificate was offered ({@code --client-cert})
 */
public record JvmView(
        boolean connects,
        Optional<String> version,
        Optional<String> suite,
        Optional<String> error,
        Optional<String> blockedBy,
        String javaVersion,
        Optional<String> trustStore,
        boolean clientCertificate) {

    /** A view with the JDK's own trust store and no client certificate. */
    public JvmView(
            boolean connects,
            Optional<String> version,
            Optional<String> suite,
            Optional<String> error,
            Optional<String> blockedBy,
            String javaVersion) {
        this(connects, version, suite, error, blockedBy, javaVersion, Optional.empty(), false);
    }

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
        return of(t, timeout, Optional.empty(), Optional.empty());
    }

    /**
     * The same with the user's trust store and client certificate (the probe's {@code --trust}, {@code
     * --client-cert}) in place of the JDK's defaults, so that the view answers "would this JDK connect, set up as I
     * asked", not "with cacerts"; never throws.
     */
    public static JvmView of(
            Target t, Duration timeout, Optional<TrustStore> trust, Optional<ClientCredentials> credentials) {
        String jv = System.getProperty("java.version");
        Optional<String> trustName = trust.map(TrustStore::description);
        boolean cc = credentials.isPresent();
        SSLContext ctx;
        try {
            ctx = context(trust, credentials);
        } catch (GeneralSecurityException | IOException e) {
            return new JvmView(
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(chain(e)),
                    Optional.empty(),
                    jv,
                    trustName,
                    cc);
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
                        jv,
                        trustName,
                        cc);
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
                        jv,
                        trustName,
                        cc);
            }
            String msg = chain(e);
            Optional<String> blocked = blockedBy(msg)
                    .map(b -> trustName.isPresent() && b.startsWith("the trust store (")
                            ? "the trust store " + trustName.get() + " (--trust) has no anchor for the server's chain"
                            : b);
            return new JvmView(false, Optional.empty(), Optional.empty(), Optional.of(msg), blocked, jv, trustName, cc);
        } finally {
            deadline.cancel(false);
        }
    }

    /** The default context, or one with these trust anchors and this client key in place of the defaults. */
    private static SSLContext context(Optional<TrustStore> trust, Optional<ClientCredentials> credentials)
            throws GeneralSecurityException, IOException {
        if (trust.isEmpty() && credentials.isEmpty()) {
            return SSLContext.getDefault();
        }
        TrustManager[] tms = null; // null: the JDK's default trust managers
        if (trust.isPresent()) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : trust.get().anchors()) {
                ks.setCertificateEntry("anchor-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            tms = tmf.getTrustManagers();
        }
        KeyManager[] kms = null; // null: no client certificate, as the default context has none
        if (credentials.isPresent()) {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(
                    "client",
                    credentials.get().key(),
                    pw,
                    credentials.get().chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            kms = kmf.getKeyManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kms, tms, null);
        return ctx;
    }

    /**
     * The exception and its causes, each said once: the JDK wraps one failure several times over
     * (SSLHandshakeException, ValidatorException, SunCertPathBuilderException) and each wrapper repeats the message
     * of what it wraps, so a cause whose words are already there adds nothing.
     */
    static String chain(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable x = e; x != null && b.length() < 2000; x = x.getCause()) {
            String m = x.getMessage() == null ? "" : x.getMessage();
            String rest = m;
            // "PKIX path building failed: <the cause's toString()>" says the cause already: keep what it adds.
            if (x.getCause() != null) {
                String inner = String.valueOf(x.getCause());
                if (rest.endsWith(inner)) {
                    rest = rest.substring(0, rest.length() - inner.length()).replaceAll("[:\\s]+$", "");
                }
            }
            if (!rest.isEmpty() && b.indexOf(rest) >= 0) {
                continue;
            }
            if (rest.isEmpty() && x.getCause() != null) {
                continue;
            }
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(x.getClass().getSimpleName());
            if (!rest.isEmpty()) {
                b.append(": ").append(rest);
            }
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

    /**
     * Whether the JVM's view can tell anything the diagnosis did not: not when the probe's connect was refused or
     * timed out, the name did not resolve, or the server accepted the connection and never sent a byte (the JDK
     * would wait for it the same way, one more timeout for nothing).
     */
    public static boolean worthTrying(Diagnosis d) {
        Outcome o = d.baseline().outcome();
        return switch (o.kind()) {
            case REFUSED, ERROR -> false;
            case NO_RESPONSE -> d.baseline().bytesReceived() > 0;
            default -> true;
        };
    }

    /** One line for people; what the JDK's error quotes from the server is escaped for a terminal. */
    public String describe() {
        return describe(Lang.EN);
    }

    /** {@link #describe()} in {@code lang}. */
    public String describe(Lang lang) {
        return TerminalText.escape(words(lang));
    }

    /** The line printed in place of the view when {@link #worthTrying} says no. */
    public static String skipped(Lang lang, Diagnosis d) {
        return TerminalText.escape(text(lang, "probe.jvm.skipped", d.cause().id()));
    }

    private String words(Lang lang) {
        String settings = trustStore.isPresent()
                ? clientCertificate
                        ? text(lang, "probe.jvm.settings.both", trustStore.get())
                        : text(lang, "probe.jvm.settings.trust", trustStore.get())
                : clientCertificate
                        ? text(lang, "probe.jvm.settings.client")
                        : text(lang, "probe.jvm.settings.default");
        if (connects) {
            return text(lang, "probe.jvm.connects", javaVersion, settings, version.orElse(""), suite.orElse(""));
        }
        List<String> parts = new ArrayList<>();
        parts.add(text(lang, "probe.jvm.fails", javaVersion, settings));
        blockedBy.ifPresent(b -> parts.add(text(lang, "probe.jvm.stoppedBy", b)));
        error.ifPresent(e ->
                parts.add(text(lang, "probe.jvm.error", e.length() > 300 ? e.substring(0, 300) + "…" : e)));
        return String.join(text(lang, "probe.jvm.separator"), parts);
    }

    private static String text(Lang lang, String key, Object... args) {
        return TlsAlerts.registry().texts().format(lang, key, args);
    }
}
