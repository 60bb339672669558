package io.tlsalert.cli;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.probe.ClientCredentials;
import io.tlsalert.probe.Diagnosis;
import io.tlsalert.probe.Offer;
import io.tlsalert.probe.Prober;
import io.tlsalert.probe.Target;
import io.tlsalert.probe.TrustStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Handshakes with a live TLS server, captures the alert (TLS 1.3 encrypted ones too, decrypted), then runs",
            "follow-up handshakes, one factor at a time and politely paced, until the cause is pinned down for this server.",
            "Connects only where you point it.",
            "",
            "Examples:",
            "  tlsalert probe mail.example.com:993",
            "  tlsalert probe 10.1.2.3:8443 --sni api.internal --tls 1.2 --client-cert me.pem --client-key me.key",
            "  tlsalert probe --targets endpoints.txt --json > report.jsonl"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every target handshakes (cause ok)",
            "1:a target failed (the cause says why)",
            "2:bad usage or unreadable files",
            "3:internal error"
        })
final class ProbeCommand implements Callable<Integer> {
    private boolean jvm;

    @Parameters(
            paramLabel = "HOST[:PORT]",
            arity = "0..1",
            description = "The server (default port 443; IPv6 as [::1]:8443).")
    String target;

    @Option(
            names = "--targets",
            paramLabel = "FILE",
            description = "Probe every 'host[:port] [sni]' line of FILE ('#' comments).")
    Path targets;

    @Option(
            names = "--sni",
            paramLabel = "NAME",
            description = "Server name to send (default: the host, unless it is an IP address).")
    String sni;

    @Option(names = "--no-sni", description = "Send no server_name.")
    boolean noSni;

    @Option(
            names = "--alpn",
            paramLabel = "LIST",
            split = ",",
            description = "ALPN protocols to offer, e.g. h2,http/1.1 (default: none).")
    List<String> alpn;

    @Option(
            names = "--tls",
            paramLabel = "VERSIONS",
            description = "Versions to offer: 1.3, 1.2, 1.0..1.3, 1.2,1.3 (default 1.2 and 1.3).")
    String tls;

    @Option(
            names = "--ciphers",
            paramLabel = "LIST",
            split = ",",
            description = "Cipher suites: IANA names or 0x hex values.")
    List<String> ciphers;

    @Option(
            names = "--groups",
            paramLabel = "LIST",
            split = ",",
            description = "Groups: IANA names (x25519, secp256r1...) or numbers.")
    List<String> groups;

    @Option(
            names = "--sigalgs",
            paramLabel = "LIST",
            split = ",",
            description = "Signature schemes: IANA names (rsa_pss_rsae_sha256...) or 0x hex.")
    List<String> sigalgs;

    @Option(
            names = "--client-cert",
            paramLabel = "FILE",
            description =
                    "Client certificate: a PEM chain (with --client-key), or a PKCS12 file (.p12/.pfx, with --client-pass).")
    Path clientCert;

    @Option(
            names = "--client-pass",
            paramLabel = "PASSWORD",
            description = "Password of a PKCS12 client certificate (default: empty).",
            defaultValue = "")
    String clientPass;

    @Option(
            names = "--client-key",
            paramLabel = "PEM",
            description = "Client private key (PEM, unencrypted PKCS#8 or traditional).")
    Path clientKey;

    @Option(
            names = "--trust",
            paramLabel = "FILE",
            description = "Trust store for the server's chain: PEM, JKS or PKCS12 (default: the JDK's).")
    Path trust;

