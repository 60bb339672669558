package io.tlsalert.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code ssl} module (OpenSSL underneath) as a TLS server: the script {@code tls_server.py} of this package
 * run by {@code python3}, one thread per connection, answering HTTP with 200. Versions become
 * {@code minimum_version}/{@code maximum_version}, ciphers {@code set_ciphers}, the client CA
 * {@code CERT_REQUIRED}, the only name an {@code sni_callback} that returns unrecognized_name.
 */
public final class PythonTlsServer {
    private PythonTlsServer() {}

    public static TlsService start(Path parent, TlsServerSpec spec) throws IOException, InterruptedException {
        Path home = TlsService.home(parent, "python");
        Path script = TlsService.resource("tls_server.py", home);
        List<Path> pem = TlsService.pemFiles(spec, home);
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(TlsService.serverArgs(spec, pem, List.of()));
        // Unbuffered, so that what it printed is there when a test fails.
        return TlsService.announcing("python", home, cmd, Map.of("PYTHONUNBUFFERED", "1"));
    }
}
