package io.tlsalert.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's HAProxy (OpenSSL underneath) terminating TLS on 127.0.0.1: {@code haproxy -db -f CONF} in the foreground,
 * unprivileged, a config of its own in a temporary directory (no chroot, user or pid file, its log on stdout), and an
 * HTTP frontend that answers 200 itself. The spec becomes {@code bind ... ssl crt}: {@code ssl-min-ver} /
 * {@code ssl-max-ver}, {@code ciphers} (OpenSSL cipher string), {@code verify required ca-file}, and for the only name
 * {@code strict-sni} (the certificate's names are the names served); a client certificate checked at the HTTP level
 * is {@code verify optional} with {@code http-request deny deny_status 403 unless { ssl_c_used }}.
 */
public final class Haproxy {
    public static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private Haproxy() {}

    public static TlsService start(Path parent, TlsServerSpec spec) throws IOException, InterruptedException {
        Path home = TlsService.home(parent, "haproxy");
        // crt: the certificate, its chain and the key in one file.
        Path crt = Files.writeString(
                home.resolve("server.pem"),
                spec.certificatesPem() + Files.readString(spec.leaf().key()));
        Path conf = home.resolve("haproxy.cfg");
        return TlsService.onFreePort(
                "haproxy",
                home,
                port -> {
                    write(conf, config(spec, crt, port));
                    return List.of(BINARY.toString(), "-db", "-f", conf.toString());
                },
                List.of());
    }

    private static String config(TlsServerSpec spec, Path crt, int port) {
        StringBuilder bind = new StringBuilder("bind 127.0.0.1:" + port + " ssl crt " + crt);
        bind.append(" ssl-min-ver ").append(version(spec.minVersion()));
        bind.append(" ssl-max-ver ").append(version(spec.maxVersion()));
        spec.ciphers().ifPresent(c -> bind.append(" ciphers ").append(c));
        spec.clientCa()
                .ifPresent(ca -> bind.append(spec.clientCertAtHttp() ? " verify optional" : " verify required")
                        .append(" ca-file ")
                        .append(ca));
        spec.onlyName().ifPresent(n -> bind.append(" strict-sni"));
        return String.join(
                "\n",
                "global",
                "    log stdout format raw local0 info",
                "    tune.ssl.default-dh-param 2048",
                "defaults",
                "    mode http",
                "    log global",
                "    option httplog",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend tls",
                "    " + bind,
                // At the HTTP level: a request over a connection without a client certificate is denied (403).
                spec.clientCertAtHttp() ? "    http-request deny deny_status 403 unless { ssl_c_used }" : "",
                "    http-request return status 200 content-type text/plain string \"hello\"",
                "");
    }

    private static String version(String v) {
        return "TLSv" + v;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
