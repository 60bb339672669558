package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test certificates made with the real {@code openssl} in a directory: a root CA, an intermediate CA under it, leaves
 * issued by either (or self-signed), and stand-alone self-signed certificates. All PEM, keys unencrypted.
 */
public final class Pki {
    /** The key of a certificate: RSA 2048 or EC P-256. */
    public enum KeyType {
        RSA("-newkey", "rsa:2048"),
        EC("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");

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

    public final Path dir;
    public final Path caPem, caKey, interPem, interKey;

    /** A root CA ("Test Root CA") and an intermediate CA it signed ("Test Intermediate CA"), both EC, 30 days. */
    public Pki(Path dir) {
        this.dir = dir;
        caKey = dir.resolve("ca.key");
        caPem = dir.resolve("ca.pem");
        List<String> root = new ArrayList<>(List.of("req", "-x509"));
        root.addAll(KeyType.EC.args());
        root.addAll(List.of(
                "-nodes",
                "-keyout",
                caKey.toString(),
                "-out",
                caPem.toString(),
                "-days",
                "30",
                "-subj",
                "/O=tlsalert tests/CN=Test Root CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign"));
        openssl(dir, root);
        interKey = dir.resolve("inter.key");
        interPem = dir.resolve("inter.pem");
        Path csr = dir.resolve("inter.csr");
        List<String> inter = new ArrayList<>(List.of("req"));
        inter.addAll(KeyType.EC.args());
        inter.addAll(List.of(
                "-nodes",
                "-keyout",
                interKey.toString(),
                "-out",
                csr.toString(),
                "-subj",
                "/O=tlsalert tests/CN=Test Intermediate CA"));
        openssl(dir, inter);
        Path ext = write(
                dir.resolve("inter.ext"), "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        openssl(
                dir,
                List.of(
                        "x509",
                        "-req",
                        "-in",
                        csr.toString(),
                        "-CA",
                        caPem.toString(),
                        "-CAkey",
                        caKey.toString(),
                        "-CAcreateserial",
                        "-out",
                        interPem.toString(),
                        "-days",
                        "30",
                        "-extfile",
                        ext.toString()));
    }

    /**
     * A leaf {@code /CN=name} for server and client authentication with the given subjectAltNames ("DNS:localhost",
     * "IP:127.0.0.1"); {@code days} may be -1 (already expired).
     */
    public Leaf leaf(String name, KeyType keyType, Issuer issuer, int days, String... sans) {
        Path key = dir.resolve(name + ".key"), pem = dir.resolve(name + ".pem"), csr = dir.resolve(name + ".csr");
        Path ext = write(
                dir.resolve(name + ".ext"),
                "basicConstraints=CA:FALSE\nsubjectAltName=" + String.join(",", sans)
                        + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        List<String> req = new ArrayList<>(List.of("req"));
        req.addAll(keyType.args());
        req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name));
        openssl(dir, req);
        List<String> sign = new ArrayList<>(List.of("x509", "-req", "-in", csr.toString()));
        switch (issuer) {
            case SELF -> sign.addAll(List.of("-signkey", key.toString()));
            case ROOT -> sign.addAll(List.of("-CA", caPem.toString(), "-CAkey", caKey.toString(), "-CAcreateserial"));
            case INTERMEDIATE ->
                sign.addAll(List.of("-CA", interPem.toString(), "-CAkey", interKey.toString(), "-CAcreateserial"));
        }
        sign.addAll(List.of("-out", pem.toString(), "-days", String.valueOf(days), "-extfile", ext.toString()));
        openssl(dir, sign);
        return new Leaf(pem, key);
    }

    /**
     * A stand-alone self-signed certificate ({@code openssl req -x509}) for {@code /CN=cn}, written to {@code pem} and
     * {@code key}; subjectAltNames only when given.
     */
    public static Leaf selfSigned(Path pem, Path key, String cn, KeyType keyType, int days, String... sans) {
        Path dir = pem.toAbsolutePath().getParent();
        List<String> req = new ArrayList<>(List.of("req", "-x509"));
        req.addAll(keyType.args());
        req.addAll(List.of(
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                pem.toString(),
                "-subj",
                "/CN=" + cn,
                "-days",
                String.valueOf(days)));
        if (sans.length > 0) {
            req.addAll(List.of("-addext", "subjectAltName=" + String.join(",", sans)));
        }
        openssl(dir, req);
        return new Leaf(pem, key);
    }

    /**
     * A certificate for {@code /CN=cn} signed by {@code issuer} (any certificate with its key: a self-signed one acts
     * as a CA here), without extensions, written to {@code pem} and {@code key}.
     */
    public static Leaf signedBy(Leaf issuer, Path pem, Path key, String cn, KeyType keyType, int days) {
        Path dir = pem.toAbsolutePath().getParent();
        Path csr = pem.resolveSibling(pem.getFileName() + ".csr");
        List<String> req = new ArrayList<>(List.of("req"));
        req.addAll(keyType.args());
        req.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + cn));
        openssl(dir, req);
        openssl(
                dir,
                List.of(
                        "x509",
                        "-req",
                        "-in",
                        csr.toString(),
                        "-CA",
                        issuer.cert().toString(),
                        "-CAkey",
                        issuer.key().toString(),
                        "-CAcreateserial",
                        "-out",
                        pem.toString(),
                        "-days",
                        String.valueOf(days)));
        return new Leaf(pem, key);
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
