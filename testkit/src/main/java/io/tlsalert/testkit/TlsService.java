package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One real TLS server of the tests, whatever its stack: a child process listening on 127.0.0.1, waited for (until
 * its port accepts, within {@link #START_TIMEOUT}), stopped by pid on {@link #close}, its output and log files kept
 * for failure messages ({@link #toString}).
 */
public final class TlsService implements AutoCloseable {
    /** Long enough for a JVM or a Go binary to start on a loaded 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    /** The line the test's own server programs print once they listen: {@code LISTENING <port>}. */
    private static final Pattern LISTENING = Pattern.compile("^LISTENING (\\d+)$");

    private final String stack;
    private final int port;
    private final Path home;
    private final PeerProcess process;
    private final List<Path> logs;

    private TlsService(String stack, int port, Path home, PeerProcess process, List<Path> logs) {
        this.stack = stack;
        this.port = port;
        this.home = home;
        this.process = process;
        this.logs = List.copyOf(logs);
    }

    /**
     * Starts a program that binds 127.0.0.1:0 itself and prints {@code LISTENING <port>} (no race for a free port),
     * in {@code home}, with these extra environment variables.
     */
    public static TlsService announcing(String stack, Path home, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        PeerProcess p = PeerProcess.start(
                PeerProcess.Options.in(home, home.resolve("output.log"))
                        .withEnv(env)
                        .without("SSLKEYLOGFILE")
                        .stdinAtEof(),
                command);
        Optional<Matcher> m = p.awaitLine(LISTENING, START_TIMEOUT);
        if (m.isEmpty()) {
            p.close();
            throw new IOException(stack + " did not start (no LISTENING line within " + START_TIMEOUT + "): " + p);
        }
        int port = Integer.parseInt(m.get().group(1));
        return new TlsService(stack, port, home, p, List.of());
    }

    /**
     * Starts a server whose port is in its command or configuration ({@code command} makes both for a port, e.g. by
     * writing a config file): on a free port, until it accepts; a port another process took first is retried on a new
     * one (five times). {@code logs} are the files it writes besides its output (an error log).
     */
    public static TlsService onFreePort(String stack, Path home, IntFunction<List<String>> command, List<Path> logs)
            throws IOException, InterruptedException {
        String last = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = Ports.free();
            List<String> cmd = command.apply(port);
            PeerProcess p = PeerProcess.start(
                    PeerProcess.Options.in(home, home.resolve("output-" + attempt + ".log"))
                            .without("SSLKEYLOGFILE")
                            .stdinAtEof(),
                    cmd);
            TlsService s = new TlsService(stack, port, home, p, logs);
            if (p.awaitListening(port, START_TIMEOUT)) {
                return s;
            }
            last = s.toString();
            s.close();
        }
        throw new IOException(stack + " did not start:\n" + last);
    }

    public String stack() {
        return stack;
    }

    public int port() {
        return port;
    }

    /** The server's own directory (config, logs, key files). */
    public Path home() {
        return home;
    }

    public long pid() {
        return process.pid();
    }

    /** What the server printed, then its log files. */
    public String log() {
        StringBuilder b = new StringBuilder(process.log());
        for (Path f : logs) {
            try {
                if (Files.exists(f)) {
                    b.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
                }
            } catch (IOException e) {
                b.append("--- ").append(f).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return stack + " on 127.0.0.1:" + port + " (pid " + process.pid() + "): " + String.join(" ", process.command())
                + "\n" + log();
    }

    @Override
    public void close() {
        process.close();
    }

    /** A fresh directory for one server under {@code parent}. */
    static Path home(Path parent, String stack) throws IOException {
        return Files.createTempDirectory(parent, stack);
    }

    /** Copies a resource of this package (a server program) into {@code dir}; returns the copy. */
    static Path resource(String name, Path dir) throws IOException {
        try (var in = TlsService.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("testkit resource " + name + " is missing");
            }
            Path out = dir.resolve(name);
            Files.copy(in, out);
            return out;
        }
    }

    /** The spec's certificates as one PEM file in {@code dir}, and its key beside it; [cert, key]. */
    /**
     * The options our own server programs (tls_server.py, tls_server.js, JdkTlsServerMain) share: certificate and key,
     * versions, ciphers, client CA, the only name; then the HTTP-level client certificate flag, spelled as the
     * program reads it ({@code httpFlag}: its words after {@code --client-cert-at-http}).
     */
    static List<String> serverArgs(TlsServerSpec spec, List<Path> pem, List<String> httpFlag) {
        List<String> a = new java.util.ArrayList<>(List.of(
                "--cert",
                pem.get(0).toString(),
                "--key",
                pem.get(1).toString(),
                "--min",
                spec.minVersion(),
                "--max",
                spec.maxVersion()));
        spec.ciphers().ifPresent(c -> a.addAll(List.of("--ciphers", c)));
        spec.clientCa().ifPresent(c -> a.addAll(List.of("--client-ca", c.toString())));
        spec.onlyName().ifPresent(n -> a.addAll(List.of("--only-name", n)));
        if (spec.clientCertAtHttp()) {
            a.add("--client-cert-at-http");
            a.addAll(httpFlag);
        }
        return a;
    }

    static List<Path> pemFiles(TlsServerSpec spec, Path dir) throws IOException {
        Path cert = Files.writeString(dir.resolve("server-chain.pem"), spec.certificatesPem());
        return new ArrayList<>(List.of(cert, spec.leaf().key()));
    }
}
