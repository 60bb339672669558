package io.tlsalert.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK's SunJSSE as a TLS server in a JVM of its own (started by {@link JdkTlsProcess}, so that its security
 * properties are not the test JVM's): an {@link SSLServerSocket} on 127.0.0.1:0 that prints {@code LISTENING <port>}
 * and answers each connection's HTTP request with 200, one thread per connection. Options: {@code --cert PEM --key
 * PEM(PKCS#8) --min 1.2 --max 1.3 --ciphers JDK,NAMES --client-ca PEM --only-name NAME --client-cert-at-http yes}.
 */
public final class JdkTlsServerMain {
    private static final Map<String, String> PROTOCOLS =
            Map.of("1.0", "TLSv1", "1.1", "TLSv1.1", "1.2", "TLSv1.2", "1.3", "TLSv1.3");

    private JdkTlsServerMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("min", "1.2", "max", "1.3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage();
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        if (!opt.containsKey("cert") || !opt.containsKey("key") || args.length % 2 != 0) {
            usage();
        }
        SSLContext ctx = context(Path.of(opt.get("cert")), Path.of(opt.get("key")), opt.get("client-ca"));
        SSLServerSocket listener =
                (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 32);
        SSLParameters p = listener.getSSLParameters();
        p.setProtocols(protocols(opt.get("min"), opt.get("max")));
        if (opt.containsKey("ciphers")) {
            List<String> suites = new ArrayList<>(List.of(opt.get("ciphers").split(",")));
            // The TLS 1.3 suites stay: the cipher list is about TLS 1.2 and older, as for the other stacks.
            suites.addAll(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"));
            p.setCipherSuites(suites.toArray(String[]::new));
        }
        boolean atHttp = opt.containsKey("client-cert-at-http");
        if (opt.containsKey("client-ca")) {
            if (atHttp) {
                p.setWantClientAuth(true);
            } else {
                p.setNeedClientAuth(true);
            }
        }
        if (opt.containsKey("only-name")) {
            // A ClientHello whose server_name matches no matcher is refused with unrecognized_name; one without
            // server_name is not checked by SunJSSE at all (SNIMatcher only sees names that were sent).
            p.setSNIMatchers(List.of(SNIHostName.createSNIMatcher(Pattern.quote(opt.get("only-name")))));
        }
        listener.setSSLParameters(p);
        System.out.println("LISTENING " + listener.getLocalPort());
        System.out.flush();
        while (true) {
            SSLSocket s = (SSLSocket) listener.accept();
            Thread t = new Thread(() -> serve(s, atHttp), "connection");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(SSLSocket s, boolean atHttp) {
        try (s) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder request = new StringBuilder();
            int n;
            while (request.indexOf("\r\n\r\n") < 0 && request.length() < 16384 && (n = in.read(buf)) > 0) {
                request.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            OutputStream out = s.getOutputStream();
            String answer = atHttp && !hasPeerCertificate(s)
                    ? "HTTP/1.0 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 28\r\n\r\n"
                            + "client certificate required\n"
                    : "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n";
            out.write(answer.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            System.out.println("connection: " + e);
        }
    }

    private static boolean hasPeerCertificate(SSLSocket s) {
        try {
            return s.getSession().getPeerCertificates().length > 0;
        } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
            return false;
        }
    }

    private static String[] protocols(String min, String max) {
        List<String> all = TlsServerSpec.VERSIONS;
        if (!all.contains(min) || !all.contains(max)) {
            usage();
        }
        return all.subList(all.indexOf(min), all.indexOf(max) + 1).stream()
                .map(PROTOCOLS::get)
                .toArray(String[]::new);
    }

    private static SSLContext context(Path certs, Path key, String clientCa)
            throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<Certificate> chain = new ArrayList<>(cf.generateCertificates(Files.newInputStream(certs)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = "changeit".toCharArray();
        ks.setKeyEntry("server", privateKey(key), password, chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        TrustManagerFactory tmf = null;
        if (clientCa != null) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : cf.generateCertificates(Files.newInputStream(Path.of(clientCa)))) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}, what OpenSSL 3 writes), EC or RSA. */
    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem);
        int start = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < 0) {
            throw new GeneralSecurityException(pem + " holds no PKCS#8 key (BEGIN PRIVATE KEY)");
        }
        byte[] der =
                Base64.getMimeDecoder().decode(text.substring(start + "-----BEGIN PRIVATE KEY-----".length(), end));
        GeneralSecurityException last = null;
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void usage() {
        System.err.println("usage: JdkTlsServerMain --cert PEM --key PEM [--min V --max V --ciphers S --client-ca PEM"
                + " --only-name N]");
        System.exit(2);
    }
}
