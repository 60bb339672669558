package io.tlsalert.cli;

import io.tlsalert.TlsAlerts;
import io.tlsalert.capture.keylog.KeyLog;
import io.tlsalert.capture.pcap.Captures;
import io.tlsalert.capture.pcap.PacketSource;
import io.tlsalert.capture.report.ScanCsv;
import io.tlsalert.capture.report.ScanJson;
import io.tlsalert.capture.report.ScanTable;
import io.tlsalert.capture.scan.Connection;
import io.tlsalert.capture.scan.Scanner;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "scan", mixinStandardHelpOptions = true)
final class ScanCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CAPTURE", arity = "1..*", descriptionKey = "capture")
    List<Path> files;

    @Option(names = "--keylog", paramLabel = "FILE")
    Path keylog;

    @Option(names = "--csv")
    boolean csv;

    @Option(names = "--all")
    boolean all;

    @Mixin
    Options options = new Options();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try {
            return scan();
        } catch (VirtualMachineError e) {
            // Out of memory or stack: a bug (every input is bounded by the budgets), never "no alert found".
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("tlsalert: internal error: " + e);
            return Main.INTERNAL;
        }
    }

    private int scan() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Lang lang = options.language();
        Texts t = TlsAlerts.registry().texts();
        if (options.json && csv) {
            throw Main.UsageError.of("exclusive", "--json", "--csv");
        }
        KeyLog keys = null;
        if (keylog != null) {
            try {
                keys = KeyLog.read(keylog);
            } catch (NoSuchFileException e) {
                throw Main.UsageError.of("no-such-file", keylog);
            } catch (IOException e) {
                // Over a budget, no usable line, a directory, unreadable: one line, exit 2.
                throw new Main.UsageError(keylog + ": " + e.getMessage());
            }
            for (String w : keys.warnings()) {
                err.println("tlsalert: " + keylog + ": " + w);
            }
        }
        Report report = new Report(out, options.json, csv);
        boolean readable = true;
        long alerts = 0;
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                err.println("tlsalert: " + f + ": cannot read");
                readable = false;
                continue;
            }
            long size = Files.size(f);
            long[] warnCount = {0};
            Scanner s = new Scanner(Scanner.Options.defaults().withKeyLog(keys), report::connection, (frame, msg) -> {
                if (warnCount[0]++ < 20) {
                    err.println("tlsalert: " + f + ": frame " + frame + ": " + msg);
                } else if (warnCount[0] == 21) {
                    err.println("tlsalert: " + f + ": more warnings not shown");
                }
            });
            long t0 = System.nanoTime();
            Progress progress = new Progress(err, size, Options.color() && size > (200L << 20));
            // Reading (and gunzipping) on a second core, a few MiB ahead of the scan.
            try (PacketSource src = new io.tlsalert.capture.pcap.Prefetch(Captures.open(f, (frame, msg) -> {
                if (warnCount[0]++ < 20) {
                    err.println("tlsalert: " + f + ": frame " + frame + ": " + msg);
                }
            }))) {
                report.file(f);
                io.tlsalert.capture.pcap.Packet p = new io.tlsalert.capture.pcap.Packet();
                while (src.next(p)) {
                    s.packet(p);
                    if ((p.number & 0x3FFF) == 0) {
                        progress.at(src.position());
                    }
                }
                s.finish();
            } catch (IOException e) {
                err.println("tlsalert: " + f + ": " + e.getMessage());
                readable = false;
            }
            progress.done();
            double secs = (System.nanoTime() - t0) / 1e9;
            Scanner.Totals tot = s.totals();
            alerts += tot.alerts;
            if (!options.json && !csv) {
                report.summary(f, tot, secs, size, t, lang);
            }
        }
        out.flush();
        if (!readable) {
            return Main.BAD_INPUT;
        }
        return alerts > 0 ? Main.FOUND : Main.NOT_FOUND;
    }

    /** A progress bar on standard error, for big files on a terminal. */
    private static final class Progress {
        private final PrintWriter err;
        private final long size;
        private final boolean on;
        private int last = -1;

        Progress(PrintWriter err, long size, boolean on) {
            this.err = err;
            this.size = size;
            this.on = on;
        }

        void at(long pos) {
            if (!on || size <= 0) {
                return;
            }
            int pct = (int) Math.min(100, pos * 100 / size);
            if (pct != last) {
                last = pct;
                int w = 30;
                int fill = pct * w / 100;
                err.print("\r[" + "#".repeat(fill) + " ".repeat(w - fill) + "] " + pct + "%");
                err.flush();
            }
        }

        void done() {
            if (on && last >= 0) {
                err.print("\r" + " ".repeat(40) + "\r");
                err.flush();
            }
        }
    }

    /** Prints connections as they are reported (JSON Lines, CSV), or the tables at the end of each file. */
    private static final class Report {
        private final PrintWriter out;
        private final boolean json;
        private final boolean csv;
        private ScanTable table = new ScanTable();
        private String file;
        private boolean csvHeader;

        Report(PrintWriter out, boolean json, boolean csv) {
            this.out = out;
            this.json = json;
            this.csv = csv;
        }

        void file(Path f) {
            file = f.toString();
            table = new ScanTable();
        }

        void connection(Connection c) {
            if (json) {
                out.println(Json.writeCompact(ScanJson.connection(file, c)));
            } else if (csv) {
                if (!csvHeader) {
                    out.println(ScanCsv.HEADER);
                    csvHeader = true;
                }
                for (String row : ScanCsv.rows(file, c)) {
                    out.println(row);
                }
            } else {
                table.add(c);
            }
        }

        void summary(Path f, Scanner.Totals tot, double secs, long size, Texts t, Lang lang) {
            table.print(out, f.toString(), tot, secs, size, t, lang);
        }
    }
}
