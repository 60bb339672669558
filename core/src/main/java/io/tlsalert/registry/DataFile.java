package io.tlsalert.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads tlsalert's tab-separated data files: '#' comments, one header line, then rows of a fixed width. */
public final class DataFile {
    /** One data row with its line number, for error messages that point into the file. */
    public record Row(String file, int line, String[] cells) {
        public String cell(int i) {
            return cells[i];
        }

        public IllegalStateException error(String message) {
            return new IllegalStateException(file + ":" + line + ": " + message);
        }
    }

    private DataFile() {}

    /** The rows of {@code file}, a resource next to {@code owner}; a malformed row is an error naming file and line. */
    public static List<Row> read(Class<?> owner, String file, int columns) {
        return read(owner, file, columns, List.of());
    }

    /**
     * As {@link #read(Class, String, int)}, and the header line must be there, have {@code columns} cells and start
     * with {@code headerStart} (e.g. {@code value, name}).
     */
    public static List<Row> read(Class<?> owner, String file, int columns, List<String> headerStart) {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = owner.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing data file " + file);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (header) {
                    header = false;
                    if (!headerStart.isEmpty()) {
                        checkHeader(file, n, cells, columns, headerStart);
                    }
                    continue;
                }
                if (cells.length != columns) {
                    throw columnsError(file, n, columns, cells.length);
                }
                rows.add(new Row(file, n, cells));
            }
            if (header && !headerStart.isEmpty()) {
                throw new IllegalStateException(file + ":" + n + ": no header line");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return rows;
    }

    private static void checkHeader(String file, int line, String[] cells, int columns, List<String> start) {
        if (cells.length != columns) {
            throw columnsError(file, line, columns, cells.length);
        }
        for (int i = 0; i < start.size(); i++) {
            if (!cells[i].equals(start.get(i))) {
                throw new IllegalStateException(
                        file + ":" + line + ": header must start with " + String.join("<TAB>", start));
            }
        }
    }

    private static IllegalStateException columnsError(String file, int line, int columns, int found) {
        return new IllegalStateException(
                file + ":" + line + ": expected " + columns + " tab-separated columns, found " + found);
    }
}
