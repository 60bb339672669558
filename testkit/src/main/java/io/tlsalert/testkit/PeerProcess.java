package io.tlsalert.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A peer the tests run as a child process (s_server, nginx, dumpcap ...): its output (stdout and stderr together) goes
 * to a log file, its stdin stays open (s_server quits on EOF), and {@link #close} stops it and its children by pid:
 * SIGTERM, then SIGKILL after 3 seconds. Use it in try-with-resources so no peer outlives its test.
 */
public final class PeerProcess implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final Path log;

    private PeerProcess(List<String> command, Process process, Path log) {
        this.command = command;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code dir}, its output to {@code log}. */
    public static PeerProcess start(Path dir, Path log, List<String> command) throws IOException {
        return start(dir, log, command, Map.of());
    }

    /** Starts {@code command} in {@code dir} with extra environment variables, its output to {@code log}. */
    public static PeerProcess start(Path dir, Path log, List<String> command, Map<String, String> env)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new PeerProcess(List.copyOf(command), pb.start(), log);
    }

    /** Waits until the log contains {@code text}; false when the process exits or {@code timeout} passes first. */
    public boolean awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return log().contains(text);
            }
            Thread.sleep(20);
        }
        return false;
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

    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The peer's standard input. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public Process process() {
        return process;
    }

    public List<String> command() {
        return command;
    }

    public Path logFile() {
        return log;
    }

    /** What the peer printed so far ("" when the log cannot be read). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command) + "\n" + log();
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
