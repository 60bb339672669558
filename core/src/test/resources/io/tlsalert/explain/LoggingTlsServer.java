import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A JDK TLS server that logs as JVM services do: java.util.logging's default SimpleFormatter on stderr (the time on
 * one line, the level and message on the next, then the exception's stack trace). For SummaryRealLogTest.
 * Usage: java LoggingTlsServer.java PORT KEYSTORE.p12 PASSWORD
 */
public class LoggingTlsServer {
    static final Logger LOG = Logger.getLogger("tls-server");

    public static void main(String[] args) throws Exception {
        char[] pw = args[2].toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(args[1])) {
            ks.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])));
        LOG.info("listening on " + ss.getLocalSocketAddress());
        while (true) {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                s.setSoTimeout(10_000);
                try {
                    s.startHandshake();
                    LOG.info("handshake with " + s.getRemoteSocketAddress() + " done");
                } catch (Exception e) {
                    LOG.log(Level.WARNING, "TLS handshake with " + s.getRemoteSocketAddress() + " failed", e);
                }
            }
        }
    }
}
