package io.tlsalert.cli;

import io.tlsalert.server.AlertServer;
import io.tlsalert.server.ProbePolicy;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = {"-p", "--port"},
            paramLabel = "PORT",
            defaultValue = "8080")
    int port;

    @Option(names = "--access-log", paramLabel = "FILE")
    String accessLog;

    @Option(names = "--allow-probe")
    boolean allowProbe;

    @Option(names = "--probe-allow", paramLabel = "PATTERN", split = ",")
    List<String> probeAllow;

    @Option(names = "--allowed-host", paramLabel = "NAME", split = ",")
    List<String> allowedHosts = List.of();

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN", split = ",")
    List<String> allowedOrigins = List.of();

    /** The language of this command's own lines (the serving and stopped lines, errors); the page has its own. */
    @Option(names = "--lang", paramLabel = "LANG")
    String lang;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw Main.UsageError.of("port-range", port);
        }
        Writer log = null;
        if (accessLog != null) {
            log = accessLog.equals("-")
                    ? new OutputStreamWriter(System.err, StandardCharsets.UTF_8)
                    : Files.newBufferedWriter(
                            Path.of(accessLog),
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        }
        ProbePolicy policy = null;
        if (allowProbe) {
            if (probeAllow == null || probeAllow.isEmpty()) {
                throw Main.UsageError.of("allow-probe-needs-pattern");
            }
            try {
                policy = new ProbePolicy(probeAllow);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageError(e.getMessage());
            }
        } else if (probeAllow != null) {
            throw Main.UsageError.of("needs", "--probe-allow", "--allow-probe");
        }
        AlertServer.Config config;
        try {
            config = AlertServer.Config.defaults()
                    .withHost(host)
                    .withPort(port)
                    .withAccessLog(log)
                    .withProbePolicy(policy)
                    .withAllowedHosts(allowedHosts)
                    .withAllowedOrigins(allowedOrigins);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageError(e.getMessage());
        }
        AlertServer server;
        try {
            server = AlertServer.start(config);
        } catch (IOException e) {
            throw Main.UsageError.of("cannot-listen", host + ":" + port, e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("tlsalert: "
                + Main.text(
                        "cli.serve.serving",
                        "http://" + hostForUrl(server.address().getHostString()) + ":"
                                + server.address().getPort() + "/"));
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            AlertServer.Stopped st = server.stop(java.time.Duration.ofSeconds(2));
                            err.println("tlsalert: "
                                    + Main.text(
                                            st.cut() == 0 ? "cli.serve.stopped" : "cli.serve.stopped-cut",
                                            st.finished(),
                                            st.cut(),
                                            st.took().toMillis()));
                            err.flush();
                            stopped.countDown();
                        },
                        "shutdown"));
        stopped.await();
        return Main.FOUND;
    }

    private static String hostForUrl(String h) {
        return h.contains(":") ? "[" + h + "]" : h;
    }
}
