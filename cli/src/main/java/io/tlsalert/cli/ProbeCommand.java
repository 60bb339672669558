package io.tlsalert.cli;

import io.tlsalert.probe.ClientCredentials;
import io.tlsalert.probe.Diagnosis;
import io.tlsalert.probe.Fleet;
import io.tlsalert.probe.JvmView;
import io.tlsalert.probe.Offer;
import io.tlsalert.probe.OfferParser;
import io.tlsalert.probe.ProbeJson;
import io.tlsalert.probe.Prober;
import io.tlsalert.probe.Target;
import io.tlsalert.probe.TargetException;
import io.tlsalert.probe.TargetReport;
import io.tlsalert.probe.TrustStore;
import io.tlsalert.registry.Lang;
import io.tlsalert.report.TerminalText;
import io.tlsalert.wire.ProtocolVersion;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "probe", mixinStandardHelpOptions = true)
final class ProbeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "HOST[:PORT]", arity = "0..1", descriptionKey = "host-port")
    String target;

    @Option(names = "--targets", paramLabel = "FILE")
    Path targets;

    @Option(names = "--sni", paramLabel = "NAME")
    String sni;

    @Option(names = "--no-sni")
    boolean noSni;

    @Option(names = "--alpn", paramLabel = "LIST", split = ",")
    List<String> alpn;

    @Option(names = "--tls", paramLabel = "VERSIONS")
    String tls;

    @Option(names = "--ciphers", paramLabel = "LIST", split = ",")
    List<String> ciphers;

    @Option(names = "--groups", paramLabel = "LIST", split = ",")
    List<String> groups;

    @Option(names = "--sigalgs", paramLabel = "LIST", split = ",")
    List<String> sigalgs;

    @Option(names = "--client-cert", paramLabel = "FILE")
    Path clientCert;

    @Option(names = "--client-pass", paramLabel = "PASSWORD", defaultValue = "")
    String clientPass;

    @Option(names = "--client-key", paramLabel = "PEM")
    Path clientKey;

    @Option(names = "--trust", paramLabel = "FILE")
    Path trust;

    @Option(names = "--trust-password", paramLabel = "PASSWORD", defaultValue = "changeit")
    String trustPassword;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5")
    double timeout;

    @Option(names = "--rate", paramLabel = "MILLIS", defaultValue = "100")
    long rate;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "32")
    int concurrency;

    @Option(names = "--no-jvm", negatable = false)
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
        Lang lang = options.language();
        Duration perHandshake = Duration.ofMillis((long) (timeout * 1000));
        Prober prober = new Prober(perHandshake, Duration.ofMillis(Math.max(0, rate)));
        Optional<TrustStore> trustStore = Optional.empty();
        if (trust != null) {
            try {
                trustStore = Optional.of(TrustStore.load(trust, trustPassword.toCharArray()));
                prober = prober.withTrustStore(trustStore.get());
            } catch (java.nio.file.NoSuchFileException e) {
                throw Main.UsageError.of("trust-missing", trust);
            } catch (IOException e) {
                // The store's own message names the file already (TrustStore, ClientCredentials): not twice.
                String m = String.valueOf(e.getMessage());
                throw Main.UsageError.of(
                        "trust-unreadable",
                        trust,
                        m.startsWith(trust + ": ")
                                ? m.substring(trust.toString().length() + 2)
                                : m);
            }
        }
        Optional<ClientCredentials> creds = credentials();
        OfferOptions offer = new OfferOptions(creds);
        if (target != null) {
            Target t = parseTarget(target, sni);
            Prober p = prober;
            TargetReport r;
            try (ProbeProgress shown = ProbeProgress.start(err, options.language(), t.toString(), p.deadline())) {
                r = TargetReport.of(t, () -> p.diagnose(t, offer.apply(t)));
            }
            if (r instanceof TargetReport.Failed f) {
                return failed(f, out, err, lang);
            }
            Diagnosis d = ((TargetReport.Diagnosed) r).diagnosis();
            // The JVM's view with the user's --trust and client certificate, unless the server gave nothing to look at.
            boolean jvm = !noJvm && JvmView.worthTrying(d);
            Optional<JvmView> view =
                    jvm ? Optional.of(JvmView.of(t, perHandshake, trustStore, creds)) : Optional.empty();
            if (options.json) {
                out.println(Json.write(ProbeJson.report(d, view, lang)));
            } else {
                out.print(d.summary(lang));
                if (view.isPresent()) {
                    out.println("  jvm: " + view.get().describe(lang));
                } else if (!noJvm) {
                    out.println("  jvm: " + JvmView.skipped(lang, d));
                }
            }
            out.flush();
            return "ok".equals(d.cause().id()) ? Main.FOUND : Main.NOT_FOUND;
        }
        return fleet(prober, offer, out, err, lang);
    }

    /** A single target whose probe failed inside tlsalert: its report, one line on stderr, exit 3. */
    private int failed(TargetReport.Failed f, PrintWriter out, PrintWriter err, Lang lang) {
        if (options.json) {
            Map<String, Object> m = ProbeJson.targetReport(f, lang);
            m.put("jvm", null);
            out.println(Json.write(m));
        } else {
            out.print(f.summary(lang));
        }
        out.flush();
        err.println("tlsalert: internal error: " + TerminalText.escape(f.error()));
        err.flush();
        return Main.INTERNAL;
    }

    /** --client-cert with --client-key (PEM), or a PKCS12 file alone (with --client-pass). */
    private Optional<ClientCredentials> credentials() {
        if (clientCert == null && clientKey == null) {
            return Optional.empty();
        }
        if (clientCert != null && clientKey == null && ClientCredentials.isPkcs12(clientCert)) {
            try {
                return Optional.of(ClientCredentials.fromPkcs12(clientCert, clientPass.toCharArray()));
            } catch (IOException e) {
                throw new Main.UsageError(e.getMessage());
            }
        }
        if (clientCert == null || clientKey == null) {
            throw new Main.UsageError("--client-cert PEM and --client-key PEM go together (or give a .p12/.pfx file)");
        }
        try {
            return Optional.of(ClientCredentials.fromPem(clientCert, clientKey));
        } catch (IOException e) {
            throw new Main.UsageError("client certificate: " + e.getMessage());
        }
    }

    private Target parseTarget(String spec, String sniName) {
        Target t;
        try {
            t = Target.parse(spec);
        } catch (TargetException e) {
            throw new Main.UsageError(TerminalText.escape(e.message(options.language())));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(TerminalText.escape("'" + spec + "': " + e.getMessage()));
        }
        if (noSni) {
            return t.withSni(Optional.empty());
        }
        return sniName != null ? t.withSni(Optional.of(sniName)) : t;
    }

    /** What the options change in the broad offer, parsed once (a bad name is a usage error before any handshake). */
    private final class OfferOptions {
        private final Optional<List<ProtocolVersion>> versions;
        private final Optional<List<Integer>> suites;
        private final Optional<List<Integer>> groupCodes;
        private final Optional<List<Integer>> schemes;
        private final Optional<ClientCredentials> creds;

        OfferOptions(Optional<ClientCredentials> creds) {
            this.creds = creds;
            this.versions = parsed("--tls: ", () -> Optional.ofNullable(tls).map(OfferParser::versions));
            this.suites = parsed("", () -> Optional.ofNullable(ciphers).map(OfferParser::cipherSuites));
            this.groupCodes = parsed("", () -> Optional.ofNullable(groups).map(OfferParser::groups));
            this.schemes = parsed("", () -> Optional.ofNullable(sigalgs).map(OfferParser::signatureSchemes));
        }

        Offer apply(Target t) {
            Offer o = Offer.broad(t);
            if (versions.isPresent()) {
                o = o.withVersions(versions.get());
            }
            if (suites.isPresent()) {
                o = o.withCipherSuites(suites.get());
            }
            if (groupCodes.isPresent()) {
                o = o.withGroups(groupCodes.get());
            }
            if (schemes.isPresent()) {
                o = o.withSignatureSchemes(schemes.get());
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
    }

    /** Runs the parse, turning a spelling that names nothing into a usage error (its message after prefix). */
    private static <T> Optional<List<T>> parsed(String prefix, Supplier<Optional<List<T>>> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(prefix + e.getMessage());
        }
    }

    /**
     * Fleet mode: the targets file, probed by a {@link Fleet}; JSON lines as targets finish, then a summary. A target
     * whose probe fails inside tlsalert gets its own line (cause internal-error) and the others go on; the exit code is
     * then 3.
     */
    private int fleet(Prober prober, OfferOptions offer, PrintWriter out, PrintWriter err, Lang lang)
            throws InterruptedException {
        List<Target> list = readTargets();
        // The "probed 3 of 40 targets" line: on a terminal only (ProgressLine: no escapes under NO_COLOR).
        ProgressLine progress = SummaryProgress.stderrIsTerminal() ? new ProgressLine(err) : null;
        List<TargetReport> results = new Fleet(Math.max(1, concurrency))
                .runAll(
                        list,
                        t -> TargetReport.of(t, () -> prober.diagnose(t, offer.apply(t))),
                        (t, d, done, total) -> {
                            if (options.json) {
                                out.println(Json.writeCompact(ProbeJson.targetReport(d, lang)));
                                out.flush();
                            }
                            if (progress != null) {
                                ProbeProgress.fleet(progress, lang, done, total);
                            }
                        });
        Map<String, Integer> causes = new TreeMap<>();
        Map<String, Integer> alerts = new TreeMap<>();
        boolean allOk = true;
        boolean anyFailed = false;
        for (TargetReport d : results) {
            causes.merge(d.cause().id(), 1, Integer::sum);
            d.alert().ifPresent(a -> alerts.merge(a.name() + " (" + a.code() + ")", 1, Integer::sum));
            allOk &= "ok".equals(d.cause().id());
            anyFailed |= d.failed();
            if (!options.json) {
                out.print(d.summary(lang));
            }
        }
        if (progress != null) {
            progress.done();
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
        if (anyFailed) {
            err.println("tlsalert: internal error: the probe of " + causes.get("internal-error")
                    + " target(s) failed inside tlsalert (cause internal-error); the others were probed");
            err.flush();
            return Main.INTERNAL;
        }
        return allOk ? Main.FOUND : Main.NOT_FOUND;
    }

    /** The --targets file: one 'host[:port] [sni]' a line, '#' comments. */
    private List<Target> readTargets() {
        List<String> lines;
        try {
            lines = Files.readAllLines(targets, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Main.UsageError(targets + ": cannot read: " + e.getMessage());
        }
        List<Target> list = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            if (parts.length > 2) {
                throw new Main.UsageError(TerminalText.escape(targets + ":" + n + ": expected 'host[:port] [sni]'"));
            }
            list.add(parseTarget(parts[0], parts.length == 2 ? parts[1] : sni));
        }
        if (list.isEmpty()) {
            throw new Main.UsageError(targets + ": no targets");
        }
        return list;
    }
}
