package io.tlsalert.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.TlsAlerts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The summary of generated logs in the formats of log_formats.tsv: every occurrence counted once whatever the chunk
 * size, in the group of its alert, direction, stack and peer, with the first and last line and time the generator
 * wrote; the caps; bad input.
 */
class SummarizerTest {
    static final Explainer EX = TlsAlerts.explainer();
    static final LogFormats F = LogFormats.load();
    static final int SMALL = 2 * (Summarizer.OVERLAP + Summarizer.LOOKAHEAD);

    /** What the generator expects of one group. */
    static final class Expect {
        long count;
        long firstLine;
        long lastLine;
        String firstTime;
        String lastTime;

        void add(long line, String time) {
            if (count++ == 0) {
                firstLine = line;
                firstTime = time;
            }
            lastLine = line;
            lastTime = time;
        }
    }

    /** A log of many formats, and the groups it must give. */
    static final class Gen {
        final StringBuilder b = new StringBuilder();
        final Map<String, Expect> expect = new HashMap<>();
        long line = 1;
        final Random rnd = new Random(11);

        /**
         * Appends an entry (one or more lines) with the peer and time its alert lines carry; what it must give is what
         * explain finds in the entry alone.
         */
        void entry(String text, String peer, String time) {
            // Each occurrence, as explain finds it in the entry alone (a trace's "Caused by:" repeating the alert is
            // a second occurrence of the same finding).
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            EX.scan(bytes, bytes.length, new Explainer.Occurrences() {
                @Override
                public void finding(Finding f, int lineStart) {
                    expect.computeIfAbsent(
                                    key(new Subject.Alert(f.code(), f.direction(), f.evidence()), "", peer),
                                    k -> new Expect())
                            .add(line + f.line() - 1, time);
                }

                @Override
                public void note(Note n, int lineStart) {}

                @Override
                public void failure(Failure f, int lineStart) {
                    expect.computeIfAbsent(key(Subject.NoAlert.of(f), "", peer), k -> new Expect())
                            .add(line + f.line() - 1, time);
                }
            });
            b.append(text);
            line += text.chars().filter(c -> c == '\n').count();
        }

        String ip() {
            return "198.51." + rnd.nextInt(4) + "." + (1 + rnd.nextInt(3));
        }

        String ip6() {
            return "2001:db8::" + Integer.toHexString(1 + rnd.nextInt(3));
        }
    }

    static String key(Subject s, String stack, String peer) {
        return s + "|" + stack + "|" + peer;
    }

    static Summary summarize(byte[] log, int chunk) throws IOException {
        return new Summarizer(EX, F, chunk).summarize(new ByteArrayInputStream(log), b -> {});
    }

    /**
     * The groups by subject and peer, over stacks: which stack a line is given to may depend on the lines after it
     * (a marker there), so an entry explained alone is no reference for it; theChunkSizeChangesNothing checks stacks.
     */
    static Map<String, Expect> byKey(Summary s) {
        Map<String, Expect> m = new HashMap<>();
        List<Summary.Group> byLine = new ArrayList<>(s.groups());
        for (Summary.Group g : byLine) {
            Expect e = m.computeIfAbsent(
                    key(g.subject(), "", g.peer().map(Peer::toString).orElse(null)), k -> new Expect());
            if (e.count == 0 || g.span().firstLine() < e.firstLine) {
                e.firstLine = g.span().firstLine();
                e.firstTime = g.span().firstTime().orElse(null);
            }
            if (g.span().lastLine() > e.lastLine) {
                e.lastLine = g.span().lastLine();
                e.lastTime = g.span().lastTime().orElse(null);
            }
            e.count += g.span().count();
        }
        return m;
    }

