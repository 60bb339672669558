package io.tlsalert.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The TLS Alerts registry: every assigned AlertDescription value with its facts ({@code alerts.tsv}) and its texts in
 * every language ({@code text_<lang>.properties}). This class is the one loader of those files.
 */
public final class AlertRegistry {
    private static final String FILE = "alerts.tsv";

    private final Alert[] byCode = new Alert[256];
    private final List<Alert> all;
    private final Map<String, Alert> byName = new HashMap<>();
    private final Texts texts;

    private AlertRegistry(List<Alert> alerts, Texts texts) {
        this.all = Collections.unmodifiableList(alerts);
        this.texts = texts;
        for (Alert a : alerts) {
            byCode[a.code()] = a;
            byName.put(a.name(), a);
        }
    }

    /** Loads the registry from the data files on the class path. A defect in them is an {@link IllegalStateException} naming file and line. */
    public static AlertRegistry load() {
        Texts texts = Texts.load();
        List<Alert> alerts = new ArrayList<>();
        for (DataFile.Row row : DataFile.read(AlertRegistry.class, FILE, 7)) {
            try {
                alerts.add(parse(row.cells(), texts));
            } catch (RuntimeException e) {
                throw row.error(e.getMessage());
            }
        }
        return new AlertRegistry(alerts, texts);
    }

    private static Alert parse(String[] f, Texts texts) {
        int code = Integer.parseInt(f[0]);
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("code " + code + " is outside 0..255");
        }
        String name = f[1];
        List<String> refs = new ArrayList<>();
        for (String r : f[2].split(";")) {
            if (!r.isBlank()) {
                refs.add(r.strip());
            }
        }
        boolean dtlsOk = switch (f[3]) {
            case "Y" -> true;
            case "N" -> false;
            default -> throw new IllegalArgumentException("dtls_ok must be Y or N, not '" + f[3] + "'");
        };
        Tls13Status tls13 = Tls13Status.parse(f[4]);
        LevelRule level = LevelRule.parse(f[5]);
        List<Cause> causes = new ArrayList<>();
        for (String id : f[6].split(",")) {
            String cid = id.strip();
            if (!cid.isEmpty()) {
                causes.add(new Cause(code, cid, texts));
            }
        }
        return new Alert(code, name, refs, dtlsOk, tls13, level, causes, texts);
    }

    /** The assigned alert with this code; empty for an unassigned value (see {@link #codeNote}). */
    public Optional<Alert> byCode(int code) {
        return code >= 0 && code < 256 ? Optional.ofNullable(byCode[code]) : Optional.empty();
    }

    /** The alert with exactly this IANA name (e.g. {@code unknown_ca}). */
    public Optional<Alert> byName(String ianaName) {
        return Optional.ofNullable(byName.get(ianaName));
    }

    /** Every assigned alert, by code. */
    public List<Alert> all() {
        return all;
    }

    /** A note about a value that is not an assigned alert but is often met as one (e.g. 255); empty if none. */
    public Optional<String> codeNote(int code, Lang lang) {
        return texts.find(lang, "code." + code + ".note");
    }

    public Texts texts() {
        return texts;
    }
}
