package io.tlsalert.capture.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsalert.capture.net.Segment;
import org.junit.jupiter.api.Test;

/** A connection's endpoints as the scan prints them: IPv6 in RFC 5952 form (issue 13: was 2001:4998:ef83:14:8000:0:0:100d). */
class FlowKeyTest {
    @Test
    void ipv6EndpointsAreInRfc5952Form() {
        Segment s = new Segment();
        s.ipVersion = 6;
        s.protocol = Segment.TCP;
        byte[] client = {
            0x20, 0x01, 0x49, (byte) 0x98, (byte) 0xef, (byte) 0x83, 0, 0x14, (byte) 0x80, 0, 0, 0, 0, 0, 0x10, 0x0d
        };
        byte[] server = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        System.arraycopy(client, 0, s.src, 0, 16);
        System.arraycopy(server, 0, s.dst, 0, 16);
        s.srcPort = 50000;
        s.dstPort = 443;
        FlowKey k = new FlowKey();
        boolean srcIsA = k.set(s);
        assertThat(k.endpoint(srcIsA)).isEqualTo("[2001:4998:ef83:14:8000::100d]:50000");
        assertThat(k.endpoint(!srcIsA)).isEqualTo("[2001:db8::1]:443");
    }

    @Test
    void ipv4EndpointsAreDotted() {
        Segment s = new Segment();
        s.ipVersion = 4;
        s.protocol = Segment.TCP;
        System.arraycopy(new byte[] {10, 0, 0, 1}, 0, s.src, 0, 4);
        System.arraycopy(new byte[] {(byte) 192, (byte) 168, 1, (byte) 200}, 0, s.dst, 0, 4);
        s.srcPort = 40000;
        s.dstPort = 8443;
        FlowKey k = new FlowKey();
        boolean srcIsA = k.set(s);
        assertThat(k.endpoint(srcIsA)).isEqualTo("10.0.0.1:40000");
        assertThat(k.endpoint(!srcIsA)).isEqualTo("192.168.1.200:8443");
    }
}
