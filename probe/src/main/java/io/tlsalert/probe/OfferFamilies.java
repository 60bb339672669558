package io.tlsalert.probe;

import io.tlsalert.decode.TlsParameters;
import io.tlsalert.registry.DataFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The code point families the probe offers and varies one at a time, read from {@code offer_families.tsv} (the
 * probe's own knowledge; the names of the code points are core's {@link TlsParameters}). Loaded once; immutable.
 */
public final class OfferFamilies {
    /** The three registries the diagnosis varies. */
    public enum Registry {
        CIPHER_SUITE("cipher_suite", v -> TlsParameters.get().cipherSuiteName(v)),
        GROUP("group", v -> TlsParameters.get().groupName(v)),
        SIGNATURE_SCHEME("signature_scheme", v -> TlsParameters.get().signatureSchemeName(v));

        private final String id;
        private final IntFunction<Optional<String>> ianaName;

        Registry(String id, IntFunction<Optional<String>> ianaName) {
            this.id = id;
            this.ianaName = ianaName;
        }

        static Registry of(DataFile.Row row) {
            for (Registry r : values()) {
                if (r.id.equals(row.cell(0))) {
                    return r;
                }
            }
            throw row.error("unknown registry '" + row.cell(0) + "'");
        }
    }

    /**
     * Code points offered together and named together in reports ("cipher suites: ECDHE-RSA only").
     *
     * @param label the family's name in reports (a group's IANA name for a group)
     * @param codes in offer order
     */
    public record Family(String label, List<Integer> codes) {
        public Family {
            codes = List.copyOf(codes);
        }
    }

    /** One row of the file. */
    private record Row(Registry registry, String family, List<Integer> codes, boolean baseline, int tryOrder) {}

    /** The TLS 1.3 suites' family label (and the family the diagnosis offers all together). */
    public static final String TLS13_SUITES = "TLS 1.3";

    private static final List<Row> ROWS = load();

    private OfferFamilies() {}

    /** The TLS 1.3 cipher suites. */
    public static List<Integer> tls13Suites() {
        return family(Registry.CIPHER_SUITE, TLS13_SUITES).codes();
    }

    /** What the broad baseline offer carries of this registry, in offer order. */
    public static List<Integer> baseline(Registry registry) {
        List<Integer> out = new ArrayList<>();
        for (Row r : ROWS) {
            if (r.registry() == registry && r.baseline()) {
                out.addAll(r.codes());
            }
        }
        return List.copyOf(out);
    }

    /**
     * The families the diagnosis offers one at a time, in the order it tries them: TLS 1.0-1.2 suite families,
     * signature scheme families, or each group on its own.
     */
    public static List<Family> tried(Registry registry) {
        Map<String, List<Integer>> codes = new LinkedHashMap<>();
        Map<String, Integer> order = new LinkedHashMap<>();
        for (Row r : ROWS) {
            if (r.registry() == registry && r.tryOrder() > 0) {
                String label = r.family().equals("-")
                        ? registry.ianaName.apply(r.codes().get(0)).orElseThrow()
                        : r.family();
                codes.computeIfAbsent(label, l -> new ArrayList<>()).addAll(r.codes());
                order.putIfAbsent(label, r.tryOrder());
            }
        }
        return codes.entrySet().stream()
                .sorted(Comparator.comparing(e -> order.get(e.getKey())))
                .map(e -> new Family(e.getKey(), e.getValue()))
                .toList();
    }

    /** The family of this registry with this label, all its rows in row order. */
    public static Family family(Registry registry, String label) {
        List<Integer> codes = new ArrayList<>();
        for (Row r : ROWS) {
            if (r.registry() == registry && r.family().equals(label)) {
                codes.addAll(r.codes());
            }
        }
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("no " + registry.id + " family '" + label + "'");
        }
        return new Family(label, codes);
    }

    private static List<Row> load() {
        List<Row> rows = new ArrayList<>();
        for (DataFile.Row row : DataFile.read(OfferFamilies.class, "offer_families.tsv", 6)) {
            Registry registry = Registry.of(row);
            List<Integer> codes = new ArrayList<>();
            for (String hex : row.cell(2).trim().split(" +")) {
                int code;
                try {
                    code = Integer.parseInt(hex, 16);
                } catch (NumberFormatException e) {
                    throw row.error("'" + hex + "' is not a hex code point");
                }
                if (registry.ianaName.apply(code).isEmpty()) {
                    throw row.error(String.format("0x%04X has no IANA name in core's %s registry", code, registry.id));
                }
                codes.add(code);
            }
            if (!row.cell(3).equals("Y") && !row.cell(3).equals("N")) {
                throw row.error("baseline must be Y or N");
            }
            int tryOrder = row.cell(4).equals("-") ? 0 : Integer.parseInt(row.cell(4));
            rows.add(new Row(
                    registry, row.cell(1), List.copyOf(codes), row.cell(3).equals("Y"), tryOrder));
        }
        return List.copyOf(rows);
    }
}
