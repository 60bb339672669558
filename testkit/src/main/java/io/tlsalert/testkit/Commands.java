package io.tlsalert.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion (openssl req/x509, tshark, editcap ...): stdin from /dev/null, output to a file in the
 * working directory (a pipe nobody reads could block the child), the process killed on timeout. Fails unless it
 * exits 0.
 */
public final class Commands {
    /** Long enough for an RSA key on a loaded 2-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Commands() {}

    /** Standard output and error together. */
    public static String run(Path dir, String... cmd) {
        return run(dir, TIMEOUT, cmd);
    }

    /** Standard output and error together. */
    public static String run(Path dir, Duration timeout, String... cmd) {
        return exec(Optional.of(dir), timeout, true, Map.of(), List.of(cmd));
    }

    /** Standard output and error together; {@code env} added to the environment (GOCACHE for {@code go build}). */
    public static String runWithEnv(Path dir, Duration timeout, Map<String, String> env, String... cmd) {
        return exec(Optional.of(dir), timeout, true, env, List.of(cmd));
    }

    /** Standard output only (tshark prints warnings on stderr); stderr is shown when the command fails. */
    public static String stdout(Path dir, Duration timeout, String... cmd) {
        return exec(Optional.of(dir), timeout, false, Map.of(), List.of(cmd));
    }

    /** Standard output only, run in the test JVM's working directory (its output buffered in the temp directory). */
    public static String stdout(Duration timeout, String... cmd) {
        return exec(Optional.empty(), timeout, false, Map.of(), List.of(cmd));
    }

    /** No {@code dir}: the working directory, output files in the temp directory. */
    private static String exec(
            Optional<Path> dir, Duration timeout, boolean mergeErrors, Map<String, String> env, List<String> cmd) {
        try {
            Path out = dir.isPresent()
                    ? Files.createTempFile(dir.get(), "exec", ".out")
                    : Files.createTempFile("exec", ".out");
            Path err = mergeErrors ? out : out.resolveSibling(out.getFileName() + ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.map(Path::toFile).orElse(null))
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            if (mergeErrors) {
                pb.redirectErrorStream(true);
            } else {
                pb.redirectError(err.toFile());
            }
            Process p = pb.start();
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("timed out: " + String.join(" ", cmd));
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(
                            String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + Files.readString(err));
                }
                return Files.readString(out);
            } finally {
                PeerProcess.stop(p);
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", cmd), e);
        }
    }

    /** Whether {@code tool} is an executable on the PATH. */
    public static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
