package io.tlsalert.realstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tlsalert.TlsAlerts;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Evidence;
import io.tlsalert.explain.Finding;
import io.tlsalert.realstack.Peers.Certs;
import io.tlsalert.realstack.Peers.Run;
import io.tlsalert.realstack.Peers.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-stack corpus: real TLS peers (OpenSSL s_client/s_server, curl, Python ssl, Node tls, the JDK) on
 * 127.0.0.1 in failing configurations. Each (scenario, stack, role) yields two tests:
 * <ul>
 *   <li><b>wire</b>: the alert that really crossed the wire, as the OpenSSL peer's {@code -msg} shows it (so the
 *       expectation is checked, not assumed);</li>
 *   <li><b>explain</b>: {@code TlsAlerts.explain(text)} of exactly what the stack printed finds that alert with the
 *       right direction and evidence, and nothing contradicting it.</li>
 * </ul>
 * Where the stack sends no alert at all (Node checks certificates after the handshake and just closes), the
 * explain test asserts that the engine does not claim one was sent or received.
 *
 * <p>A peer that fails to start or a stack that reports no error fails the test. Runs execute 4 at a time.
 * The verbatim texts and the reasoning behind each expectation are in {@code /work/parts/real-texts.md}.
 */
class RealStackCorpusTest {

    @TempDir
    static Path tmp;

    private static ExecutorService pool;

    private static final Map<Integer, String> NAMES = Map.of(
            40,
            "handshake_failure",
            42,
            "bad_certificate",
            45,
            "certificate_expired",
            46,
            "certificate_unknown",
            48,
            "unknown_ca",
            70,
            "protocol_version",
            112,
            "unrecognized_name",
            116,
            "certificate_required",
            120,
            "no_application_protocol");

    /**
     * SunJSSE (the JDK under test runs in this JVM) changed its alerts within JDK 17's updates: 17.0.15 sends
     * certificate_unknown (46) for an expired server certificate and bad_certificate (42) for a TLS 1.3 client that
     * sends none; 17.0.21 sends certificate_expired (45) and certificate_required (116), and names the alert in the
     * exception. Both were seen on Debian 12's packages; the updates between them were not checked and are taken to
     * behave like 17.0.21, as do later feature releases.
     */
    static final boolean JDK_SPECIFIC_ALERTS =
            Runtime.version().feature() > 17 || Runtime.version().update() > 15;

    /** The expected outcome; {@code code == null}: no alert from the stack under test. */
    record Expect(Integer code, Direction direction, Evidence evidence, int wireCode, String wireSender) {
        static Expect received(int code, String role) {
            return new Expect(code, Direction.RECEIVED, Evidence.ALERT, code, Peers.other(role));
        }

        static Expect sentImplied(int code, String role) {
            return new Expect(code, Direction.SENT, Evidence.IMPLIED, code, role);
        }

        static Expect noAlert(String role) {
            return new Expect(null, null, null, -1, role);
        }
    }

    record Case(String scenario, String stack, String role, Expect expect, Callable<Run> run) {
        /** Prefix for failure messages: surefire reports dynamic tests by index only. */
        String label() {
            return "[" + who() + " | " + scenario + "] ";
        }

