package io.tlsalert.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * tshark, the oracle for the wire: {@code tshark -n -r FILE [options] -T fields -e f1 -e f2 ...}, one row per frame
 * it prints. Every test that compares with tshark reads its fields through here, so the field-extraction options
 * (separator, every occurrence, aggregator) are set once.
 */
public final class Tshark {
    /** tshark reads a large capture in seconds; a minute is a hang. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Tshark() {}

    /**
     * The frames tshark prints for {@code file}, each row with one cell per field ("" where the frame has none;
     * several occurrences of a field joined by {@code aggregator}).
     *
     * @param options tshark options before the field list, such as {@code -o pref:value}, {@code -d tcp.port==P,tls},
     *     {@code -Y filter}
     */
    public static List<String[]> fields(Path file, List<String> options, List<String> fields, String aggregator) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
        cmd.addAll(options);
        cmd.addAll(List.of(
                "-T",
                "fields",
                "-E",
                "separator=/t",
                "-E",
                "occurrence=a",
                "-E",
                "aggregator=" + aggregator,
                "-E",
                "quote=n",
                "-E",
                "header=n"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        // stdout only: tshark's warnings on stderr must not mix with the rows.
        String out = Commands.stdout(TIMEOUT, cmd.toArray(String[]::new));
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            String[] row = new String[fields.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = i < cols.length ? cols[i] : "";
            }
            rows.add(row);
        }
        return rows;
    }
}
