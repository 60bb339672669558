package io.tlsalert.server;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer: status, content type, the body's bytes and any headers of its own.
 *
 * @param headers headers beyond Content-Type and X-Content-Type-Options, which every answer gets
 */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON_TYPE = "application/json; charset=utf-8";
    /** No answer is larger: past it the answer is a 422 error, and serialising stops there (no 700 MB buffers). */
    static final int MAX_BODY_BYTES = 8 << 20;

    private static final JSON JSON_OUT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    static Reply json(int status, Map<String, Object> body) {
        return new Reply(status, JSON_TYPE, bytes(body), Map.of());
    }

    /** Bytes that already are JSON (a cached answer). */
    static Reply json(byte[] body) {
        return new Reply(200, JSON_TYPE, body, Map.of());
    }

    /** The error body of every failure: {@code {"error", "status"}}. */
    static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("status", status);
        return m;
    }

    static Reply error(int status, String message) {
        return json(status, errorBody(status, message));
    }

    Reply withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, contentType, body, h);
    }

    /** The JSON bytes of {@code m}; {@link ResponseTooLarge} past {@link #MAX_BODY_BYTES}. */
    static byte[] bytes(Map<String, Object> m) {
        CappedBytes out = new CappedBytes(MAX_BODY_BYTES);
        try {
            JSON_OUT.write(m, out);
        } catch (IOException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof ResponseTooLarge t) {
                    throw t;
                }
            }
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A byte buffer that refuses to grow past its cap. */
    private static final class CappedBytes extends ByteArrayOutputStream {
        private final int cap;

        CappedBytes(int cap) {
            super(8192);
            this.cap = cap;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            check(len);
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            check(1);
            super.write(b);
        }

        private void check(int more) {
            if (count + (long) more > cap) {
                throw new ResponseTooLarge(cap);
            }
        }
    }
}
