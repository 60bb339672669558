package io.tlsalert.capture.report;

import io.tlsalert.capture.scan.AlertEvent;
import io.tlsalert.capture.scan.Connection;
import io.tlsalert.capture.scan.Prelude;
import io.tlsalert.capture.scan.TlsStart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV view of the scan ({@code scan --csv}): one row per alert, connections without alerts left out. The column
 * headers are a public interface: add columns at the end, never rename or remove them.
 */
public final class ScanCsv {
    private ScanCsv() {}

    public static final String HEADER =
            "file,client,server,transport,sni,version,cipher_suite,outcome,frame,time,from,level,code,name,encrypted,after"
                    + ",tunnel,upgrade";

    /** The rows of one connection of the capture {@code file}, one per alert. */
    public static List<String> rows(String file, Connection c) {
        List<String> rows = new ArrayList<>(c.alerts().size());
        for (AlertEvent a : c.alerts()) {
            rows.add(String.join(
                    ",",
                    cell(file),
                    c.client(),
                    c.server(),
                    c.transport().id(),
                    cell(c.sni().orElse("")),
                    cell(c.version().orElse("")),
                    cell(c.cipherSuite().orElse("")),
                    c.outcome().id(),
                    String.valueOf(a.frame()),
                    Instant.ofEpochSecond(0, a.timeNanos()).toString(),
                    a.from().id(),
                    ScanText.levelOrEncrypted(a),
                    // -1 for an alert that was not decrypted: the column has always said so.
                    String.valueOf(a.code().orElse(-1)),
                    a.name(),
                    String.valueOf(a.encrypted()),
                    a.after(),
                    c.tlsStart().flatMap(TlsStart::tunnel).map(Prelude::id).orElse(""),
                    c.tlsStart().flatMap(TlsStart::upgrade).map(Prelude::id).orElse("")));
        }
        return rows;
    }

    /** RFC 4180: a field with a comma or a quote is quoted, its quotes doubled. */
    static String cell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
