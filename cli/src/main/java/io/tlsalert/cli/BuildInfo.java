package io.tlsalert.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * What the jar was built from: the release version and the git commit, written into {@code build-info.properties}
 * by the build (cli/pom.xml: git rev-parse HEAD). A build outside a git checkout leaves the
 * commit's placeholder unfilled (or the plugin's "unknown"): the commit is then unknown, never a made-up value.
 *
 * @param version the release version (the pom's)
 * @param commit  the abbreviated commit id, empty when the build had no git checkout
 */
record BuildInfo(String version, Optional<String> commit) {
    private static final String RESOURCE = "build-info.properties";

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource inside our own jar: report what is known (nothing) rather than fail --version.
        }
        return new BuildInfo(filled(p.getProperty("version")).orElse("unknown"), filled(p.getProperty("commit")));
    }

    /** A filtered value, or empty when the build left its {@code ${...}} placeholder (or nothing) there. */
    private static Optional<String> filled(String value) {
        if (value == null || value.isBlank() || value.startsWith("${") || value.equals("unknown")) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** {@code tlsalert 0.9.0 (commit 1a2b3c4d5e6f)}. */
    String line() {
        StringBuilder b = new StringBuilder("tlsalert ").append(version);
        if (commit.isPresent()) {
            b.append(" (commit ").append(commit.get());
            b.append(')');
        } else {
            b.append(" (commit unknown)");
        }
        return b.toString();
    }
}
