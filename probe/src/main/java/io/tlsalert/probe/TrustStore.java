package io.tlsalert.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The roots the server's chain is checked against: the JDK's cacerts by default, or a PEM, JKS or PKCS12 file. */
public final class TrustStore {
    private final String description;
    private final List<X509Certificate> anchors;

    private TrustStore(String description, List<X509Certificate> anchors) {
        this.description = description;
        this.anchors = List.copyOf(anchors);
    }

    private static volatile TrustStore jdk;

    /** The JDK's default trust store (cacerts, or javax.net.ssl.trustStore when set). */
    public static TrustStore jdkDefault() {
        TrustStore t = jdk;
        if (t == null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                List<X509Certificate> certs = new ArrayList<>();
                for (var tm : tmf.getTrustManagers()) {
                    if (tm instanceof X509TrustManager x) {
                        Collections.addAll(certs, x.getAcceptedIssuers());
                    }
                }
                t = new TrustStore("JDK cacerts", certs);
            } catch (GeneralSecurityException e) {
                t = new TrustStore("JDK cacerts (unreadable: " + e.getMessage() + ")", List.of());
            }
            jdk = t;
        }
        return t;
    }

    public static TrustStore of(String description, List<X509Certificate> roots) {
        return new TrustStore(description, roots);
    }

    /** A PEM bundle, or a JKS / PKCS12 key store (by extension: .jks, .p12, .pfx; password may be null). */
    public static TrustStore load(Path file, char[] password) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".jks") || name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".keystore")) {
                KeyStore ks =
                        KeyStore.getInstance(name.endsWith(".jks") || name.endsWith(".keystore") ? "JKS" : "PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, password);
                }
                List<X509Certificate> certs = new ArrayList<>();
                for (String alias : Collections.list(ks.aliases())) {
                    Certificate c = ks.getCertificate(alias);
                    if (c instanceof X509Certificate x) {
                        certs.add(x);
                    }
                }
                return new TrustStore(file.toString(), certs);
            }
            return new TrustStore(file.toString(), ClientCredentials.readCertificates(file));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** True for the JDK's own trust store, false for one the user gave ({@code --trust}). */
    public boolean isJdkDefault() {
        return this == jdk;
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description + " (" + anchors.size() + " roots)";
    }
}
