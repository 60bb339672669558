// A JDK client for Temurin25RealStackTest, run with Temurin 25's single-file source launcher: connect to 127.0.0.1:PORT
// (MODE tls12 enables TLSv1.2 only), handshake, print the exception as a log would.
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

public class Temurin25Client {
    public static void main(String[] args) throws Exception {
        try (SSLSocket s = (SSLSocket) SSLSocketFactory.getDefault().createSocket("127.0.0.1", Integer.parseInt(args[0]))) {
            if (args[1].equals("tls12")) {
                s.setEnabledProtocols(new String[] {"TLSv1.2"});
            }
            s.startHandshake();
            System.out.println("HANDSHAKE-OK");
        } catch (Exception e) {
            System.out.println(e);
        }
    }
}
