package io.tlsalert.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundled web page: the app shell for {@code /} and its deep links, the files under {@code /static/}, read from
 * the jar once and served with a strict Content-Security-Policy (scripts, ES modules included, only from this origin).
 */
final class WebFiles {
    static final String DIR = "/io/tlsalert/server/web/";
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The app shell: the page routes to their view in the browser. */
    Reply shell(Request r) throws IOException {
        return file("index.html").orElseThrow(() -> new IllegalStateException("index.html is not in the jar"));
    }

    /** A file under /static/: a plain name, never a path (so nothing outside the web folder). */
    Reply staticFile(Request r) throws IOException {
        String f = r.rest();
        if (f.matches("[a-z0-9][a-z0-9._-]*") && !f.contains("..")) {
            Optional<Reply> reply = file(f);
            if (reply.isPresent()) {
                return reply.get();
            }
        }
        return notFound(r);
    }

    Reply notFound(Request r) {
        return Reply.error(404, "no such page: " + r.path());
    }

    private Optional<Reply> file(String name) throws IOException {
        return bytes(name)
                .map(b -> new Reply(
                        200,
                        contentType(name),
                        b,
                        Map.of(
                                "Content-Security-Policy",
                                CSP,
                                "Referrer-Policy",
                                "no-referrer",
                                "Cache-Control",
                                name.endsWith(".html") ? "no-cache" : "max-age=300")));
    }

    /** A file of the web folder, read once. */
    Optional<byte[]> bytes(String name) throws IOException {
        byte[] b = cache.get(name);
        if (b != null) {
            return Optional.of(b);
        }
        try (InputStream in = WebFiles.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                return Optional.empty();
            }
            b = in.readAllBytes();
        }
        cache.put(name, b);
        return Optional.of(b);
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".json")) {
            return Reply.JSON_TYPE;
        }
        if (file.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }
}
