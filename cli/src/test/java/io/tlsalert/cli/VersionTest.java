package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --version} names the release version in the pom and the commit the build was made from, as git says. */
class VersionTest {
    @Test
    void versionIsThePomsAndTheCommitIsHead() throws Exception {
        CliTest.Run r = CliTest.run("--version");
        assertThat(r.code()).isZero();
        String pomVersion = pomVersion();
        assertThat(pomVersion).doesNotEndWith("-SNAPSHOT");
        String head = git("rev-parse", "--short=12", "HEAD");
        assertThat(r.out().strip()).isEqualTo("tlsalert " + pomVersion + " (commit " + head + ")");
        assertThat(CliTest.run("-V").out()).isEqualTo(r.out());
    }

    @Test
    void aBuildWithoutGitSaysTheCommitIsUnknown() {
        BuildInfo unfilled = new BuildInfo("0.9.0", java.util.Optional.empty());
        assertThat(unfilled.line()).isEqualTo("tlsalert 0.9.0 (commit unknown)");
    }

    private static String pomVersion() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<artifactId>tlsalert-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("the parent pom's version").isTrue();
        return m.group(1);
    }

    private static String git(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
