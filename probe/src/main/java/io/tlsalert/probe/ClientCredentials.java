package io.tlsalert.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;

/** A client certificate chain (leaf first) and its private key, offered when the server asks for one. */
public record ClientCredentials(List<X509Certificate> chain, PrivateKey key) {
    public ClientCredentials {
        chain = List.copyOf(chain);
        Objects.requireNonNull(key, "key");
        if (chain.isEmpty()) throw new IllegalArgumentException("empty certificate chain");
    }

    /** Reads a PEM certificate chain and a PEM PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}: RSA, EC or Ed25519). */
    public static ClientCredentials fromPem(Path certificates, Path privateKey) throws IOException {
        try {
            List<X509Certificate> chain = readCertificates(certificates);
            String pem = Files.readString(privateKey);
            Matcher m = java.util.regex.Pattern.compile(
                            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----")
                    .matcher(pem);
            if (!m.find())
                throw new IOException(privateKey
                        + ": no PKCS#8 'BEGIN PRIVATE KEY' block (convert with openssl pkcs8 -topk8 -nocrypt)");
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

    static List<X509Certificate> readCertificates(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (var c : cf.generateCertificates(in)) out.add((X509Certificate) c);
        }
        if (out.isEmpty()) throw new IOException(pem + ": no certificate");
        return out;
    }
}