    /** Entries in nginx, HAProxy, Postfix, Dovecot, Go, Envoy and JVM formats, with lines that are no alert between. */
    static Gen mixedLog(int entries) {
        Gen g = new Gen();
        for (int i = 0; i < entries; i++) {
            int s = i % 60;
            String hh = String.format("%02d", (i / 3600) % 24), mm = String.format("%02d", (i / 60) % 60);
            String ss = String.format("%02d", s);
            String nginxTime = "2026/11/22 " + hh + ":" + mm + ":" + ss;
            String iso = "2026-11-22T" + hh + ":" + mm + ":" + ss;
            switch (g.rnd.nextInt(9)) {
                case 0 -> {
                    String ip = g.ip();
                    g.entry(
                            nginxTime + " [info] 812#812: *" + i
                                    + " SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: "
                                    + ip + ", server: 0.0.0.0:443\n",
                            ip,
                            iso);
                }
                case 1 -> {
                    String ip = g.ip6();
                    g.entry(
                            nginxTime + " http: TLS handshake error from [" + ip + "]:" + (40000 + i)
                                    + ": remote error: tls: bad certificate\n",
                            ip,
                            iso);
                }
                case 2 -> {
                    String ip = g.ip();
                    g.entry(
                            "Nov 22 " + hh + ":" + mm + ":" + ss + " lb1 haproxy[77]: " + ip + ":" + (30000 + i)
                                    + " [22/Nov/2026:" + hh + ":" + mm + ":" + ss
                                    + ".250] fe-https/1: SSL handshake failure (error:0A000102:SSL routines::unsupported protocol)\n",
                            ip,
                            iso + ".250");
                }
                case 3 -> {
                    String ip = g.ip();
                    String tag = "postfix/smtpd[" + (1000 + i) + "]";
                    String t = "Nov 22 " + hh + ":" + mm + ":" + ss + " mail " + tag + ": ";
                    g.entry(t + "connect from unknown[" + ip + "]\n", null, null);
                    // The other connections' lines between: the peer is taken from a line of the same process.
                    g.entry(
                            "Nov 22 " + hh + ":" + mm + ":" + ss
                                    + " mail postfix/smtpd[9]: connect from unknown[192.0.2.99]\n",
                            null,
                            null);
                    g.entry(t + "SSL_accept error from unknown[" + ip + "]: -1\n", null, null);
                    g.entry(
                            t
                                    + "warning: TLS library problem: error:0A000418:SSL routines::tlsv1 alert unknown ca:../ssl/record/rec_layer_s3.c:1584:SSL alert number 48:\n",
                            ip,
                            "--11-22T" + hh + ":" + mm + ":" + ss);
                    g.entry(t + "lost connection after STARTTLS from unknown[" + ip + "]\n", null, null);
                }
                case 4 -> {
                    String ip = g.ip();
                    g.entry(
                            "Nov 22 " + hh + ":" + mm + ":" + ss
                                    + " imap-login: Info: Disconnected (no auth attempts in 0 secs): user=<>, rip=" + ip
                                    + ", lip=192.0.2.1, TLS handshaking: SSL_accept() failed: error:0A000418:SSL routines::tlsv1 alert unknown ca: SSL alert number 48, session=<x>\n",
                            ip,
                            "--11-22T" + hh + ":" + mm + ":" + ss);
                }
                case 5 -> {
                    String ip = g.ip();
                    g.entry(
                            "[2026-11-22 " + hh + ":" + mm + ":" + ss
                                    + ".123][15][debug][connection] [source/common/tls/ssl_socket.cc:246] [C" + i
                                    + "] remote address:" + ip + ":" + (50000 + i)
                                    + ",TLS_error:|268436504:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA:TLS_error_end\n",
                            ip,
                            "2026-11-22T" + hh + ":" + mm + ":" + ss + ".123");
                }
                case 6 -> {
                    StringBuilder t = new StringBuilder();
                    t.append("2026-11-22 ")
                            .append(hh)
                            .append(':')
                            .append(mm)
                            .append(':')
                            .append(ss)
                            .append(".500 ERROR [pool-1] c.e.Client - call failed\n");
                    t.append("javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n");
                    for (int k = 0; k < 30; k++) {
                        t.append("\tat com.example.Client.call(Client.java:")
                                .append(k)
                                .append(")\n");
                    }
                    t.append(
                            "Caused by: javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure\n");
                    t.append("\t... 30 more\n");
                    g.entry(t.toString(), null, "2026-11-22T" + hh + ":" + mm + ":" + ss + ".500");
                }
                default ->
                    g.entry(
                            nginxTime + " [error] 812#812: *" + i
                                    + " upstream timed out (110: Connection timed out) while reading response header from upstream, client: "
                                    + g.ip() + ", server: _, request: \"GET / HTTP/1.1\"\n",
                            null,
                            null);
            }
        }
        return g;
    }

