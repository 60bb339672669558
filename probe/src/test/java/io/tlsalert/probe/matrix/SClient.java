package io.tlsalert.probe.matrix;

import io.tlsalert.testkit.PeerProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code openssl s_client -msg} saw of one connection to a test server: the wire oracle of the matrix, run
 * against the same server the probe diagnoses. It sends one HTTP/1.0 request once connected ({@code -ign_eof}: it
 * reads on after its stdin ends, until the server closes), so a TLS 1.3 server's verdict on the client's Finished
 * (certificate_required) arrives too.
 *
 * @param log the whole output ({@code -msg} lines, errors, the session summary)
 */
record SClient(String log) {
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** {@code <<< TLS 1.3, Alert [length 0002], fatal protocol_version}: an alert s_client received. */
    private static final Pattern RECEIVED =
            Pattern.compile("^<<< [^,]+, Alert \\[length 0002\\], (fatal|warning) (\\w+)");
    /** {@code >>> ... Alert ...}: an alert s_client sent. */
    private static final Pattern SENT = Pattern.compile("^>>> [^,]+, Alert \\[length 0002\\], (fatal|warning) (\\w+)");
    /** {@code Verify return code: 10 (certificate has expired)}. */
    private static final Pattern VERIFY = Pattern.compile("Verify return code: (\\d+)");

    static SClient run(Path dir, int port, List<String> args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-msg", "-ign_eof"));
        cmd.addAll(args);
        Path log = Files.createTempFile(dir, "s_client", ".log");
        try (PeerProcess p = PeerProcess.start(PeerProcess.Options.in(dir, log).without("SSLKEYLOGFILE"), cmd)) {
            try (OutputStream in = p.stdin()) {
                in.write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException gone) {
                // s_client already quit (the handshake failed before it read its stdin): its log says why
            }
            if (!p.awaitExit(TIMEOUT)) {
                throw new AssertionError("s_client did not finish within " + TIMEOUT + ": " + p);
            }
            return new SClient(String.join(" ", cmd) + "\n" + p.log());
        }
    }

    /** The first fatal alert the server sent ("handshake_failure"), if any. */
    Optional<String> serverFatal() {
        return first(RECEIVED, "fatal");
    }

    /** The first fatal alert s_client itself sent, if any. */
    Optional<String> clientFatal() {
        return first(SENT, "fatal");
    }

    /** Whether the server answered the HTTP request: the handshake completed and the connection carried data. */
    boolean answered() {
        return log.lines().anyMatch(l -> l.startsWith("HTTP/1."));
    }

    /** The HTTP status line the server answered, if any. */
    Optional<String> statusLine() {
        return log.lines().filter(l -> l.startsWith("HTTP/1.")).findFirst();
    }

    OptionalInt verifyCode() {
        Matcher m = VERIFY.matcher(log);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private Optional<String> first(Pattern p, String level) {
        for (String line : log.split("\n")) {
            Matcher m = p.matcher(line);
            if (m.find() && m.group(1).equals(level)) {
                return Optional.of(m.group(2));
            }
        }
        return Optional.empty();
    }
}
