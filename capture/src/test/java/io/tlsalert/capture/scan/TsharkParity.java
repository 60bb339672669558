package io.tlsalert.capture.scan;

import io.tlsalert.testkit.Tshark;
import io.tlsalert.wire.AlertLevel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What tshark shows of a capture's alerts and ClientHellos, set against what the scan reports: every alert record
 * tshark shows (TLS and DTLS, plaintext or encrypted) must be in the scan with the same frame and sender, and with
 * the same level and description where tshark can read it; every connection whose ClientHello tshark shows (SSLv2
 * and SSLv3 included) must be in the scan with that client, that server, and its offer read.
 */
final class TsharkParity {
    private TsharkParity() {}

    /** One alert record: level and code -1 when tshark cannot read it (encrypted). */
    record Alert(long frame, String sender, int level, int code) {
        boolean plaintext() {
            return code >= 0;
        }
    }

    /** A connection that showed a ClientHello: who sent it, to whom. */
    record Hello(String client, String server) {}

    /**
     * One capture's comparison: tshark's alerts and those the scan lacks, the scan's plaintext alerts tshark does not
     * show, tshark's hello connections and those the scan lacks.
     */
    record Result(
            Path file,
            List<Alert> alerts,
            List<Alert> missedAlerts,
            List<Alert> extraPlaintext,
            Set<Hello> hellos,
            Set<Hello> missedHellos) {
        int alertsFound() {
            return alerts.size() - missedAlerts.size();
        }

        int hellosFound() {
            return hellos.size() - missedHellos.size();
        }
    }

    /** What tshark shows of one capture. */
    record Shark(List<Alert> alerts, Set<Hello> hellos) {}

    /**
     * One tshark run: {@code tshark -r F -Y "tls.alert_message or dtls.alert_message or tls.handshake.type == 1 or
     * dtls.handshake.type == 1"}. Per frame, how many alert records ({@code tls.alert_message} occurs once per record)
     * and the levels and descriptions of those tshark reads; the records past the readable ones are encrypted. A
     * frame with a ClientHello (SSL 2.0's CLIENT-HELLO is {@code tls.handshake.type == 1} too) names its connection.
     */
    static Shark tshark(Path file) {
        List<Alert> alerts = new ArrayList<>();
        Set<Hello> hellos = new HashSet<>();
        for (String[] f : Tshark.fields(
                file,
                List.of(
                        "-Y",
                        "tls.alert_message or dtls.alert_message or tls.handshake.type == 1 or dtls.handshake.type == 1"),
                List.of(
                        "frame.number",
                        "tls.alert_message",
                        "dtls.alert_message",
                        "tls.alert_message.level",
                        "tls.alert_message.desc",
                        "dtls.alert_message.level",
                        "dtls.alert_message.desc",
                        "ip.src",
                        "ipv6.src",
                        "tcp.srcport",
                        "udp.srcport",
                        "ip.dst",
                        "ipv6.dst",
                        "tcp.dstport",
                        "udp.dstport",
                        "tls.handshake.type",
                        "dtls.handshake.type"),
                ",")) {
            long frame = Long.parseLong(f[0]);
            String sender = endpoint(first(f[7], f[8]), first(f[9], f[10]));
            if (split(f[15]).contains("1") || split(f[16]).contains("1")) {
                hellos.add(new Hello(sender, endpoint(first(f[11], f[12]), first(f[13], f[14]))));
            }
            int records = count(f[1]) + count(f[2]);
            List<String> levels = new ArrayList<>(split(f[3]));
            levels.addAll(split(f[5]));
            List<String> descs = new ArrayList<>(split(f[4]));
            descs.addAll(split(f[6]));
            for (int i = 0; i < Math.max(records, levels.size()); i++) {
                alerts.add(
                        i < levels.size()
                                ? new Alert(
                                        frame, sender, Integer.parseInt(levels.get(i)), Integer.parseInt(descs.get(i)))
                                : new Alert(frame, sender, -1, -1));
            }
        }
        return new Shark(alerts, hellos);
    }

    /** The scan's alerts in tshark's terms. */
    static List<Alert> scanAlerts(List<Connection> cs) {
        List<Alert> out = new ArrayList<>();
        for (Connection c : cs) {
            for (AlertEvent a : c.alerts()) {
                String from = a.from() == Peer.SERVER ? c.server() : c.client();
                out.add(new Alert(
                        a.frame(),
                        normal(from),
                        a.level().map(AlertLevel::value).orElse(-1),
                        a.code().orElse(-1)));
            }
        }
        return out;
    }

    /** tshark's alerts and hellos against the scan's: what the scan misses, and its plaintext alerts tshark lacks. */
    static Result compare(Path file, Shark shark, List<Connection> scanned) {
        List<Alert> ours = new ArrayList<>(scanAlerts(scanned));
        List<Alert> missed = new ArrayList<>();
        for (Alert t : shark.alerts()) {
            // Each scan alert answers one tshark record: two records in one frame need two alerts.
            Alert match = ours.stream()
                    .filter(o -> o.frame() == t.frame() && o.sender().equals(t.sender()))
                    .filter(o -> !t.plaintext() || o.level() == t.level() && o.code() == t.code())
                    .findFirst()
                    .orElse(null);
            if (match == null) {
                missed.add(t);
            } else {
                ours.remove(match);
            }
        }
        List<Alert> extra = ours.stream().filter(Alert::plaintext).collect(Collectors.toList());
        Set<Hello> seen = new HashSet<>();
        for (Connection c : scanned) {
            if (!c.offeredVersions().isEmpty()) {
                seen.add(new Hello(normal(c.client()), normal(c.server())));
            }
        }
        Set<Hello> missedHellos = new HashSet<>(shark.hellos());
        missedHellos.removeAll(seen);
        return new Result(file, shark.alerts(), missed, extra, shark.hellos(), missedHellos);
    }

    private static String first(String a, String b) {
        return a.isEmpty() ? b.split(",")[0] : a.split(",")[0];
    }

    private static int count(String s) {
        return s.isEmpty() ? 0 : s.split(",").length;
    }

    private static List<String> split(String s) {
        return s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    /** "host:port" with the host as InetAddress prints it (IPv6 in brackets), whichever way it was written. */
    static String normal(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String host = endpoint.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return endpoint(host, endpoint.substring(colon + 1));
    }

    private static String endpoint(String host, String port) {
        try {
            InetAddress a = InetAddress.getByName(host);
            String h = a.getHostAddress();
            return (h.contains(":") ? "[" + h + "]" : h) + ":" + Integer.parseInt(port);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an endpoint: " + host + " port " + port, e);
        }
    }
}
