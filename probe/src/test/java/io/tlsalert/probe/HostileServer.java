package io.tlsalert.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** A ServerSocket on 127.0.0.1 whose connections get a scripted behaviour on daemon threads; closes everything. */
final class HostileServer implements AutoCloseable {
    interface Behaviour {
        void serve(Socket s) throws Exception;
    }

    private final ServerSocket server;
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    HostileServer(Behaviour b) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
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
                            // the probe went away
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

    Target target() {
        return new Target("127.0.0.1", server.getLocalPort(), java.util.Optional.empty());
    }

    /** Reads what the client sends first (its ClientHello), up to a little. */
    static void readSome(Socket s) throws IOException {
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
