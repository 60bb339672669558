package io.tlsalert.probe;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * An offer's parts as people write them, to code points: versions ("1.3", "1.2,1.3", "1.0..1.3", "TLSv1.2") and
 * cipher suites, groups and signature schemes by IANA name (any case) or number (decimal or 0x hex). Shared by the
 * CLI's options and the server's /api/probe. A spelling that names nothing is an {@link IllegalArgumentException}
 * saying which.
 */
public final class OfferParser {
    private OfferParser() {}

    /** Versions to protocol version code points, in the order given (a range newest first). */
    public static List<ProtocolVersion> versions(String spec) {
        List<ProtocolVersion> all = List.of(
                ProtocolVersion.TLS_1_3, ProtocolVersion.TLS_1_2, ProtocolVersion.TLS_1_1, ProtocolVersion.TLS_1_0);
        List<ProtocolVersion> out = new ArrayList<>();
        String s = spec.trim();
        if (s.contains("..")) {
            int lo = minor(s.substring(0, s.indexOf("..")));
            int hi = minor(s.substring(s.indexOf("..") + 2));
            for (ProtocolVersion v : all) {
                if ((v.value() & 0xff) >= lo && (v.value() & 0xff) <= hi) {
                    out.add(v);
                }
            }
        } else {
            for (String p : s.split(",")) {
                out.add(ProtocolVersion.of(0x0300 | minor(p)));
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
        return codes(items, "cipher suite", TlsParameters.get()::cipherSuiteCode);
    }

    public static List<Integer> groups(List<String> items) {
        return codes(items, "group", TlsParameters.get()::groupCode);
    }

    public static List<Integer> signatureSchemes(List<String> items) {
        return codes(items, "signature scheme", TlsParameters.get()::signatureSchemeCode);
    }

    /** IANA names (any case, core's reverse lookup) or numbers (decimal or 0x hex) to code points; blanks skipped. */
    private static List<Integer> codes(List<String> items, String what, Function<String, OptionalInt> byName) {
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
            OptionalInt code = byName.apply(s);
            if (code.isEmpty()) {
                throw new IllegalArgumentException("unknown " + what + " '" + s + "' (use its IANA name or 0x value)");
            }
            out.add(code.getAsInt());
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