        String who() {
            return switch (stack) {
                case "openssl" -> role.equals("client") ? "openssl s_client" : "openssl s_server";
                case "python", "node", "jdk" -> stack + " " + role;
                default -> stack;
            };
        }
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(20, TimeUnit.SECONDS);
        }
    }

    @TestFactory
    Stream<DynamicNode> realStacks() throws Exception {
        Certs certs = Peers.makeCerts(tmp.resolve("certs"));
        List<Case> cases = cases(certs);
        pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "realstack-run");
            t.setDaemon(true);
            return t;
        });
        Map<Case, Future<Run>> runs = new LinkedHashMap<>();
        for (Case c : cases) {
            runs.put(c, pool.submit(c.run()));
        }
        pool.shutdown();
        Map<String, List<Case>> byScenario =
                cases.stream().collect(Collectors.groupingBy(Case::scenario, LinkedHashMap::new, Collectors.toList()));
        return byScenario.entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(
                        e.getKey(),
                        e.getValue().stream()
                                .flatMap(c -> Stream.of(
                                        DynamicTest.dynamicTest(
                                                c.who() + ": wire " + wireLabel(c), () -> checkWire(c, runs.get(c))),
                                        DynamicTest.dynamicTest(
                                                c.who() + ": explain " + explainLabel(c),
                                                () -> checkExplain(c, runs.get(c)))))));
    }

    // ------------------------------------------------------------------ the matrix

    private static final List<String> CLIENTS = List.of("openssl", "curl", "python", "node", "jdk");
    private static final List<String> SERVERS = List.of("openssl", "python", "node", "jdk");

    private static List<Case> cases(Certs c) {
        Supplier<Spec> srv = () -> new Spec().ca(c.ca()).cert(c.serverPem(), c.serverKey(), c.serverP12());
        Supplier<Spec> expiredSrv = () -> new Spec().ca(c.ca()).cert(c.expiredPem(), c.expiredKey(), c.expiredP12());
        Supplier<Spec> cli = () -> new Spec().ca(c.ca());
        List<Case> out = new ArrayList<>();

        // --- the client's text under test; the server is openssl s_server -msg
        String s = "protocol_version (70): server TLS 1.3 only, client capped at TLS 1.2";
        for (String st : CLIENTS) {
            out.add(client(s, st, srv.get().min("1.3"), cli.get().max("1.2"), Expect.received(70, "client")));
        }
        s = "handshake_failure (40): TLS 1.2, no shared cipher suite";
        for (String st : CLIENTS) {
            out.add(client(
                    s,
                    st,
                    srv.get().max("1.2").ciphers("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
                    cli.get()
                            .max("1.2")
                            .ciphers("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                    Expect.received(40, "client")));
        }
        s = "unknown_ca (48): client presents a cert from a CA the server does not trust";
        for (String st : CLIENTS) {
            out.add(client(
                    s,
                    st,
                    srv.get().requireClientCert(),
                    cli.get()
                            .cert(c.foreignClientPem(), c.foreignClientKey(), c.foreignClientP12())
                            .forceClientCert(),
                    Expect.received(48, "client")));
        }
        s = "certificate_required (116): TLS 1.3 server requires a client cert, client sends none";
        for (String st : CLIENTS) {
            out.add(client(s, st, srv.get().requireClientCert().min("1.3"), cli.get(), Expect.received(116, "client")));
        }
        s = "unrecognized_name (112): s_server -servername good.test -servername_fatal, client SNI bad.test";
        for (String st : CLIENTS) {
            out.add(client(
                    s, st, srv.get().sni("good.test"), cli.get().sni("bad.test"), Expect.received(112, "client")));
        }
        s = "no_application_protocol (120): server ALPN h2 only, client offers http/1.1 only";
        for (String st : CLIENTS) {
            out.add(client(s, st, srv.get().alpn("h2"), cli.get().alpn("http/1.1"), Expect.received(120, "client")));
        }
        s = "client rejects an untrusted server cert (OpenSSL family: unknown_ca 48, JDK: certificate_unknown 46,"
                + " Node: no alert)";
        for (String st : CLIENTS) {
            Expect x = switch (st) {
                case "jdk" -> Expect.sentImplied(46, "client");
                case "node" -> Expect.noAlert("client");
                default -> Expect.sentImplied(48, "client");
            };
            out.add(client(s, st, srv.get(), new Spec().ca(c.otherCa()), x));
        }
        s = "client rejects an expired server cert (OpenSSL family: certificate_expired 45, JDK 17.0.15:"
                + " certificate_unknown 46, later JDKs 45, Node: no alert)";
        for (String st : CLIENTS) {
            Expect x = switch (st) {
                case "jdk" -> Expect.sentImplied(JDK_SPECIFIC_ALERTS ? 45 : 46, "client");
                case "node" -> Expect.noAlert("client");
                default -> Expect.sentImplied(45, "client");
            };
            out.add(client(s, st, expiredSrv.get(), cli.get(), x));
        }

        // --- the server's text under test; the client is openssl s_client -msg
        s = "server side: protocol_version (70) sent, server TLS 1.3 only vs client capped at TLS 1.2";
        for (String st : SERVERS) {
            out.add(server(s, st, srv.get().min("1.3"), cli.get().max("1.2"), Expect.sentImplied(70, "server")));
        }
        s = "server side: protocol_version (70) sent, server capped at TLS 1.2 vs client TLS 1.3 only";
        for (String st : SERVERS) {
            out.add(server(s, st, srv.get().max("1.2"), cli.get().min("1.3"), Expect.sentImplied(70, "server")));
        }
        s = "server side: handshake_failure (40) sent, TLS 1.2 no shared cipher suite";
        for (String st : SERVERS) {
            out.add(server(
                    s,
                    st,
                    srv.get().max("1.2").ciphers("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
                    cli.get().max("1.2").ciphers("ECDHE-RSA-AES256-GCM-SHA384", null),
                    Expect.sentImplied(40, "server")));
        }
        s = "server side: client cert from an untrusted CA (OpenSSL family: unknown_ca 48 sent, JDK:"
                + " certificate_unknown 46, Node: no alert)";
        for (String st : SERVERS) {
            Expect x = switch (st) {
                case "jdk" -> Expect.sentImplied(46, "server");
                case "node" -> Expect.noAlert("server");
                default -> Expect.sentImplied(48, "server");
            };
            out.add(server(
                    s,
                    st,
                    srv.get().requireClientCert(),
                    cli.get().cert(c.foreignClientPem(), c.foreignClientKey(), null),
                    x));
        }
        s = "server side: TLS 1.3 client sends no cert (OpenSSL family: certificate_required 116 sent, JDK 17.0.15:"
                + " bad_certificate 42, later JDKs 116)";
        for (String st : SERVERS) {
            Expect x = st.equals("jdk") && !JDK_SPECIFIC_ALERTS
                    ? Expect.sentImplied(42, "server")
                    : Expect.sentImplied(116, "server");
            out.add(server(s, st, srv.get().requireClientCert().min("1.3"), cli.get(), x));
        }
        // python is left out: its text is the generic "[SSL: CALLBACK_FAILED] callback failed" (see real-texts.md)
        s = "server side: unknown SNI bad.test (unrecognized_name 112 sent; Node: no alert)";
        for (String st : List.of("openssl", "node", "jdk")) {
            Expect x = st.equals("node") ? Expect.noAlert("server") : Expect.sentImplied(112, "server");
            out.add(server(s, st, srv.get().sni("good.test"), cli.get().sni("bad.test"), x));
        }
        // python is left out: with set_alpn_protocols(['h2']) it completes the handshake without ALPN (no error)
        s = "server side: ALPN h2 only vs client http/1.1 only (no_application_protocol 120 sent)";
        for (String st : List.of("openssl", "node", "jdk")) {
            out.add(server(s, st, srv.get().alpn("h2"), cli.get().alpn("http/1.1"), Expect.sentImplied(120, "server")));
        }
        // the JDK server runs TLS 1.2 here: under TLS 1.3 it cannot read OpenSSL's plaintext alert (real-texts.md)
        s = "server side: client rejects the server cert and sends unknown_ca (48) (JDK server on TLS 1.2)";
        for (String st : SERVERS) {
            Spec sp = srv.get();
            if (st.equals("jdk")) {
                sp.max("1.2");
            }
            out.add(server(s, st, sp, new Spec().ca(c.otherCa()), Expect.received(48, "server")));
        }
        s = "server side: client rejects the expired server cert and sends certificate_expired (45)"
                + " (JDK server on TLS 1.2)";
        for (String st : SERVERS) {
            Spec sp = expiredSrv.get();
            if (st.equals("jdk")) {
                sp.max("1.2");
            }
            out.add(server(s, st, sp, cli.get(), Expect.received(45, "server")));
        }
        return out;
    }

    private static Case client(String scenario, String stack, Spec server, Spec client, Expect x) {
        return new Case(scenario, stack, "client", x, () -> Peers.clientUnderTest(stack, server, client));
    }

    private static Case server(String scenario, String stack, Spec server, Spec client, Expect x) {
        return new Case(scenario, stack, "server", x, () -> Peers.serverUnderTest(stack, server, client));
    }

    // ------------------------------------------------------------------ checks

    private static String name(int code) {
        return NAMES.getOrDefault(code, "alert " + code);
    }

    private static String wireLabel(Case c) {
        Expect x = c.expect();
        if (x.code() == null) {
            return "— the " + c.role() + " sends no alert";
        }
        return "— " + x.wireSender() + " sent " + x.wireCode() + " " + name(x.wireCode());
    }

    private static String explainLabel(Case c) {
        Expect x = c.expect();
        if (x.code() == null) {
            return "→ no alert claimed as sent or received";
        }
        return "→ " + x.direction() + " " + x.code() + " " + name(x.code()) + " (" + x.evidence() + ")";
    }

    private static Run await(Case c, Future<Run> f) throws Exception {
        Run run;
        try {
            run = f.get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(c.label() + "the peers could not be run: " + e.getCause(), e.getCause());
        }
        if (!run.failed() || run.text().isBlank()) {
            fail(
                    "%s%s reported no error — the scenario did not fail as set up.%n%s",
                    c.label(), c.who(), run.transcript());
        }
        return run;
    }

    private static void checkWire(Case c, Future<Run> f) throws Exception {
        Run run = await(c, f);
        dump(c, run);
        Expect x = c.expect();
        String ctx = "alerts on the wire (openssl -msg): " + run.wire() + "\n\n" + run.transcript();
        if (x.code() == null) {
            assertThat(run.wire())
                    .as("%sthe %s (%s) must send no alert\n%s", c.label(), c.role(), c.who(), ctx)
                    .noneMatch(w -> w.sender().equals(c.role()));
        } else {
            assertThat(run.wire())
                    .as(
                            "%sexpected %d %s sent by the %s\n%s",
                            c.label(), x.wireCode(), name(x.wireCode()), x.wireSender(), ctx)
                    .anyMatch(w -> w.code() == x.wireCode() && w.sender().equals(x.wireSender()));
        }
    }

    private static void checkExplain(Case c, Future<Run> f) throws Exception {
        Run run = await(c, f);
        Expect x = c.expect();
        List<Finding> findings = TlsAlerts.explain(run.text()).findings();
        String ctx = "text given to TlsAlerts.explain (what " + c.who() + " printed):\n-----\n" + run.text()
                + "\n-----\nfindings:\n"
                + findings.stream().map(RealStackCorpusTest::describe).collect(Collectors.joining("\n")) + "\n";
        if (x.code() == null) {
            assertThat(findings)
                    .as("%s%s sent and received no alert, so no finding may claim one\n%s", c.label(), c.who(), ctx)
                    .noneMatch(fd -> fd.direction() != Direction.UNKNOWN);
            return;
        }
        // A text that names the alert it sent ("(protocol_version) ...", as SunJSSE prints since 17.0.16-21) is
        // evidence of the alert itself, not an implication.
        Evidence evidence = x.evidence() == Evidence.IMPLIED && run.text().contains("(" + name(x.code()) + ")")
                ? Evidence.ALERT
                : x.evidence();
        assertThat(findings)
                .as(
                        "%sexpected a finding %s %d %s (%s)\n%s",
                        c.label(), x.direction(), x.code(), name(x.code()), evidence, ctx)
                .anyMatch(fd -> fd.code() == x.code() && fd.direction() == x.direction() && fd.evidence() == evidence);
        assertThat(findings)
                .as("%sno finding may claim a different alert crossed the wire\n%s", c.label(), ctx)
                .noneMatch(fd -> fd.code() != x.code() && fd.direction() != Direction.UNKNOWN);
    }

    /** With {@code -Drealstack.dump=DIR}, writes each captured text (and its wire alerts) to DIR for inspection. */
    private static void dump(Case c, Run run) throws java.io.IOException {
        String dir = System.getProperty("realstack.dump");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path d = Path.of(dir);
        java.nio.file.Files.createDirectories(d);
        String file = (c.scenario().replaceAll("[^A-Za-z0-9]+", "_") + "__" + c.stack() + "_" + c.role())
                        .toLowerCase(java.util.Locale.ROOT)
                + ".txt";
        java.nio.file.Files.writeString(
                d.resolve(file),
                "# " + c.who() + " | " + c.scenario() + "\n# wire: " + run.wire() + "\n" + run.text() + "\n");
    }

    private static String describe(Finding fd) {
        return "  " + fd.direction() + " " + fd.code() + " " + fd.name() + " (" + fd.evidence() + ", stack "
                + fd.stack() + ", pattern " + fd.patternId() + ", line " + fd.line() + "): " + fd.text();
    }
}
