package io.tlsalert.server;

/**
 * Runs the real server with the web page for a look by hand (from the test classpath):
 * {@code java -cp ... io.tlsalert.server.PageDevServer [port]}. Not a test.
 */
public final class PageDevServer {
    private PageDevServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        AlertServer s = AlertServer.start(AlertServer.Config.defaults().withPort(port));
        System.out.println("http://127.0.0.1:" + s.address().getPort() + "/");
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        Thread.currentThread().join();
    }
}
