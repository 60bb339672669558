package io.tlsalert.decode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code tshark -T fields} over a pcap written by {@link WireCapture#writePcap} and gathers, per flow (source port, destination
 * port), every occurrence of each field in packet order. Numbers are normalised to decimal, byte strings to lower-case
 * hex without separators, so they compare with what {@link RealBytesTest} derives from the decoder.
 */
final class Tshark {
    private static final String AGG = "\u001f";

    private Tshark() {}

    /** One flow's field values: field name to every occurrence, in order. */
    record Flow(Map<String, List<String>> values) {
        List<String> get(String field) {
            return values.getOrDefault(field, List.of());
        }
    }

    /**
     * @param tcpTlsPorts ports decoded as TLS ({@code -d tcp.port==P,tls})
     * @param udpDtlsPorts ports decoded as DTLS ({@code -d udp.port==P,dtls})
     * @return flows keyed by {@code "src->dst"}
     */
    static Map<String, Flow> fields(
            Path pcap, List<Integer> tcpTlsPorts, List<Integer> udpDtlsPorts, List<String> fields) throws Exception {
        List<String> options = new ArrayList<>(List.of(
                "-o",
                "tls.desegment_ssl_records:TRUE",
                "-o",
                "tls.desegment_ssl_application_data:TRUE",
                "-o",
                "tcp.desegment_tcp_streams:TRUE",
                "-o",
                "tcp.check_checksum:TRUE"));
        for (int p : tcpTlsPorts) {
            options.addAll(List.of("-d", "tcp.port==" + p + ",tls"));
        }
        for (int p : udpDtlsPorts) {
            options.addAll(List.of("-d", "udp.port==" + p + ",dtls"));
        }
        List<String> all = new ArrayList<>(List.of(
                "frame.number", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "_ws.expert.message"));
        all.addAll(fields);
        Map<String, Flow> flows = new LinkedHashMap<>();
        for (String[] col : io.tlsalert.testkit.Tshark.fields(pcap, options, all, AGG)) {
            if (col.length < all.size() || !col[0].matches("\\d+")) {
                continue;
            }
            String key = !col[1].isEmpty() ? col[1] + "->" + col[2] : col[3] + "->" + col[4];
            Flow flow = flows.computeIfAbsent(key, k -> new Flow(new LinkedHashMap<>()));
            for (int i = 5; i < all.size(); i++) {
                if (col[i].isEmpty()) {
                    continue;
                }
                List<String> l = flow.values.computeIfAbsent(all.get(i), k -> new ArrayList<>());
                for (String v : col[i].split(AGG, -1)) {
                    l.add(normalise(v));
                }
            }
        }
        return flows;
    }

    static String normalise(String v) {
        if (v.matches("0x[0-9a-fA-F]+")) {
            return Long.toString(Long.parseLong(v.substring(2), 16));
        }
        if (v.matches("([0-9a-fA-F]{2}:)+[0-9a-fA-F]{2}")) {
            return v.replace(":", "").toLowerCase();
        }
        return v;
    }
}
