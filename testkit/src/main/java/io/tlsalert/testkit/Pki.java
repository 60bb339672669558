package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test certificates made with the real {@code openssl} in a directory: a root CA, an intermediate CA under it, leaves
 * issued by either (or self-signed), and stand-alone self-signed certificates. All PEM, keys unencrypted.
 */
public final class Pki {
    /** The key of a certificate: RSA 2048 or EC P-256, or RSA 1024 (too weak for today's clients). */
    public enum KeyType {
        RSA("-newkey", "rsa:2048"),
        EC("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
        RSA_1024("-newkey", "rsa:1024");

        private final List<String> args;

        KeyType(String... args) {
            this.args = List.of(args);
        }

        /** The {@code openssl req} options that make such a key. */
        public List<String> args() {
            return args;
        }
    }

    /** Who signs a leaf. */
    public enum Issuer {
        ROOT,
        INTERMEDIATE,
        SELF
    }

    /** A certificate and its private key. */
    public record Leaf(Path cert, Path key) {}

    /** The extensions of a CA certificate: it may sign certificates and CRLs. */
    private static final String CA_EXTENSIONS =
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";

    public final Path dir;
    public final Path caPem, caKey, interPem, interKey;

    /** A root CA ("Test Root CA") and an intermediate CA it signed ("Test Intermediate CA"), both EC, 30 days. */
    public Pki(Path dir) {
        this(dir, "Test");
    }

    /**
     * A root CA ("NAME Root CA") and an intermediate CA it signed ("NAME Intermediate CA"), both EC, 30 days; a
     * second name in the same directory makes a second, unrelated PKI (a private CA a client does not trust).
     */
    public Pki(Path dir, String name) {
        this.dir = dir;
        String prefix = name.equals("Test") ? "" : name.toLowerCase(java.util.Locale.ROOT) + "-";
        caKey = dir.resolve(prefix + "ca.key");
        caPem = dir.resolve(prefix + "ca.pem");
        selfSigned(
                caPem, caKey, "/O=tlsalert tests/CN=" + name + " Root CA", KeyType.EC, 30, CA_EXTENSIONS.split("\n"));
        interKey = dir.resolve(prefix + "inter.key");
        interPem = dir.resolve(prefix + "inter.pem");
        Path csr = request(
                dir.resolve(prefix + "inter.csr"),
                interKey,
                "/O=tlsalert tests/CN=" + name + " Intermediate CA",
                KeyType.EC);
        Path ext = write(dir.resolve(prefix + "inter.ext"), CA_EXTENSIONS);
        sign(csr, List.of("-CA", caPem.toString(), "-CAkey", caKey.toString()), interPem, 30, Optional.of(ext));
    }

    /**
     * A leaf {@code /CN=name} for server and client authentication with the given subjectAltNames ("DNS:localhost",
     * "IP:127.0.0.1"); {@code days} may be -1 (already expired).
     */
    public Leaf leaf(String name, KeyType keyType, Issuer issuer, int days, String... sans) {
        return leaf(name, keyType, issuer, days, "sha256", List.of(), sans);
    }

    /**
     * {@link #leaf(String, KeyType, Issuer, int, String...)} signed with {@code digest} ("sha256", "sha1") and with
     * these extra extension lines ("authorityInfoAccess=caIssuers;URI:http://ca.test/inter.der").
     */
    public Leaf leaf(
            String name, KeyType keyType, Issuer issuer, int days, String digest, List<String> extra, String... sans) {
        Path key = dir.resolve(name + ".key"), pem = dir.resolve(name + ".pem");
        StringBuilder extra1 = new StringBuilder();
        for (String e : extra) {
            extra1.append(e).append('\n');
        }
        Path ext = write(
                dir.resolve(name + ".ext"),
                "basicConstraints=CA:FALSE\nsubjectAltName=" + String.join(",", sans)
                        + "\nextendedKeyUsage=serverAuth,clientAuth\n" + extra1);
        Path csr = request(dir.resolve(name + ".csr"), key, "/CN=" + name, keyType);
        List<String> signer = switch (issuer) {
            case SELF -> List.of("-signkey", key.toString());
            case ROOT -> List.of("-CA", caPem.toString(), "-CAkey", caKey.toString());
            case INTERMEDIATE -> List.of("-CA", interPem.toString(), "-CAkey", interKey.toString());
        };
        sign(csr, signer, pem, days, Optional.of(ext), digest);
        return new Leaf(pem, key);
    }

