package io.tlsalert.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a big log for the summary benchmark, as a busy edge host's logs interleave: nginx error.log, HAProxy,
 * Postfix and Dovecot (syslog), Go's net/http, Envoy and JVM (logback, with stack traces) lines. "mixed": about 1 line
 * in 5 is a TLS failure, the rest ordinary traffic; "tls": every entry is a TLS failure (the worst case: every line
 * holds an alert). Peers are drawn from 2,000 IPv4 and 200 IPv6 addresses.
 * Usage: java -cp bench/target/benchmarks.jar io.tlsalert.bench.LogGen OUT.log SIZE_MB [mixed|tls] [seed]; the JMH
 * benchmarks make theirs in memory ({@link #generate}).
 */
public final class LogGen {
    private final Random rnd;
    private long second = 0;

    private LogGen(long seed) {
        rnd = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long target = Long.parseLong(args[1]) << 20;
        boolean tlsOnly = args.length > 2 && args[2].equals("tls");
        LogGen g = new LogGen(args.length > 3 ? Long.parseLong(args[3]) : 1);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            g.write(w, target, tlsOnly);
        }
    }

    /** About {@code bytes} of log (whole entries: a little more). */
    public static byte[] generate(long bytes, boolean tlsOnly) {
        java.io.StringWriter w = new java.io.StringWriter((int) bytes + 4096);
        try {
            new LogGen(1).write(w, bytes, tlsOnly);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void write(Writer w, long target, boolean tlsOnly) throws IOException {
        long written = 0;
        StringBuilder b = new StringBuilder(4096);
        long i = 0;
        while (written < target) {
            b.setLength(0);
            if (i++ % 7 == 0) {
                second++;
            }
            if (tlsOnly || rnd.nextInt(5) == 0) {
                tls(b);
            } else {
                ordinary(b);
            }
            w.write(b.toString());
            written += b.length();
        }
    }

    private String ip() {
        int n = rnd.nextInt(2000);
        return "198.51." + (n / 250) + "." + (1 + n % 250);
    }

    private String ip6() {
        return "2001:db8:0:" + Integer.toHexString(rnd.nextInt(20)) + "::" + Integer.toHexString(1 + rnd.nextInt(10));
    }

    private static String two(long v) {
        return v < 10 ? "0" + v : String.valueOf(v);
    }

    private String hms() {
        return two(second / 3600 % 24) + ":" + two(second / 60 % 60) + ":" + two(second % 60);
    }

    private String nginx() {
        return "2026/11/22 " + hms();
    }

    private String syslog() {
        return "Nov 22 " + hms();
    }

    private void tls(StringBuilder b) {
        switch (rnd.nextInt(8)) {
            case 0 ->
                b.append(nginx())
                        .append(" [info] 812#812: *")
                        .append(rnd.nextInt(1 << 20))
                        .append(
                                " SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: ")
                        .append(ip())
                        .append(", server: 0.0.0.0:443\n");
            case 1 ->
                b.append(nginx())
                        .append(" [info] 812#812: *")
                        .append(rnd.nextInt(1 << 20))
                        .append(
                                " SSL_do_handshake() failed (SSL: error:0A000102:SSL routines::unsupported protocol) while SSL handshaking, client: ")
                        .append(ip())
                        .append(", server: 0.0.0.0:443\n");
            case 2 ->
                b.append(syslog())
                        .append(" lb1 haproxy[812]: ")
                        .append(ip())
                        .append(':')
                        .append(1024 + rnd.nextInt(60000))
                        .append(" [22/Nov/2026:")
                        .append(hms())
                        .append(".")
                        .append(100 + rnd.nextInt(900))
                        .append(
                                "] fe-https/1: SSL handshake failure (error:0A0000C1:SSL routines::no shared cipher)\n");
            case 3 -> {
                String tag = "postfix/smtpd[" + (1000 + rnd.nextInt(30000)) + "]";
                String ip = ip();
                b.append(syslog())
                        .append(" mail ")
                        .append(tag)
                        .append(": connect from unknown[")
                        .append(ip)
                        .append("]\n");
                b.append(syslog())
                        .append(" mail ")
                        .append(tag)
                        .append(": SSL_accept error from unknown[")
                        .append(ip)
                        .append("]: -1\n");
                b.append(syslog())
                        .append(" mail ")
                        .append(tag)
                        .append(
                                ": warning: TLS library problem: error:0A000412:SSL routines::sslv3 alert bad certificate:../ssl/record/rec_layer_s3.c:1584:SSL alert number 42:\n");
                b.append(syslog())
                        .append(" mail ")
                        .append(tag)
                        .append(": lost connection after STARTTLS from unknown[")
                        .append(ip)
                        .append("]\n");
            }
            case 4 ->
                b.append(syslog())
                        .append(" imap-login: Info: Disconnected (no auth attempts in 0 secs): user=<>, rip=")
                        .append(ip())
                        .append(
                                ", lip=192.0.2.1, TLS handshaking: SSL_accept() failed: error:0A000418:SSL routines::tlsv1 alert unknown ca: SSL alert number 48, session=<")
                        .append(Long.toHexString(rnd.nextLong()))
                        .append(">\n");
            case 5 ->
                b.append(nginx())
                        .append(" http: TLS handshake error from [")
                        .append(ip6())
                        .append("]:")
                        .append(1024 + rnd.nextInt(60000))
                        .append(": remote error: tls: bad certificate\n");
            case 6 ->
                b.append("[2026-11-22 ")
                        .append(hms())
                        .append(".123][15][debug][connection] [source/common/tls/ssl_socket.cc:246] [C")
                        .append(rnd.nextInt(1 << 20))
                        .append("] remote address:")
                        .append(ip())
                        .append(':')
                        .append(1024 + rnd.nextInt(60000))
                        .append(
                                ",TLS_error:|268436504:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA:TLS_error_end\n");
            default -> {
                b.append("2026-11-22 ")
                        .append(hms())
                        .append(".500 ERROR [http-nio-8080-exec-")
                        .append(rnd.nextInt(200))
                        .append("] c.e.payments.GatewayClient - call failed\n");
                b.append("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n");
                for (int k = 0; k < 24; k++) {
                    b.append("\tat org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:")
                            .append(700 + k)
                            .append(")\n");
                }
                b.append(
                        "Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n\t... 24 more\n");
            }
        }
    }

    private void ordinary(StringBuilder b) {
        switch (rnd.nextInt(6)) {
            case 0 ->
                b.append(nginx())
                        .append(" [error] 812#812: *")
                        .append(rnd.nextInt(1 << 20))
                        .append(
                                " upstream timed out (110: Connection timed out) while reading response header from upstream, client: ")
                        .append(ip())
                        .append(", server: example.com, request: \"GET /api/v1/items?page=")
                        .append(rnd.nextInt(100))
                        .append(" HTTP/1.1\", upstream: \"http://10.0.0.")
                        .append(1 + rnd.nextInt(9))
                        .append(":8080/api/v1/items\", host: \"example.com\"\n");
            case 1 ->
                b.append(syslog())
                        .append(" mail postfix/smtpd[")
                        .append(1000 + rnd.nextInt(30000))
                        .append("]: disconnect from unknown[")
                        .append(ip())
                        .append("] ehlo=2 starttls=1 mail=1 rcpt=1 data=1 quit=1 commands=7\n");
            case 2 ->
                b.append(syslog())
                        .append(" imap-login: Info: Login: user=<u")
                        .append(rnd.nextInt(5000))
                        .append("@example.com>, method=PLAIN, rip=")
                        .append(ip())
                        .append(", lip=192.0.2.1, mpid=")
                        .append(rnd.nextInt(99999))
                        .append(", TLS, session=<")
                        .append(Long.toHexString(rnd.nextLong()))
                        .append(">\n");
            case 3 ->
                b.append("2026-11-22 ")
                        .append(hms())
                        .append(".")
                        .append(100 + rnd.nextInt(900))
                        .append(" INFO [http-nio-8080-exec-")
                        .append(rnd.nextInt(200))
                        .append("] c.e.orders.OrderService - order ")
                        .append(rnd.nextInt(1 << 30))
                        .append(" accepted in ")
                        .append(rnd.nextInt(500))
                        .append(" ms\n");
            case 4 ->
                b.append(syslog())
                        .append(" lb1 haproxy[812]: ")
                        .append(ip())
                        .append(':')
                        .append(1024 + rnd.nextInt(60000))
                        .append(" [22/Nov/2026:")
                        .append(hms())
                        .append(".")
                        .append(100 + rnd.nextInt(900))
                        .append("] fe-https~ be-app/app")
                        .append(rnd.nextInt(4))
                        .append(" 0/0/1/")
                        .append(rnd.nextInt(300))
                        .append("/+")
                        .append(rnd.nextInt(300))
                        .append(" 200 +")
                        .append(rnd.nextInt(9000))
                        .append(" - - ---- 12/12/3/1/0 0/0 \"GET /static/app.js HTTP/1.1\"\n");
            default ->
                b.append("[2026-11-22 ")
                        .append(hms())
                        .append(".")
                        .append(100 + rnd.nextInt(900))
                        .append("][15][debug][http] [source/common/http/conn_manager_impl.cc:1117] [C")
                        .append(rnd.nextInt(1 << 20))
                        .append("][S")
                        .append(Long.toUnsignedString(rnd.nextLong()))
                        .append("] request end stream\n");
        }
    }
}
