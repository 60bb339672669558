package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Recall: every row of every derived table, fed back through explain in the line its stack really prints around it,
 * gives the row's alert and direction (or no finding, for a text that goes with no alert).
 */
class DerivedTextsTest {
    static final Explainer EX = TlsAlerts.explainer();

    /** What the stack fills in for a '*' in the text. */
    private static final String FILLED = "X25519";

    @TestFactory
    Stream<DynamicTest> everyRowIsFoundInItsStacksLine() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DerivedTexts.Row row : EX.derived().rows()) {
            for (String line : lines(row)) {
                tests.add(DynamicTest.dynamicTest(row.stack() + ": " + line, () -> check(row, line)));
            }
        }
        assertThat(tests).hasSizeGreaterThan(EX.derived().rows().size());
        return tests.stream();
    }

    /** The lines a stack prints around a row's text: its error queue line, its exception, its log line. */
    static List<String> lines(DerivedTexts.Row row) {
        String text = row.text().replace("*", FILLED);
        List<String> l = new ArrayList<>();
        switch (row.stack()) {
            case "openssl" -> {
                if (row.file().contains("s_client.tsv")) {
                    // openssl s_client/s_server -msg: the record line, then its bytes (level, description) in hex.
                    l.add(row.text().replace("*", "TLS 1.2") + "\n    0"
                            + (row.text().contains(" fatal ") ? 2 : 1)
                            + String.format(" %02x", row.alert().getAsInt()));
                    return l;
                }
                if (row.file().contains("openssl-verify.tsv")) {
                    // The verify text where curl, Python and s_client print it.
                    l.add("curl: (60) SSL certificate problem: " + text);
                    l.add("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                            + text + " (_ssl.c:1006)");
                    l.add("verify error:num=20:" + text);
                    return l;
                }
                for (Map.Entry<String, Integer> e : row.reasons().entrySet()) {
                    int reason = e.getValue();
                    if (e.getKey().startsWith("1.")) {
                        // OpenSSL 1.1.1: lib 20 (0x14) << 24 | function << 12 | reason, and the function's name.
                        if (reason <= 0xFFF) {
                            l.add(String.format(
                                    "140735193158592:error:1416F%03X:SSL routines:tls_process_server_certificate:%s:"
                                            + "ssl/statem/statem_clnt.c:1915:",
                                    reason, text));
                        }
                    } else {
                        // OpenSSL 3.x: lib 20 << 23 | reason; nginx prints the short form without function or file.
                        String packed = String.format("%08X", (20L << 23) | reason);
                        l.add("40C7E2B5D37F0000:error:" + packed
                                + ":SSL routines:tls_post_process_server_certificate:" + text
                                + ":../ssl/statem/statem_clnt.c:1889:");
                        l.add("SSL_do_handshake() failed (SSL: error:" + packed + ":SSL routines::" + text
                                + ") while SSL handshaking, client: 10.0.0.9, server: 0.0.0.0:443");
                    }
                }
                // Python's ssl module: "[SSL: NAME] text (_ssl.c:N)".
                l.add("ssl.SSLError: [SSL: " + row.token() + "] " + text + " (_ssl.c:1006)");
            }
            case "boringssl" -> {
                for (int reason : row.reasons().values()) {
                    // BoringSSL: lib 16 << 24 | reason, printed in hex by ERR_error_string_n, in decimal by Envoy.
                    long packed = (16L << 24) | reason;
                    l.add(String.format("error:%08x:SSL routines:OPENSSL_internal:%s", packed, text));
                    l.add("upstream connect error or disconnect/reset before headers. reset reason: connection failure,"
                            + " transport failure reason: TLS_error:|" + packed + ":SSL routines:OPENSSL_internal:"
                            + text + ":TLS_error_end");
                }
            }
            case "jdk" -> {
                if (!row.file().contains("jdk-debug.tsv")) {
                    l.add("javax.net.ssl.SSLHandshakeException: " + text);
                    return l;
                }
                // javax.net.debug: the protocol version where the line prints one. The old stack prints
                // "<thread>, <text>" to System.out; the new one logs through SSLLogger
                // ("javax.net.ssl|LEVEL|thread id|thread|date|file:line|<text>"), its record line ending in the length.
                String debug = row.text().replace("*", "TLSv1.2");
                if (debug.startsWith("WRITE: ")) {
                    l.add("javax.net.ssl|DEBUG|01|main|2026-11-22 10:00:00.000 UTC|SSLSocketOutputRecord.java:71|"
                            + debug + ", length = 2");
                } else if (debug.startsWith("Fatal (")) {
                    l.add("javax.net.ssl|ERROR|01|main|2026-11-22 10:00:00.000 UTC|TransportContext.java:375|" + debug
                            + " Couldn't kickstart handshaking (");
                } else {
                    l.add("main, " + debug);
                    l.add("http-nio-8443-exec-1, " + debug);
                }
            }
            case "go" -> l.add("2026/11/22 10:00:00 http: TLS handshake error from 1.2.3.4:5678: " + text);
            case "gnutls" -> {
                if (row.kind() == DerivedTexts.Kind.RECEIVED) {
                    // gnutls-cli (src/cli.c handle_error): the error, then the alert on its own line ("*** " on
                    // stdout; "- " where a client logs it as gnutls-cli's info lines).
                    l.add("*** Fatal error: A TLS fatal alert has been received.\n*** " + text);
                    l.add("- " + text);
                } else {
                    l.add("*** Fatal error: " + text);
                    l.add("*** handshake has failed: " + text);
                    l.add(
                            "W: Failed to fetch https://deb.example.org/dists/stable/InRelease  gnutls_handshake() failed: "
                                    + text);
                }
            }
            case "nss" -> {
                if (text.startsWith("NSS error -")) {
                    // curl built with NSS (lib/vtls/nss.c): "NSS error <number> (<name>)", here without the name.
                    l.add("* " + text);
                } else {
                    // Firefox's error page, and NSS's own tools (tstclnt, via SECU_PrintError).
                    l.add("Error code: " + text);
                    l.add("tstclnt: write to SSL socket failed: " + text + ": peer's text");
                }
            }
            case "rustls" -> {
                if (text.matches("[A-Za-z]+\\(.*")) {
                    // The Debug form, as {:?} of the io::Error that tokio-rustls returns prints it.
                    String closed = text.endsWith(")") ? text : text + ")";
                    l.add("Error: Custom { kind: InvalidData, error: " + closed + " }");
                    return l;
                }
                // A Rust program's error (Display), and reqwest/hyper's wrapper around it.
                l.add("Error: " + text);
                l.add("error sending request for url (https://localhost:8443/): error trying to connect: " + text);
            }
            case "mbedtls" -> {
                if (text.startsWith("-0x")) {
                    // programs/ssl/ssl_client2.c, and ESP-IDF's esp-tls.
                    l.add(" failed\n  ! mbedtls_ssl_handshake returned " + text);
                    l.add("E (5123) esp-tls-mbedtls: mbedtls_ssl_handshake returned " + text);
                } else if (row.token().startsWith("MBEDTLS_X509_BADCERT_")) {
                    // mbedtls_x509_crt_verify_info(buf, size, "  ! ", flags), one line per flag.
                    l.add("  ! " + text);
                } else {
                    // ssl_client2's "Last error was: %d - %s" with mbedtls_strerror().
                    l.add("Last error was: -30592 - " + text);
                }
            }
            case "wolfssl" -> {
                // examples/client/client.c "wolfSSL_connect error %d, %s", and the debug log's "error = %d": the code
                // first, the text after it (the code's row, same token).
                String code = row.text().startsWith("-")
                        ? row.text()
                        : EX.derived().rows().stream()
                                .filter(r -> r.stack().equals("wolfssl")
                                        && r.token().equals(row.token())
                                        && r.text().startsWith("-"))
                                .findFirst()
                                .orElseThrow()
                                .text();
                l.add("wolfSSL_connect error " + code + ", " + (row.text().startsWith("-") ? "text" : text));
                l.add("wolfSSL error occurred, error = " + code + " line:13398 file:src/internal.c");
                l.add("curl: (35) SSL_connect failed with error " + code + ": " + text);
            }
            case "curl" -> {
                if (row.text().startsWith("(")) {
                    l.add("* TLSv1.2 " + text + ":"); // curl -v
                } else if (row.text().startsWith("curl: (")) {
                    l.add(text);
                } else {
                    l.add("curl: (35) " + row.text().replace("*", "SSL_ERROR_SYSCALL") + " localhost:8443 ");
                }
            }
            case "python" -> {
                if (row.text().contains("*")) {
                    l.add("ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                            + row.text().replace("*", "bad.test") + " (_ssl.c:1006)");
                } else {
                    l.add("ssl.SSLError: " + text + " (_ssl.c:1006)");
                    if (row.text().endsWith("timed out")) {
                        l.add("TimeoutError: _ssl.c:975: " + text);
                    }
                }
            }
            case "node" -> {
                if (row.token().equals("-")) {
                    l.add("Error: " + text);
                } else {
                    l.add("  code: '" + text + "'");
                }
            }
            case "chrome" -> {
                // Chrome's DevTools console and its error page (net/base/net_error_list.h names, "net::" prefix).
                l.add("GET https://127.0.0.1:8443/ net::" + text);
                l.add("Your connection is not private ... NET::" + text);
                // Its log (--enable-logging=stderr), net/socket/ssl_client_socket_impl.cc, with the number.
                l.add(
                        "[25964:25984:1204/191556.728739:ERROR:net/socket/ssl_client_socket_impl.cc:949] handshake failed;"
                                + " returned -1, SSL error code 1, net_error -" + row.token());
            }
            case "erlang" -> {
                // ssl_alert.erl: the alert's sender's role, then the row (level and description).
                boolean received = row.kind() == DerivedTexts.Kind.RECEIVED;
                String t = (received ? "received SERVER ALERT: " : "generated CLIENT ALERT: ") + text;
                String where = received ? "hello " : "certify at ssl_handshake.erl:2109 ";
                l.add("{error,{tls_alert,{x,\"TLS client: In state " + where + t + "\\n\"}}}");
                l.add("=NOTICE REPORT==== 4-Dec-2026::19:19:16.783611 === TLS client: In state " + where + t);
            }
            case "bouncycastle" -> {
                if (text.startsWith("TlsFatalAlert")) {
                    l.add("org.bouncycastle.tls." + text);
                    l.add("javax.net.ssl.SSLHandshakeException: org.bouncycastle.tls." + text + "; detail");
                } else {
                    // BCJSSE's log (JsseUtils.getAlertRaisedLogMessage / getAlertReceivedLogMessage).
                    String verb = row.kind() == DerivedTexts.Kind.RECEIVED ? "received" : "raised";
                    l.add("Dec 04, 2026 7:30:00 PM org.bouncycastle.jsse.provider.ProvTlsClient notifyAlert"
                            + " INFO: [client #1 @2b2fa4f7] " + verb + " fatal(2) " + text);
                }
            }
            case "apple" -> {
                // The status by name, and by number as NSError, CFNetwork and URLSession print it.
                l.add("SSLHandshake returned " + text + " for 127.0.0.1");
                l.add("Error Domain=NSOSStatusErrorDomain Code=-" + row.token() + " \"(null)\"");
                l.add("CFNetwork SSLHandshake failed (-" + row.token() + ")");
                l.add("Task <7F1C>.<1> finished with error [-1200] Error Domain=NSURLErrorDomain Code=-1200 \"An SSL"
                        + " error has occurred and a secure connection to the server cannot be made.\" UserInfo={"
                        + "_kCFStreamErrorCodeKey=-" + row.token() + ", _kCFStreamErrorDomainKey=3}");
            }
            case "dotnet" -> {
                if (text.startsWith("RemoteCertificate")) {
                    // SslStream's exception (Strings.resx net_ssl_io_cert_validation) and a callback's log line.
                    l.add("System.Security.Authentication.AuthenticationException: The remote certificate is invalid"
                            + " according to the validation procedure: " + text);
                    l.add("info: Certificate validation failed, SslPolicyErrors: " + text);
                } else {
                    l.add("System.IO.IOException: " + text + ".");
                    l.add(" ---> System.Security.Authentication.AuthenticationException: " + text + ".");
                }
            }
            case "schannel" -> {
                // curl's schannel backend (name and HRESULT) and .NET on Windows (the HRESULT of its Win32Exception).
                l.add("curl: (35) schannel: next InitializeSecurityContext failed: " + text + " (0x8009" + row.token()
                        + ") - This error usually occurs when a fatal SSL/TLS alert is received (e.g. handshake"
                        + " failed).");
                l.add(" ---> System.ComponentModel.Win32Exception (0x8009" + row.token() + "): The message received was"
                        + " unexpected or badly formatted.");
            }
            case "android" -> {
                if (text.startsWith("Fatal alert received ")) {
                    l.add("javax.net.ssl.SSLException: " + text); // Harmony's SSLSocketImpl.processAlert
                } else if (text.startsWith("Connection closed")) {
                    l.add("javax.net.ssl.SSLHandshakeException: " + text);
                } else {
                    // Conscrypt's throwSSLExceptionWithSslErrors: "<message>: ssl=%p: <text>, <strerror>".
                    l.add("javax.net.ssl.SSLHandshakeException: SSL handshake aborted: ssl=0x7b2ce1a8: " + text
                            + ", Connection reset by peer");
                }
            }
            default -> throw new AssertionError("no line form for stack " + row.stack());
        }
        return l;
    }

    /**
     * Rows whose line a hand-written pattern answers with another fact of the same failure, and why that is right.
     */
    private static final Map<String, String> PATTERN_TELLS_MORE = Map.of(
            "Received close_notify during handshake",
            "SunJSSE received close_notify and answers with unexpected_message; the pattern reports the received"
                    + " alert, the one the user must act on",
            "Empty client certificate chain",
            "JDK 17.0.15 and older print it without the alert and send bad_certificate (seen on the wire by"
                    + " RealStackCorpusTest); the 17.0.21 and 25 sources send handshake_failure (TLS 1.2) or"
                    + " certificate_required (TLS 1.3) and put '(alert) ' before the message",
            "tls: client didn't provide a certificate",
            "Go 1.19 sends bad_certificate (handshake_server.go); Go 1.21+ sends certificate_required in TLS 1.3,"
                    + " which the pattern go-server-no-client-cert reports");

    /**
     * Rows whose line names two alerts, each a fact of its own: JDK 8's old SSLEngineImpl.recvAlert answers a
     * close_notify received during the handshake with fatal(unexpected_message, "Received close_notify during
     * handshake"), whose debug line "fatal error: 10: <text>" comes before it sends that alert (jdk-debug.tsv).
     */
    private static final Map<String, Integer> TWO_ALERTS =
            Map.of("fatal error: 10: Received close_notify during handshake", 0);

    private static void check(DerivedTexts.Row row, String line) {
        Explanation e = EX.explain(line);
        if (TWO_ALERTS.containsKey(row.text())) {
            assertThat(e.findings())
                    .as(line)
                    .extracting(Finding::code, Finding::direction)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(row.alert().getAsInt(), Direction.SENT),
                            org.assertj.core.groups.Tuple.tuple(TWO_ALERTS.get(row.text()), Direction.RECEIVED));
            return;
        }
        assertThat(e.findings()).as("one finding per fact: %s", line).hasSizeLessThanOrEqualTo(1);
        if (e.findings().isEmpty()) {
            // No alert: the row says so, or a hand-written pattern says so and the source agrees at another site.
            assertThat(row.kind() == DerivedTexts.Kind.NONE || row.also().contains("none"))
                    .as("%s (%s) gives no finding", row.text(), row.source())
                    .isTrue();
            assertThat(e.notes()).as("but a note").isNotEmpty();
            return;
        }
        Finding f = e.findings().get(0);
        if (f.patternId().startsWith("derived-")) {
            assertThat(row.kind()).isNotEqualTo(DerivedTexts.Kind.NONE);
            assertThat(f.code())
                    .as("%s (%s)", row.text(), row.source())
                    .isEqualTo(row.alert().getAsInt());
            assertThat(f.direction()).isEqualTo(direction(row));
            assertThat(f.evidence()).as("%s: evidence", line).isEqualTo(evidence(row));
            // A library's line is attributed to the program that printed it (nginx, Python, Envoy print OpenSSL's).
            assertThat(f.stack().equals(row.stack())
                            || EX.stacks()
                                    .byId(f.stack())
                                    .flatMap(Stack::base)
                                    .equals(java.util.Optional.of(row.stack())))
                    .as("%s: stack %s for a %s row", line, f.stack(), row.stack())
                    .isTrue();
            return;
        }
        // A hand-written pattern answered first (it may know the TLS version's choice): its alert must be one the
        // source sends with this text.
        if (PATTERN_TELLS_MORE.containsKey(row.text())) {
            return;
        }
        assertThat(row.kind() == DerivedTexts.Kind.NONE ? Direction.SENT : direction(row))
                .as("%s: direction", line)
                .isEqualTo(f.direction());
        assertThat(row.alert().stream().mapToObj(String::valueOf).toList().contains(String.valueOf(f.code()))
                        || row.also().contains(String.valueOf(f.code())))
                .as(
                        "%s (%s): pattern %s gives %s, the source %s also %s",
                        line, row.source(), f.patternId(), f.code(), row.alert(), row.also())
                .isTrue();
    }

    private static Direction direction(DerivedTexts.Row row) {
        return row.kind() == DerivedTexts.Kind.RECEIVED ? Direction.RECEIVED : Direction.SENT;
    }

    /** A received row, and a written one (a trace's own alert), is the alert itself; a sent row only implies it. */
    private static Evidence evidence(DerivedTexts.Row row) {
        return row.kind() == DerivedTexts.Kind.SENT ? Evidence.IMPLIED : Evidence.ALERT;
    }

    @Test
    void everyStackHasATableAndEveryDerivedFindingSaysWhy() {
        for (String stack : List.of(
                "openssl",
                "boringssl",
                "jdk",
                "go",
                "gnutls",
                "nss",
                "rustls",
                "mbedtls",
                "wolfssl",
                "curl",
                "python",
                "node",
                "chrome",
                "erlang",
                "bouncycastle",
                "apple",
                "dotnet",
                "schannel")) {
            assertThat(EX.derived().rows())
                    .anySatisfy(r -> assertThat(r.stack()).isEqualTo(stack));
            for (Lang lang : Lang.values()) {
                assertThat(TlsAlerts.registry().texts().find(lang, "pattern.derived-" + stack + ".why"))
                        .as("pattern.derived-%s.why in %s", stack, lang)
                        .isPresent();
            }
        }
        for (Lang lang : Lang.values()) {
            assertThat(TlsAlerts.registry().texts().find(lang, "derived.none.why"))
                    .isPresent();
        }
    }

    @Test
    void lighttpdLogsGnutlsErrorsAndSendsNoAlert() {
        // lighttpd's mod_gnutls (1.4.69 src/mod_gnutls.c) logs "(GNUTLS_E_<name>) <text>" and closes the connection:
        // each GnuTLS error that would send an alert from gnutls-cli is a no-alert note there.
        int checked = 0;
        for (DerivedTexts.Row row : EX.derived().rows()) {
            if (!row.stack().equals("gnutls") || row.kind() != DerivedTexts.Kind.SENT) {
                continue;
            }
            String line = "2026-12-04 19:11:33: (mod_gnutls.c.2360) GnuTLS: mod_gnutls_read_err: (GNUTLS_E_"
                    + row.token() + ") " + row.text().replace("*", FILLED);
            Explanation e = EX.explain(line);
            if (row.token().equals("CERTIFICATE_VERIFICATION_ERROR")) {
                // mod_gnutls's own verify callback sent access_denied before this error (pattern
                // lighttpd-gnutls-client-verify).
                assertThat(e.findings())
                        .singleElement()
                        .satisfies(f -> assertThat(f.code()).isEqualTo(49));
                continue;
            }
            assertThat(e.findings()).as(line).isEmpty();
            assertThat(e.notes())
                    .as(line)
                    .singleElement()
                    .satisfies(n -> assertThat(n.textKey()).isEqualTo("stack.lighttpd.no-alert"));
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void everyRowSaysWhereItWasRead() {
        for (DerivedTexts.Row r : EX.derived().rows()) {
            assertThat(r.source()).as(r.file()).matches("\\S+/\\S+ .*@.*:\\d+.*");
            assertThat(r.versions()).as(r.file()).isNotEmpty();
        }
    }

    @Test
    void aLineThatNamesItsAlertImpliesNoSecondOne() {
        // JDK 20+ (and 17.0.x updates) put the alert before the message; "PKIX path validation failed" alone would
        // imply certificate_unknown (46).
        Explanation e =
                EX.explain("javax.net.ssl.SSLHandshakeException: (certificate_expired) PKIX path validation failed: "
                        + "java.security.cert.CertPathValidatorException: validity check failed");
        assertThat(e.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(45);
            assertThat(f.direction()).isEqualTo(Direction.SENT);
            assertThat(f.evidence()).isEqualTo(Evidence.ALERT);
        });
    }

    @Test
    void derivedRowsComeFromTheSourceOfTheirStack() {
        // One example per stack that no hand-written pattern knows.
        assertThat(EX.explain("40F7A1B1E77F0000:error:0A00006E:SSL routines:tls_parse_ctos_ec_pt_formats:bad extension:"
                                + "../ssl/statem/extensions_srvr.c:409:")
                        .findings())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo(50);
                    assertThat(f.direction()).isEqualTo(Direction.SENT);
                    assertThat(f.evidence()).isEqualTo(Evidence.IMPLIED);
                    assertThat(f.stack()).isEqualTo("openssl");
                    assertThat(f.patternId()).isEqualTo("derived-openssl");
                });
        // JDK 8's old SSLSocketImpl.recvAlert prints the name without "description = " (jdk-debug.tsv, from
        // recvAlert's prints); the pattern jdk8-debug-recv reads the same form first, keeping the level: a warning
        // unrecognized_name is no failure of its own.
        assertThat(EX.explain("http-nio-8443-exec-3, RECV TLSv1 ALERT:  warning, unrecognized_name")
                        .findings())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo(112);
                    assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
                    assertThat(f.evidence()).isEqualTo(Evidence.ALERT);
                    assertThat(f.level()).contains("warning");
                    assertThat(f.stack()).isEqualTo("jdk");
                });
        assertThat(EX.explain("http: TLS handshake error from 10.0.0.9:443: remote error: bad certificate")
                        .findings())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.code()).isEqualTo(42);
                    assertThat(f.direction()).isEqualTo(Direction.RECEIVED);
                    assertThat(f.stack()).isEqualTo("go");
                });
        assertThat(EX.explain("http: TLS handshake error from 10.0.0.9:443: tls: first record does not look like a"
                        + " TLS handshake"))
                .satisfies(e -> {
                    assertThat(e.findings()).isEmpty();
                    assertThat(e.notes())
                            .singleElement()
                            .satisfies(n -> assertThat(n.textKey()).isEqualTo("derived.none.why"));
                });
    }
}
