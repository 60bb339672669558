package io.tlsalert.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GnuTLS as a TLS server, through Debian's lighttpd with {@code mod_gnutls} ({@code gnutls-serv} cannot bind to
 * 127.0.0.1 alone): {@code lighttpd -D -f CONF} in the foreground, unprivileged, its config, document root and error
 * log in a temporary directory, bound to 127.0.0.1. The spec becomes {@code ssl.openssl.ssl-conf-cmd}
 * {@code MinProtocol}/{@code MaxProtocol} and {@code CipherString} (OpenSSL cipher names, which mod_gnutls maps to a
 * GnuTLS priority string), and {@code ssl.verifyclient.*} with {@code ssl.ca-file} for the client CA. lighttpd has no
 * strict SNI (an unknown name gets the default certificate): {@link TlsServerSpec#onlyName} is refused here.
 */
public final class LighttpdGnutls {
    public static final Path BINARY = Path.of("/usr/sbin/lighttpd");
    public static final Path MODULE = Path.of("/usr/lib/lighttpd/mod_gnutls.so");

    private LighttpdGnutls() {}

    public static TlsService start(Path parent, TlsServerSpec spec) throws IOException, InterruptedException {
        if (spec.onlyName().isPresent()) {
            throw new IllegalArgumentException("lighttpd serves its default certificate for any name: no strict SNI");
        }
        if (spec.clientCertAtHttp()) {
            throw new IllegalArgumentException("this harness has no HTTP-level client certificate check for lighttpd");
        }
        Path home = TlsService.home(parent, "lighttpd");
        Path www = Files.createDirectories(home.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello\n");
        List<Path> pem = TlsService.pemFiles(spec, home);
        Path errorLog = home.resolve("error.log");
        Path conf = home.resolve("lighttpd.conf");
        return TlsService.onFreePort(
                "lighttpd-gnutls",
                home,
                port -> {
                    write(conf, config(spec, pem, www, errorLog, port));
                    return List.of(BINARY.toString(), "-D", "-f", conf.toString());
                },
                List.of(errorLog));
    }

    private static String config(TlsServerSpec spec, List<Path> pem, Path www, Path errorLog, int port) {
        StringBuilder cmds = new StringBuilder("\"MinProtocol\" => \"TLSv" + spec.minVersion()
                + "\", \"MaxProtocol\" => \"TLSv" + spec.maxVersion() + "\"");
        spec.ciphers()
                .ifPresent(
                        c -> cmds.append(", \"CipherString\" => \"").append(c).append('"'));
        boolean verify = spec.clientCa().isPresent();
        return String.join(
                "\n",
                "server.modules = (\"mod_gnutls\")",
                "server.bind = \"127.0.0.1\"",
                "server.port = " + port,
                "server.document-root = \"" + www + "\"",
                "server.errorlog = \"" + errorLog + "\"",
                // "/" answers 200 with index.html (without it lighttpd answers 403: not a refusal the probe should
                // read).
                "index-file.names = (\"index.html\")",
                "ssl.engine = \"enable\"",
                "ssl.pemfile = \"" + pem.get(0) + "\"",
                "ssl.privkey = \"" + pem.get(1) + "\"",
                "ssl.openssl.ssl-conf-cmd = (" + cmds + ")",
                spec.clientCa().map(ca -> "ssl.ca-file = \"" + ca + "\"").orElse(""),
                "ssl.verifyclient.activate = \"" + (verify ? "enable" : "disable") + "\"",
                "ssl.verifyclient.enforce = \"" + (verify ? "enable" : "disable") + "\"",
                // Log every alert (mod_gnutls leaves unknown_ca, bad_certificate ... out as "noise" otherwise).
                "debug.log-ssl-noise = \"enable\"",
                "");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
