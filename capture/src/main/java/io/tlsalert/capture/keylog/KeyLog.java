package io.tlsalert.capture.keylog;

import io.tlsalert.capture.Budget;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The secrets of an SSLKEYLOGFILE (the NSS key log format): one {@code LABEL <client_random hex> <secret hex>} a line,
 * {@code #} comments and blank lines. A malformed line is skipped and reported in {@link #warnings()} with its line
 * number and the reason; it never makes parsing fail.
 *
 * <p>Known labels and the secret lengths they must have: {@code CLIENT_RANDOM} (the TLS 1.2 master secret, 48 bytes);
 * the TLS 1.3 secrets {@code CLIENT_HANDSHAKE_TRAFFIC_SECRET}, {@code SERVER_HANDSHAKE_TRAFFIC_SECRET},
 * {@code CLIENT_TRAFFIC_SECRET_0}, {@code SERVER_TRAFFIC_SECRET_0}, {@code EXPORTER_SECRET},
 * {@code CLIENT_EARLY_TRAFFIC_SECRET}, {@code EARLY_EXPORTER_SECRET} (32 or 48 bytes: the suite's hash length).
 * Secrets after a KeyUpdate ({@code CLIENT_TRAFFIC_SECRET_N} as OpenSSL writes it, or numbered) are checked and not
 * kept: {@link RecordDecryptor} derives them from the {@code _0} ones. The
 * {@code RSA} label (keyed by the first 8 bytes of the encrypted premaster secret, not by a client random) is
 * recognised and not used. Immutable once parsed; safe to share between threads.
 *
 * <p>Bounded: a line longer than {@link Budget#KEYLOG_LINE_CHARS} or a key log over {@link Budget#KEYLOG_BYTES} is not
 * a key log ({@link Unusable}), whatever it is ({@code /dev/zero}, a capture given by mistake); so is a file of lines
 * none of which is usable ({@link #read}).
 */
public final class KeyLog {
    public static final String CLIENT_RANDOM = "CLIENT_RANDOM";
    public static final String CLIENT_HANDSHAKE_TRAFFIC_SECRET = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
    public static final String SERVER_HANDSHAKE_TRAFFIC_SECRET = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
    public static final String CLIENT_TRAFFIC_SECRET_0 = "CLIENT_TRAFFIC_SECRET_0";
    public static final String SERVER_TRAFFIC_SECRET_0 = "SERVER_TRAFFIC_SECRET_0";
    public static final String EXPORTER_SECRET = "EXPORTER_SECRET";
    public static final String CLIENT_EARLY_TRAFFIC_SECRET = "CLIENT_EARLY_TRAFFIC_SECRET";
    public static final String EARLY_EXPORTER_SECRET = "EARLY_EXPORTER_SECRET";

    private static final Set<String> TLS13_LABELS = Set.of(
            CLIENT_HANDSHAKE_TRAFFIC_SECRET,
            SERVER_HANDSHAKE_TRAFFIC_SECRET,
            CLIENT_TRAFFIC_SECRET_0,
            SERVER_TRAFFIC_SECRET_0,
            EXPORTER_SECRET,
            CLIENT_EARLY_TRAFFIC_SECRET,
            EARLY_EXPORTER_SECRET);
    /** Secrets after KeyUpdates: OpenSSL logs them as {@code CLIENT_TRAFFIC_SECRET_N} (a literal N), others number them. */
    private static final java.util.regex.Pattern UPDATED =
            java.util.regex.Pattern.compile("(CLIENT|SERVER)_TRAFFIC_SECRET_([1-9][0-9]*|N)");

    private static final int MAX_WARNINGS = 1000;

    /** label → client random (hex, lower case) → secret, with the line it came from. */
    private final Map<String, Map<String, Entry>> secrets;

    private final List<String> warnings;
    private final int malformed;
    private final int entries;

    private record Entry(byte[] secret, int line) {}

    /** The key log cannot be used at all; the message says why and where (a line number, a budget). */
    public static final class Unusable extends IOException {
        public Unusable(String message) {
            super(message);
        }
    }

    private static final int MAX_LINE = Budget.KEYLOG_LINE_CHARS.limit;
    private static final long MAX_CHARS = Budget.KEYLOG_BYTES.limit;

    private KeyLog(Map<String, Map<String, Entry>> secrets, List<String> warnings, int malformed, int entries) {
        this.secrets = secrets;
        this.warnings = Collections.unmodifiableList(warnings);
        this.malformed = malformed;
        this.entries = entries;
    }

    /**
     * Reads a key log file (UTF-8; only ASCII is meaningful).
     *
     * @throws Unusable over a budget (see the class comment), or when it has lines and none is usable
     */
    public static KeyLog read(Path p) throws IOException {
        if (Files.isRegularFile(p) && Files.size(p) > MAX_CHARS) {
            throw new Unusable(String.format(
                    java.util.Locale.ROOT,
                    "%,d bytes: over %s; not read",
                    Files.size(p),
                    Budget.KEYLOG_BYTES.describe()));
        }
        KeyLog log;
        try (Reader r = new java.io.InputStreamReader(
                Files.newInputStream(p),
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE))) {
            log = parse(r);
        }
        if (log.entries == 0 && log.malformed > 0) {
            throw new Unusable(
                    "no usable line (" + log.malformed + " malformed, the first: " + log.warnings.get(0) + ")");
        }
        return log;
    }

    /**
     * Parses a key log; malformed lines are skipped and reported in {@link #warnings()}.
     *
     * @throws Unusable a line over {@link Budget#KEYLOG_LINE_CHARS}, or more than {@link Budget#KEYLOG_BYTES} characters
     */
    public static KeyLog parse(Reader r) throws IOException {
        Lines in = new Lines(r);
        Map<String, Map<String, Entry>> secrets = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        int malformed = 0;
        int entries = 0;
        int suppressed = 0;
        int n = 0;
        for (String line; (line = in.next()) != null; ) {
            n++;
            String s = line.strip();
            if (n == 1 && s.startsWith("\uFEFF")) {
                s = s.substring(1).strip();
            }
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            String problem = null;
            String[] f = s.split("\\s+");
            String label = f[0];
            if (f.length != 3) {
                problem = "expected 3 fields (LABEL <client_random hex> <secret hex>), found " + f.length;
            } else if (label.equals("RSA")) {
                continue; // keyed by the encrypted premaster secret: valid, not usable here
            } else if (!label.equals(CLIENT_RANDOM)
                    && !TLS13_LABELS.contains(label)
                    && !UPDATED.matcher(label).matches()) {
                problem = "unknown label '" + abbreviate(label) + "'";
            } else {
                byte[] random = hex(f[1]);
                byte[] secret = hex(f[2]);
                if (random == null) {
                    problem = "client random is not hex: '" + abbreviate(f[1]) + "'";
                } else if (random.length != 32) {
                    problem = "client random has " + random.length + " bytes, expected 32";
                } else if (secret == null) {
                    problem = "secret is not hex";
                } else if (label.equals(CLIENT_RANDOM) && secret.length != 48) {
                    problem =
                            "CLIENT_RANDOM secret (TLS 1.2 master secret) has " + secret.length + " bytes, expected 48";
                } else if (!label.equals(CLIENT_RANDOM) && secret.length != 32 && secret.length != 48) {
                    problem = label + " has " + secret.length + " bytes, expected 32 (SHA-256 suites) or 48 (SHA-384)";
                } else if (UPDATED.matcher(label).matches()) {
                    continue; // a secret after a KeyUpdate: the decryptor derives those itself from *_TRAFFIC_SECRET_0
                } else {
                    String key = HexFormat.of().formatHex(random);
                    Map<String, Entry> byRandom = secrets.computeIfAbsent(label, k -> new HashMap<>());
                    Entry old = byRandom.get(key);
                    if (old == null) {
                        byRandom.put(key, new Entry(secret, n));
                        entries++;
                    } else if (!Arrays.equals(old.secret, secret)) {
                        problem = label + " for client random " + key.substring(0, 16)
                                + "... differs from the one on line " + old.line + "; keeping that one";
                    }
                }
            }
            if (problem != null) {
                malformed++;
                if (warnings.size() < MAX_WARNINGS) {
                    warnings.add("line " + n + ": " + problem);
                } else {
                    suppressed++;
                }
            }
        }
        if (suppressed > 0) {
            warnings.add("(" + suppressed + " more malformed lines not listed)");
        }
        return new KeyLog(secrets, warnings, malformed, entries);
    }

    /** The lines of a key log, each at most {@link #MAX_LINE} characters, {@link #MAX_CHARS} in all. */
    private static final class Lines {
        private final Reader in;
        private final char[] buf = new char[8192];
        private final StringBuilder line = new StringBuilder(256);
        private int pos;
        private int lim;
        private long chars;
        private int number;
        /** The last line ended with a CR: an LF right after it belongs to it (as BufferedReader reads lines). */
        private boolean afterCr;

        Lines(Reader in) {
            this.in = in;
        }

        /** The next line without its terminator (LF, CR or CRLF), or null at the end. */
        String next() throws IOException {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == lim) {
                    int n = in.read(buf, 0, buf.length);
                    if (n <= 0) {
                        pos = lim = 0;
                        return any ? line.toString() : null;
                    }
                    pos = 0;
                    lim = n;
                }
                char c = buf[pos++];
                if (++chars > MAX_CHARS) {
                    throw new Unusable("more than " + Budget.KEYLOG_BYTES.describe() + " (at line " + (number + 1)
                            + "); not a key log, or not one to read whole");
                }
                if (afterCr) {
                    afterCr = false;
                    if (c == '\n') {
                        continue;
                    }
                }
                if (c == '\n' || c == '\r') {
                    afterCr = c == '\r';
                    number++;
                    return line.toString();
                }
                any = true;
                if (line.length() == MAX_LINE) {
                    throw new Unusable("line " + (number + 1) + " is longer than " + Budget.KEYLOG_LINE_CHARS.describe()
                            + ": not a key log");
                }
                line.append(c);
            }
        }
    }

    /** One message per malformed line ("line N: why"), in file order (at most 1000, then a count). */
    public List<String> warnings() {
        return warnings;
    }

    /** How many lines were skipped as malformed. */
    public int malformedLines() {
        return malformed;
    }

    /** How many secrets were read. */
    public int size() {
        return entries;
    }

    /** Whether any secret is logged for this client random. */
    public boolean has(byte[] clientRandom) {
        if (clientRandom == null) {
            return false;
        }
        String key = HexFormat.of().formatHex(clientRandom);
        for (Map<String, Entry> m : secrets.values()) {
            if (m.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /** The secret logged under {@code label} for this client random (a copy). */
    public Optional<byte[]> secret(String label, byte[] clientRandom) {
        if (label == null || clientRandom == null) {
            return Optional.empty();
        }
        Map<String, Entry> m = secrets.get(label);
        Entry e = m == null ? null : m.get(HexFormat.of().formatHex(clientRandom));
        return e == null ? Optional.empty() : Optional.of(e.secret.clone());
    }

    /** The labels logged for this client random. */
    public Set<String> labels(byte[] clientRandom) {
        if (clientRandom == null) {
            return Set.of();
        }
        String key = HexFormat.of().formatHex(clientRandom);
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        secrets.forEach((label, m) -> {
            if (m.containsKey(key)) {
                out.add(label);
            }
        });
        return Collections.unmodifiableSet(out);
    }

    private static byte[] hex(String s) {
        if (s.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = hexDigit(s.charAt(2 * i));
            int lo = hexDigit(s.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** ASCII hex digits only: the JDK's digit() would also take full-width and other Unicode digits. */
    private static int hexDigit(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }

    private static String abbreviate(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder b = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }
}