    @Test
    void everyOccurrenceIsInItsGroupWithItsPeerLinesAndTimes() throws IOException {
        Gen g = mixedLog(12_000);
        byte[] log = g.b.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(log.length).as("several chunks").isGreaterThan(8 * SMALL);
        Summary s = summarize(log, SMALL);
        Map<String, Expect> got = byKey(s);
        assertThat(got.keySet()).isEqualTo(g.expect.keySet());
        long total = 0;
        for (Map.Entry<String, Expect> e : g.expect.entrySet()) {
            Expect x = got.get(e.getKey());
            Expect w = e.getValue();
            assertThat(x.count).as(e.getKey()).isEqualTo(w.count);
            assertThat(x.firstLine).as(e.getKey()).isEqualTo(w.firstLine);
            assertThat(x.lastLine).as(e.getKey()).isEqualTo(w.lastLine);
            assertThat(x.firstTime).as(e.getKey()).isEqualTo(w.firstTime);
            assertThat(x.lastTime).as(e.getKey()).isEqualTo(w.lastTime);
            total += w.count;
        }
        assertThat(s.occurrences()).isEqualTo(total);
        assertThat(s.lines()).isEqualTo(g.line - 1);
        assertThat(s.bytes()).isEqualTo(log.length);
        assertThat(s.other()).isEmpty();
        // Most first: the order the view prints.
        for (int i = 1; i < s.groups().size(); i++) {
            assertThat(s.groups().get(i - 1).span().count())
                    .isGreaterThanOrEqualTo(s.groups().get(i).span().count());
        }
        // The peers the formats carry were all read, IPv6 in RFC 5952 form.
        assertThat(got.keySet()).anyMatch(k -> k.endsWith("||2001:db8::2"));
        assertThat(s.groups()).anyMatch(x -> x.stack().equals("go") && x.peer().isPresent());
        assertThat(s.groups())
                .anyMatch(x ->
                        x.text().contains("TLSV1_ALERT_UNKNOWN_CA") && x.peer().isPresent());
        assertThat(s.groups())
                .anyMatch(x ->
                        x.peer().map(p -> p.address().startsWith("198.51.")).orElse(false));
    }

    @Test
    void theChunkSizeChangesNothing() throws IOException {
        byte[] log = mixedLog(8_000).b.toString().getBytes(StandardCharsets.UTF_8);
        Summary whole = summarize(log, log.length + SMALL);
        for (int chunk : new int[] {SMALL, SMALL + 4093, 3 * SMALL + 1}) {
            Summary s = summarize(log, chunk);
            assertThat(s.groups()).as("chunk %d", chunk).isEqualTo(whole.groups());
            assertThat(s.lines()).isEqualTo(whole.lines());
            assertThat(s.occurrences()).isEqualTo(whole.occurrences());
        }
    }

    @Test
    void aStackTraceAcrossAChunkEndIsOneFact() throws IOException {
        // The JDK trace's cause lines repeat the head's alert: one finding per fact, wherever the chunk ends.
        String trace = StackTraceFactTest.JDK_EXPIRED;
        for (int pad = 0; pad < 400; pad += 37) {
            StringBuilder b = new StringBuilder();
            String filler = "2026-11-22 10:00:00 INFO nothing to see here " + "x".repeat(pad) + "\n";
            while (b.length() < SMALL - Summarizer.LOOKAHEAD - 150) {
                b.append(filler);
            }
            b.append(trace).append(filler);
            Summary s = summarize(b.toString().getBytes(StandardCharsets.UTF_8), SMALL);
            assertThat(s.groups()).as("pad %d", pad).hasSize(1);
            assertThat(((Subject.Alert) s.groups().get(0).subject()).code()).isEqualTo(45);
            assertThat(s.groups().get(0).span().firstTime()).contains("2026-11-22T10:00:00");
        }
    }

