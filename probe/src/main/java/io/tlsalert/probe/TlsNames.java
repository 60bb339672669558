package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IANA code points the probe offers, with their names and the families the diagnosis varies one at a time.
 * Alert names come from core's registry ({@link TlsAlerts#lookup(int)}), which, unlike Bouncy Castle's
 * {@code AlertDescription}, knows 52 and 121.
 */
public final class TlsNames {
    private TlsNames() {}

    public static final int TLS13 = 0x0304, TLS12 = 0x0303, TLS11 = 0x0302, TLS10 = 0x0301;

    public static final List<Integer> SUITES_TLS13 = List.of(0x1301, 0x1302, 0x1303);
    public static final List<Integer> SUITES_ECDHE_ECDSA =
            List.of(0xC02B, 0xC02C, 0xCCA9, 0xC023, 0xC024, 0xC009, 0xC00A);
    public static final List<Integer> SUITES_ECDHE_RSA =
            List.of(0xC02F, 0xC030, 0xCCA8, 0xC027, 0xC028, 0xC013, 0xC014);
    public static final List<Integer> SUITES_RSA = List.of(0x009C, 0x009D, 0x003C, 0x003D, 0x002F, 0x0035, 0x000A);
    public static final List<Integer> SUITES_DHE = List.of(0x009E, 0x009F, 0xCCAA, 0x0067, 0x006B, 0x0033, 0x0039);
    /** TLS_FALLBACK_SCSV (RFC 7507): put it in an offer's cipher suites to make a fallback retry. */
    public static final int FALLBACK_SCSV = 0x5600;

    /** Cipher suite families of TLS 1.0-1.2, in the order the diagnosis tries them. */
    public static final Map<String, List<Integer>> SUITE_FAMILIES = new LinkedHashMap<>();

    public static final int X25519 = 29,
            SECP256R1 = 23,
            SECP384R1 = 24,
            SECP521R1 = 25,
            FFDHE2048 = 256,
            FFDHE3072 = 257;
    public static final List<Integer> GROUPS = List.of(X25519, SECP256R1, SECP384R1, SECP521R1, FFDHE2048, FFDHE3072);

    public static final List<Integer> SIGS_ECDSA = List.of(0x0403, 0x0503, 0x0603);
    public static final List<Integer> SIGS_EDDSA = List.of(0x0807, 0x0808);
    public static final List<Integer> SIGS_RSA_PSS = List.of(0x0804, 0x0805, 0x0806, 0x0809, 0x080A, 0x080B);
    public static final List<Integer> SIGS_RSA_PKCS1 = List.of(0x0401, 0x0501, 0x0601, 0x0201);
    public static final List<Integer> SIGS_SHA1_ECDSA = List.of(0x0203);
    /** Signature scheme families, in the order the diagnosis tries them. */
    public static final Map<String, List<Integer>> SIG_FAMILIES = new LinkedHashMap<>();

    private static final Map<Integer, String> SUITE_NAMES = new LinkedHashMap<>();
    private static final Map<Integer, String> SIG_NAMES = new LinkedHashMap<>();

