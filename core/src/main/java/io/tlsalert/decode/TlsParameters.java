package io.tlsalert.decode;

import io.tlsalert.registry.DataFile;
import io.tlsalert.wire.ProtocolVersion;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The IANA TLS parameter registries (cipher suites, extensions, groups, signature schemes, handshake and content
 * types, ...) as names for the numbers on the wire. Each registry is a tab-separated data file next to this class,
 * read on first use of that registry only (start-up matters), then kept; safe for concurrent use.
 *
 * <p>Names are exactly as IANA spells them. {@code xxxName(v)} is empty for a value IANA has not assigned;
 * {@code xxx(v)} is never null: the name, {@code "GREASE"} for an RFC 8701 value in a registry GREASE applies to
 * (cipher suites, extensions, groups, signature schemes, versions), else {@code "unassigned"}.
 */
public final class TlsParameters {
    /** What {@code xxx(int)} answers for a value with no IANA name. */
    public static final String UNASSIGNED = "unassigned";
    /** What {@code xxx(int)} answers for an RFC 8701 GREASE value. */
    public static final String GREASE = "GREASE";

    private static final TlsParameters INSTANCE = new TlsParameters();

    private final Registry cipherSuites = new Registry("cipher_suites.tsv", 5, 16, 0xFFFF);
    private final Registry extensions = new Registry("extensions.tsv", 6, 10, 0xFFFF);
    private final Registry groups = new Registry("supported_groups.tsv", 5, 10, 0xFFFF);
    private final Registry signatureSchemes = new Registry("signature_schemes.tsv", 5, 16, 0xFFFF);
    private final Registry handshakeTypes = new Registry("handshake_types.tsv", 4, 10, 0xFF);
    private final Registry contentTypes = new Registry("content_types.tsv", 4, 10, 0xFF);
    private final Registry pskKeyExchangeModes = new Registry("psk_key_exchange_modes.tsv", 5, 10, 0xFF);
    private final Registry ecPointFormats = new Registry("ec_point_formats.tsv", 5, 10, 0xFF);
    private final Registry certificateTypes = new Registry("certificate_types.tsv", 4, 10, 0xFF);
    private final Registry compressionMethods = new Registry("compression_methods.tsv", 4, 10, 0xFF);

    private TlsParameters() {}

    /** The shared instance. */
    public static TlsParameters get() {
        return INSTANCE;
    }

    /**
     * RFC 8701 GREASE: the 16 values 0x0A0A, 0x1A1A, ... 0xFAFA, both bytes equal and of the form 0x?A. Reserved in
     * the cipher suite, extension, group, signature scheme and version spaces.
     */
    public static boolean isGrease(int value) {
        return (value & 0xFFFF0F0F) == 0x0A0A && (value >>> 8) == (value & 0xFF);
    }

    /**
     * An IANA name without the registry's history: "supported_groups (renamed from \"elliptic_curves\")" is
     * supported_groups; "server_hello_done_RESERVED" (marked so because TLS 1.3 dropped it) is server_hello_done.
     */
    public static String shortName(String ianaName) {
        int i = ianaName.indexOf(" (renamed from");
        String s = i < 0 ? ianaName : ianaName.substring(0, i);
        return s.endsWith("_RESERVED") ? s.substring(0, s.length() - "_RESERVED".length()) : s;
    }

    /**
     * The protocol version's name: 0x0303 "TLS 1.2", 0xFEFD "DTLS 1.2", GREASE, else "unknown (0x....)". The rule is
     * {@link ProtocolVersion#name(int)}'s.
     */
    public static String version(int value) {
        return ProtocolVersion.name(value);
    }

    // Cipher suites (GREASE applies)

    public Optional<String> cipherSuiteName(int value) {
        return Optional.ofNullable(cipherSuites.name(value));
    }

    public String cipherSuite(int value) {
        return withGrease(cipherSuites.name(value), value);
    }

    /** The code of a cipher suite by its IANA name, ignoring case ("tls_aes_128_gcm_sha256" is 0x1301). */
    public OptionalInt cipherSuiteCode(String ianaName) {
        return cipherSuites.value(ianaName);
    }

    // Extensions (GREASE applies)

    public Optional<String> extensionName(int value) {
        return Optional.ofNullable(extensions.name(value));
    }

    public String extension(int value) {
        return withGrease(extensions.name(value), value);
    }

    // Supported groups (GREASE applies)

    public Optional<String> groupName(int value) {
        return Optional.ofNullable(groups.name(value));
    }

    public String group(int value) {
        return withGrease(groups.name(value), value);
    }

    /** The code of a supported group by its IANA name, ignoring case ("x25519" is 29). */
    public OptionalInt groupCode(String ianaName) {
        return groups.value(ianaName);
    }

    // Signature schemes (GREASE applies)

    public Optional<String> signatureSchemeName(int value) {
        return Optional.ofNullable(signatureSchemes.name(value));
    }

    public String signatureScheme(int value) {
        return withGrease(signatureSchemes.name(value), value);
    }

    /** The code of a signature scheme by its IANA name, ignoring case ("ecdsa_secp256r1_sha256" is 0x0403). */
    public OptionalInt signatureSchemeCode(String ianaName) {
        return signatureSchemes.value(ianaName);
    }

