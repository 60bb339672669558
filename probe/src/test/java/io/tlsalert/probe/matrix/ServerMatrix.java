package io.tlsalert.probe.matrix;

import static io.tlsalert.probe.matrix.Stack.GO;
import static io.tlsalert.probe.matrix.Stack.HAPROXY;
import static io.tlsalert.probe.matrix.Stack.JDK;
import static io.tlsalert.probe.matrix.Stack.LIGHTTPD_GNUTLS;
import static io.tlsalert.probe.matrix.Stack.NODE;
import static io.tlsalert.probe.matrix.Stack.PYTHON;

import io.tlsalert.probe.Diagnosis;
import io.tlsalert.probe.Offer;
import io.tlsalert.probe.Target;
import io.tlsalert.testkit.TlsServerSpec;
import io.tlsalert.testkit.TlsService;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;

/**
 * The matrix of issue 12 item 8: real servers of six stacks, each in several misconfigurations, each case first
 * checked on the wire with {@code openssl s_client} (what the stack really sends: an alert, which one, or nothing),
 * then diagnosed by the probe. Each stack sends a different alert for the same cause, and some send none.
 *
 * <p>One server is started per row (a stack in one configuration) and every check of the row runs against it. A check
 * whose correct cause needs work not yet merged (issue 12's search, certificate classification, the HTTP check) is
 * {@link Status#PENDING}: it runs in {@link ProbeServerMatrixPendingTest} (tag {@code pending-i12}, excluded by
 * default); one that no branch answers yet is {@link Status#GAP}: {@link ProbeServerMatrixGapTest} (tag
 * {@code probe-gap}, excluded too); the others in
 * {@link ProbeServerMatrixTest}.
 */
final class ServerMatrix {
    private ServerMatrix() {}

    /** Whether main's probe names a check's cause. */
    enum Status {
        /** It does: {@link ProbeServerMatrixTest}. */
        ACTIVE,
        /** The rest of issue 12 (branches i12-search, i12-edge) does: {@link ProbeServerMatrixPendingTest}. */
        PENDING,
        /** No branch does yet: {@link ProbeServerMatrixGapTest}. */
        GAP
    }

    /** A server configuration: the misconfiguration, made for a stack (cipher strings are the stack's own). */
    enum Config {
        HEALTHY,
        TLS13_ONLY,
        TLS10_ONLY,
        ONE_SUITE,
        CLIENT_CERT,
        CLIENT_CERT_AT_HTTP,
        SELF_SIGNED,
        PRIVATE_ROOT_SENT,
        PRIVATE_ROOT_CHAIN,
        EXPIRED,
        NAME_MISMATCH,
        SNI_STRICT;

        TlsServerSpec spec(Fixture f, Stack s) {
            return switch (this) {
                case HEALTHY -> TlsServerSpec.of(f.ec);
                case TLS13_ONLY -> TlsServerSpec.of(f.ec).only("1.3");
                // OpenSSL 3 refuses TLS 1.0 at security level 1 and above (SHA-1 signatures): an admin who
                // enables it writes @SECLEVEL=0. The JDK's harness lifts jdk.tls.disabledAlgorithms for it.
                case TLS10_ONLY ->
                    s.openssl()
                            ? TlsServerSpec.of(f.ec).only("1.0").ciphers("DEFAULT:@SECLEVEL=0")
                            : TlsServerSpec.of(f.ec).only("1.0");
                case ONE_SUITE ->
                    switch (s) {
                        case PYTHON, HAPROXY ->
                            TlsServerSpec.of(f.ec).only("1.2").ciphers("ECDHE-ECDSA-CAMELLIA256-SHA384");
                        case NODE -> TlsServerSpec.of(f.ec).only("1.2").ciphers("ECDHE-ECDSA-AES128-CCM");
                        // Go and the JDK have neither CAMELLIA, CCM nor ARIA: 3DES with ECDHE-RSA is the suite outside
                        // the probe's default offer that both can be told to serve alone.
                        case GO, JDK ->
                            TlsServerSpec.of(f.rsa).only("1.2").ciphers("TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA");
                        // mod_gnutls maps OpenSSL cipher-string keywords to GnuTLS priorities (CAMELLIA256:
                        // +CAMELLIA-256-GCM:+CAMELLIA-256-CBC); with an EC key GnuTLS then has only
                        // TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384.
                        case LIGHTTPD_GNUTLS ->
                            TlsServerSpec.of(f.ec).only("1.2").ciphers("!ALL:CAMELLIA256");
                    };
                case CLIENT_CERT -> TlsServerSpec.of(f.ec).requireClientCert(f.pki.caPem);
                case CLIENT_CERT_AT_HTTP -> TlsServerSpec.of(f.ec).clientCertAtHttp(f.pki.caPem);
                case SELF_SIGNED -> TlsServerSpec.of(f.selfSigned);
                case PRIVATE_ROOT_SENT -> TlsServerSpec.of(f.viaInter).chain(f.pki.interPem, f.pki.caPem);
                case PRIVATE_ROOT_CHAIN -> TlsServerSpec.of(f.viaInter).chain(f.pki.interPem);
                case EXPIRED -> TlsServerSpec.of(f.expired);
                case NAME_MISMATCH -> TlsServerSpec.of(f.otherName);
                case SNI_STRICT -> TlsServerSpec.of(f.goodTest).onlyName("good.test");
            };
        }
    }

