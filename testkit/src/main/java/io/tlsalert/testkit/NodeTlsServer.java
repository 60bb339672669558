package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Node's {@code tls} module (its bundled OpenSSL) as a TLS server: the script {@code tls_server.js} of this package
 * run by {@code node}, answering HTTP with 200. Versions become {@code minVersion}/{@code maxVersion}, ciphers
 * {@code ciphers}, the client CA {@code requestCert} + {@code rejectUnauthorized}, the only name an
 * {@code SNICallback} that fails for other names (and no default certificate for a ClientHello without SNI).
 */
public final class NodeTlsServer {
    private NodeTlsServer() {}

    public static TlsService start(Path parent, TlsServerSpec spec) throws IOException, InterruptedException {
        Path home = TlsService.home(parent, "node");
        Path script = TlsService.resource("tls_server.js", home);
        List<Path> pem = TlsService.pemFiles(spec, home);
        List<String> cmd = new ArrayList<>(List.of("node", script.toString()));
        cmd.addAll(TlsService.serverArgs(spec, pem, List.of("yes")));
        return TlsService.announcing("node", home, cmd, Map.of());
    }
}
