package io.tlsalert.capture.scan;

import io.tlsalert.testkit.Tshark;
import io.tlsalert.wire.AlertLevel;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** One capture's comparison: tshark's rows, and those the scan does not have. */
    record Result(Path file, List<Alert> alerts, List<Alert> missedAlerts, Set<Hello> hellos, Set<Hello> missedHellos) {
        int alertsFound() {
            return alerts.size() - missedAlerts.size();
        }

        int hellosFound() {
            return hellos.size() - missedHellos.size();
        }
    }

    /**
     * {@code tshark -r F -Y "tls.alert_message or dtls.alert_message"}: per frame, how many alert records
     * ({@code tls.alert_message} occurs once per record) and the levels and descriptions of those it reads; the
     * records past the readable ones are encrypted.
     */
    static List<Alert> tsharkAlerts(Path file) {
        List<Alert> out = new ArrayList<>();
        for (String[] f : Tshark.fields(
                file,
                List.of("-Y", "tls.alert_message or dtls.alert_message"),
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
                        "udp.srcport"),
                ",")) {
            long frame = Long.parseLong(f[0]);
            String sender = endpoint(first(f[7], f[8]), first(f[9], f[10]));
            int records = count(f[1]) + count(f[2]);
            List<String> levels = new ArrayList<>(split(f[3]));
            levels.addAll(split(f[5]));
            List<String> descs = new ArrayList<>(split(f[4]));
            descs.addAll(split(f[6]));
            for (int i = 0; i < Math.max(records, levels.size()); i++) {
                out.add(
                        i < levels.size()
                                ? new Alert(
                                        frame, sender, Integer.parseInt(levels.get(i)), Integer.parseInt(descs.get(i)))
                                : new Alert(frame, sender, -1, -1));
            }
        }
        return out;
    }

    /** {@code tshark -r F -Y "tls.handshake.type == 1 or dtls.handshake.type == 1"}: each connection's hello. */
    static Set<Hello> tsharkHellos(Path file) {
        Set<Hello> out = new HashSet<>();
        for (String[] f : Tshark.fields(
                file,
                List.of("-Y", "tls.handshake.type == 1 or dtls.handshake.type == 1"),
                List.of(
                        "ip.src",
                        "ipv6.src",
                        "tcp.srcport",
                        "udp.srcport",
                        "ip.dst",
                        "ipv6.dst",
                        "tcp.dstport",
                        "udp.dstport"),
                ",")) {
            out.add(new Hello(
                    endpoint(first(f[0], f[1]), first(f[2], f[3])), endpoint(first(f[4], f[5]), first(f[6], f[7]))));
        }
        return out;
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

    static Result compare(Path file, List<Connection> scanned) {
        List<Alert> shark = tsharkAlerts(file);
        List<Alert> ours = new ArrayList<>(scanAlerts(scanned));
        List<Alert> missed = new ArrayList<>();
        for (Alert t : shark) {
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
        Set<Hello> hellos = tsharkHellos(file);
        Set<Hello> seen = new HashSet<>();
        for (Connection c : scanned) {
            if (!c.offeredVersions().isEmpty()) {
                seen.add(new Hello(normal(c.client()), normal(c.server())));
            }
        }
        Set<Hello> missedHellos = new HashSet<>(hellos);
        missedHellos.removeAll(seen);
        return new Result(file, shark, missed, hellos, missedHellos);
    }

    /** The scan's plaintext alerts that tshark does not show (frame, sender, level, description). */
    static List<Alert> extraPlaintext(Path file, List<Connection> scanned) {
        List<Alert> shark = tsharkAlerts(file);
        List<Alert> extra = new ArrayList<>();
        Map<Alert, Integer> left = new HashMap<>();
        for (Alert t : shark) {
            left.merge(t, 1, Integer::sum);
        }
        for (Alert o : scanAlerts(scanned)) {
            if (o.plaintext() && left.merge(o, -1, Integer::sum) < 0) {
                extra.add(o);
            }
        }
        return extra;
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
