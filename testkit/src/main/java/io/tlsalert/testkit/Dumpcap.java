package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * dumpcap recording the loopback interface {@code lo} into a pcapng file with a capture filter; started once the file
 * has its first blocks (dumpcap writes the section and interface blocks when capturing begins), stopped on close
 * (SIGTERM: dumpcap finishes the file). Capturing needs root or the capture capabilities.
 */
public final class Dumpcap implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path file;
    private final PeerProcess process;

    private Dumpcap(Path file, PeerProcess process) {
        this.file = file;
        this.process = process;
    }

    /**
     * {@code dumpcap -i lo -f filter -w file extra...}, its output in {@code file + ".log"}; returns once capturing,
     * plus a moment for the filter to be in place.
     */
    public static Dumpcap loopback(Path file, String filter, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("dumpcap", "-i", "lo", "-f", filter, "-w", file.toString()));
        cmd.addAll(List.of(extra));
        Path dir = file.toAbsolutePath().getParent();
        PeerProcess p = PeerProcess.start(dir, dir.resolve(file.getFileName() + ".log"), cmd);
        Dumpcap d = new Dumpcap(file, p);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.exists(file) && Files.size(file) > 0)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                d.close();
                throw new AssertionError("dumpcap did not start: " + p);
            }
            Thread.sleep(20);
        }
        Thread.sleep(300);
        return d;
    }

    public Path file() {
        return file;
    }

    /** Waits for dumpcap to stop by itself (an {@code -a} autostop condition); false on timeout. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    public PeerProcess process() {
        return process;
    }

    /** Stops the capture; the file is complete after this returns. */
    @Override
    public void close() {
        process.close();
    }
}