    @Test
    void aLineLongerThanAChunkIsCutAndStillCounted() throws IOException {
        String alert =
                "SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48)";
        String log = "first line\n" + "y".repeat(3 * SMALL) + " " + alert + "\nlast line " + alert + "\n";
        Summary s = summarize(log.getBytes(StandardCharsets.UTF_8), SMALL);
        assertThat(s.lines()).isEqualTo(3);
        assertThat(s.occurrences()).isEqualTo(2);
        assertThat(s.groups()).hasSize(1);
        assertThat(s.groups().get(0).span().firstLine()).isEqualTo(2);
        assertThat(s.groups().get(0).span().lastLine()).isEqualTo(3);
    }

    @Test
    void groupsAreCappedThenOtherPeersThenOther() throws IOException {
        StringBuilder b = new StringBuilder();
        // MAX_GROUPS peers of one alert fill the groups...
        for (int i = 0; i < Summarizer.MAX_GROUPS + 50; i++) {
            b.append(
                            "2026/11/22 10:00:00 [info] 1#1: *1 SSL_do_handshake() failed (SSL: error:0A000418:SSL routines::tlsv1 alert unknown ca:SSL alert number 48) while SSL handshaking, client: 10.0.")
                    .append(i / 250)
                    .append('.')
                    .append(i % 250)
                    .append(", server: 0.0.0.0:443\n");
        }
        // ...then each of 256 alert numbers from yet more peers: the first MAX_OTHER_PEER_GROUPS of them get an
        // "other peers" group of their own (48's is already there), the rest go to "other".
        for (int n = 0; n < 256; n++) {
            b.append(
                            "2026/11/22 11:00:00 [info] 1#1: *1 SSL_do_handshake() failed (SSL: error:0A000000:SSL routines::x:SSL alert number ")
                    .append(n)
                    .append(") while SSL handshaking, client: 10.9.")
                    .append(n)
                    .append(".1, server: 0.0.0.0:443\n");
        }
        Summary s = summarize(b.toString().getBytes(StandardCharsets.UTF_8), SMALL);
        long normal = s.groups().stream().filter(g -> !g.otherPeers()).count();
        List<Summary.Group> others = new ArrayList<>(
                s.groups().stream().filter(Summary.Group::otherPeers).toList());
        assertThat(normal).isEqualTo(Summarizer.MAX_GROUPS);
        assertThat(others).hasSize(Summarizer.MAX_OTHER_PEER_GROUPS);
        assertThat(others).allMatch(g -> g.peer().isEmpty());
        long inGroups = s.groups().stream().mapToLong(g -> g.span().count()).sum();
        assertThat(s.other()).isPresent();
        assertThat(inGroups + s.other().get().count()).isEqualTo(s.occurrences());
        assertThat(s.occurrences()).isEqualTo(Summarizer.MAX_GROUPS + 50 + 256);
        assertThat(s.other().get().lastLine()).isEqualTo(s.lines());
        assertThat(s.other().get().lastTime()).contains("2026-11-22T11:00:00");
    }

    @Test
    void emptyBinaryAndMalformedInputGiveASummaryNoException() throws IOException {
        Summary empty = summarize(new byte[0], SMALL);
        assertThat(empty.lines()).isZero();
        assertThat(empty.groups()).isEmpty();
        byte[] junk = new byte[3 * SMALL + 17];
        new Random(5).nextBytes(junk);
        Summary j = summarize(junk, SMALL);
        assertThat(j.bytes()).isEqualTo(junk.length);
        long nl = 0;
        for (byte x : junk) {
            nl += x == '\n' ? 1 : 0;
        }
        assertThat(j.lines()).isEqualTo(nl + (junk[junk.length - 1] == '\n' ? 0 : 1));
        // Invalid UTF-8 and control characters around an alert: found, its text as decoded.
        byte[] bad = "\u00ff\u00fe 2026/11/22 10:00:00 remote error: tls: bad certificate \u001b[31m\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Summary b = summarize(bad, SMALL);
        assertThat(b.groups()).hasSize(1);
        assertThat(b.groups().get(0).span().firstTime()).contains("2026-11-22T10:00:00");
    }
}
