package io.tlsalert.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;

/** A client certificate chain (leaf first) and its private key, offered when the server asks for one. */
public record ClientCredentials(List<X509Certificate> chain, PrivateKey key) {
    public ClientCredentials {
        chain = List.copyOf(chain);
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("empty certificate chain");
        }
    }

    /** Reads a PEM certificate chain and a PEM PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}: RSA, EC or Ed25519). */
    public static ClientCredentials fromPem(Path certificates, Path privateKey) throws IOException {
        try {
            List<X509Certificate> chain = readCertificates(certificates);
            String pem = Files.readString(privateKey);
            Matcher m = java.util.regex.Pattern.compile(
                            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----")
                    .matcher(pem);
            if (!m.find()) {
                throw new IOException(privateKey
                        + ": no PKCS#8 'BEGIN PRIVATE KEY' block (convert with openssl pkcs8 -topk8 -nocrypt)");
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
                try {
                    return new ClientCredentials(
                            chain, KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der)));
                } catch (GeneralSecurityException e) {
                    // try the next algorithm
                }
            }
            throw new IOException(privateKey + ": unsupported private key algorithm");
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** True for a PKCS12 file by its name (.p12, .pfx), which holds the key and chain in one file. */
    public static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    /** The first key entry of a PKCS12 file: its private key and certificate chain. */
    public static ClientCredentials fromPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    return new ClientCredentials(chain, (PrivateKey) ks.getKey(alias, password));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException(file + ": cannot read the PKCS12 file: " + e.getMessage(), e);
        }
        throw new IOException(file + ": no private key entry in this PKCS12 file");
    }

    static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (var c : cf.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        if (out.isEmpty()) {
            throw new IOException(pem + ": no certificate");
        }
        return out;
    }
}
