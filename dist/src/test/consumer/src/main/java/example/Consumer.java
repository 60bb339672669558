package example;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Finding;
import javax.net.ssl.SSLHandshakeException;

/** What a user's code does with the library: look a code up, explain an exception. */
public final class Consumer {
    public static void main(String[] args) {
        System.out.println("name " + TlsAlerts.name(40));
        System.out.println("code " + TlsAlerts.lookup("tlsv1 alert unknown ca").get().code());
        Exception e = new SSLHandshakeException("Received fatal alert: certificate_expired");
        for (Finding f : TlsAlerts.explain(e).findings()) {
            System.out.println("finding " + f.code() + " " + f.direction().id());
        }
    }
}
