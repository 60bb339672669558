package io.tlsalert.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How one of the tests' real TLS servers is configured, in terms every stack has: the certificate (and chain) it sends,
 * the versions it allows, a cipher list in the stack's own syntax, whether it requires a client certificate from a CA,
 * and a host name it insists on (strict SNI). Each harness ({@link PythonTlsServer}, {@link NodeTlsServer},
 * {@link GoTlsServer}, {@link JdkTlsProcess}, {@link Haproxy}, {@link LighttpdGnutls}) translates it into its stack's
 * configuration.
 *
 * @param leaf       the server's certificate and key
 * @param chain      certificates sent after the leaf (an intermediate), in order
 * @param minVersion the oldest version allowed: "1.0", "1.1", "1.2" or "1.3"
 * @param maxVersion the newest version allowed
 * @param ciphers    the TLS 1.2-and-older cipher list in the stack's syntax (OpenSSL cipher string, Go or JDK suite
 *                   names, comma-separated); empty for the stack's default
 * @param clientCa   when present, a client certificate issued by this CA is required
 * @param onlyName   when present, the server serves only this SNI name and refuses the others its own way
 * @param clientCertAtHttp with {@code clientCa}: the certificate is requested but not required in the handshake,
 *                   and a request without one is refused at the HTTP level (403), as nginx's {@code ssl_verify_client
 *                   on} and many applications do
 */
public record TlsServerSpec(
        Pki.Leaf leaf,
        List<Path> chain,
        String minVersion,
        String maxVersion,
        Optional<String> ciphers,
        Optional<Path> clientCa,
        Optional<String> onlyName,
        boolean clientCertAtHttp) {
    /** The versions a spec may name, oldest first. */
    public static final List<String> VERSIONS = List.of("1.0", "1.1", "1.2", "1.3");

    public TlsServerSpec {
        chain = List.copyOf(chain);
        if (!VERSIONS.contains(minVersion) || !VERSIONS.contains(maxVersion)) {
            throw new IllegalArgumentException("versions are 1.0..1.3, not " + minVersion + ".." + maxVersion);
        }
        if (VERSIONS.indexOf(minVersion) > VERSIONS.indexOf(maxVersion)) {
            throw new IllegalArgumentException("minVersion " + minVersion + " is above maxVersion " + maxVersion);
        }
        if (clientCertAtHttp && clientCa.isEmpty()) {
            throw new IllegalArgumentException("clientCertAtHttp needs a client CA");
        }
    }

    /** TLS 1.2 and 1.3, the stack's default suites, no client certificate, any name. */
    public static TlsServerSpec of(Pki.Leaf leaf) {
        return new TlsServerSpec(
                leaf, List.of(), "1.2", "1.3", Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    public TlsServerSpec versions(String min, String max) {
        return new TlsServerSpec(leaf, chain, min, max, ciphers, clientCa, onlyName, clientCertAtHttp);
    }

    /** Only {@code version}. */
    public TlsServerSpec only(String version) {
        return versions(version, version);
    }

    public TlsServerSpec ciphers(String stackSyntax) {
        return new TlsServerSpec(
                leaf, chain, minVersion, maxVersion, Optional.of(stackSyntax), clientCa, onlyName, clientCertAtHttp);
    }

    public TlsServerSpec chain(Path... certs) {
        return new TlsServerSpec(
                leaf, List.of(certs), minVersion, maxVersion, ciphers, clientCa, onlyName, clientCertAtHttp);
    }

    public TlsServerSpec requireClientCert(Path ca) {
        return new TlsServerSpec(
                leaf, chain, minVersion, maxVersion, ciphers, Optional.of(ca), onlyName, clientCertAtHttp);
    }

    /** Requests a certificate of {@code ca} in the handshake, and refuses an HTTP request without one with 403. */
    public TlsServerSpec clientCertAtHttp(Path ca) {
        return new TlsServerSpec(leaf, chain, minVersion, maxVersion, ciphers, Optional.of(ca), onlyName, true);
    }

    public TlsServerSpec onlyName(String name) {
        return new TlsServerSpec(
                leaf, chain, minVersion, maxVersion, ciphers, clientCa, Optional.of(name), clientCertAtHttp);
    }

    /** Whether {@code version} ("1.2") is within the allowed range. */
    public boolean allows(String version) {
        int v = VERSIONS.indexOf(version);
        return v >= VERSIONS.indexOf(minVersion) && v <= VERSIONS.indexOf(maxVersion);
    }

    /** The leaf then the chain, in one PEM text (what most stacks read as "the certificate file"). */
    public String certificatesPem() {
        StringBuilder b = new StringBuilder();
        List<Path> all = new ArrayList<>(List.of(leaf.cert()));
        all.addAll(chain);
        for (Path p : all) {
            try {
                b.append(Files.readString(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (b.charAt(b.length() - 1) != '\n') {
                b.append('\n');
            }
        }
        return b.toString();
    }
}
