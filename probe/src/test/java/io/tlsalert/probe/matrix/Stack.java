package io.tlsalert.probe.matrix;

import io.tlsalert.testkit.GoTlsServer;
import io.tlsalert.testkit.Haproxy;
import io.tlsalert.testkit.JdkTlsProcess;
import io.tlsalert.testkit.LighttpdGnutls;
import io.tlsalert.testkit.NodeTlsServer;
import io.tlsalert.testkit.PythonTlsServer;
import io.tlsalert.testkit.TlsServerSpec;
import io.tlsalert.testkit.TlsService;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The server stacks of the matrix, each started by its testkit harness (openssl s_server and nginx have tests of their
 * own: ProberOpensslTest, NginxProbeTest).
 */
enum Stack {
    PYTHON("Python ssl (OpenSSL 3)"),
    NODE("Node tls (OpenSSL 3)"),
    GO("Go crypto/tls"),
    JDK("JDK SunJSSE"),
    HAPROXY("HAProxy (OpenSSL 3)"),
    LIGHTTPD_GNUTLS("lighttpd mod_gnutls (GnuTLS)");

    final String label;

    Stack(String label) {
        this.label = label;
    }

    TlsService start(Path dir, TlsServerSpec spec) throws IOException, InterruptedException {
        return switch (this) {
            case PYTHON -> PythonTlsServer.start(dir, spec);
            case NODE -> NodeTlsServer.start(dir, spec);
            case GO -> GoTlsServer.start(dir, spec);
            case JDK -> JdkTlsProcess.start(dir, spec);
            case HAPROXY -> Haproxy.start(dir, spec);
            case LIGHTTPD_GNUTLS -> LighttpdGnutls.start(dir, spec);
        };
    }

    /** Whether the stack's TLS is OpenSSL's, whose default security level refuses TLS 1.0 unless told otherwise. */
    boolean openssl() {
        return this == PYTHON || this == NODE || this == HAPROXY;
    }
}
