package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.OpensslServer;
import io.tlsalert.testkit.Pki;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsalert probe --lang zh} (issue 12 item 6) against a real s_server on 127.0.0.1 that accepts one CAMELLIA
 * suite: the text and the JSON say the cause in Chinese, with the suite the search found and the cause id unchanged.
 */
@Timeout(60)
class ProbeLangCliTest {
    @TempDir
    static Path dir;

    @Test
    void probeSpeaksChinese() throws Exception {
        Pki.Leaf leaf = Pki.selfSigned(
                dir.resolve("cert.pem"),
                dir.resolve("key.pem"),
                "/CN=localhost",
                Pki.KeyType.RSA,
                3,
                "subjectAltName=DNS:localhost");
        try (OpensslServer s = OpensslServer.www(dir, leaf, "-tls1_2", "-cipher", "ECDHE-RSA-CAMELLIA256-SHA384")) {
            String[] common = {
                "probe",
                "127.0.0.1:" + s.port(),
                "--sni",
                "localhost",
                "--trust",
                dir.resolve("cert.pem").toString(),
                "--rate",
                "0",
                "--no-jvm",
                "--lang",
                "zh"
            };
            CliTest.Run r = CliTest.run(common);
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out())
                    .contains("no-shared-cipher-suite (没有共同的密码套件)")
                    .contains("服务器接受：仅 TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384（TLS 1.2）")
                    .contains("修复：")
                    .contains("客户端的提议里一个都没有")
                    .doesNotContain("server accepts:", "fix:");
            String[] json = new String[common.length + 1];
            System.arraycopy(common, 0, json, 0, common.length);
            json[common.length] = "--json";
            CliTest.Run j = CliTest.run(json);
            assertThat(j.out())
                    .contains("\"id\" : \"no-shared-cipher-suite\"")
                    .contains("\"title\" : \"没有共同的密码套件\"")
                    .contains("\"lang\" : \"zh\"")
                    .contains("TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384");
        }
    }
}
