package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.testkit.Dumpcap;
import io.tlsalert.testkit.PeerProcess;
import io.tlsalert.testkit.Pki;
import io.tlsalert.testkit.Ports;
import io.tlsalert.testkit.Tshark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS after a real server's plaintext prelude, on 127.0.0.1: PostgreSQL (SSLRequest), OpenLDAP's slapd (StartTLS),
 * Dovecot (IMAP STARTTLS, POP3 STLS, LMTP STARTTLS, ManageSieve STARTTLS), vsftpd (AUTH TLS), Postfix (SMTP
 * STARTTLS), MariaDB (SSL request), Prosody (XMPP starttls), tinyproxy (HTTP
 * CONNECT) and microsocks (SOCKS 5), each started once with a temporary configuration and stopped by pid; the clients
 * are openssl s_client {@code -starttls}/{@code -proxy} and curl {@code --socks5}, each refusing the server's
 * certificate (unknown_ca from the client) — vsftpd's default cipher list refuses the client instead
 * (handshake_failure from the server). dumpcap records it all; the scan must name each prelude, start TLS at the byte
 * tshark starts it at, and show exactly tshark's alerts (tshark told each port's protocol with {@code -d}).
 */
class ScanPreludeRealServersTest {
    /** Server port → what the scan must call the connection to it; the tshark dissector for the port. */
    record Expect(String what, Prelude tunnel, Prelude upgrade, String dissector) {}

    static final Map<Integer, Expect> expected = new LinkedHashMap<>();
    static final List<PeerProcess> servers = Collections.synchronizedList(new ArrayList<>());
    static Path dir;
    static Path pcapng;
    static int tlsPort;
    static List<Connection> scanned;

