package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Go's {@code crypto/tls} as a TLS server: {@code tls_server.go} of this package, built once per JVM with Debian's
 * {@code go} (standard library only, offline: GOPROXY=off, GOCACHE and GOPATH in a temporary directory), then run
 * per configuration. Versions become {@code MinVersion}/{@code MaxVersion}, ciphers {@code CipherSuites} by Go's
 * names (TLS 1.2 and older: Go does not let TLS 1.3 suites be chosen), the client CA
 * {@code RequireAndVerifyClientCert}, the only name a {@code GetCertificate} with no fallback certificate.
 */
public final class GoTlsServer {
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(120);
    private static Path binary;

    private GoTlsServer() {}

    public static TlsService start(Path parent, TlsServerSpec spec) throws IOException, InterruptedException {
        Path bin = binary();
        Path home = TlsService.home(parent, "go");
        List<Path> pem = TlsService.pemFiles(spec, home);
        List<String> cmd = new ArrayList<>(List.of(
                bin.toString(),
                "-cert",
                pem.get(0).toString(),
                "-key",
                pem.get(1).toString(),
                "-min",
                spec.minVersion(),
                "-max",
                spec.maxVersion()));
        spec.ciphers().ifPresent(c -> cmd.addAll(List.of("-ciphers", c)));
        spec.clientCa().ifPresent(c -> cmd.addAll(List.of("-client-ca", c.toString())));
        spec.onlyName().ifPresent(n -> cmd.addAll(List.of("-only-name", n)));
        if (spec.clientCertAtHttp()) {
            cmd.add("-client-cert-at-http");
        }
        return TlsService.announcing("go", home, cmd, Map.of());
    }

    /** The server built once per JVM: {@code go build} in a temporary directory of its own. */
    static synchronized Path binary() throws IOException {
        if (binary == null) {
            Path dir = Files.createTempDirectory("tlsalert-go-server");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete-go-build"));
            Path src = TlsService.resource("tls_server.go", dir);
            Path out = dir.resolve("tls_server");
            Commands.runWithEnv(
                    dir,
                    BUILD_TIMEOUT,
                    Map.of(
                            "GOCACHE",
                            dir.resolve("gocache").toString(),
                            "GOPATH",
                            dir.resolve("gopath").toString(),
                            "GOPROXY",
                            "off",
                            "GO111MODULE",
                            "off"),
                    "go",
                    "build",
                    "-o",
                    out.toString(),
                    src.toString());
            binary = out;
        }
        return binary;
    }

    /** Removes the build directory (binary and cache, a few MB) when the test JVM exits. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temporary directory
        }
    }
}
