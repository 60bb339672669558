package io.tlsalert.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 over a plain socket, for requests the JDK client will not send (any Host, no Host, odd headers). */
final class RawHttp {
    /** The status and the text of an answer. */
    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int c = line.indexOf(':');
                if (c > 0 && line.substring(0, c).equalsIgnoreCase(name)) {
                    return line.substring(c + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and the body. */
    static Answer send(int port, String head, String body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String h =
                    head + (body.isEmpty() ? "" : "\r\nContent-Length: " + b.length) + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(h.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(b);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("no answer: '" + text + "'");
            }
            String statusLine = text.substring(0, text.indexOf("\r\n"));
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            return new Answer(
                    status,
                    text.substring(0, end).toLowerCase(Locale.ROOT).isEmpty() ? "" : text.substring(0, end),
                    text.substring(end + 4));
        }
    }

    static Answer get(int port, String path, String... headers) throws IOException {
        return send(port, "GET " + path + " HTTP/1.1\r\n" + String.join("\r\n", headers), "");
    }

    static Answer post(int port, String path, String body, String... headers) throws IOException {
        return send(port, "POST " + path + " HTTP/1.1\r\n" + String.join("\r\n", headers), body);
    }
}