    static {
        SUITE_FAMILIES.put("ECDHE-ECDSA", SUITES_ECDHE_ECDSA);
        SUITE_FAMILIES.put("ECDHE-RSA", SUITES_ECDHE_RSA);
        SUITE_FAMILIES.put("RSA key exchange", SUITES_RSA);
        SUITE_FAMILIES.put("DHE-RSA", SUITES_DHE);
        SIG_FAMILIES.put("ECDSA", concat(SIGS_ECDSA, SIGS_SHA1_ECDSA));
        SIG_FAMILIES.put("RSA-PSS", SIGS_RSA_PSS);
        SIG_FAMILIES.put("RSA-PKCS1", SIGS_RSA_PKCS1);
        SIG_FAMILIES.put("EdDSA", SIGS_EDDSA);

        String[][] suites = {
            {"1301", "TLS_AES_128_GCM_SHA256"},
            {"1302", "TLS_AES_256_GCM_SHA384"},
            {"1303", "TLS_CHACHA20_POLY1305_SHA256"},
            {"C02B", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
            {"C02C", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
            {"CCA9", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
            {"C023", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
            {"C024", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
            {"C009", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
            {"C00A", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
            {"C02F", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
            {"C030", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
            {"CCA8", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
            {"C027", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
            {"C028", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
            {"C013", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
            {"C014", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
            {"009C", "TLS_RSA_WITH_AES_128_GCM_SHA256"},
            {"009D", "TLS_RSA_WITH_AES_256_GCM_SHA384"},
            {"003C", "TLS_RSA_WITH_AES_128_CBC_SHA256"},
            {"003D", "TLS_RSA_WITH_AES_256_CBC_SHA256"},
            {"002F", "TLS_RSA_WITH_AES_128_CBC_SHA"},
            {"0035", "TLS_RSA_WITH_AES_256_CBC_SHA"},
            {"000A", "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
            {"009E", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
            {"009F", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
            {"CCAA", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
            {"0067", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
            {"006B", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
            {"0033", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
            {"0039", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
            {"5600", "TLS_FALLBACK_SCSV"},
            {"00FF", "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
        };
        for (String[] s : suites) {
            SUITE_NAMES.put(Integer.parseInt(s[0], 16), s[1]);
        }
        String[][] sigs = {
            {"0403", "ecdsa_secp256r1_sha256"}, {"0503", "ecdsa_secp384r1_sha384"}, {"0603", "ecdsa_secp521r1_sha512"},
            {"0203", "ecdsa_sha1"}, {"0807", "ed25519"}, {"0808", "ed448"},
            {"0804", "rsa_pss_rsae_sha256"}, {"0805", "rsa_pss_rsae_sha384"}, {"0806", "rsa_pss_rsae_sha512"},
            {"0809", "rsa_pss_pss_sha256"}, {"080A", "rsa_pss_pss_sha384"}, {"080B", "rsa_pss_pss_sha512"},
            {"0401", "rsa_pkcs1_sha256"}, {"0501", "rsa_pkcs1_sha384"}, {"0601", "rsa_pkcs1_sha512"},
            {"0201", "rsa_pkcs1_sha1"},
        };
        for (String[] s : sigs) {
            SIG_NAMES.put(Integer.parseInt(s[0], 16), s[1]);
        }
    }

    static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> r = new java.util.ArrayList<>(a);
        for (Integer x : b) {
            if (!r.contains(x)) {
                r.add(x);
            }
        }
        return List.copyOf(r);
    }

    public static String version(int v) {
        switch (v) {
            case TLS13:
                return "TLS 1.3";
            case TLS12:
                return "TLS 1.2";
            case TLS11:
                return "TLS 1.1";
            case TLS10:
                return "TLS 1.0";
            case 0x0300:
                return "SSL 3.0";
            default:
                return String.format("0x%04X", v);
        }
    }

    public static String suite(int s) {
        String n = SUITE_NAMES.get(s);
        return n != null ? n : String.format("0x%04X", s);
    }

    public static String group(int g) {
        switch (g) {
            case X25519:
                return "x25519";
            case 30:
                return "x448";
            case SECP256R1:
                return "secp256r1";
            case SECP384R1:
                return "secp384r1";
            case SECP521R1:
                return "secp521r1";
            case FFDHE2048:
                return "ffdhe2048";
            case FFDHE3072:
                return "ffdhe3072";
            case 258:
                return "ffdhe4096";
            case 0x11EC:
                return "X25519MLKEM768";
            default:
                return String.format("0x%04X", g);
        }
    }

    public static String signatureScheme(int s) {
        String n = SIG_NAMES.get(s);
        return n != null ? n : String.format("0x%04X", s);
    }

    /** The alert's name from core's registry, e.g. "certificate_required" for 116; "alert_N" for unassigned codes. */
    public static String alert(int code) {
        return TlsAlerts.lookup(code).map(Alert::name).orElse("alert_" + code);
    }

    /** The family of a TLS 1.0-1.2 suite ("ECDHE-RSA"...), "TLS 1.3" for a TLS 1.3 suite, else "other". */
    public static String suiteFamily(int s) {
        if (SUITES_TLS13.contains(s)) {
            return "TLS 1.3";
        }
        for (Map.Entry<String, List<Integer>> e : SUITE_FAMILIES.entrySet()) {
            if (e.getValue().contains(s)) {
                return e.getKey();
            }
        }
        return "other";
    }

    static List<String> names(List<Integer> codes, java.util.function.IntFunction<String> f) {
        return codes.stream().map(c -> f.apply(c)).toList();
    }
}
