package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One failing connection of the real-stack tests: {@code openssl s_server} with the test's arguments on 127.0.0.1, a
 * client against it (a process run to its exit within a timeout, or the test's own code), and what each side printed
 * once the server has said what failed. The server's log is {@code s_server.log} in the test's directory; the
 * client's is {@code <name>.log} (its stdout and stderr; {@link Client#errorsOnly}: stderr alone, the program's
 * stdout going to {@code <name>.out}).
 */
public final class SServerRun implements AutoCloseable {
    /** How long s_server may take to print what the test waits for, once the client is done. */
    public static final Duration SERVER_TIMEOUT = Duration.ofSeconds(10);

    /** What each side printed, and the client's exit status. */
    public record Sides(String client, String server, int clientExit) {}

    /**
     * A client process to run against the server's port.
     *
     * @param name       its name, for its log file and messages
     * @param command    the command line, given the server's port
     * @param timeout    how long it may run before the test fails
     * @param env        variables added to its environment
     * @param input      a line written to its stdin, which then stays open (tstclnt reads what the server answers
     *                   after its handshake only when it has something to send); empty: stdin at EOF
     * @param stderrAlone its output is its stderr alone (Chromium's log), stdout kept apart
     */
    public record Client(
            String name,
            IntFunction<List<String>> command,
            Duration timeout,
            Map<String, String> env,
            Optional<String> input,
            boolean stderrAlone) {
        public Client {
            env = Map.copyOf(env);
        }

        /** {@code command} with stdin at EOF, its stdout and stderr together. */
        public static Client of(String name, Duration timeout, IntFunction<List<String>> command) {
            return new Client(name, command, timeout, Map.of(), Optional.empty(), false);
        }

        public Client withEnv(Map<String, String> more) {
            Map<String, String> all = new HashMap<>(env);
            all.putAll(more);
            return new Client(name, command, timeout, all, input, stderrAlone);
        }

        public Client withInput(String line) {
            return new Client(name, command, timeout, env, Optional.of(line), stderrAlone);
        }

        /** Its output is its stderr alone, its stdout in {@code <name>.out}. */
        public Client errorsOnly() {
            return new Client(name, command, timeout, env, input, true);
        }
    }

    private final Path dir;
    private final OpensslServer server;

    private SServerRun(Path dir, OpensslServer server) {
        this.dir = dir;
        this.server = server;
    }

    /** {@code openssl s_server -accept 127.0.0.1:PORT args...} in {@code dir}, ready for a connection. */
    public static SServerRun start(Path dir, List<String> args) throws IOException, InterruptedException {
        return new SServerRun(dir, OpensslServer.start(dir, dir.resolve("s_server.log"), args));
    }

    /** Starts s_server with {@code serverArgs}, runs {@code client} against it, waits for {@code serverSays}. */
    public static Sides run(Path dir, List<String> serverArgs, Client client, String serverSays)
            throws IOException, InterruptedException {
        try (SServerRun s = start(dir, serverArgs)) {
            return s.run(client, serverSays);
        }
    }

    /** Runs {@code client} to its exit, then waits until the server printed {@code serverSays}. */
    public Sides run(Client client, String serverSays) throws IOException, InterruptedException {
        PeerProcess.Options o =
                PeerProcess.Options.in(dir, dir.resolve(client.name() + ".log")).withEnv(client.env());
        if (client.input().isEmpty()) {
            o = o.stdinAtEof();
        }
        if (client.stderrAlone()) {
            // PeerProcess keeps stderr in <output>.err: here the program's stdout is <name>.out.
            o = new PeerProcess.Options(
                    dir,
                    dir.resolve(client.name() + ".out"),
                    Optional.of(dir.resolve(client.name() + ".log")),
                    o.env(),
                    o.unset(),
                    o.stdinOpen());
        }
        List<String> cmd = new ArrayList<>(client.command().apply(port()));
        try (PeerProcess p = PeerProcess.start(o, cmd)) {
            if (client.input().isPresent()) {
                p.stdin().write(client.input().get().getBytes(StandardCharsets.UTF_8));
                p.stdin().flush();
            }
            if (!p.awaitExit(client.timeout())) {
                throw new AssertionError(client.name() + " did not exit within "
                        + client.timeout().toSeconds() + " s:\n" + p);
            }
            String out = client.stderrAlone() ? p.errors() : p.log();
            return new Sides(out, awaitServer(serverSays), p.exitValue());
        }
    }

    /** Waits until the server printed {@code text}; its log. Fails the test with the log when it does not. */
    public String awaitServer(String text) throws InterruptedException {
        if (!server.process().awaitOutput(text, SERVER_TIMEOUT)) {
            throw new AssertionError("s_server did not print '" + text + "' within " + SERVER_TIMEOUT.toSeconds()
                    + " s:\n" + server.log());
        }
        return server.log();
    }

    public int port() {
        return server.port();
    }

    /** What s_server printed so far. */
    public String log() {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
    }
}
