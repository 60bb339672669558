package io.tlsalert.server;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import io.tlsalert.registry.Lang;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One request as the handlers see it: method, path, language, query, headers and a size-limited body. */
final class Request {
    private final HttpExchange exchange;
    private final String rest;
    private final Lang lang;
    private final int maxBodyBytes;

    Request(HttpExchange exchange, String rest, int maxBodyBytes) {
        this.exchange = exchange;
        this.rest = rest;
        this.maxBodyBytes = maxBodyBytes;
        this.lang = Languages.negotiate(
                exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Accept-Language"));
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The raw (still percent-encoded) path. */
    String path() {
        return exchange.getRequestURI().getRawPath();
    }

    /** The raw path after the route's {@code /**} prefix; "" for an exact route. */
    String rest() {
        return rest;
    }

    int maxBodyBytes() {
        return maxBodyBytes;
    }

    Lang lang() {
        return lang;
    }

    Optional<String> query(String name) {
        return queryParam(exchange.getRequestURI().getRawQuery(), name);
    }

    static Optional<String> queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String kv : rawQuery.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0 && kv.substring(0, i).equals(name)) {
                return percentDecoded(kv.substring(i + 1));
            }
        }
        return Optional.empty();
    }

    /** {@code %xx} and {@code +} decoded; empty for a malformed escape such as {@code %zz}. */
    static Optional<String> percentDecoded(String raw) {
        try {
            return Optional.of(URLDecoder.decode(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean isJson() {
        String ct = exchange.getRequestHeaders().getFirst("Content-Type");
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /** The body; over the limit (by Content-Length or by what arrives) is {@link BodyTooLarge}. */
    byte[] body() throws IOException, BodyTooLarge {
        String cl = exchange.getRequestHeaders().getFirst("Content-Length");
        if (cl != null) {
            try {
                if (Long.parseLong(cl.trim()) > maxBodyBytes) {
                    throw new BodyTooLarge();
                }
            } catch (NumberFormatException e) {
                // the server itself rejects a malformed Content-Length
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] b = in.readNBytes(maxBodyBytes + 1);
            if (b.length > maxBodyBytes) {
                throw new BodyTooLarge();
            }
            return b;
        }
    }

    /** Reads the body and drops it, up to the body limit; past it the JDK server closes the connection. */
    void discardBody() {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buf = new byte[16 << 10];
            long left = maxBodyBytes;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The body as a JSON object; empty when it is not one. */
    Optional<Map<String, Object>> jsonBody() throws IOException, BodyTooLarge {
        byte[] raw = body();
        try {
            return Optional.ofNullable(JSON.std.mapFrom(raw));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The body as text, or the string field {@code name} of a JSON body ("" when a JSON body has none). */
    String textOrField(String name) throws IOException, BodyTooLarge {
        if (isJson()) {
            return jsonBody().map(m -> m.get(name) instanceof String s ? s : "").orElse("");
        }
        return new String(body(), StandardCharsets.UTF_8);
    }
}