    @Option(
            names = "--trust-password",
            paramLabel = "PASSWORD",
            description = "Password of a JKS/PKCS12 trust store.",
            defaultValue = "changeit")
    String trustPassword;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Connect and read timeout per handshake (default: ${DEFAULT-VALUE}).",
            defaultValue = "5")
    double timeout;

    @Option(
            names = "--rate",
            paramLabel = "MILLIS",
            description = "Pause between follow-up handshakes to one host (default: ${DEFAULT-VALUE} ms).",
            defaultValue = "100")
    long rate;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            description =
                    "Fleet mode: hosts probed at once (one handshake at a time per host; default: ${DEFAULT-VALUE}).",
            defaultValue = "32")
    int concurrency;

    @Option(
            names = "--no-jvm",
            negatable = false,
            description = "Skip the extra handshake with this JDK's default SSLContext (the JVM's view).")
    boolean noJvm;

    @Mixin
    Options options = new Options();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((target == null) == (targets == null)) {
            throw new Main.UsageError("give one HOST[:PORT], or --targets FILE");
        }
        if (noSni && sni != null) {
            throw new Main.UsageError("--sni and --no-sni exclude each other");
        }
        if (timeout <= 0 || timeout > 300) {
            throw new Main.UsageError("--timeout must be between 0 and 300 seconds");
        }
        options.language();
        jvm = !noJvm;
        Prober prober = new Prober(Duration.ofMillis((long) (timeout * 1000)), Duration.ofMillis(Math.max(0, rate)));
        if (trust != null) {
            try {
                prober = prober.withTrustStore(TrustStore.load(trust, trustPassword.toCharArray()));
            } catch (IOException e) {
                throw new Main.UsageError(trust + ": " + e.getMessage());
            }
        }
        Optional<ClientCredentials> creds = Optional.empty();
        String certName =
                clientCert == null ? "" : clientCert.getFileName().toString().toLowerCase(Locale.ROOT);
        if (clientCert != null && clientKey == null && (certName.endsWith(".p12") || certName.endsWith(".pfx"))) {
            creds = Optional.of(pkcs12(clientCert, clientPass.toCharArray()));
        } else if (clientCert != null || clientKey != null) {
            if (clientCert == null || clientKey == null) {
                throw new Main.UsageError(
                        "--client-cert PEM and --client-key PEM go together (or give a .p12/.pfx file)");
            }
            try {
                creds = Optional.of(ClientCredentials.fromPem(clientCert, clientKey));
            } catch (IOException e) {
                throw new Main.UsageError("client certificate: " + e.getMessage());
            }
        }
        if (target != null) {
            Target t = parseTarget(target, sni);
            Diagnosis d = prober.diagnose(t, offer(t, creds));
            io.tlsalert.probe.JvmView view =
                    jvm ? io.tlsalert.probe.JvmView.of(t, Duration.ofMillis((long) (timeout * 1000))) : null;
            if (options.json) {
                Map<String, Object> m = d.toMap();
                m.put("jvm", view == null ? null : view.toMap());
                out.println(Json.write(m));
            } else {
                out.print(d.summary());
                if (view != null) {
                    out.println("  jvm: " + view.describe());
                }
            }
            out.flush();
            return "ok".equals(d.cause().id()) ? Main.FOUND : Main.NOT_FOUND;
        }
        return fleet(prober, creds, out, err);
    }

    /** The first key entry of a PKCS12 file: its private key and certificate chain. */
    static ClientCredentials pkcs12(Path file, char[] password) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : java.util.Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    java.security.Key key = ks.getKey(alias, password);
                    List<java.security.cert.X509Certificate> chain = new ArrayList<>();
                    for (java.security.cert.Certificate c : ks.getCertificateChain(alias)) {
                        chain.add((java.security.cert.X509Certificate) c);
                    }
                    return new ClientCredentials(chain, (java.security.PrivateKey) key);
                }
            }
            throw new Main.UsageError(file + ": no private key entry in this PKCS12 file");
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new Main.UsageError(file + ": cannot read the PKCS12 file: " + e.getMessage());
        }
    }

    private Target parseTarget(String spec, String sniName) {
        Target t;
        try {
            t = Target.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError("'" + spec + "': " + e.getMessage());
        }
        if (noSni) {
            return t.withSni(Optional.empty());
        }
        return sniName != null ? t.withSni(Optional.of(sniName)) : t;
    }

    private Offer offer(Target t, Optional<ClientCredentials> creds) {
        Offer o = Offer.broad(t);
        if (tls != null) {
            o = o.withVersions(versions(tls));
        }
        if (ciphers != null) {
            o = o.withCipherSuites(
                    codes(ciphers, "cipher suite", v -> TlsParameters.get().cipherSuiteName(v)));
        }
        if (groups != null) {
            o = o.withGroups(codes(groups, "group", v -> TlsParameters.get().groupName(v)));
        }
        if (sigalgs != null) {
            o = o.withSignatureSchemes(
                    codes(sigalgs, "signature scheme", v -> TlsParameters.get().signatureSchemeName(v)));
        }
        if (alpn != null) {
            o = o.withAlpn(alpn);
        }
        if (noSni) {
            o = o.withSni(Optional.empty());
        } else if (sni != null) {
            o = o.withSni(sni);
        }
        return o.withClientCert(creds);
    }

    /** "1.3", "1.2,1.3", "1.0..1.3" to protocol versions (see {@link Offer#parseVersions}). */
    static List<Integer> versions(String spec) {
        try {
            return Offer.parseVersions(spec);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError("--tls: " + e.getMessage());
        }
    }

    private interface Namer {
        Optional<String> name(int value);
    }

    /** IANA names (any case) or numbers (decimal or 0x hex) to code points. */
    static List<Integer> codes(List<String> items, String what, Namer namer) {
        Map<String, Integer> byName = null;
        List<Integer> out = new ArrayList<>();
        for (String item : items) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                out.add(
                        s.startsWith("0x") || s.startsWith("0X")
                                ? Integer.parseInt(s.substring(2), 16)
                                : Integer.parseInt(s));
                continue;
            } catch (NumberFormatException e) {
                // a name
            }
            if (byName == null) {
                byName = new LinkedHashMap<>();
                for (int v = 0; v <= 0xFFFF; v++) {
                    Optional<String> n = namer.name(v);
                    if (n.isPresent()) {
                        byName.put(n.get().toLowerCase(Locale.ROOT), v);
                    }
                }
            }
            Integer v = byName.get(s.toLowerCase(Locale.ROOT));
            if (v == null) {
                throw new Main.UsageError("unknown " + what + " '" + s + "' (use its IANA name or 0x value)");
            }
            out.add(v);
        }
        return out;
    }

    /** Fleet mode: bounded concurrency across hosts, one handshake at a time per host, JSON lines or a summary. */
    private int fleet(Prober prober, Optional<ClientCredentials> creds, PrintWriter out, PrintWriter err)
            throws Exception {
        List<Target> list = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(targets, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Main.UsageError(targets + ": cannot read: " + e.getMessage());
        }
        int n = 0;
        for (String line : lines) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length > 2) {
                throw new Main.UsageError(targets + ":" + n + ": expected 'host[:port] [sni]'");
            }
            list.add(parseTarget(parts[0], parts.length == 2 ? parts[1] : sni));
        }
        if (list.isEmpty()) {
            throw new Main.UsageError(targets + ": no targets");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, list.size())));
        Map<String, Semaphore> perHost = new ConcurrentHashMap<>();
        AtomicInteger done = new AtomicInteger();
        boolean progress = Options.color();
        List<Future<Diagnosis>> futures = new ArrayList<>();
        for (Target t : list) {
            futures.add(pool.submit(() -> {
                // One handshake at a time per server (host and port): follow-ups never pile onto one service.
                Semaphore s = perHost.computeIfAbsent(t.host() + ":" + t.port(), h -> new Semaphore(1));
                s.acquire();
                try {
                    Diagnosis d = prober.diagnose(t, offer(t, creds));
                    synchronized (out) {
                        if (options.json) {
                            out.println(Json.writeCompact(d.toMap()));
                            out.flush();
                        }
                    }
                    return d;
                } finally {
                    s.release();
                    int k = done.incrementAndGet();
                    if (progress) {
                        synchronized (err) {
                            err.print("\rprobed " + k + "/" + list.size());
                            err.flush();
                        }
                    }
                }
            }));
        }
        Map<String, Integer> causes = new TreeMap<>();
        Map<String, Integer> alerts = new TreeMap<>();
        boolean allOk = true;
        for (Future<Diagnosis> f : futures) {
            Diagnosis d = f.get();
            causes.merge(d.cause().id(), 1, Integer::sum);
            d.alert().ifPresent(a -> alerts.merge(a.name() + " (" + a.code() + ")", 1, Integer::sum));
            allOk &= "ok".equals(d.cause().id());
            if (!options.json) {
                out.print(d.summary());
            }
        }
        pool.shutdown();
        if (progress) {
            err.print("\r" + " ".repeat(30) + "\r");
            err.flush();
        }
        PrintWriter summary = options.json ? err : out;
        summary.println();
        summary.println("causes:");
        causes.forEach((k, v) -> summary.printf("  %5d  %s%n", v, k));
        if (!alerts.isEmpty()) {
            summary.println("alerts:");
            alerts.forEach((k, v) -> summary.printf("  %5d  %s%n", v, k));
        }
        summary.flush();
        out.flush();
        return allOk ? Main.FOUND : Main.NOT_FOUND;
    }
}
