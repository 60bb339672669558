package io.tlsalert.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code openssl s_server -www} on a free port of 127.0.0.1, destroyed on close. */
final class OpensslServer implements AutoCloseable {
    final int port;
    final Process process;
    final Path log;

    OpensslServer(Path dir, Path cert, Path key, String... extra) throws Exception {
        this.port = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                "openssl",
                "s_server",
                "-accept",
                "127.0.0.1:" + port,
                "-www",
                "-cert",
                cert.toString(),
                "-key",
                key.toString()));
        cmd.addAll(List.of(extra));
        log = Files.createTempFile(dir, "s_server", ".log");
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            if (!process.isAlive()) throw new IOException("s_server exited: " + cmd + "\n" + Files.readString(log));
            if (Files.readString(log).contains("ACCEPT")) break;
            if (System.nanoTime() > deadline) {
                close();
                throw new IOException("s_server did not start: " + cmd + "\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    Target target() {
        return new Target("127.0.0.1", port, java.util.Optional.empty());
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
