package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JDK (the JVM running the tests) as a TLS server in a process of its own: {@link JdkTlsServerMain} on this JVM's
 * class path. Its own JVM lets an old configuration lift {@code jdk.tls.disabledAlgorithms} (TLS 1.0/1.1, 3DES)
 * through {@code -Djava.security.properties} without touching the test JVM, whose SunJSSE the probe also uses.
 * Versions become {@code setProtocols}, ciphers {@code setCipherSuites} (JDK names, the TLS 1.3 suites kept), the
 * client CA {@code setNeedClientAuth}, the only name an {@code SNIMatcher}.
 */
public final class JdkTlsProcess {
    /**
     * The JDK 17 default of {@code jdk.tls.disabledAlgorithms} without TLSv1, TLSv1.1 and 3DES_EDE_CBC: what an admin
     * writes to serve old clients.
     */
    static final String LEGACY_DISABLED =
            "SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, anon, NULL,"
                    + " include jdk.disabled.namedCurves";

    private JdkTlsProcess() {}

    public static TlsService start(Path parent, TlsServerSpec spec) throws IOException, InterruptedException {
        Path home = TlsService.home(parent, "jdk");
        List<Path> pem = TlsService.pemFiles(spec, home);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A small, quick JVM: a server of a few connections needs neither C2 nor a parallel collector.
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        boolean old = !spec.allows("1.2") && !spec.allows("1.3");
        if (old || spec.ciphers().isPresent()) {
            Path security = Files.writeString(
                    home.resolve("java.security"), "jdk.tls.disabledAlgorithms=" + LEGACY_DISABLED + "\n");
            cmd.add("-Djava.security.properties=" + security);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JdkTlsServerMain.class.getName()));
        cmd.addAll(TlsService.serverArgs(spec, pem, List.of("yes")));
        return TlsService.announcing("jdk", home, cmd, Map.of());
    }
}
