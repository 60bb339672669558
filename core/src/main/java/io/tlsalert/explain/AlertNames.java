package io.tlsalert.explain;

import io.tlsalert.registry.Alert;
import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.DataFile;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every name a stack gives an alert: the IANA names in any spelling plus the per-stack names of {@code aliases.tsv}
 * (the one loader of that file).
 */
public final class AlertNames {
    /**
     * A resolved name.
     *
     * @param code      the alert code
     * @param stack     the stack whose name it is ({@code iana} for the registry's own name)
     * @param direction what the name alone says about who sent the alert
     */
    public record Name(int code, String stack, Direction direction) {}

    /**
     * Constant prefixes that C APIs put before an alert or reason name (SSL_R_TLSV1_ALERT_UNKNOWN_CA, SSL_AD_UNKNOWN_CA,
     * Node's ERR_SSL_...). They are naming conventions of whole APIs, not facts about single alerts, so they live here
     * rather than as one alias row per alert.
     */
    private static final String[] PREFIX_KEYS = {"sslr", "errssl", "sslad", "ssl3ad", "tls1ad", "tls13ad", "alert"};

    private final Map<String, Name> byKey = new HashMap<>();

    private AlertNames() {}

    static AlertNames load(AlertRegistry registry, Stacks stacks) {
        AlertNames n = new AlertNames();
        for (Alert a : registry.all()) {
            n.byKey.put(Text.nameKey(a.name()), new Name(a.code(), "iana", Direction.UNKNOWN));
        }
        for (DataFile.Row row : DataFile.read(Explainer.class, "aliases.tsv", 5)) {
            int code;
            try {
                code = Integer.parseInt(row.cell(0));
            } catch (NumberFormatException e) {
                throw row.error("code '" + row.cell(0) + "' is not a number");
            }
            if (registry.byCode(code).isEmpty()) {
                throw row.error("code " + code + " is not an assigned alert");
            }
            String stack = stacks.idIn(row, 1);
            Direction dir = Direction.in(row, 2);
            String key = Text.nameKey(row.cell(3));
            if (key.isEmpty()) {
                throw row.error("empty alias");
            }
            Name old = n.byKey.get(key);
            if (old != null && old.code() != code) {
                throw row.error("alias '" + row.cell(3) + "' already names alert " + old.code());
            }
            if (old == null || old.stack().equals("iana")) {
                // An IANA name that a stack also prints keeps the IANA reading: it says nothing about the stack.
                if (old == null) {
                    n.byKey.put(key, new Name(code, stack, dir));
                }
            }
        }
        return n;
    }

    /** Resolves a name in any known spelling, e.g. "HandshakeFailure", "tlsv1 alert unknown ca", "SSL_R_SSLV3_ALERT_BAD_CERTIFICATE". */
    public Optional<Name> resolve(CharSequence text) {
        String key = Text.nameKey(text);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Name n = byKey.get(key);
        if (n != null) {
            return Optional.of(n);
        }
        for (String p : PREFIX_KEYS) {
            if (key.length() > p.length() && key.startsWith(p)) {
                n = byKey.get(key.substring(p.length()));
                if (n != null) {
                    return Optional.of(n);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves the longest run of leading words of {@code text} that is a name: log lines go on after the name
     * ("remote error: tls: bad certificate; retrying"), and the pattern cannot know where the name ends.
     */
    public Optional<Name> resolvePrefix(String text) {
        String t = text.strip();
        while (!t.isEmpty()) {
            Optional<Name> n = resolve(t);
            if (n.isPresent()) {
                return n;
            }
            int cut = Math.max(t.lastIndexOf(' '), t.lastIndexOf('_'));
            if (cut <= 0) {
                return Optional.empty();
            }
            t = t.substring(0, cut).strip();
        }
        return Optional.empty();
    }
}
