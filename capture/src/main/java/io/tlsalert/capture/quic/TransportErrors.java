package io.tlsalert.capture.quic;

import io.tlsalert.registry.DataFile;
import java.util.HashMap;
import java.util.Map;

/** The names of QUIC transport error codes, from {@code transport-errors.tsv} (RFC 9000 §20.1). */
public final class TransportErrors {
    private static final Map<Long, String> NAMES = load();

    private TransportErrors() {}

    private static Map<Long, String> load() {
        Map<Long, String> m = new HashMap<>();
        for (DataFile.Row r : DataFile.read(TransportErrors.class, "transport-errors.tsv", 3)) {
            long code;
            try {
                code = Long.decode(r.cell(0));
            } catch (NumberFormatException e) {
                throw r.error("not a code: " + r.cell(0));
            }
            if (m.put(code, r.cell(1)) != null) {
                throw r.error("code written twice: " + r.cell(0));
            }
        }
        return Map.copyOf(m);
    }

    /** {@code PROTOCOL_VIOLATION}, {@code CRYPTO_ERROR} for 0x0100–0x01ff, or {@code unknown} for a code not listed. */
    public static String name(long code) {
        if (code >= ConnectionClose.CRYPTO_ERROR && code <= ConnectionClose.CRYPTO_ERROR + 0xff) {
            return "CRYPTO_ERROR";
        }
        return NAMES.getOrDefault(code, "unknown");
    }
}
