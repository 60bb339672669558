package io.tlsalert.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON output through jackson-jr (small and quick to start, unlike databind). Null values are written: keys are stable. */
final class Json {
    private static final JSON PRETTY =
            JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {}

    private static final JSON COMPACT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    /** One line, for JSON Lines output. */
    static String writeCompact(Object value) {
        try {
            return COMPACT.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