    /** How the probe is run in a check: the offer, the target's SNI and the trust store. */
    enum Probe {
        /** The default offer (TLS 1.3 + 1.2) with SNI localhost, trusting the test root. */
        BROAD,
        /** The user's pin: TLS 1.2 only. */
        TLS12,
        /** The default offer, trusting only an unrelated root. */
        FOREIGN_TRUST,
        /** No SNI in the offer; the target's name (known to the probe's follow-ups) is good.test. */
        NO_SNI,
        /** SNI bad.test, a name the server does not serve. */
        BAD_SNI,
        /** SNI good.test, the one name the server serves. */
        GOOD_SNI;

        Diagnosis run(Fixture f, int port) {
            Target plain = new Target("127.0.0.1", port, Optional.empty());
            Target good = new Target("127.0.0.1", port, Optional.of("good.test"));
            Offer broad = Offer.broad().withSni("localhost");
            return switch (this) {
                case BROAD -> f.prober.diagnose(plain, broad);
                case TLS12 -> f.prober.diagnose(plain, broad.withVersions(ProtocolVersion.TLS_1_2));
                case FOREIGN_TRUST -> f.foreignProber.diagnose(plain, broad);
                case NO_SNI -> f.prober.diagnose(good, Offer.broad());
                case BAD_SNI -> f.prober.diagnose(plain, Offer.broad().withSni("bad.test"));
                case GOOD_SNI -> f.prober.diagnose(good, Offer.broad().withSni("good.test"));
            };
        }
    }

    /**
     * One check against a running server.
     *
     * @param sClient s_client's options besides -connect/-msg ("%CA%" and "%FOREIGN_CA%" stand for the roots' files)
     * @param wire    what the stack does on the wire, as s_client sees it
     * @param probe   how the probe is run
     * @param cause   the cause id the probe must name
     * @param accepts a text the cause's "accepts" must contain ("" for no check)
     * @param status  whether main's probe names the cause, or work not yet merged is needed, or no branch does yet
     */
    record Check(
            String label, List<String> sClient, Wire wire, Probe probe, String cause, String accepts, Status status) {
        Check asPending() {
            return new Check(label, sClient, wire, probe, cause, accepts, Status.PENDING);
        }

        /** A gap on {@code stack}s where {@code gap} holds: no branch names this cause yet. */
        Check gapIf(boolean gap) {
            return gap ? new Check(label, sClient, wire, probe, cause, accepts, Status.GAP) : this;
        }

        Check accepting(String text) {
            return new Check(label, sClient, wire, probe, cause, text, status);
        }
    }

    /** A stack in one configuration, and the checks run against that one server. */
    record Row(Stack stack, Config config, List<Check> checks) {
        Row only(Status status) {
            return new Row(
                    stack,
                    config,
                    checks.stream().filter(c -> c.status() == status).toList());
        }

        @Override
        public String toString() {
            return stack.label + ": " + config.name().toLowerCase().replace('_', '-');
        }
    }

    static Check check(String label, Wire wire, Probe probe, String cause, String... sClient) {
        return new Check(label, List.of(sClient), wire, probe, cause, "", Status.ACTIVE);
    }

    /** s_client's default: SNI localhost, the host name and chain checked against the test root. */
    static final String[] LOCALHOST = {"-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", "%CA%"};

