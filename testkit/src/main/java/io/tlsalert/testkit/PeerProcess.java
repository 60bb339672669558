package io.tlsalert.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer the tests run as a child process (s_server, s_client, nginx, dumpcap, curl ...): its output goes to a log file
 * (a pipe nobody reads could block it), stderr with it or to a file of its own, its stdin an open pipe (s_server and
 * s_client quit on EOF) or at EOF; {@link #close} stops it and its children by pid: SIGTERM, then SIGKILL after 3
 * seconds. Use it in try-with-resources so no peer outlives its test.
 */
public final class PeerProcess implements AutoCloseable {
    /** How to start a peer: where it runs, where its output goes, its environment and stdin. */
    public record Options(
            Path dir,
            Path output,
            Optional<Path> errors,
            Map<String, String> env,
            List<String> unset,
            boolean stdinOpen) {
        public Options {
            env = Map.copyOf(env);
            unset = List.copyOf(unset);
        }

        /** Runs in {@code dir}, stdout and stderr together in {@code output}, stdin an open pipe. */
        public static Options in(Path dir, Path output) {
            return new Options(dir, output, Optional.empty(), Map.of(), List.of(), true);
        }

        /** Runs in {@code dir}, stdout and stderr together in a new log file there. */
        public static Options in(Path dir) {
            return in(dir, newLog(dir));
        }

        /** Runs in the test JVM's working directory; the log goes to the JVM-wide temporary log directory. */
        public static Options inWorkingDirectory() {
            return in(Path.of("").toAbsolutePath(), newLog(Logs.DIR));
        }

        /** stderr to a file of its own, in the log's directory (for tests that tell what a peer printed where). */
        public Options separateErrors() {
            Path out = output;
            Path err = out.resolveSibling(out.getFileName() + ".err");
            return new Options(dir, out, Optional.of(err), env, unset, stdinOpen);
        }

        public Options withEnv(Map<String, String> more) {
            Map<String, String> all = new HashMap<>(env);
            all.putAll(more);
            return new Options(dir, output, errors, all, unset, stdinOpen);
        }

        /** Removes a variable the test JVM has (SSLKEYLOGFILE: a peer must not log keys unless the test says so). */
        public Options without(String variable) {
            List<String> all = new ArrayList<>(unset);
            all.add(variable);
            return new Options(dir, output, errors, env, all, stdinOpen);
        }

        /** stdin from /dev/null: the peer sees EOF at once. */
        public Options stdinAtEof() {
            return new Options(dir, output, errors, env, unset, false);
        }

        private static Path newLog(Path dir) {
            try {
                Path log = Files.createTempFile(dir, "peer", ".log");
                log.toFile().deleteOnExit();
                return log;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One directory per test JVM for the logs of peers started without a directory of their own. */
    private static final class Logs {
        static final Path DIR;

        static {
            try {
                DIR = Files.createTempDirectory("tlsalert-peers");
                DIR.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final List<String> command;
    private final Process process;
    private final Options options;

    private PeerProcess(List<String> command, Process process, Options options) {
        this.command = command;
        this.process = process;
        this.options = options;
    }

    /** Starts {@code command} in {@code dir}, its output to {@code log}. */
    public static PeerProcess start(Path dir, Path log, List<String> command) throws IOException {
        return start(Options.in(dir, log), command);
    }

    /** Starts {@code command} in {@code dir} with extra environment variables, its output to {@code log}. */
    public static PeerProcess start(Path dir, Path log, List<String> command, Map<String, String> env)
            throws IOException {
        return start(Options.in(dir, log).withEnv(env), command);
    }

    public static PeerProcess start(Options o, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(o.dir().toFile());
        pb.redirectOutput(o.output().toFile());
        if (o.errors().isPresent()) {
            pb.redirectError(o.errors().get().toFile());
            o.errors().get().toFile().deleteOnExit();
        } else {
            pb.redirectErrorStream(true);
        }
        if (!o.stdinOpen()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        o.unset().forEach(pb.environment()::remove);
        pb.environment().putAll(o.env());
        try {
            return new PeerProcess(List.copyOf(command), pb.start(), o);
        } catch (IOException e) {
            throw new IOException("cannot start " + command + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the output contains {@code text}; false when the process exits or {@code timeout} passes first. */
    public boolean awaitOutput(String text, Duration timeout) throws InterruptedException {
        return awaitLine(Pattern.compile(Pattern.quote(text)), timeout).isPresent();
    }

    /**
     * Waits until a line of the output matches {@code p} ({@link Matcher#find}); empty when the process exits or
     * {@code timeout} passes first. Groups of the match (a port s_server chose) are the caller's to read.
     */
    public Optional<Matcher> awaitLine(Pattern p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive();
            for (String line : log().split("\n", -1)) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return Optional.of(m);
                }
            }
            if (exited || System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(20);
        }
    }

    /** Waits until 127.0.0.1:port accepts; false when the process exits or {@code timeout} passes first. */
    public boolean awaitListening(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits for the process to exit by itself; false on timeout (it is left running: {@link #close} stops it). */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exit status; fails while the process runs. */
    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The peer's standard input (when {@link Options#stdinOpen}). */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public List<String> command() {
        return command;
    }

    public Path logFile() {
        return options.output();
    }

    /** What the peer printed so far: stdout, and stderr unless {@link Options#separateErrors} ("" if unreadable). */
    public String log() {
        return read(options.output());
    }

    /** What the peer printed on stderr so far, when {@link Options#separateErrors}; else "". */
    public String errors() {
        return options.errors().map(PeerProcess::read).orElse("");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\n" + log() + errors();
    }

    @Override
    public void close() {
        stop(process);
    }

    /** Stops {@code p} and its descendants by pid: SIGTERM, then SIGKILL after 3 seconds; waits for the exit. */
    public static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
