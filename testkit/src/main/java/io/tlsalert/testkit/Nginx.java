package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's nginx in the foreground (no daemon, no master process) on a free port of 127.0.0.1, with its own prefix,
 * config, pid file, logs and temp paths in a fresh directory; stopped by pid on close.
 */
public final class Nginx implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/nginx");
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private final Path home;
    private final PeerProcess process;

    private Nginx(int port, Path home, PeerProcess process) {
        this.port = port;
        this.home = home;
        this.process = process;
    }

    /**
     * Starts nginx with these {@code server { ... }} blocks inside {@code http { }}; each {@code %PORT%} in them
     * becomes the port chosen. The home directory is made under {@code parent}.
     */
    public static Nginx start(Path parent, String... servers) throws IOException, InterruptedException {
        int port = Ports.free();
        Path home = Files.createTempDirectory(parent, "nginx");
        Path conf = home.resolve("nginx.conf");
        String h = home.toString();
        StringBuilder c = new StringBuilder();
        c.append("daemon off;\nmaster_process off;\nworker_processes 1;\n")
                .append("error_log ")
                .append(h)
                .append("/error.log info;\n")
                .append("pid ")
                .append(h)
                .append("/nginx.pid;\n")
                .append("events { worker_connections 64; }\n")
                .append("http {\n access_log off;\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            c.append(' ')
                    .append(temp)
                    .append("_temp_path ")
                    .append(h)
                    .append('/')
                    .append(temp)
                    .append(";\n");
        }
        for (String s : servers) {
            c.append(s.replace("%PORT%", String.valueOf(port)));
        }
        c.append("}\n");
        Files.writeString(conf, c.toString());
        List<String> cmd = List.of(BINARY.toString(), "-p", h + "/", "-e", h + "/error.log", "-c", conf.toString());
        PeerProcess p = PeerProcess.start(home, home.resolve("stdout.log"), cmd);
        Nginx nginx = new Nginx(port, home, p);
        if (!p.awaitListening(port, START_TIMEOUT)) {
            nginx.close();
            throw new IOException("nginx did not start: " + cmd + "\n" + c + "\n" + nginx.log() + p.log());
        }
        return nginx;
    }

    public int port() {
        return port;
    }

    public Path home() {
        return home;
    }

    /** nginx's error log (level info: it says why a handshake failed). */
    public String log() {
        try {
            return Files.readString(home.resolve("error.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
