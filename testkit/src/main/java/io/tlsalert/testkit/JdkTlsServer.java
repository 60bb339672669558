package io.tlsalert.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The JDK as a one-connection TLS server on 127.0.0.1: an {@link SSLServerSocket} whose one connection a handler
 * serves on a daemon thread; what the handler returns (or makes of its exception) is the result. Accepting and
 * reading time out; {@link #close} closes the listener and the connection and joins the thread.
 */
public final class JdkTlsServer<T> implements AutoCloseable {
    /** Serves the accepted connection (its read timeout already set); may throw what the handshake throws. */
    public interface Handler<T> {
        T serve(SSLSocket connection) throws Exception;
    }

    private final SSLServerSocket listener;
    private final Thread thread;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private volatile Socket accepted;

    private JdkTlsServer(
            SSLServerSocket listener, Duration timeout, Handler<T> handler, Function<Exception, T> onFailure) {
        this.listener = listener;
        this.thread = new Thread(
                () -> {
                    try (SSLSocket s = (SSLSocket) listener.accept()) {
                        accepted = s;
                        s.setSoTimeout((int) timeout.toMillis());
                        result.complete(handler.serve(s));
                    } catch (Exception e) {
                        result.complete(onFailure.apply(e));
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                },
                "jdk-tls-server");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A listening socket of {@code ctx} on 127.0.0.1:port (0: any free port), accept timing out after {@code timeout},
     * for the caller to configure (protocols, suites) before {@link #serve}.
     */
    public static SSLServerSocket listen(SSLContext ctx, int port, Duration timeout) throws IOException {
        SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(Ports.LOOPBACK, port), 1);
        ss.setSoTimeout((int) timeout.toMillis());
        return ss;
    }

    /** Serves one connection of {@code listener} with {@code handler}; an exception becomes {@code onFailure}'s. */
    public static <T> JdkTlsServer<T> serve(
            SSLServerSocket listener, Duration timeout, Handler<T> handler, Function<Exception, T> onFailure) {
        return new JdkTlsServer<>(listener, timeout, handler, onFailure);
    }

    /** An SSLContext whose key manager holds the key and chain of a PKCS#12 file. */
    public static SSLContext contextFromPkcs12(Path p12, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The handler's result once it is there; empty when {@code timeout} passes first. */
    public Optional<T> result(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new AssertionError("the JDK server failed", e.getCause());
        }
    }

    /** The result if the handler is done. */
    public Optional<T> resultNow() {
        return result.isDone() && !result.isCompletedExceptionally() ? Optional.of(result.join()) : Optional.empty();
    }

    @Override
    public void close() {
        try {
            listener.close();
            Socket s = accepted;
            if (s != null) {
                s.close();
            }
            thread.join(5_000);
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
