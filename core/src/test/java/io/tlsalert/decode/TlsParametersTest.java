package io.tlsalert.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Checks the registry data files against IANA's own CSV exports, kept unchanged in src/test/resources/iana/
 * (where each came from is recorded in the header of the matching data file):
 * tls-parameters-4.csv (cipher suites), tls-extensiontype-values-1.csv, tls-parameters-8.csv (groups),
 * tls-signaturescheme.csv, tls-parameters-7.csv (handshake types). ContentType, PskKeyExchangeMode, EC point formats,
 * ClientCertificateType and compression methods have no IANA copy here and are spot-checked against the RFCs.
 */
class TlsParametersTest {
    static final TlsParameters P = TlsParameters.get();

    /** One IANA CSV row: the value range it covers (inclusive), its description and all its cells. */
    record IanaRow(int first, int last, String description, List<String> cells) {
        boolean assigned() {
            return !description.equals("Unassigned") && !description.startsWith("Reserved");
        }
    }

    /** How one registry's CSV writes its values, and how wide the value space is. */
    enum Form {
        BYTE_PAIR, // "0xC0,0x2F", "0x00,0x1C-1D", "0x01-09,*", "0xC0,0xB6-FF"
        HEX, // "0x0804", "0x0000-0x0200"
        DECIMAL // "29", "42-255"
    }

    // ---------------------------------------------------------------------------------------------------------
    // The oracle: IANA CSV, RFC 4180 quoting (commas and newlines inside quotes, "" for a quote)

    static List<List<String>> csv(String resource) throws Exception {
        String text;
        try (InputStream in = TlsParametersTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                // part of the CRLF record terminator
            } else if (c == '\n') {
                record.add(cell.toString());
                cell.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote in " + resource).isFalse();
        if (cell.length() > 0 || !record.isEmpty()) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }

    static List<IanaRow> iana(String resource, Form form) throws Exception {
        List<List<String>> records = csv("/iana/" + resource);
        assertThat(records.get(0).get(0)).isEqualTo("Value");
        int width = records.get(0).size();
        List<IanaRow> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            assertThat(r).as("cells of %s in %s", r, resource).hasSize(width);
            int[] range = range(r.get(0), form);
            rows.add(new IanaRow(range[0], range[1], r.get(1).strip().replaceAll("\\s+", " "), r));
        }
        return rows;
    }

