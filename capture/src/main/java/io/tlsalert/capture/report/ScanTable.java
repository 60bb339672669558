package io.tlsalert.capture.report;

import io.tlsalert.capture.Budget;
import io.tlsalert.capture.scan.AlertEvent;
import io.tlsalert.capture.scan.Connection;
import io.tlsalert.capture.scan.Scanner;
import io.tlsalert.capture.scan.TlsStart;
import io.tlsalert.capture.scan.Transport;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.report.TerminalText;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The human view of the scan of one capture: totals, alerts counted by name, server and SNI, and each connection with
 * alerts with its alerts. Connections are added as the scan reports them; {@link #print} writes the tables at the end
 * of the file.
 */
public final class ScanTable {
    /** Connections kept for the listing; beyond this the tables still count them. */
    private static final int MAX_LISTED = Budget.TABLE_CONNECTIONS.limit;

    private static final int TABLE_ROWS = 20;

    private final List<Connection> withAlerts = new ArrayList<>();
    private long notListed;
    private final Map<String, Long> byName = new TreeMap<>();
    private final Map<String, Long> byServer = new TreeMap<>();
    private final Map<String, Long> bySni = new TreeMap<>();
    /** Alerts counted past the budget alerts-per-connection: their names are not known, their number is. */
    private long alertsNotKept;

    /** Counts the alerts of one connection and keeps it for the listing if it has any. */
    public void add(Connection c) {
        for (AlertEvent a : c.alerts()) {
            byName.merge(
                    a.name() + a.read().map(r -> " (" + r.description() + ")").orElse(""), 1L, Long::sum);
        }
        alertsNotKept += c.alertsNotKept();
        if (c.alertCount() > 0) {
            byServer.merge(c.server(), c.alertCount(), Long::sum);
            bySni.merge(c.sni().map(TerminalText::escape).orElse("(no SNI)"), c.alertCount(), Long::sum);
        }
        if (!c.alerts().isEmpty()) {
            if (withAlerts.size() < MAX_LISTED) {
                withAlerts.add(c);
            } else {
                notListed++;
            }
        }
    }

    /** The tables of capture {@code file}: {@code size} bytes scanned in {@code secs} seconds. */
    public void print(PrintWriter out, String file, Scanner.Totals tot, double secs, long size, Texts t, Lang lang) {
        out.printf(
                "%s: %,d frames, %,d bytes in %.2f s (%.0f MB/s)%n",
                TerminalText.escape(file), tot.frames, size, secs, size / 1e6 / Math.max(secs, 1e-9));
        out.println(t.format(
                lang,
                "scan.totals",
                tot.tlsConnections,
                tot.healthy,
                tot.failed,
                tot.incomplete,
                tot.unfinished,
                tot.alerts));
        Map<String, Long> names = byName;
        if (alertsNotKept > 0) {
            names = new TreeMap<>(byName);
            names.put(t.format(lang, "scan.not-kept-row", Budget.ALERTS_PER_CONNECTION.id()), alertsNotKept);
        }
        table(out, t.get(lang, "scan.by-name"), names);
        table(out, t.get(lang, "scan.by-server"), byServer);
        table(out, t.get(lang, "scan.by-sni"), bySni);
        if (!withAlerts.isEmpty()) {
            out.println();
            out.println(t.get(lang, "scan.connections"));
            for (Connection c : withAlerts) {
                out.printf(
                        "  %s -> %s%s  %s  sni=%s  offered=%s/%d suites  negotiated=%s %s  %s%s%n",
                        c.client(),
                        c.server(),
                        c.transport() == Transport.QUIC ? "  " + t.get(lang, "scan.over-quic") : "",
                        Instant.ofEpochSecond(0, c.startNanos()),
                        c.sni().map(TerminalText::escape).orElse("-"),
                        String.join(",", c.offeredVersions()),
                        c.offeredSuites(),
                        c.version().orElse("-"),
                        c.cipherSuite().orElse(""),
                        c.outcome().id(),
                        prelude(c, t, lang));
                for (AlertEvent a : c.alerts()) {
                    out.printf(
                            "      frame %d  %s  %s  %s%s  %s %s%s%n",
                            a.frame(),
                            Instant.ofEpochSecond(0, a.timeNanos()),
                            a.from().id(),
                            a.read().isEmpty() ? "encrypted alert" : ScanText.levelOrEncrypted(a) + " " + a.name(),
                            a.read()
                                    .map(r -> " (" + r.description() + ")" + (a.encrypted() ? " [decrypted]" : ""))
                                    .orElse(""),
                            t.get(lang, "scan.after"),
                            a.after(),
                            a.evidence()
                                    .map(e -> "  [" + TerminalText.escape(e) + "]")
                                    .orElse(""));
                }
                if (c.alertsNotKept() > 0) {
                    out.println("      "
                            + t.format(
                                    lang,
                                    "scan.alerts-not-kept",
                                    String.format("%,d", c.alertsNotKept()),
                                    Budget.ALERTS_PER_CONNECTION.id(),
                                    String.format("%,d", Budget.ALERTS_PER_CONNECTION.limit)));
                }
                for (String w : c.warnings()) {
                    out.println("      ! " + TerminalText.escape(w));
                }
            }
            if (notListed > 0) {
                out.println("  "
                        + t.format(
                                lang,
                                "scan.connections-not-listed",
                                String.format("%,d", notListed),
                                Budget.TABLE_CONNECTIONS.id()));
            }
        }
        out.println();
    }

    /** {@code "  tunnel=socks5  upgrade=smtp-starttls"} when TLS did not start the stream, else nothing. */
    private static String prelude(Connection c, Texts t, Lang lang) {
        StringBuilder sb = new StringBuilder();
        c.tlsStart()
                .flatMap(TlsStart::tunnel)
                .ifPresent(p -> sb.append("  ").append(t.format(lang, "scan.tunnel", p.id())));
        c.tlsStart()
                .flatMap(TlsStart::upgrade)
                .ifPresent(p -> sb.append("  ").append(t.format(lang, "scan.upgrade", p.id())));
        return sb.toString();
    }

    private static void table(PrintWriter out, String title, Map<String, Long> m) {
        if (m.isEmpty()) {
            return;
        }
        out.println();
        out.println(title);
        List<Map.Entry<String, Long>> rows = new ArrayList<>(m.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (Map.Entry<String, Long> e : rows.subList(0, Math.min(TABLE_ROWS, rows.size()))) {
            out.printf("  %7d  %s%n", e.getValue(), e.getKey());
        }
    }
}
