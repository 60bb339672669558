package io.tlsalert.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test certificates made with openssl in a temporary directory: a root, an intermediate, and leaves. */
final class TestPki {
    final Path dir;
    final Path caPem, caKey, interPem, interKey;

    TestPki(Path dir) throws Exception {
        this.dir = dir;
        caKey = dir.resolve("ca.key");
        caPem = dir.resolve("ca.pem");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
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
                "keyUsage=critical,keyCertSign,cRLSign");
        interKey = dir.resolve("inter.key");
        interPem = dir.resolve("inter.pem");
        Path csr = dir.resolve("inter.csr");
        openssl(
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                interKey.toString(),
                "-out",
                csr.toString(),
                "-subj",
                "/O=tlsalert tests/CN=Test Intermediate CA");
        Path ext = dir.resolve("inter.ext");
        Files.writeString(ext, "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        openssl(
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
                ext.toString());
    }

    /** A leaf: key type "rsa" or "ec"; issuer "ca", "inter" or "self"; days may be -1 (already expired). */
    Path[] leaf(String name, String keyType, String issuer, int days, String... sans) throws Exception {
        Path key = dir.resolve(name + ".key"), pem = dir.resolve(name + ".pem"), csr = dir.resolve(name + ".csr");
        List<String> keyArgs = keyType.equals("rsa")
                ? List.of("-newkey", "rsa:2048")
                : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(
                ext,
                "basicConstraints=CA:FALSE\nsubjectAltName=" + String.join(",", sans)
                        + "\nextendedKeyUsage=serverAuth,clientAuth\n");
        List<String> args = new ArrayList<>(List.of("req"));
        args.addAll(keyArgs);
        args.addAll(List.of("-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + name));
        openssl(args.toArray(String[]::new));
        Path caP = issuer.equals("inter") ? interPem : caPem, caK = issuer.equals("inter") ? interKey : caKey;
        if (issuer.equals("self")) {
            openssl(
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-signkey",
                    key.toString(),
                    "-out",
                    pem.toString(),
                    "-days",
                    String.valueOf(days),
                    "-extfile",
                    ext.toString());
        } else {
            openssl(
                    "x509",
                    "-req",
                    "-in",
                    csr.toString(),
                    "-CA",
                    caP.toString(),
                    "-CAkey",
                    caK.toString(),
                    "-CAcreateserial",
                    "-out",
                    pem.toString(),
                    "-days",
                    String.valueOf(days),
                    "-extfile",
                    ext.toString());
        }
        return new Path[] {pem, key};
    }

    void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) throw new IOException("openssl timed out: " + cmd);
            if (p.exitValue() != 0) throw new IOException("openssl failed: " + cmd + "\n" + Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
    }
}