    static int[] range(String v, Form form) {
        switch (form) {
            case DECIMAL: {
                String[] p = v.split("-");
                return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[p.length - 1])};
            }
            case HEX: {
                String[] p = v.split("-");
                return new int[] {hex(p[0]), hex(p[p.length - 1])};
            }
            default: {
                String[] bytes = v.split(",");
                int[] hi = byteRange(bytes[0]);
                if (bytes[1].equals("*")) {
                    return new int[] {hi[0] << 8, hi[1] << 8 | 0xFF};
                }
                int[] lo = byteRange(bytes[1]);
                assertThat(hi[0]).as("high byte range with a low byte: %s", v).isEqualTo(hi[1]);
                return new int[] {hi[0] << 8 | lo[0], hi[0] << 8 | lo[1]};
            }
        }
    }

    static int[] byteRange(String s) {
        String[] p = s.split("-");
        return new int[] {hex(p[0]), hex(p[p.length - 1])};
    }

    static int hex(String s) {
        return Integer.parseInt(s.startsWith("0x") ? s.substring(2) : s, 16);
    }

    /** Assigned values and their IANA names; an assigned row is always a single value. */
    static Map<Integer, String> assigned(List<IanaRow> rows) {
        Map<Integer, String> m = new TreeMap<>();
        for (IanaRow r : rows) {
            if (r.assigned()) {
                assertThat(r.first())
                        .as("assigned row %s is a single value", r.cells())
                        .isEqualTo(r.last());
                assertThat(m.put(r.first(), r.description()))
                        .as("duplicate %s", r.cells())
                        .isNull();
            }
        }
        return m;
    }

    /** What the loader answers for every value of the space. */
    static Map<Integer, String> loader(int max, IntFunction<Optional<String>> name) {
        Map<Integer, String> m = new TreeMap<>();
        for (int v = 0; v <= max; v++) {
            Optional<String> n = name.apply(v);
            if (n.isPresent()) {
                m.put(v, n.get());
            }
        }
        return m;
    }

    /** Values of 0..max no row covers; fails on a value two rows cover. */
    static Set<Integer> gaps(List<IanaRow> rows, int max) {
        BitSet seen = new BitSet(max + 1);
        for (IanaRow r : rows) {
            for (int v = r.first(); v <= r.last(); v++) {
                assertThat(seen.get(v))
                        .as("value 0x%04X covered twice (row %s)", v, r.cells())
                        .isFalse();
                seen.set(v);
            }
        }
        Set<Integer> gaps = new TreeSet<>();
        for (int v = 0; v <= max; v++) {
            if (!seen.get(v)) {
                gaps.add(v);
            }
        }
        return gaps;
    }

    static Set<Integer> greaseValuesIn(List<IanaRow> rows) {
        Set<Integer> s = new TreeSet<>();
        for (IanaRow r : rows) {
            if (r.cells().contains("[RFC8701]")) {
                assertThat(r.first()).isEqualTo(r.last());
                s.add(r.first());
            }
        }
        return s;
    }

    static final Set<Integer> GREASE = new TreeSet<>();

    static {
        for (int i = 0; i < 16; i++) {
            GREASE.add((i << 12) | 0x0A00 | (i << 4) | 0x0A);
        }
    }

    /** The data file's rows (value cell -> all cells), read directly, to compare the side columns with IANA's. */
    static Map<String, String[]> dataFile(String file) throws Exception {
        Map<String, String[]> m = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(TlsParameters.class.getResourceAsStream(file), StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split("\t", -1);
                m.put(cells[0], cells);
            }
        }
        return m;
    }

    /** For every assigned row, data-file column {@code ours[i]} equals IANA column {@code theirs[i]}. */
    static void sideColumnsMatch(String file, List<IanaRow> rows, boolean hexKey, int[] ours, int[] theirs)
            throws Exception {
        Map<String, String[]> data = dataFile(file);
        int n = 0;
        for (IanaRow r : rows) {
            if (!r.assigned()) {
                continue;
            }
            String key = hexKey ? String.format("%04X", r.first()) : Integer.toString(r.first());
            String[] cells = data.get(key);
            assertThat(cells).as("%s row %s", file, key).isNotNull();
            for (int i = 0; i < ours.length; i++) {
                String expected = r.cells().get(theirs[i]).strip().replaceAll("\\s+", " ");
                assertThat(cells[ours[i]])
                        .as("%s %s column %d", file, key, ours[i])
                        .isEqualTo(expected);
            }
            n++;
        }
        assertThat(data).hasSize(n);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Registry by registry: every assigned IANA value with exactly its name, and nothing else

    @Test
    void cipherSuitesAreExactlyIanas() throws Exception {
        List<IanaRow> rows = iana("tls-parameters-4.csv", Form.BYTE_PAIR);
        Map<Integer, String> iana = assigned(rows);
        assertThat(iana.size()).isGreaterThan(300);
        assertThat(loader(0xFFFF, P::cipherSuiteName)).isEqualTo(iana);
        // IANA's own row "0xFA,0x00-C9" should read 0xFA,0x00-F9: the registry leaves 0xFACA-0xFAF9 uncovered.
        Set<Integer> typo = new TreeSet<>();
        for (int v = 0xFACA; v <= 0xFAF9; v++) {
            typo.add(v);
        }
        assertThat(gaps(rows, 0xFFFF)).isEqualTo(typo);
        assertThat(greaseValuesIn(rows)).isEqualTo(GREASE);
        sideColumnsMatch("cipher_suites.tsv", rows, true, new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 4});
    }

    @Test
    void extensionsAreExactlyIanas() throws Exception {
        List<IanaRow> rows = iana("tls-extensiontype-values-1.csv", Form.DECIMAL);
        Map<Integer, String> iana = assigned(rows);
        assertThat(loader(0xFFFF, P::extensionName)).isEqualTo(iana);
        assertThat(gaps(rows, 0xFFFF)).isEmpty();
        assertThat(greaseValuesIn(rows)).isEqualTo(GREASE);
        sideColumnsMatch("extensions.tsv", rows, false, new int[] {1, 2, 3, 4, 5}, new int[] {1, 2, 3, 4, 5});
    }

    @Test
    void supportedGroupsAreExactlyIanas() throws Exception {
        List<IanaRow> rows = iana("tls-parameters-8.csv", Form.DECIMAL);
        Map<Integer, String> iana = assigned(rows);
        assertThat(loader(0xFFFF, P::groupName)).isEqualTo(iana);
        assertThat(gaps(rows, 0xFFFF)).isEmpty();
        assertThat(greaseValuesIn(rows)).isEqualTo(GREASE);
        sideColumnsMatch("supported_groups.tsv", rows, false, new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 4});
    }

    @Test
    void signatureSchemesAreExactlyIanas() throws Exception {
        List<IanaRow> rows = iana("tls-signaturescheme.csv", Form.HEX);
        Map<Integer, String> iana = assigned(rows);
        assertThat(loader(0xFFFF, P::signatureSchemeName)).isEqualTo(iana);
        assertThat(gaps(rows, 0xFFFF)).isEmpty();
        // This registry has no DTLS-OK column: Value,Description,Recommended,Reference,Comment.
        sideColumnsMatch("signature_schemes.tsv", rows, true, new int[] {1, 3, 4}, new int[] {1, 2, 3});
    }

    @Test
    void handshakeTypesAreExactlyIanas() throws Exception {
        List<IanaRow> rows = iana("tls-parameters-7.csv", Form.DECIMAL);
        Map<Integer, String> iana = assigned(rows);
        assertThat(loader(0xFFFF, P::handshakeTypeName)).isEqualTo(iana);
        assertThat(gaps(rows, 0xFF)).isEmpty();
        sideColumnsMatch("handshake_types.tsv", rows, false, new int[] {1, 2, 3}, new int[] {1, 2, 3});
    }

    // ---------------------------------------------------------------------------------------------------------
    // Spot checks

    @Test
    void wellKnownCipherSuites() {
        assertThat(P.cipherSuite(0x1301)).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(P.cipherSuite(0x1302)).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(P.cipherSuite(0x1303)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(P.cipherSuite(0x1304)).isEqualTo("TLS_AES_128_CCM_SHA256");
        assertThat(P.cipherSuite(0x1305)).isEqualTo("TLS_AES_128_CCM_8_SHA256");
        assertThat(P.cipherSuite(0xC02F)).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(P.cipherSuite(0x00FF)).isEqualTo("TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        assertThat(P.cipherSuite(0x5600)).isEqualTo("TLS_FALLBACK_SCSV");
        assertThat(P.cipherSuite(0x00C6)).isEqualTo("TLS_SM4_GCM_SM3");
        assertThat(P.cipherSuite(0xC100)).isEqualTo("TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC");
        assertThat(P.cipherSuite(0xCCA8)).isEqualTo("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(P.cipherSuiteName(0x001C)).isEmpty(); // reserved to avoid conflicts with SSLv3
        assertThat(P.cipherSuite(0x001C)).isEqualTo("unassigned");
        assertThat(P.cipherSuite(0xFF00)).isEqualTo("unassigned"); // private use
        assertThat(P.cipherSuite(0x0A0A)).isEqualTo("GREASE");
        assertThat(P.cipherSuiteName(0x0A0A)).isEmpty();
    }

    @Test
    void wellKnownExtensionsGroupsAndSchemes() {
        assertThat(P.extension(0)).isEqualTo("server_name");
        assertThat(P.extension(16)).isEqualTo("application_layer_protocol_negotiation");
        assertThat(P.extension(43)).isEqualTo("supported_versions");
        assertThat(P.extension(45)).isEqualTo("psk_key_exchange_modes");
        assertThat(P.extension(51)).isEqualTo("key_share");
        assertThat(P.extension(65037)).isEqualTo("encrypted_client_hello");
        assertThat(P.extension(65281)).isEqualTo("renegotiation_info");
        assertThat(P.extension(40)).isEqualTo("unassigned"); // IANA "Reserved"
        assertThat(P.extension(0xFAFA)).isEqualTo("GREASE");

        assertThat(P.group(23)).isEqualTo("secp256r1");
        assertThat(P.group(29)).isEqualTo("x25519");
        assertThat(P.group(256)).isEqualTo("ffdhe2048");
        assertThat(P.group(4588)).isEqualTo("X25519MLKEM768");
        assertThat(P.group(65281)).isEqualTo("arbitrary_explicit_prime_curves");
        assertThat(P.group(0x2A2A)).isEqualTo("GREASE");
        assertThat(P.groupName(0)).isEmpty();

        assertThat(P.signatureScheme(0x0403)).isEqualTo("ecdsa_secp256r1_sha256");
        assertThat(P.signatureScheme(0x0804)).isEqualTo("rsa_pss_rsae_sha256");
        assertThat(P.signatureScheme(0x0807)).isEqualTo("ed25519");
        assertThat(P.signatureScheme(0x0904)).isEqualTo("mldsa44");
        assertThat(P.signatureScheme(0x0905)).isEqualTo("mldsa65");
        assertThat(P.signatureScheme(0x0840)).isEqualTo("unassigned"); // "Reserved for backward compatibility"
        assertThat(P.signatureScheme(0x0A0A)).isEqualTo("GREASE");
    }

    @Test
    void handshakeAndTheSmallRegistries() {
        assertThat(P.handshakeType(1)).isEqualTo("client_hello");
        assertThat(P.handshakeType(5)).isEqualTo("end_of_early_data");
        assertThat(P.handshakeType(6)).isEqualTo("hello_retry_request_RESERVED");
        assertThat(P.handshakeType(24)).isEqualTo("key_update");
        assertThat(P.handshakeType(25)).isEqualTo("compressed_certificate");
        assertThat(P.handshakeType(26)).isEqualTo("ekt_key");
        assertThat(P.handshakeType(254)).isEqualTo("message_hash");
        assertThat(P.handshakeType(7)).isEqualTo("unassigned");
        assertThat(P.handshakeType(0x0A0A)).isEqualTo("unassigned"); // no GREASE outside the 16-bit spaces

        assertThat(P.contentType(20)).isEqualTo("change_cipher_spec");
        assertThat(P.contentType(21)).isEqualTo("alert");
        assertThat(P.contentType(22)).isEqualTo("handshake");
        assertThat(P.contentType(23)).isEqualTo("application_data");
        assertThat(P.contentType(24)).isEqualTo("heartbeat");
        assertThat(P.contentType(25)).isEqualTo("tls12_cid");
        assertThat(P.contentType(26)).isEqualTo("ACK");
        assertThat(P.contentTypeName(0)).isEmpty();
        assertThat(loader(0xFF, P::contentTypeName)).containsOnlyKeys(20, 21, 22, 23, 24, 25, 26, 27);

        assertThat(loader(0xFF, P::pskKeyExchangeModeName)).isEqualTo(Map.of(0, "psk_ke", 1, "psk_dhe_ke"));
        assertThat(loader(0xFF, P::ecPointFormatName))
                .isEqualTo(Map.of(0, "uncompressed", 1, "ansiX962_compressed_prime", 2, "ansiX962_compressed_char2"));
        assertThat(P.certificateType(1)).isEqualTo("rsa_sign");
        assertThat(P.certificateType(2)).isEqualTo("dss_sign");
        assertThat(P.certificateType(64)).isEqualTo("ecdsa_sign");
        assertThat(P.certificateType(0)).isEqualTo("unassigned");
        assertThat(loader(0xFF, P::compressionMethodName)).isEqualTo(Map.of(0, "null", 1, "DEFLATE", 64, "LZS"));
    }

    @Test
    void greaseIsTheSixteenRfc8701Values() {
        assertThat(TlsParameters.isGrease(0x0A0A)).isTrue();
        assertThat(TlsParameters.isGrease(0xFAFA)).isTrue();
        assertThat(TlsParameters.isGrease(0x0A1A)).isFalse();
        assertThat(TlsParameters.isGrease(0x1A0A)).isFalse();
        assertThat(TlsParameters.isGrease(0x0A)).isFalse();
        assertThat(TlsParameters.isGrease(0x10A0A)).isFalse();
        assertThat(TlsParameters.isGrease(-1)).isFalse();
        Set<Integer> all = new TreeSet<>();
        for (int v = 0; v <= 0xFFFF; v++) {
            if (TlsParameters.isGrease(v)) {
                all.add(v);
            }
        }
        assertThat(all).isEqualTo(GREASE);
        for (int g : GREASE) {
            assertThat(P.cipherSuite(g)).isEqualTo("GREASE");
            assertThat(P.extension(g)).isEqualTo("GREASE");
            assertThat(P.group(g)).isEqualTo("GREASE");
            assertThat(P.signatureScheme(g)).isEqualTo("GREASE");
            assertThat(TlsParameters.version(g)).isEqualTo("GREASE");
        }
    }

    @Test
    void versions() {
        assertThat(TlsParameters.version(0x0300)).isEqualTo("SSL 3.0");
        assertThat(TlsParameters.version(0x0301)).isEqualTo("TLS 1.0");
        assertThat(TlsParameters.version(0x0302)).isEqualTo("TLS 1.1");
        assertThat(TlsParameters.version(0x0303)).isEqualTo("TLS 1.2");
        assertThat(TlsParameters.version(0x0304)).isEqualTo("TLS 1.3");
        assertThat(TlsParameters.version(0xFEFF)).isEqualTo("DTLS 1.0");
        assertThat(TlsParameters.version(0xFEFD)).isEqualTo("DTLS 1.2");
        assertThat(TlsParameters.version(0xFEFC)).isEqualTo("DTLS 1.3");
        assertThat(TlsParameters.version(0x7F1C)).isEqualTo("unknown (0x7F1C)");
        assertThat(TlsParameters.version(0x0002)).isEqualTo("unknown (0x0002)");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The loader itself

    @Test
    void aMalformedRowNamesFileAndLine() {
        assertThatThrownBy(() -> new TlsParameters.Registry("bad_columns.tsv", 3, 10, 0xFF).name(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("bad_columns.tsv:4: ");
        assertThatThrownBy(() -> new TlsParameters.Registry("bad_value.tsv", 3, 16, 0xFFFF).name(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("bad_value.tsv:5: ");
        assertThatThrownBy(() -> new TlsParameters.Registry("bad_order.tsv", 3, 10, 0xFF).name(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("bad_order.tsv:5: ");
        assertThatThrownBy(() -> new TlsParameters.Registry("no_such_file.tsv", 3, 10, 0xFF).name(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no_such_file.tsv");
    }

    @Test
    void firstUseFromManyThreadsAtOnceSeesOneCompleteTable() throws Exception {
        TlsParameters.Registry fresh = new TlsParameters.Registry("cipher_suites.tsv", 5, 16, 0xFFFF);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return fresh.name(0xC02F) + "|" + fresh.name(0x1301) + "|" + fresh.name(0x5600);
                }));
            }
            start.countDown();
            for (Future<String> f : results) {
                assertThat(f.get())
                        .isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256|TLS_AES_128_GCM_SHA256|TLS_FALLBACK_SCSV");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