    // Handshake types

    public Optional<String> handshakeTypeName(int value) {
        return Optional.ofNullable(handshakeTypes.name(value));
    }

    public String handshakeType(int value) {
        return orUnassigned(handshakeTypes.name(value));
    }

    // Content types

    public Optional<String> contentTypeName(int value) {
        return Optional.ofNullable(contentTypes.name(value));
    }

    public String contentType(int value) {
        return orUnassigned(contentTypes.name(value));
    }

    // PSK key exchange modes

    public Optional<String> pskKeyExchangeModeName(int value) {
        return Optional.ofNullable(pskKeyExchangeModes.name(value));
    }

    public String pskKeyExchangeMode(int value) {
        return orUnassigned(pskKeyExchangeModes.name(value));
    }

    // EC point formats

    public Optional<String> ecPointFormatName(int value) {
        return Optional.ofNullable(ecPointFormats.name(value));
    }

    public String ecPointFormat(int value) {
        return orUnassigned(ecPointFormats.name(value));
    }

    // ClientCertificateType

    public Optional<String> certificateTypeName(int value) {
        return Optional.ofNullable(certificateTypes.name(value));
    }

    public String certificateType(int value) {
        return orUnassigned(certificateTypes.name(value));
    }

    // Compression methods

    public Optional<String> compressionMethodName(int value) {
        return Optional.ofNullable(compressionMethods.name(value));
    }

    public String compressionMethod(int value) {
        return orUnassigned(compressionMethods.name(value));
    }

    private static String withGrease(String name, int value) {
        if (name != null) {
            return name;
        }
        return isGrease(value) ? GREASE : UNASSIGNED;
    }

    private static String orUnassigned(String name) {
        return name != null ? name : UNASSIGNED;
    }

    /** The assigned values, ascending, and their names: what one data file holds once read. */
    private static final class Table {
        final int[] values;
        final String[] names;

        Table(int[] values, String[] names) {
            this.values = values;
            this.names = names;
        }
    }

    /**
     * One registry's data file, read at most once, on first lookup (double-checked on a volatile field).
     * Package-private for the tests only.
     */
    static final class Registry {
        private final String file;
        private final int columns;
        private final int radix;
        private final int max;
        private volatile Table table;

        Registry(String file, int columns, int radix, int max) {
            this.file = file;
            this.columns = columns;
            this.radix = radix;
            this.max = max;
        }

        String name(int value) {
            Table t = table();
            int i = Arrays.binarySearch(t.values, value);
            return i >= 0 ? t.names[i] : null;
        }

        /** The value whose name is {@code name}, ignoring case; a linear scan of the assigned values (rare, cold). */
        OptionalInt value(String name) {
            Table t = table();
            for (int i = 0; i < t.values.length; i++) {
                if (t.names[i].equalsIgnoreCase(name)) {
                    return OptionalInt.of(t.values[i]);
                }
            }
            return OptionalInt.empty();
        }

        private Table table() {
            Table t = table;
            if (t == null) {
                synchronized (this) {
                    t = table;
                    if (t == null) {
                        t = load();
                        table = t;
                    }
                }
            }
            return t;
        }

        /**
         * Reads the file ({@link DataFile}: '#' comment lines and blank lines skipped, one header line starting
         * value, name, then rows of {@code columns} tab-separated cells), value first (hex for 16-bit code points
         * written as 4 digits, else decimal), name second. Rows must be in ascending value order, without duplicates.
         * Anything else is an error naming file and line.
         */
        private Table load() {
            List<DataFile.Row> rows = DataFile.read(TlsParameters.class, file, columns, List.of("value", "name"));
            int[] values = new int[rows.size()];
            String[] names = new String[rows.size()];
            int n = 0;
            for (DataFile.Row row : rows) {
                int value = parseValue(row.cell(0), row.line());
                String name = row.cell(1);
                if (name.isEmpty() || !name.equals(name.strip())) {
                    throw error(row.line(), "empty name or name with surrounding blanks");
                }
                if (n > 0 && value <= values[n - 1]) {
                    throw error(row.line(), "value " + row.cell(0) + " is out of order or a duplicate");
                }
                values[n] = value;
                names[n] = name;
                n++;
            }
            return new Table(values, names);
        }

        private int parseValue(String cell, int lineNo) {
            if (radix == 16 && cell.length() != 4) {
                throw error(lineNo, "value '" + cell + "' is not 4 hex digits");
            }
            if (cell.isEmpty() || cell.length() > 5) {
                throw error(lineNo, "bad value '" + cell + "'");
            }
            int v = 0;
            for (int i = 0; i < cell.length(); i++) {
                int d = Character.digit(cell.charAt(i), radix);
                if (d < 0 || (radix == 16 && Character.isLowerCase(cell.charAt(i)))) {
                    throw error(lineNo, "bad value '" + cell + "'");
                }
                v = v * radix + d;
            }
            if (v > max) {
                throw error(lineNo, "value '" + cell + "' is out of range (max " + max + ")");
            }
            return v;
        }

        private IllegalStateException error(int lineNo, String message) {
            return new IllegalStateException(file + ":" + lineNo + ": " + message);
        }
    }
}