    @BeforeAll
    static void capture() throws Exception {
        // The servers' files live outside the checkout: PostgreSQL, Postfix, MariaDB and Dovecot drop to users of their
        // own, which must be able to reach them, and a checkout may lie under a directory only its owner can enter (a
        // clean clone in a mktemp -d directory, mode 0700: initdb failed there with "Permission denied"). /tmp is
        // world-traversable; the directory itself is made so, and removed after the test.
        dir = Files.createTempDirectory("tlsalert-scan-prelude-");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Pki.Leaf server =
                Pki.selfSigned(dir.resolve("server.pem"), dir.resolve("server.key"), "/CN=tls.test", Pki.KeyType.EC, 2);
        Pki.Leaf other = Pki.selfSigned(
                dir.resolve("other-ca.pem"), dir.resolve("other-ca.key"), "/CN=Other CA", Pki.KeyType.EC, 2);
        List<Integer> taken = new ArrayList<>();
        int pg = port(taken), ldap = port(taken), imap = port(taken), pop3 = port(taken), lmtp = port(taken);
        int sieve = port(taken), ftp = port(taken), proxy = port(taken), socks = port(taken);
        int smtp = port(taken), mysql = port(taken), xmpp = port(taken);
        tlsPort = port(taken);
        expected.put(pg, new Expect("postgresql", null, Prelude.POSTGRES, "pgsql"));
        expected.put(ldap, new Expect("slapd", null, Prelude.LDAP, "ldap"));
        expected.put(imap, new Expect("dovecot imap", null, Prelude.IMAP, "imap"));
        expected.put(pop3, new Expect("dovecot pop3", null, Prelude.POP3, "pop"));
        expected.put(lmtp, new Expect("dovecot lmtp", null, Prelude.LMTP, null));
        expected.put(sieve, new Expect("dovecot managesieve", null, Prelude.MANAGESIEVE, null));
        expected.put(ftp, new Expect("vsftpd", null, Prelude.FTP, "ftp"));
        expected.put(proxy, new Expect("tinyproxy", Prelude.HTTP_CONNECT, null, "http"));
        expected.put(socks, new Expect("microsocks", Prelude.SOCKS5, null, "socks"));
        expected.put(smtp, new Expect("postfix", null, Prelude.SMTP, "smtp"));
        expected.put(mysql, new Expect("mariadb", null, Prelude.MYSQL, "mysql"));
        expected.put(xmpp, new Expect("prosody", null, Prelude.XMPP, "xmpp"));

        // The two database directories are made at once: initdb and mariadb-install-db take seconds each.
        var mariadbData = java.util.concurrent.CompletableFuture.runAsync(() -> installMariadb());
        startPostgres(server, pg);
        mariadbData.join();
        startMariadb(server, mysql);
        startPostfix(server, smtp);
        startProsody(server, xmpp);
        startSlapd(server, ldap);
        startDovecot(server, imap, pop3, lmtp, sieve);
        startVsftpd(server, ftp);
        Path tp = write(
                "tinyproxy.conf",
                "Port " + proxy + "\nListen 127.0.0.1\nTimeout 30\nMaxClients 5\n" + "Allow 127.0.0.1\nConnectPort "
                        + tlsPort + "\n");
        start("tinyproxy", proxy, "tinyproxy", "-d", "-c", tp.toString());
        start("microsocks", socks, "microsocks", "-i", "127.0.0.1", "-p", String.valueOf(socks));
        start(
                "s_server",
                tlsPort,
                "openssl",
                "s_server",
                "-accept",
                String.valueOf(tlsPort),
                "-cert",
                server.cert().toString(),
                "-key",
                server.key().toString(),
                "-www");

        pcapng = dir.resolve("preludes.pcapng");
        List<Integer> all = new ArrayList<>(expected.keySet());
        all.add(tlsPort);
        String filter = all.stream().map(p -> "tcp port " + p).collect(Collectors.joining(" or "));
        try (Dumpcap d = Dumpcap.loopback(pcapng, filter, "-q")) {
            String ca = other.cert().toString();
            List<String> refuse = List.of("-servername", "tls.test", "-tls1_2", "-verify_return_error", "-CAfile", ca);
            sClient("postgres", pg, refuse);
            sClient("ldap", ldap, refuse);
            sClient("imap", imap, refuse);
            sClient("pop3", pop3, refuse);
            sClient("lmtp", lmtp, refuse);
            sClient("sieve", sieve, refuse);
            sClient("ftp", ftp, refuse);
            sClient("smtp", smtp, refuse);
            sClient("mysql", mysql, refuse);
            List<String> xmppRefuse = new ArrayList<>(List.of("-xmpphost", "tls.test"));
            xmppRefuse.addAll(refuse);
            sClient("xmpp", xmpp, xmppRefuse);
            List<String> viaProxy = new ArrayList<>(List.of("-proxy", "127.0.0.1:" + proxy));
            viaProxy.addAll(refuse);
            client("s_client via tinyproxy", List.of(), tlsPort, viaProxy);
            client(
                    "curl via microsocks",
                    List.of(
                            "curl",
                            "-sS",
                            "--max-time",
                            "20",
                            "--tlsv1.2",
                            "--tls-max",
                            "1.2",
                            "--socks5",
                            "127.0.0.1:" + socks,
                            "https://127.0.0.1:" + tlsPort + "/"),
                    -1,
                    List.of());
            Thread.sleep(300);
        }
        scanned = Live.scan(pcapng, null, new ArrayList<>());
    }

