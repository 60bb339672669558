package io.tlsalert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code tlsalert serve} as its own process, stopped by SIGTERM while a request is in flight: the request is still
 * answered, the process ends, and the log says how the stop went.
 */
class ServeStopTest {
    @Test
    void sigtermLetsTheRequestInFlightFinishAndSaysSo() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.tlsalert.cli.Main",
                        "serve",
                        "--port",
                        "0",
                        "--lang",
                        "en")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
            Pattern serving = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
            StringBuilder seen = new StringBuilder();
            Integer found = null;
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                seen.append(line).append('\n');
                Matcher m = serving.matcher(line);
                if (m.find()) {
                    found = Integer.parseInt(m.group(1));
                    break;
                }
            }
            assertThat(found).as("the serving line in: " + seen).isNotNull();
            int port = found;
            String body = "{\"text\":\"Received fatal alert: handshake_failure\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                // The headers and half the body: the server is now answering this request (reading its body).
                out.write(("POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                Thread.sleep(300);
                // SIGTERM (Process.destroy would also close our end of its stderr, which is still to be read).
                assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid()))
                                .start()
                                .waitFor())
                        .isZero();
                Thread.sleep(200);
                out.write(bytes, bytes.length / 2, bytes.length - bytes.length / 2);
                out.flush();
                InputStream in = s.getInputStream();
                String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(reply).startsWith("HTTP/1.1 200").contains("handshake_failure");
            }
            // The rest of the log, to its end: the process closes it as it exits.
            StringBuilder rest = new StringBuilder();
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                rest.append(line).append('\n');
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS))
                    .as("serve ended after SIGTERM")
                    .isTrue();
            assertThat(rest).containsPattern("stopped: 1 request\\(s\\) in flight finished, in \\d+ ms");
        } finally {
            p.destroyForcibly();
        }
    }
}
