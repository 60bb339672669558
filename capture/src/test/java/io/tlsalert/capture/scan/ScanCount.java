package io.tlsalert.capture.scan;

import io.tlsalert.capture.pcap.Captures;
import io.tlsalert.capture.pcap.PacketSource;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * Run in a forked JVM by {@link ScanBadInputTest}: scans one capture keeping nothing but counts, and prints them as
 * {@code key=value} lines: connections, alerts, alerts by code, outcomes, warnings, the heap limit.
 */
public final class ScanCount {
    private ScanCount() {}

    public static void main(String[] args) throws Exception {
        long[] connections = {0};
        long[] alerts = {0};
        long[] warnings = {0};
        TreeMap<String, Long> byCode = new TreeMap<>();
        TreeMap<String, Long> outcomes = new TreeMap<>();
        TreeMap<String, Long> from = new TreeMap<>();
        Scanner s = new Scanner(
                Scanner.Options.defaults(),
                c -> {
                    connections[0]++;
                    outcomes.merge(c.outcome().id(), 1L, Long::sum);
                    for (AlertEvent a : c.alerts()) {
                        alerts[0]++;
                        byCode.merge(String.valueOf(a.code().orElse(-1)), 1L, Long::sum);
                        from.merge(a.from().id(), 1L, Long::sum);
                    }
                },
                (f, m) -> warnings[0]++);
        long t0 = System.nanoTime();
        try (PacketSource src = Captures.open(Path.of(args[0]), (f, m) -> warnings[0]++)) {
            s.scan(src);
        }
        System.out.println("frames=" + s.totals().frames);
        System.out.println("connections=" + connections[0]);
        System.out.println("alerts=" + alerts[0]);
        System.out.println("warnings=" + warnings[0]);
        System.out.println("by_code=" + byCode);
        System.out.println("outcomes=" + outcomes);
        System.out.println("from=" + from);
        System.out.println("max_heap=" + Runtime.getRuntime().maxMemory());
        System.out.println("seconds=" + (System.nanoTime() - t0) / 1e9);
    }
}
