package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every jar the tests of the command line run with — its runtime dependencies and the test tools — is listed in
 * THIRD-PARTY.md with its licence, and the project's own LICENSE is Apache-2.0. A dependency added without a line
 * there fails here.
 */
class LicencesTest {
    /** A jar name as Maven writes it: artifactId-version.jar. */
    private static final Pattern JAR = Pattern.compile("(.+?)-(\\d[^-]*(?:-[A-Za-z0-9.]+)?)\\.jar");

    @Test
    void everyJarOnTheClassPathIsListedWithItsLicence() throws IOException {
        String listed = Files.readString(Path.of("..", "THIRD-PARTY.md"), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            Matcher m = JAR.matcher(name);
            if (!m.matches() || m.group(1).startsWith("tlsalert-") || m.group(1).startsWith("surefire")) {
                continue; // our own modules (or their classes directories) and the test runner's own booter
            }
            if (!listed.contains("`" + m.group(1) + "`")) {
                missing.add(name);
            }
        }
        assertThat(missing)
                .as("jars on the class path not named in THIRD-PARTY.md")
                .isEmpty();
    }

    @Test
    void theProjectIsApacheLicensed() throws IOException {
        String licence = Files.readString(Path.of("..", "LICENSE"), StandardCharsets.UTF_8);
        assertThat(licence).contains("Apache License").contains("Version 2.0, January 2004");
    }
}
