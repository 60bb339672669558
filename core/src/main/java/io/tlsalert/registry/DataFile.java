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
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length != columns) {
                    throw new IllegalStateException(
                            file + ":" + n + ": expected " + columns + " tab-separated columns, found " + cells.length);
                }
                rows.add(new Row(file, n, cells));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return rows;
    }
}
