package io.tlsalert.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A hostile server written in the test: a ServerSocket on 127.0.0.1 whose every connection gets a scripted
 * {@link Behaviour} (a flood, a drip, bytes that are not TLS) on a daemon thread. A connection stays open when its
 * behaviour returns (a server that goes silent); {@link #close} closes the listener and every connection.
 */
public final class HostileServer implements AutoCloseable {
    /** What the server does with one accepted connection; an exception ends it quietly (the client went away). */
    public interface Behaviour {
        void serve(Socket s) throws Exception;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    public HostileServer(Behaviour b) throws IOException {
        server = new ServerSocket(0, 50, Ports.LOOPBACK);
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    synchronized (sockets) {
                        sockets.add(s);
                    }
                    Thread t = new Thread(() -> {
                        try {
                            b.serve(s);
                        } catch (Exception e) {
                            // the client went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as a target is written. */
    public String address() {
        return Ports.LOOPBACK.getHostAddress() + ":" + port();
    }

    /** Reads what the client sends first (its ClientHello), up to a little. */
    public static void readSome(Socket s) throws IOException {
        s.getInputStream().read(new byte[4096]);
    }

    @Override
    public void close() throws Exception {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        acceptor.join(2000);
    }
}
