package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * probe through the CLI with targets as users write them (issue 12 item 7) and the JVM's view with --trust (item 3):
 * an https:// URL reaches the server, a wrong scheme is a usage error in the user's language, and an ok verdict
 * is not followed by "this JDK does not connect".
 */
@Timeout(60)
class ProbeTargetCliTest {
    @TempDir
    static Path dir;

    @Test
    void anHttpsUrlIsProbedAndTheJvmViewUsesTheTrustStore() throws Exception {
        Pki pki = new Pki(dir);
        Pki.Leaf leaf = pki.leaf("localhost", Pki.KeyType.EC, Pki.Issuer.ROOT, 30, "DNS:localhost", "IP:127.0.0.1");
        try (OpensslServer s = OpensslServer.www(dir, leaf)) {
            CliTest.Run r = CliTest.run(
                    "probe", "https://127.0.0.1:" + s.port() + "/some/path?q=1", "--trust", pki.caPem.toString());
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(0);
            assertThat(r.out()).startsWith("127.0.0.1:" + s.port() + ": ok");
            assertThat(r.out())
                    .contains("jvm: this JDK (")
                    .contains("connects with its default settings and the trust store");
            assertThat(r.out()).doesNotContain("does not connect", "PKIX");
        }
    }

    @Test
    void otherSchemesAreUsageErrorsInTheUsersLanguage() {
        CliTest.Run en = CliTest.run("probe", "http://127.0.0.1:1/", "--lang", "en");
        assertThat(en.code()).isEqualTo(2);
        assertThat(en.err()).contains("http:// is plain HTTP");
        CliTest.Run zh = CliTest.run("probe", "ldap://127.0.0.1:1/", "--lang", "zh");
        assertThat(zh.code()).isEqualTo(2);
        assertThat(zh.err()).contains("不支持 ldap://");
    }
}
