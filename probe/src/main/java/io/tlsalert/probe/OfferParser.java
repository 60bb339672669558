package io.tlsalert.probe;

import io.tlsalert.decode.TlsParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * An offer's parts as people write them, to code points: versions ("1.3", "1.2,1.3", "1.0..1.3", "TLSv1.2") and
 * cipher suites, groups and signature schemes by IANA name (any case) or number (decimal or 0x hex). Shared by the
 * CLI's options and the server's /api/probe. A spelling that names nothing is an {@link IllegalArgumentException}
 * saying which.
 */
public final class OfferParser {
    private OfferParser() {}

    /** Versions to protocol version code points, in the order given (a range newest first). */
    public static List<Integer> versions(String spec) {
        List<Integer> all = List.of(0x0304, 0x0303, 0x0302, 0x0301);
        List<Integer> out = new ArrayList<>();
        String s = spec.trim();
        if (s.contains("..")) {
            int lo = minor(s.substring(0, s.indexOf("..")));
            int hi = minor(s.substring(s.indexOf("..") + 2));
            for (int v : all) {
                if ((v & 0xff) >= lo && (v & 0xff) <= hi) {
                    out.add(v);
                }
            }
        } else {
            for (String p : s.split(",")) {
                out.add(0x0300 | minor(p));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("'" + spec + "' selects no version");
        }
        return out;
    }

    private static int minor(String v) {
        return switch (v.trim().toLowerCase(Locale.ROOT).replace("tls", "").replace("v", "")) {
            case "1.0", "1" -> 1;
            case "1.1" -> 2;
            case "1.2" -> 3;
            case "1.3" -> 4;
            default ->
                throw new IllegalArgumentException("unknown TLS version '" + v.trim() + "': use 1.0, 1.1, 1.2 or 1.3");
        };
    }

    public static List<Integer> cipherSuites(List<String> items) {
        return codes(items, "cipher suite", v -> TlsParameters.get().cipherSuiteName(v));
    }

    public static List<Integer> groups(List<String> items) {
        return codes(items, "group", v -> TlsParameters.get().groupName(v));
    }

    public static List<Integer> signatureSchemes(List<String> items) {
        return codes(items, "signature scheme", v -> TlsParameters.get().signatureSchemeName(v));
    }

    /** IANA names (any case) or numbers (decimal or 0x hex) to code points; blank items are skipped. */
    private static List<Integer> codes(List<String> items, String what, IntFunction<Optional<String>> namer) {
        Map<String, Integer> byName = null;
        List<Integer> out = new ArrayList<>();
        for (String item : items) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            Optional<Integer> number = number(s);
            if (number.isPresent()) {
                out.add(number.get());
                continue;
            }
            if (byName == null) {
                byName = new LinkedHashMap<>();
                for (int v = 0; v <= 0xFFFF; v++) {
                    Optional<String> n = namer.apply(v);
                    if (n.isPresent()) {
                        byName.put(n.get().toLowerCase(Locale.ROOT), v);
                    }
                }
            }
            Integer v = byName.get(s.toLowerCase(Locale.ROOT));
            if (v == null) {
                throw new IllegalArgumentException("unknown " + what + " '" + s + "' (use its IANA name or 0x value)");
            }
            out.add(v);
        }
        return out;
    }

    private static Optional<Integer> number(String s) {
        try {
            return Optional.of(
                    s.startsWith("0x") || s.startsWith("0X")
                            ? Integer.parseInt(s.substring(2), 16)
                            : Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
