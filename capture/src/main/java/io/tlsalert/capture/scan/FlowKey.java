package io.tlsalert.capture.scan;

import io.tlsalert.capture.net.Segment;
import java.util.Arrays;

/**
 * A connection's 5-tuple with its two endpoints in a fixed order, so both directions find the same entry. One mutable
 * instance probes the flow table for every packet; a copy is stored only for a new flow.
 */
final class FlowKey {
    int protocol;
    int addrLen;
    final byte[] a = new byte[16];
    final byte[] b = new byte[16];
    int portA;
    int portB;
    private int hash;

    /** Fills from a segment; returns true when the segment goes from endpoint a to endpoint b. */
    boolean set(Segment s) {
        protocol = s.protocol;
        addrLen = s.ipVersion == 4 ? 4 : 16;
        int c = compare(s.src, s.srcPort, s.dst, s.dstPort, addrLen);
        boolean forward = c <= 0;
        byte[] x = forward ? s.src : s.dst;
        byte[] y = forward ? s.dst : s.src;
        System.arraycopy(x, 0, a, 0, addrLen);
        System.arraycopy(y, 0, b, 0, addrLen);
        portA = forward ? s.srcPort : s.dstPort;
        portB = forward ? s.dstPort : s.srcPort;
        int h = protocol * 31 + portA * 65537 + portB;
        for (int i = 0; i < addrLen; i++) {
            h = h * 31 + a[i] + 7 * b[i];
        }
        hash = h;
        return forward;
    }

    private static int compare(byte[] x, int px, byte[] y, int py, int n) {
        for (int i = 0; i < n; i++) {
            int d = (x[i] & 0xff) - (y[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return Integer.compare(px, py);
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.protocol = protocol;
        k.addrLen = addrLen;
        System.arraycopy(a, 0, k.a, 0, addrLen);
        System.arraycopy(b, 0, k.b, 0, addrLen);
        k.portA = portA;
        k.portB = portB;
        k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k
                && k.hash == hash
                && k.protocol == protocol
                && k.portA == portA
                && k.portB == portB
                && k.addrLen == addrLen
                && Arrays.equals(k.a, 0, addrLen, a, 0, addrLen)
                && Arrays.equals(k.b, 0, addrLen, b, 0, addrLen);
    }

    /** "10.0.0.1:443" or "[2001:db8::1]:443": IPv6 in RFC 5952 form (Segment.format), as everywhere in the output. */
    String endpoint(boolean first) {
        byte[] x = first ? a : b;
        int port = first ? portA : portB;
        String host = Segment.format(addrLen == 16 ? 6 : 4, x);
        return addrLen == 16 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