    /**
     * A stand-alone self-signed certificate ({@code openssl req -x509}) for {@code subject} ("/CN=localhost",
     * "/O=tlsalert tests/CN=Test CA"), written to {@code pem} and {@code key}, with these extensions
     * ("subjectAltName=DNS:localhost", "basicConstraints=critical,CA:TRUE") and openssl's defaults otherwise.
     */
    public static Leaf selfSigned(Path pem, Path key, String subject, KeyType keyType, int days, String... extensions) {
        List<String> req = new ArrayList<>(List.of("req", "-x509"));
        req.addAll(keyType.args());
        req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", pem.toString(), "-days", String.valueOf(days)));
        req.addAll(List.of("-subj", subject));
        for (String ext : extensions) {
            req.addAll(List.of("-addext", ext));
        }
        openssl(pem.toAbsolutePath().getParent(), req);
        return new Leaf(pem, key);
    }

    /**
     * A certificate for {@code /CN=cn} signed by {@code issuer} (any certificate with its key: a self-signed one acts
     * as a CA here), without extensions, written to {@code pem} and {@code key}.
     */
    public static Leaf signedBy(Leaf issuer, Path pem, Path key, String cn, KeyType keyType, int days) {
        return signedBy(issuer, pem, key, cn, keyType, days, Optional.empty());
    }

    /** {@link #signedBy(Leaf, Path, Path, String, KeyType, int)} with the extensions in the file {@code ext}. */
    public static Leaf signedBy(
            Leaf issuer, Path pem, Path key, String cn, KeyType keyType, int days, Optional<Path> ext) {
        Path csr = request(pem.resolveSibling(pem.getFileName() + ".csr"), key, "/CN=" + cn, keyType);
        sign(
                csr,
                List.of("-CA", issuer.cert().toString(), "-CAkey", issuer.key().toString()),
                pem,
                days,
                ext);
        return new Leaf(pem, key);
    }

    /** {@code leaf} and its key as a PKCS#12 file for the JDK ({@code openssl pkcs12 -export}), under {@code name}. */
    public static Path pkcs12(Leaf leaf, Path p12, String name, String password) {
        openssl(
                p12.toAbsolutePath().getParent(),
                List.of(
                        "pkcs12",
                        "-export",
                        "-in",
                        leaf.cert().toString(),
                        "-inkey",
                        leaf.key().toString(),
                        "-out",
                        p12.toString(),
                        "-passout",
                        "pass:" + password,
                        "-name",
                        name));
        return p12;
    }

    /** {@code openssl req}: a new key and a certificate signing request for {@code subject}; returns the request. */
    private static Path request(Path csr, Path key, String subject, KeyType keyType) {
        List<String> req = new ArrayList<>(List.of("req"));
        req.addAll(keyType.args());
        req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", subject));
        openssl(csr.toAbsolutePath().getParent(), req);
        return csr;
    }

    /**
     * {@code openssl x509 -req}: signs the request with {@code signer} ({@code -CA ca -CAkey key}, or {@code -signkey
     * key} for a self-signed certificate), with the extensions of {@code ext} if given.
     */
    private static void sign(Path csr, List<String> signer, Path pem, int days, Optional<Path> ext) {
        sign(csr, signer, pem, days, ext, "sha256");
    }

    private static void sign(Path csr, List<String> signer, Path pem, int days, Optional<Path> ext, String digest) {
        List<String> x509 = new ArrayList<>(List.of("x509", "-req", "-" + digest, "-in", csr.toString()));
        x509.addAll(signer);
        if (signer.contains("-CA")) {
            x509.add("-CAcreateserial");
        }
        x509.addAll(List.of("-out", pem.toString(), "-days", String.valueOf(days)));
        ext.ifPresent(e -> x509.addAll(List.of("-extfile", e.toString())));
        openssl(csr.toAbsolutePath().getParent(), x509);
    }

    /** Runs {@code openssl args} in {@code dir}; fails with its output unless it exits 0. */
    public static String openssl(Path dir, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(args);
        return Commands.run(dir, cmd.toArray(String[]::new));
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file, e);
        }
    }
}
