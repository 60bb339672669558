package io.tlsalert.probe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The server's bytes as they arrive: checks that they are TLS records, and parses the plaintext ServerHello and
 * HelloRetryRequest (Bouncy Castle does not report the retry, nor the key share group it asks for).
 */
final class ServerStream {
    static final int MAX_RECORD = (1 << 14) + 2048;
    private static final byte[] HRR_RANDOM = hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");

    final List<ServerHelloInfo> hellos = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream handshake = new ByteArrayOutputStream();
    private final ByteArrayOutputStream firstBytes = new ByteArrayOutputStream();
    private boolean encrypted;
    private String notTls;
    long total;
    int completeRecords;

    /** Why these bytes are not TLS, or null. */
    String notTls() {
        return notTls;
    }

    /** True when the bytes received so far end inside a record. */
    boolean midRecord() {
        return pending.size() > 0;
    }

    void feed(byte[] b, int off, int len) {
        total += len;
        if (firstBytes.size() < 64) {
            firstBytes.write(b, off, Math.min(len, 64 - firstBytes.size()));
        }
        if (notTls != null) {
            return;
        }
        pending.write(b, off, len);
        byte[] buf = pending.toByteArray();
        int p = 0;
        while (true) {
            int avail = buf.length - p;
            if (avail >= 1 && (buf[p] < 20 || buf[p] > 24)) {
                notTls = "byte " + (total - (buf.length - p)) + " is 0x" + String.format("%02x", buf[p] & 0xff)
                        + ", not a TLS record type; the server sent: " + preview();
                return;
            }
            if (avail >= 2 && buf[p + 1] != 3) {
                notTls = "record version major byte 0x" + String.format("%02x", buf[p + 1] & 0xff)
                        + " is not 3 (TLS); the server sent: " + preview();
                return;
            }
            if (avail < 5) {
                break;
            }
            int rlen = ((buf[p + 3] & 0xff) << 8) | (buf[p + 4] & 0xff);
            if (rlen > MAX_RECORD) {
                notTls = "record length " + rlen + " exceeds the TLS maximum of " + MAX_RECORD + "; the server sent: "
                        + preview();
                return;
            }
            if (avail < 5 + rlen) {
                break;
            }
            record(buf[p], buf, p + 5, rlen);
            completeRecords++;
            p += 5 + rlen;
        }
        pending.reset();
        pending.write(buf, p, buf.length - p);
    }

    private void record(byte type, byte[] b, int off, int len) {
        if (encrypted) {
            return;
        }
        if (type == 20) {
            if (!hellos.isEmpty() && hellos.get(hellos.size() - 1).version() != TlsNames.TLS13) {
                encrypted = true;
            }
            return;
        }
        if (type != 22) {
            return;
        }
        handshake.write(b, off, len);
        byte[] h = handshake.toByteArray();
        int p = 0;
        while (h.length - p >= 4) {
            int mlen = ((h[p + 1] & 0xff) << 16) | ((h[p + 2] & 0xff) << 8) | (h[p + 3] & 0xff);
            if (h.length - p - 4 < mlen) {
                break;
            }
            if (h[p] == 2) {
                ServerHelloInfo sh = parseServerHello(h, p + 4, mlen);
                if (sh != null) {
                    hellos.add(sh);
                    if (!sh.retryRequest() && sh.version() == TlsNames.TLS13) {
                        encrypted = true;
                    }
                }
            }
            p += 4 + mlen;
            if (encrypted) {
                break;
            }
        }
        handshake.reset();
        if (!encrypted) {
            handshake.write(h, p, h.length - p);
        }
    }

    private static ServerHelloInfo parseServerHello(byte[] b, int off, int len) {
        try {
            int end = off + len;
            int p = off;
            int version = u16(b, p);
            p += 2;
            boolean hrr = Arrays.equals(b, p, p + 32, HRR_RANDOM, 0, 32);
            p += 32;
            p += 1 + (b[p] & 0xff);
            int suite = u16(b, p);
            p += 3;
            Integer group = null;
            String alpn = null;
            if (p + 2 <= end) {
                int extEnd = p + 2 + u16(b, p);
                p += 2;
                while (p + 4 <= extEnd && extEnd <= end) {
                    int type = u16(b, p), elen = u16(b, p + 2);
                    int d = p + 4;
                    if (type == 43 && elen >= 2) {
                        version = u16(b, d);
                    }
                    if (type == 51 && elen >= 2) {
                        group = u16(b, d);
                    }
                    if (type == 16 && elen >= 3) {
                        int nlen = b[d + 2] & 0xff;
                        alpn = new String(b, d + 3, nlen, StandardCharsets.US_ASCII);
                    }
                    p = d + elen;
                }
            }
            return new ServerHelloInfo(hrr, version, suite, Optional.ofNullable(group), Optional.ofNullable(alpn));
        } catch (RuntimeException e) {
            return null; // malformed: Bouncy Castle reports it
        }
    }

    /** The first bytes received, as text when printable, else hex. */
    String preview() {
        byte[] f = firstBytes.toByteArray();
        int printable = 0;
        for (byte x : f) {
            if ((x >= 32 && x < 127) || x == '\r' || x == '\n' || x == '\t') {
                printable++;
            }
        }
        if (f.length > 0 && printable * 10 >= f.length * 9) {
            String s = new String(f, StandardCharsets.ISO_8859_1)
                    .replace("\r", "\\r")
                    .replace("\n", "\\n");
            return "'" + (s.length() > 48 ? s.substring(0, 48) + "..." : s) + "'";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(f.length, 16); i++) {
            sb.append(String.format("%02x ", f[i] & 0xff));
        }
        return sb.toString().trim() + (f.length > 16 ? " ..." : "") + " (hex)";
    }

    private static int u16(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
