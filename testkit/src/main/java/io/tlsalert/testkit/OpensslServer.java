package io.tlsalert.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code openssl s_server} on a free port of 127.0.0.1, started once it prints {@code ACCEPT} (with {@code -quiet},
 * which silences that line: once the port accepts a connection, which s_server counts as one of its
 * {@code -naccept}), stopped on close. A port another process took between {@link Ports#free} and the bind is retried
 * on a new port (five times).
 */
public final class OpensslServer implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final PeerProcess process;

    private OpensslServer(int port, PeerProcess process) {
        this.port = port;
        this.process = process;
    }

    /**
     * {@code openssl s_server -accept 127.0.0.1:PORT args...} in {@code dir}, its output to {@code log}; its stdin
     * stays open (on EOF s_server would quit).
     */
    public static OpensslServer start(Path dir, Path log, List<String> args) throws IOException, InterruptedException {
        return start(PeerProcess.Options.in(dir, log), args);
    }

    /** {@code openssl s_server -accept 127.0.0.1:PORT args...} started with these options. */
    public static OpensslServer start(PeerProcess.Options options, List<String> args)
            throws IOException, InterruptedException {
        return startOn("127.0.0.1", options, args);
    }

    /**
     * {@code openssl s_server -accept HOST:PORT args...}, HOST a loopback address: {@code 127.0.0.1} or {@code [::1]}
     * (in brackets, as s_server reads an IPv6 address).
     */
    public static OpensslServer startOn(String host, PeerProcess.Options options, List<String> args)
            throws IOException, InterruptedException {
        if (!host.equals("127.0.0.1") && !host.equals("[::1]")) {
            throw new IllegalArgumentException("tests listen on loopback only: " + host);
        }
        String last = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = Ports.free();
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", host + ":" + port));
            cmd.addAll(args);
            PeerProcess p = PeerProcess.start(options, cmd);
            if (started(p, port, args)) {
                return new OpensslServer(port, p);
            }
            last = p.toString();
            p.close();
        }
        throw new AssertionError("s_server did not start:\n" + last);
    }

    /**
     * {@code openssl s_server -accept 127.0.0.1:port args...} on a port the caller chose (a capture filter names it
     * in advance): no retry.
     */
    public static OpensslServer on(int port, Path dir, Path log, List<String> args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port));
        cmd.addAll(args);
        PeerProcess p = PeerProcess.start(PeerProcess.Options.in(dir, log), cmd);
        if (!started(p, port, args)) {
            p.close();
            throw new AssertionError("s_server did not start on " + port + ":\n" + p);
        }
        return new OpensslServer(port, p);
    }

    /** {@code s_server -www} with a certificate and key: answers each HTTP request with a status page. */
    public static OpensslServer www(Path dir, Pki.Leaf leaf, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "-www", "-cert", leaf.cert().toString(), "-key", leaf.key().toString()));
        args.addAll(List.of(extra));
        return start(dir, Files.createTempFile(dir, "s_server", ".log"), args);
    }

    /** {@link #www} listening on {@code [::1]}. */
    public static OpensslServer www6(Path dir, Pki.Leaf leaf, String... extra)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "-www", "-cert", leaf.cert().toString(), "-key", leaf.key().toString()));
        args.addAll(List.of(extra));
        return startOn("[::1]", PeerProcess.Options.in(dir, Files.createTempFile(dir, "s_server", ".log")), args);
    }

    private static boolean started(PeerProcess p, int port, List<String> args) throws InterruptedException {
        return args.contains("-quiet") ? p.awaitListening(port, START_TIMEOUT) : p.awaitOutput("ACCEPT", START_TIMEOUT);
    }

    public int port() {
        return port;
    }

    public PeerProcess process() {
        return process;
    }

    public OutputStream stdin() {
        return process.stdin();
    }

    /** What s_server printed so far. */
    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