    @AfterAll
    static void stop() throws IOException {
        for (PeerProcess p : servers) {
            p.close();
        }
        if (dir != null && Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(Collections.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static int port(List<Integer> taken) {
        int p = Ports.freeBelowEphemeral(taken);
        taken.add(p);
        return p;
    }

    static Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static void start(String name, int port, String... cmd) throws Exception {
        PeerProcess p = PeerProcess.start(
                PeerProcess.Options.in(dir, dir.resolve(name + ".out")).stdinAtEof(), List.of(cmd));
        servers.add(p);
        if (!p.awaitListening(port, Duration.ofSeconds(30))) {
            throw new AssertionError(name + " did not listen on " + port + ":\n" + p.log());
        }
    }

    /** initdb (as the postgres user when run as root: PostgreSQL refuses root), then postgres with ssl=on. */
    static void startPostgres(Pki.Leaf cert, int port) throws Exception {
        Path pg = dir.resolve("pg");
        Files.createDirectories(pg);
        boolean root = "root".equals(System.getProperty("user.name"));
        Path key = pg.resolve("server.key");
        Files.copy(cert.key(), key);
        Files.copy(cert.cert(), pg.resolve("server.pem"));
        List<String> as = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
        if (root) {
            io.tlsalert.testkit.Commands.run(dir, "chown", "-R", "postgres", pg.toString());
        }
        io.tlsalert.testkit.Commands.run(dir, "chmod", "600", key.toString());
        List<String> initdb = new ArrayList<>(as);
        initdb.addAll(List.of(
                bin("initdb"), "-D", pg.resolve("data").toString(), "-A", "trust", "-U", "postgres", "--no-sync"));
        io.tlsalert.testkit.Commands.run(dir, Duration.ofSeconds(90), initdb.toArray(String[]::new));
        List<String> cmd = new ArrayList<>(as);
        cmd.addAll(List.of(
                bin("postgres"),
                "-D",
                pg.resolve("data").toString(),
                "-p",
                String.valueOf(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=" + pg,
                "-c",
                "ssl=on",
                "-c",
                "ssl_cert_file=" + pg.resolve("server.pem"),
                "-c",
                "ssl_key_file=" + key,
                "-c",
                "fsync=off"));
        start("postgres", port, cmd.toArray(String[]::new));
    }

    /** PostgreSQL's programs: on PATH, or in Debian's versioned directory. */
    static String bin(String name) throws IOException {
        if (io.tlsalert.testkit.Commands.has(name)) {
            return name;
        }
        try (var s = Files.list(Path.of("/usr/lib/postgresql"))) {
            return s.sorted(Collections.reverseOrder())
                    .map(v -> v.resolve("bin").resolve(name))
                    .filter(Files::isExecutable)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no PostgreSQL " + name + " (apt-get install postgresql)"))
                    .toString();
        }
    }

    static void startSlapd(Pki.Leaf cert, int port) throws Exception {
        Path db = dir.resolve("ldap-db");
        Files.createDirectories(db);
        Path conf = write(
                "slapd.conf",
                String.join(
                        "\n",
                        "include /etc/ldap/schema/core.schema",
                        "pidfile " + dir.resolve("slapd.pid"),
                        "modulepath /usr/lib/ldap",
                        "moduleload back_mdb",
                        "TLSCertificateFile " + cert.cert(),
                        "TLSCertificateKeyFile " + cert.key(),
                        "database mdb",
                        "suffix \"dc=test\"",
                        "directory " + db,
                        ""));
        // -d 0: in the foreground (stopped by pid), no debug output.
        start(
                "slapd",
                port,
                "/usr/sbin/slapd",
                "-d",
                "0",
                "-h",
                "ldap://127.0.0.1:" + port + "/",
                "-f",
                conf.toString());
    }

    static void startDovecot(Pki.Leaf cert, int imap, int pop3, int lmtp, int sieve) throws Exception {
        Path base = dir.resolve("dovecot");
        Files.createDirectories(base.resolve("state"));
        Path conf = write(
                "dovecot.conf",
                String.join(
                        "\n",
                        "protocols = imap pop3 lmtp sieve",
                        "listen = 127.0.0.1",
                        "base_dir = " + base.resolve("run"),
                        "state_dir = " + base.resolve("state"),
                        "log_path = " + base.resolve("dovecot.log"),
                        "ssl = yes",
                        "ssl_cert = <" + cert.cert(),
                        "ssl_key = <" + cert.key(),
                        "ssl_min_protocol = TLSv1.2",
                        "passdb {",
                        "  driver = static",
                        "  args = password=x",
                        "}",
                        "userdb {",
                        "  driver = static",
                        "  args = uid=nobody gid=nogroup home=" + base.resolve("home"),
                        "}",
                        "service imap-login {",
                        "  inet_listener imap {",
                        "    address = 127.0.0.1",
                        "    port = " + imap,
                        "  }",
                        "  inet_listener imaps {",
                        "    port = 0",
                        "  }",
                        "}",
                        "service pop3-login {",
                        "  inet_listener pop3 {",
                        "    address = 127.0.0.1",
                        "    port = " + pop3,
                        "  }",
                        "  inet_listener pop3s {",
                        "    port = 0",
                        "  }",
                        "}",
                        "service lmtp {",
                        "  inet_listener lmtp {",
                        "    address = 127.0.0.1",
                        "    port = " + lmtp,
                        "  }",
                        "  unix_listener lmtp {",
                        "    mode = 0600",
                        "  }",
                        "}",
                        "service managesieve-login {",
                        "  inet_listener sieve {",
                        "    address = 127.0.0.1",
                        "    port = " + sieve,
                        "  }",
                        "}",
                        ""));
        start("dovecot", imap, "/usr/sbin/dovecot", "-F", "-c", conf.toString());
        for (int p : List.of(pop3, lmtp, sieve)) {
            if (!Ports.awaitListening(p, Duration.ofSeconds(20))) {
                throw new AssertionError("dovecot did not listen on " + p);
            }
        }
    }

    static void installMariadb() {
        io.tlsalert.testkit.Commands.run(
                dir,
                Duration.ofSeconds(90),
                "mariadb-install-db",
                "--no-defaults",
                "--user=" + System.getProperty("user.name"),
                "--datadir=" + dir.resolve("mariadb"),
                "--auth-root-authentication-method=normal",
                "--skip-test-db");
    }

    static void startMariadb(Pki.Leaf cert, int port) throws Exception {
        start(
                "mariadbd",
                port,
                "/usr/sbin/mariadbd",
                "--no-defaults",
                "--user=" + System.getProperty("user.name"),
                "--datadir=" + dir.resolve("mariadb"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("mariadb.sock"),
                "--pid-file=" + dir.resolve("mariadb.pid"),
                "--ssl-cert=" + cert.cert(),
                "--ssl-key=" + cert.key(),
                "--skip-log-bin");
    }

    /**
     * Postfix's master daemon in the foreground ({@code -d}) with a configuration directory of its own: Debian's
     * master.cf with the smtp listener moved to 127.0.0.1:port, a queue directory made here (the {@code postfix}
     * wrapper would only take a configuration listed in the system's alternate_config_directories). Needs root, as
     * Postfix does; the log goes to the master's stdout.
     */
    static void startPostfix(Pki.Leaf cert, int port) throws Exception {
        Path conf = dir.resolve("postfix");
        Path queue = dir.resolve("postfix-queue");
        Path data = dir.resolve("postfix-data");
        Files.createDirectories(conf);
        for (String d : List.of(
                "active",
                "bounce",
                "corrupt",
                "defer",
                "deferred",
                "flush",
                "hold",
                "incoming",
                "private",
                "saved",
                "trace")) {
            Files.createDirectories(queue.resolve(d));
            io.tlsalert.testkit.Commands.run(
                    dir, "chown", "postfix", queue.resolve(d).toString());
            io.tlsalert.testkit.Commands.run(
                    dir, "chmod", "700", queue.resolve(d).toString());
        }
        Files.createDirectories(queue.resolve("pid"));
        for (String d : List.of("maildrop", "public")) {
            Files.createDirectories(queue.resolve(d));
            io.tlsalert.testkit.Commands.run(
                    dir, "chown", "postfix:postdrop", queue.resolve(d).toString());
        }
        Files.createDirectories(data);
        io.tlsalert.testkit.Commands.run(dir, "chown", "postfix", data.toString());
        List<String> master = new ArrayList<>();
        boolean moved = false;
        for (String l : Files.readAllLines(Path.of("/etc/postfix/master.cf"))) {
            if (l.matches("smtp\\s+inet\\s.*smtpd\\s*")) {
                l = "127.0.0.1:" + port + " inet n - n - - smtpd";
                moved = true;
            }
            master.add(l);
        }
        assertThat(moved).as("the smtp listener in /etc/postfix/master.cf").isTrue();
        Files.write(conf.resolve("master.cf"), master);
        Files.writeString(
                conf.resolve("main.cf"),
                String.join(
                        "\n",
                        "compatibility_level = 3.6",
                        "queue_directory = " + queue,
                        "data_directory = " + data,
                        "mail_owner = postfix",
                        "setgid_group = postdrop",
                        "inet_interfaces = 127.0.0.1",
                        "inet_protocols = ipv4",
                        "myhostname = mx.tls.test",
                        "mydestination =",
                        "alias_maps =",
                        "alias_database =",
                        "maillog_file = /dev/stdout",
                        "smtpd_tls_cert_file = " + cert.cert(),
                        "smtpd_tls_key_file = " + cert.key(),
                        "smtpd_tls_security_level = may",
                        ""));
        start("postfix", port, "/usr/lib/postfix/sbin/master", "-c", conf.toString(), "-d");
    }

    /** Prosody in the foreground, c2s on 127.0.0.1:port for the host tls.test, TLS required. */
    static void startProsody(Pki.Leaf cert, int port) throws Exception {
        Files.createDirectories(dir.resolve("prosody-data"));
        Path conf = write(
                "prosody.cfg.lua",
                String.join(
                        "\n",
                        "pidfile = \"" + dir.resolve("prosody.pid") + "\"",
                        "data_path = \"" + dir.resolve("prosody-data") + "\"",
                        "run_as_root = true",
                        "daemonize = false",
                        "interfaces = { \"127.0.0.1\" }",
                        "c2s_ports = { " + port + " }",
                        "c2s_direct_tls_ports = { }",
                        "s2s_ports = { }",
                        "log = { info = \"" + dir.resolve("prosody.log") + "\" }",
                        "modules_enabled = { \"roster\"; \"saslauth\"; \"tls\"; \"disco\" }",
                        "modules_disabled = { \"s2s\"; \"posix\" }",
                        "c2s_require_encryption = true",
                        "ssl = { certificate = \"" + cert.cert() + "\"; key = \"" + cert.key() + "\" }",
                        "VirtualHost \"tls.test\"",
                        ""));
        start("prosody", port, "prosody", "--config", conf.toString());
    }

    /** vsftpd's default ssl_ciphers (DES-CBC3-SHA) is not in today's OpenSSL: it refuses every ClientHello. */
    static void startVsftpd(Pki.Leaf cert, int port) throws Exception {
        Path empty = dir.resolve("vsftpd-empty");
        Files.createDirectories(empty);
        Path conf = write(
                "vsftpd.conf",
                String.join(
                        "\n",
                        "listen=YES",
                        "listen_address=127.0.0.1",
                        "listen_port=" + port,
                        "background=NO",
                        "anonymous_enable=NO",
                        "local_enable=YES",
                        "ssl_enable=YES",
                        "rsa_cert_file=" + cert.cert(),
                        "rsa_private_key_file=" + cert.key(),
                        "secure_chroot_dir=" + empty,
                        "seccomp_sandbox=NO",
                        "vsftpd_log_file=" + dir.resolve("vsftpd.log"),
                        ""));
        start("vsftpd", port, "/usr/sbin/vsftpd", conf.toString());
    }

    static void sClient(String starttls, int port, List<String> args) throws Exception {
        List<String> a = new ArrayList<>(List.of("-starttls", starttls));
        a.addAll(args);
        client("s_client -starttls " + starttls, List.of(), port, a);
    }

    /** Runs a client to its end (stdin at EOF); {@code cmd} empty: openssl s_client -connect 127.0.0.1:port args. */
    static void client(String name, List<String> cmd, int port, List<String> args) throws Exception {
        List<String> c = new ArrayList<>(cmd);
        if (c.isEmpty()) {
            c.addAll(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        }
        c.addAll(args);
        Path out = dir.resolve(name.replaceAll("[^A-Za-z0-9]+", "_") + ".client.out");
        try (PeerProcess p = PeerProcess.start(PeerProcess.Options.in(dir, out).stdinAtEof(), c)) {
            if (!p.awaitExit(Duration.ofSeconds(30))) {
                throw new AssertionError(name + " did not finish:\n" + p.log());
            }
        }
    }

    @Test
    void eachPreludeIsNamedAndTheServersTlsFollowsIt() {
        SoftAssertions soft = new SoftAssertions();
        Map<Integer, List<Connection>> byPort =
                scanned.stream().collect(Collectors.groupingBy(c -> Live.port(c.server())));
        for (Map.Entry<Integer, Expect> e : expected.entrySet()) {
            Expect x = e.getValue();
            List<Connection> cs = byPort.getOrDefault(e.getKey(), List.of());
            soft.assertThat(cs).as(x.what() + "\n" + Live.describe(scanned)).hasSize(1);
            for (Connection c : cs) {
                soft.assertThat(c.tlsStart().flatMap(TlsStart::tunnel))
                        .as(x.what())
                        .isEqualTo(Optional.ofNullable(x.tunnel()));
                soft.assertThat(c.tlsStart().flatMap(TlsStart::upgrade))
                        .as(x.what())
                        .isEqualTo(Optional.ofNullable(x.upgrade()));
                soft.assertThat(c.alerts()).as(x.what()).isNotEmpty();
                soft.assertThat(c.offeredVersions()).as(x.what()).contains("TLS 1.2");
                soft.assertThat(c.outcome()).as(x.what()).isEqualTo(Outcome.FAILED);
                if (x.tunnel() == null) {
                    soft.assertThat(c.sni()).as(x.what()).contains("tls.test");
                }
            }
        }
        // The proxies' own connections to s_server carry TLS from their first byte.
        List<Connection> direct = byPort.getOrDefault(tlsPort, List.of());
        soft.assertThat(direct).as(Live.describe(scanned)).hasSize(2);
        for (Connection c : direct) {
            soft.assertThat(c.tlsStart()).isEmpty();
            soft.assertThat(c.alerts()).isNotEmpty();
        }
        soft.assertAll();
    }

    @Test
    void tlsStartsAtTheByteTsharkStartsIt() throws Exception {
        // tshark: the first TLS record of each direction, by its segment's relative sequence number (1 = byte 0).
        Map<String, Long> first = new HashMap<>();
        for (String[] f : Tshark.fields(pcapng, decodeAs(), List.of("tcp.srcport", "tcp.dstport", "tcp.seq"), ",")) {
            first.merge(f[0] + ">" + f[1], Long.parseLong(f[2]) - 1, Math::min);
        }
        SoftAssertions soft = new SoftAssertions();
        for (Connection c : scanned) {
            Expect x = expected.get(Live.port(c.server()));
            if (x == null || x.dissector() == null) {
                continue;
            }
            String up = Live.port(c.client()) + ">" + Live.port(c.server());
            String down = Live.port(c.server()) + ">" + Live.port(c.client());
            TlsStart s = c.tlsStart().orElseThrow();
            soft.assertThat(s.clientOffset()).as(x.what() + " client").isEqualTo(opt(first.get(up)));
            soft.assertThat(s.serverOffset()).as(x.what() + " server").isEqualTo(opt(first.get(down)));
            soft.assertThat(s.clientOffset().orElse(0)).as(x.what()).isPositive();
        }
        soft.assertAll();
    }

    @Test
    void theAlertsAreTsharksFrameForFrame() {
        // LMTP and ManageSieve have no dissector in tshark 4.0: their connections are left out on both sides.
        List<Integer> unhinted = new ArrayList<>();
        for (Connection c : scanned) {
            Expect x = expected.get(Live.port(c.server()));
            if (x != null && x.dissector() == null) {
                unhinted.add(Live.port(c.server()));
                unhinted.add(Live.port(c.client()));
            }
        }
        List<Live.Row> ours = Live.rows(scanned, true).stream()
                .filter(r -> !unhinted.contains(r.srcPort()))
                .toList();
        List<Live.Row> theirs = new ArrayList<>();
        List<String> options = new ArrayList<>(decodeAs());
        options.set(options.size() - 1, "tls.alert_message");
        for (String[] f : Tshark.fields(
                pcapng,
                options,
                List.of("frame.number", "tls.alert_message.level", "tls.alert_message.desc", "tcp.srcport"),
                ",")) {
            String[] levels = f[1].split(",");
            String[] descs = f[2].split(",");
            for (int i = 0; i < levels.length && !levels[i].isEmpty(); i++) {
                theirs.add(new Live.Row(
                        Long.parseLong(f[0]),
                        Integer.parseInt(levels[i]),
                        Integer.parseInt(descs[i]),
                        Integer.parseInt(f[3].split(",")[0])));
            }
        }
        theirs.removeIf(r -> unhinted.contains(r.srcPort()));
        Collections.sort(theirs);
        assertThat(ours).as(Live.describe(scanned)).containsExactlyElementsOf(theirs);
        // tshark saw the TLS behind every prelude it was told of: an alert on each of those connections.
        for (Map.Entry<Integer, Expect> e : expected.entrySet()) {
            if (e.getValue().dissector() != null) {
                List<Integer> ends = scanned.stream()
                        .filter(c -> Live.port(c.server()) == e.getKey())
                        .flatMap(c -> java.util.stream.Stream.of(Live.port(c.server()), Live.port(c.client())))
                        .toList();
                assertThat(theirs).as(e.getValue().what()).anyMatch(r -> ends.contains(r.srcPort()));
            }
        }
    }

    /** {@code -d tcp.port==N,proto} for each server, then {@code -Y tls.record}. */
    static List<String> decodeAs() {
        List<String> o = new ArrayList<>();
        expected.forEach((port, x) -> {
            if (x.dissector() != null) {
                o.addAll(List.of("-d", "tcp.port==" + port + "," + x.dissector()));
            }
        });
        o.addAll(List.of("-Y", "tls.record"));
        return o;
    }

    static OptionalLong opt(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