    static String[] sc(String... extra) {
        List<String> all = new ArrayList<>(List.of(LOCALHOST));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /** Every row of the matrix; {@link Row#only} splits them into the active and pending classes. */
    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Stack s : Stack.values()) {
            rows.addAll(rows(s));
        }
        return rows;
    }

    /** The rows of one stack: the facts recorded with s_client, and the causes the probe must name. */
    static List<Row> rows(Stack s) {
        List<Row> rows = new ArrayList<>();
        // Healthy: every stack completes.
        rows.add(
                new Row(s, Config.HEALTHY, List.of(check("default offer", Wire.completes(), Probe.BROAD, "ok", sc()))));
        // TLS 1.3 only, the client pinned to TLS 1.2: the OpenSSL, Go and JDK stacks send protocol_version; GnuTLS
        // (mod_gnutls) finds no suite for TLS 1.2 (GNUTLS_E_NO_CIPHER_SUITES) and closes without an alert.
        rows.add(new Row(
                s,
                Config.TLS13_ONLY,
                List.of(check(
                        "TLS 1.2 pin",
                        s == LIGHTTPD_GNUTLS ? Wire.closes() : Wire.alert("protocol_version"),
                        Probe.TLS12,
                        "server-requires-newer-tls",
                        sc("-tls1_2")))));
        // TLS 1.0 only, the client offering 1.2 and 1.3 (supported_versions): most send protocol_version; GnuTLS
        // answers with a TLS 1.0 ServerHello, which the client refuses.
        rows.add(new Row(
                s,
                Config.TLS10_ONLY,
                List.of(check(
                                "TLS 1.2 + 1.3 offer",
                                s == LIGHTTPD_GNUTLS
                                        ? Wire.clientRefuses("protocol_version")
                                        : Wire.alert("protocol_version"),
                                Probe.BROAD,
                                "server-requires-older-tls",
                                sc("-no_tls1", "-no_tls1_1"))
                        // The probe sees its own protocol_version (raised by its TLS stack on the 1.0 ServerHello) and
                        // stops with unknown: the search over versions (item 1) is to find TLS 1.0.
                        .gapIf(s == LIGHTTPD_GNUTLS))));
        // One suite outside the default offer: the search (item 1) must find and name it.
        rows.add(new Row(
                s,
                Config.ONE_SUITE,
                List.of(check(
                                "default offer",
                                s == LIGHTTPD_GNUTLS ? Wire.closes() : Wire.alert("handshake_failure"),
                                Probe.BROAD,
                                "no-shared-cipher-suite",
                                sc())
                        .accepting(oneSuite(s))
                        .asPending())));
        // Client certificate required, none sent.
        // GnuTLS asks for the certificate and closes without an alert when none comes: the probe answers unknown
        // today (the CertificateRequest is in its evidence; the silence is not read as the refusal).
        rows.add(new Row(
                s,
                Config.CLIENT_CERT,
                List.of(
                        check("TLS 1.3", clientCertWire(s, true), Probe.BROAD, "client-certificate-required", sc())
                                .gapIf(s == LIGHTTPD_GNUTLS),
                        check(
                                        "TLS 1.2",
                                        clientCertWire(s, false),
                                        Probe.TLS12,
                                        "client-certificate-required",
                                        sc("-tls1_2"))
                                .gapIf(s == LIGHTTPD_GNUTLS))));
        // A client certificate requested, the handshake completed without one, the request refused with 403
        // (HAProxy's verify optional + http-request deny; the applications of the others): item 4's HTTP check.
        if (s != LIGHTTPD_GNUTLS) {
            rows.add(new Row(
                    s,
                    Config.CLIENT_CERT_AT_HTTP,
                    List.of(
                            check("TLS 1.3", Wire.http(403), Probe.BROAD, "client-certificate-required", sc())
                                    .asPending(),
                            check("TLS 1.2", Wire.http(403), Probe.TLS12, "client-certificate-required", sc("-tls1_2"))
                                    .asPending())));
        }
        // Certificates: no server sends an alert about its own chain; the client decides. A self-signed leaf is a
        // cause of its own in issue 12 (item 3); main calls it server-certificate-untrusted.
        rows.add(new Row(
                s,
                Config.SELF_SIGNED,
                List.of(check("default offer", Wire.completes(18), Probe.BROAD, "server-certificate-self-signed", sc())
                        .asPending())));
        // A private CA's chain, the root sent too: untrusted (main and issue 12 agree).
        rows.add(new Row(
                s,
                Config.PRIVATE_ROOT_SENT,
                List.of(check(
                        "trusting another root",
                        Wire.completes(19),
                        Probe.FOREIGN_TRUST,
                        "server-certificate-untrusted",
                        "-servername",
                        "localhost",
                        "-verify_hostname",
                        "localhost",
                        "-CAfile",
                        "%FOREIGN_CA%"))));
        // The same chain without its root, as servers rightly send it: complete up to a root the store lacks, so
        // untrusted (item 3); main calls it a missing intermediate.
        rows.add(new Row(
                s,
                Config.PRIVATE_ROOT_CHAIN,
                List.of(check(
                                "trusting another root",
                                Wire.completes(20),
                                Probe.FOREIGN_TRUST,
                                "server-certificate-untrusted",
                                "-servername",
                                "localhost",
                                "-verify_hostname",
                                "localhost",
                                "-CAfile",
                                "%FOREIGN_CA%")
                        .asPending())));
        rows.add(new Row(
                s,
                Config.EXPIRED,
                List.of(check("default offer", Wire.completes(10), Probe.BROAD, "server-certificate-expired", sc()))));
        rows.add(new Row(
                s,
                Config.NAME_MISMATCH,
                List.of(check(
                        "default offer", Wire.completes(62), Probe.BROAD, "server-certificate-name-mismatch", sc()))));
        if (s != LIGHTTPD_GNUTLS) {
            rows.add(new Row(s, Config.SNI_STRICT, sniChecks(s)));
        }
        return rows;
    }

    /** The IANA name of the one suite {@link Config#ONE_SUITE} serves on this stack. */
    static String oneSuite(Stack s) {
        return switch (s) {
            case PYTHON, HAPROXY -> "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384";
            case NODE -> "TLS_ECDHE_ECDSA_WITH_AES_128_CCM";
            case GO, JDK -> "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA";
            case LIGHTTPD_GNUTLS -> "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384";
        };
    }

    /**
     * Without the client certificate it requires: OpenSSL sends certificate_required (116) in TLS 1.3 and
     * handshake_failure (40) in 1.2; Go and the JDK bad_certificate (42) in both; GnuTLS closes without an alert.
     */
    static Wire clientCertWire(Stack s, boolean tls13) {
        return switch (s) {
            case PYTHON, NODE, HAPROXY -> Wire.alert(tls13 ? "certificate_required" : "handshake_failure");
            case GO, JDK -> Wire.alert("bad_certificate");
            case LIGHTTPD_GNUTLS -> Wire.closes();
        };
    }

    /**
     * Strict SNI (one name served). No SNI: Python, Go and HAProxy send unrecognized_name, Node handshake_failure (its
     * default context has no certificate), the JDK serves its certificate (SNIMatcher sees only names that were
     * sent). Another name: unrecognized_name, but Node closes without an alert (its SNICallback failed).
     */
    static List<Check> sniChecks(Stack s) {
        Wire none = switch (s) {
            case NODE -> Wire.alert("handshake_failure");
            case JDK -> Wire.completes();
            default -> Wire.alert("unrecognized_name");
        };
        Wire bad = s == NODE ? Wire.closes() : Wire.alert("unrecognized_name");
        String[] goodName = {"-servername", "good.test", "-verify_hostname", "good.test", "-CAfile", "%CA%"};
        String[] noName = {"-noservername", "-verify_hostname", "good.test", "-CAfile", "%CA%"};
        String[] badName = {"-servername", "bad.test", "-verify_hostname", "good.test", "-CAfile", "%CA%"};
        return List.of(
                check("SNI good.test", Wire.completes(), Probe.GOOD_SNI, "ok", goodName),
                // The JDK served good.test's certificate to a client that named no host (127.0.0.1): for that client
                // the name does not match.
                check(
                        "no SNI",
                        none,
                        Probe.NO_SNI,
                        s == JDK ? "server-certificate-name-mismatch" : "sni-required",
                        noName),
                // Node's silence on an unknown name: the probe says no-response today; the search with and without
                // SNI (item 1) is to find that the name is the matter.
                check("SNI bad.test", bad, Probe.BAD_SNI, "sni-unrecognized", badName)
                        .gapIf(s == NODE));
    }

    /**
     * Starts the row's server once, then for each check: s_client's view asserted, the probe run, its cause asserted.
     * Every mismatch of the row is reported together, with the server's log.
     */
    static void run(Fixture f, Row row) throws Exception {
        TlsServerSpec spec = row.config().spec(f, row.stack());
        try (TlsService server = row.stack().start(f.dir, spec)) {
            SoftAssertions soft = new SoftAssertions();
            for (Check c : row.checks()) {
                List<String> args = c.sClient().stream()
                        .map(a -> a.replace("%CA%", f.pki.caPem.toString())
                                .replace("%FOREIGN_CA%", f.foreign.caPem.toString()))
                        .toList();
                SClient s = SClient.run(f.dir, server.port(), args);
                String where = row + " / " + c.label();
                soft.check(() -> c.wire().check(s));
                long t0 = System.nanoTime();
                Diagnosis d = c.probe().run(f, server.port());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf(
                        "matrix | %s | %s | %s | wire: %s | probe: %s (%d handshakes, %d ms)%n",
                        row.stack().label,
                        row.config(),
                        c.label(),
                        c.wire().describe(),
                        d.cause().id(),
                        d.handshakes(),
                        ms);
                soft.assertThat(d.cause().id())
                        .as("%s: the probe's cause\n%s\nserver: %s", where, d.summary(), server)
                        .isEqualTo(c.cause());
                if (!c.accepts().isEmpty()) {
                    soft.assertThat(d.cause().accepts())
                            .as("%s: what the server accepts\n%s", where, d.summary())
                            .contains(c.accepts());
                }
            }
            soft.assertAll();
        }
    }
}
