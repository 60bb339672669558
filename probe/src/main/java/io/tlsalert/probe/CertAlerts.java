package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Finding;
import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What common clients (OpenSSL and what is built on it, the JDK, Go) do with each certificate problem, from {@code
 * certificate_alerts.tsv}: each row holds what the client prints, and the alert is what tlsalert's explain reads from
 * that text (its patterns and derived tables are the one home of which alert a stack sends for which error). Loaded
 * once; immutable.
 */
final class CertAlerts {
    private static final Map<String, List<ClientAlert>> BY_PROBLEM = load();

    private CertAlerts() {}

    /** The clients' answers to {@code problem} (a cause id), in the file's order; empty for an unknown id. */
    static List<ClientAlert> of(String problem) {
        return BY_PROBLEM.getOrDefault(problem, List.of());
    }

    static Map<String, List<ClientAlert>> all() {
        return BY_PROBLEM;
    }

    private static Map<String, List<ClientAlert>> load() {
        Map<String, List<ClientAlert>> m = new LinkedHashMap<>();
        for (DataFile.Row row :
                DataFile.read(CertAlerts.class, "certificate_alerts.tsv", 4, List.of("problem", "client", "text"))) {
            String problem = row.cell(0);
            if (!Cause.IDS.contains(problem)) {
                throw row.error("unknown cause id " + problem);
            }
            String text = row.cell(2);
            OptionalInt alert = OptionalInt.empty();
            if (!text.equals("-")) {
                List<Finding> f = TlsAlerts.explain(text).findings();
                if (f.isEmpty()) {
                    throw row.error("explain finds no alert in '" + text + "'");
                }
                alert = OptionalInt.of(f.get(0).code());
            }
            m.computeIfAbsent(problem, k -> new ArrayList<>())
                    .add(new ClientAlert(row.cell(1), alert, text, row.cell(3)));
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableMap(m);
    }
}
