package io.tlsalert.capture.scan;

import io.tlsalert.capture.Budget;
import io.tlsalert.wire.ContentType;
import io.tlsalert.wire.HandshakeType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One direction of a TCP stream that does not start with a TLS record: reads a plaintext prelude it recognises (a
 * proxy's CONNECT or SOCKS exchange, a STARTTLS-like command or its answer) and says where TLS starts after it.
 * Conservative: only the preludes of {@link Prelude}, each read by its wire format; TLS is taken to start only at the
 * end of a prelude message and only where a ClientHello, ServerHello or alert record header follows. Anything else,
 * or more than {@link Budget#PRELUDE_BYTES} of prelude, is not TLS.
 *
 * <p>Either direction can be read without knowing which side sent it: the client's and the server's messages of each
 * protocol differ in their first bytes.
 */
final class PreludeReader {
    /** {@link #feed} has read everything given and needs more bytes. */
    static final int WAIT = -1;
    /** The bytes are not a prelude this reader knows: the stream is not TLS. */
    static final int NOT_TLS = -2;
    /** {@link #feed}: TLS starts; its bytes are {@link #rest()}. */
    static final int TLS = 0;

    private static final int MAX_BYTES = Budget.PRELUDE_BYTES.limit;
    private static final int MAX_RECORD = Budget.RECORD_BYTES.limit;
    /** A sub-result of a message parser: the message is not whole yet. */
    private static final int MORE = 0;
    /** A sub-result of a message parser: not this message. */
    private static final int NO = -1;

    /** A status line of a 2xx answer (RFC 9110 §15.3), upper-cased. */
    private static final Pattern HTTP_2XX = Pattern.compile("HTTP/1\\.[01] 2\\d\\d( .*)?");
    /** An XMPP {@code <starttls} or {@code <proceed} start tag, with or without a namespace prefix. */
    private static final Pattern XMPP_GO = Pattern.compile("(?s)<([A-Za-z0-9_-]+:)?(starttls|proceed)[\\s/>].*");

    /** The families of preludes, told apart by a message's first bytes. */
    private enum Family {
        LINES,
        XML,
        SOCKS4_REQUEST,
        SOCKS4_REPLY,
        SOCKS5,
        POSTGRES_CLIENT,
        POSTGRES_SERVER,
        MYSQL_SERVER,
        MYSQL_CLIENT,
        LDAP
    }

    /** Bytes received and not yet read as a whole message. */
    private byte[] buf = new byte[256];

    private int len;
    /** Stream offset of {@code buf[0]}. */
    private long consumed;
    /** Where the search for a line end resumes: bytes before it hold none. */
    private int searched;

    private Family family;
    /** Lines or XML elements read in this family; the first one decides the protocol. */
    private int messages;
    /** The last message read says TLS may follow, as this upgrade. */
    private Prelude go;
    /** What the lines read so far say the protocol is (its upgrade command decides it when it comes). */
    private Prelude guess;
    /** In an HTTP CONNECT request or its 2xx answer, reading header lines until the blank one. */
    private boolean httpHeaders;
    /** SOCKS 5: 0 before the greeting/method choice, 1 before authentication or request, 2 before the request. */
    private int socksStep;
    /** SOCKS 5 read in its server form (method choice, reply), not its client form. */
    private boolean socksServer;

    private Prelude tunnel;
    private Prelude upgrade;
    private byte[] rest;

    /** Bytes held now. */
    int held() {
        return buf.length;
    }

    Prelude tunnel() {
        return tunnel;
    }

    Prelude upgrade() {
        return upgrade;
    }

    /** Stream offset of the first TLS byte; set when {@link #feed} returned {@link #TLS}. */
    long tlsOffset() {
        return consumed;
    }

    /** The bytes from the first TLS byte on, once {@link #feed} returned {@link #TLS}. */
    byte[] rest() {
        return rest;
    }

    /** The next bytes of the stream, in order: {@link #WAIT}, {@link #NOT_TLS} or {@link #TLS}. */
    int feed(byte[] b, int off, int n) {
        // Only the stream's first MAX_BYTES are read, so the answer does not depend on how it was cut into segments;
        // the bytes past them are kept aside in case TLS starts before them.
        int take = (int) Math.min(n, MAX_BYTES - consumed - len);
        if (len + take > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(len + take, 2 * buf.length));
        }
        System.arraycopy(b, off, buf, len, take);
        len += take;
        int r = read();
        if (r == TLS && take < n) {
            byte[] all = Arrays.copyOf(rest, rest.length + n - take);
            System.arraycopy(b, off + take, all, rest.length, n - take);
            rest = all;
        }
        if (r == WAIT && consumed + len >= MAX_BYTES) {
            return NOT_TLS; // a prelude this long is a plaintext protocol that never upgraded
        }
        return r;
    }

    private int read() {
        while (true) {
            if (family == null) {
                if (tunnel != null || upgrade != null) {
                    int t = tlsAt(0);
                    if (t != NO) {
                        return t == MORE ? WAIT : start();
                    }
                }
                int f = family();
                if (f != TLS) {
                    return f;
                }
            }
            if (go != null) {
                int t = tlsAt(0);
                if (t == MORE) {
                    return WAIT;
                }
                if (t > 0) {
                    upgrade = go;
                    return start();
                }
                if (family != Family.XML) {
                    go = null; // it said TLS would follow, and something else did (a refusal): read on
                }
            }
            int m = message();
            if (m == MORE) {
                return WAIT;
            }
            if (m == NO) {
                return NOT_TLS;
            }
            take(m);
        }
    }

    private int start() {
        rest = Arrays.copyOf(buf, len);
        buf = new byte[0];
        len = 0;
        return TLS;
    }

    private void take(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
        consumed += n;
        searched = 0;
    }

    /**
     * Whether a TLS record that can start a direction is at {@code p}: a handshake record whose first message is a
     * ClientHello or ServerHello, or a 2-byte alert (a server refusing the ClientHello). {@link #MORE}, {@link #NO},
     * or 1.
     */
    private int tlsAt(int p) {
        if (len - p < 1) {
            return MORE;
        }
        int type = buf[p] & 0xff;
        if (type != ContentType.HANDSHAKE && type != ContentType.ALERT) {
            return NO;
        }
        if (len - p < 6) {
            return len - p >= 2 && (buf[p + 1] & 0xff) != 3 ? NO : MORE;
        }
        int version = u16(p + 1);
        int length = u16(p + 3);
        int first = buf[p + 5] & 0xff;
        if (version < 0x0300 || version > 0x0304 || length == 0 || length > MAX_RECORD) {
            return NO;
        }
        if (type == ContentType.ALERT) {
            return length == 2 && (first == 1 || first == 2) ? 1 : NO;
        }
        return first == HandshakeType.CLIENT_HELLO || first == HandshakeType.SERVER_HELLO ? 1 : NO;
    }

    /** Decides the family from a message's first bytes: {@link #TLS} (decided), {@link #WAIT} or {@link #NOT_TLS}. */
    private int family() {
        if (len < 2) {
            return WAIT;
        }
        int b0 = buf[0] & 0xff;
        int b1 = buf[1] & 0xff;
        Family f = null;
        boolean tunnelAllowed = tunnel == null;
        if (b0 == 4 && b1 == 1 && tunnelAllowed) {
            f = Family.SOCKS4_REQUEST;
        } else if (b0 == 0 && b1 == 90 && tunnelAllowed) {
            f = Family.SOCKS4_REPLY;
        } else if (b0 == 5 && tunnelAllowed) {
            f = Family.SOCKS5;
        } else if (b0 == 0 && b1 == 0) {
            f = Family.POSTGRES_CLIENT;
        } else if ((b0 == 'S' || b0 == 'N') && (b1 == 'S' || b1 == ContentType.HANDSHAKE || b1 == ContentType.ALERT)) {
            f = Family.POSTGRES_SERVER;
        } else if (len < 5 && mysqlPrefix()) {
            return WAIT; // a MySQL packet header is 4 bytes, then the payload's first byte: decided with all five
        } else if (b0 == 32 && b1 == 0 && buf[2] == 0 && buf[3] == 1) {
            f = Family.MYSQL_CLIENT;
        } else if (b1 <= 4 && buf[2] == 0 && buf[3] == 0 && buf[4] == 10) {
            f = Family.MYSQL_SERVER; // 3-byte length (at most 1,024 here), sequence 0, protocol version 10
        } else if (b0 == 0x30) {
            f = Family.LDAP;
        } else if (b0 == '<') {
            f = Family.XML;
        } else if (b0 >= 0x20 && b0 < 0x7f) {
            f = Family.LINES;
        }
        if (f == null) {
            return NOT_TLS;
        }
        family = f;
        messages = 0;
        go = null;
        guess = null;
        socksStep = 0;
        return TLS;
    }

    /** Whether the bytes so far (fewer than 5) may begin a MySQL SSLRequest or HandshakeV10 packet. */
    private boolean mysqlPrefix() {
        boolean client = (buf[0] & 0xff) == 32 && buf[1] == 0 && (len < 3 || buf[2] == 0) && (len < 4 || buf[3] == 1);
        boolean server = (buf[1] & 0xff) <= 4 && (len < 3 || buf[2] == 0) && (len < 4 || buf[3] == 0);
        return client || server;
    }

    /** Reads one whole message of the family: its length, {@link #MORE} or {@link #NO}. */
    private int message() {
        return switch (family) {
            case LINES -> line();
            case XML -> xml();
            case SOCKS4_REQUEST -> socks4Request();
            case SOCKS4_REPLY -> socks4Reply();
            case SOCKS5 -> socks5();
            case POSTGRES_CLIENT -> postgresClient();
            case POSTGRES_SERVER -> postgresServer();
            case MYSQL_SERVER -> mysqlServer();
            case MYSQL_CLIENT -> mysqlClient();
            case LDAP -> ldap();
        };
    }

    // ---- Text lines: SMTP, LMTP, IMAP, POP3, FTP, NNTP, ManageSieve, HTTP CONNECT ----

    /** One line, CRLF or LF ended; text only (tabs and UTF-8 allowed, other control bytes are not text). */
    private int line() {
        int end = -1;
        for (int i = searched; i < len; i++) {
            int c = buf[i] & 0xff;
            if (c == '\n') {
                end = i;
                break;
            }
            if (c < 0x20 && c != '\r' && c != '\t') {
                return NO;
            }
        }
        if (end < 0) {
            searched = len;
            return MORE;
        }
        int stop = end > 0 && buf[end - 1] == '\r' ? end - 1 : end;
        String l = new String(buf, 0, stop, StandardCharsets.UTF_8);
        boolean known = messages == 0 ? opener(l) : next(l);
        messages++;
        return known ? end + 1 : NO;
    }

    /**
     * The first line: a greeting or command of a protocol that has an upgrade to TLS (anything else, such as an HTTP
     * GET, is not TLS). Commands are case-insensitive (RFC 5321 §2.4, RFC 9051 §9, RFC 1939 §3).
     */
    private boolean opener(String l) {
        String u = upper(l);
        if (u.startsWith("CONNECT ") && u.contains(" HTTP/1.") && tunnel == null) {
            httpHeaders = true; // RFC 9110 §9.3.6: CONNECT host:port, header lines, a blank line
            return true;
        }
        if (HTTP_2XX.matcher(u).matches() && tunnel == null) {
            httpHeaders = true; // any 2xx answer to CONNECT: the tunnel follows the header lines
            return true;
        }
        if (u.startsWith("220 ") || u.startsWith("220-") || u.equals("220")) {
            guess = u.contains("SMTP")
                    ? Prelude.SMTP
                    : u.contains("LMTP") ? Prelude.LMTP : u.contains("FTP") ? Prelude.FTP : null;
            return true; // SMTP (RFC 5321 §4.2), LMTP, FTP greeting (RFC 959)
        }
        if (u.startsWith("* OK") || u.startsWith("* PREAUTH")) {
            guess = Prelude.IMAP; // RFC 9051 §7.1.1 greeting
            return true;
        }
        if (u.startsWith("+OK")) {
            guess = Prelude.POP3; // RFC 1939 §4 greeting
            return true;
        }
        if (u.startsWith("200 ") || u.startsWith("201 ")) {
            guess = Prelude.NNTP; // RFC 3977 §5.1 greeting
            return true;
        }
        if (u.startsWith("\"IMPLEMENTATION\"") || u.startsWith("\"SIEVE\"") || u.startsWith("\"STARTTLS\"")) {
            guess = Prelude.MANAGESIEVE; // RFC 5804 §1.7: the server starts with its capabilities
            return true;
        }
        if (u.startsWith("EHLO ") || u.startsWith("HELO ")) {
            guess = Prelude.SMTP;
            return true;
        }
        if (u.startsWith("LHLO ")) {
            guess = Prelude.LMTP;
            return true;
        }
        if (u.equals("CAPABILITIES")) {
            guess = Prelude.NNTP;
            return true;
        }
        if (u.equals("CAPA")) {
            guess = Prelude.POP3;
            return true;
        }
        if (u.equals("FEAT")) {
            guess = Prelude.FTP;
            return true;
        }
        if (imapTagged(u, "CAPABILITY") || imapTagged(u, "STARTTLS")) {
            guess = Prelude.IMAP;
            return next(l);
        }
        if (u.equals("STARTTLS") || u.equals("STLS") || u.startsWith("AUTH ")) {
            return next(l);
        }
        return false;
    }

    /** A later line: the commands that start TLS, the answers that accept them, or any other text line. */
    private boolean next(String l) {
        String u = upper(l);
        if (httpHeaders) {
            if (u.isEmpty()) {
                httpHeaders = false;
                tunnel = Prelude.HTTP_CONNECT;
                family = null; // the tunnel's bytes follow: TLS, or an upgrade inside the tunnel
            }
            return true;
        }
        if (u.equals("STARTTLS")) {
            go = guess == Prelude.SMTP || guess == Prelude.LMTP || guess == Prelude.NNTP ? guess : Prelude.STARTTLS;
        } else if (u.equals("STLS")) {
            go = Prelude.POP3; // RFC 2595 §4
        } else if (u.equals("AUTH TLS") || u.equals("AUTH SSL") || u.equals("AUTH TLS-C")) {
            go = Prelude.FTP; // RFC 4217 §4
        } else if (imapTagged(u, "STARTTLS")) {
            go = Prelude.IMAP; // RFC 2595 §3.1: "a001 STARTTLS"
        } else if ((u.startsWith("220 ") || u.equals("220")) && guess != Prelude.FTP) {
            go = guess == Prelude.LMTP ? Prelude.LMTP : Prelude.SMTP; // RFC 3207 §4: "220 Ready to start TLS"
        } else if (u.startsWith("234 ") || u.equals("234")) {
            go = Prelude.FTP; // RFC 4217 §4: "234 AUTH command OK"
        } else if (u.startsWith("382 ") || u.equals("382")) {
            go = Prelude.NNTP; // RFC 4642 §2.2: "382 Continue with TLS negotiation"
        } else if (u.startsWith("+OK") && guess == Prelude.POP3) {
            go = Prelude.POP3;
        } else if (imapTagged(u, "OK") && guess == Prelude.IMAP) {
            go = Prelude.IMAP; // "a001 OK Begin TLS negotiation now"
        } else if ((u.equals("OK") || u.startsWith("OK ")) && guess == Prelude.MANAGESIEVE) {
            go = Prelude.MANAGESIEVE; // RFC 5804 §2.2: OK, then TLS
        }
        return true;
    }

    /** An IMAP command or tagged answer: a tag of atom characters (not {@code *} or {@code +}), a space, the word. */
    private static boolean imapTagged(String u, String word) {
        int sp = u.indexOf(' ');
        if (sp <= 0 || sp > 64 || u.charAt(0) == '*' || u.charAt(0) == '+') {
            return false;
        }
        for (int i = 0; i < sp; i++) {
            char c = u.charAt(i);
            if (c <= ' ' || c >= 0x7f || "(){%\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        String after = u.substring(sp + 1);
        return after.equals(word) || after.startsWith(word + " ");
    }

    private static String upper(String l) {
        return l.trim().toUpperCase(java.util.Locale.ROOT);
    }

    // ---- XMPP (RFC 6120 §5.4.2): <stream:stream ...> ... <starttls .../> answered <proceed .../> ----

    /** Up to and including the next '>': XML text, read only for its start tags. */
    private int xml() {
        int end = -1;
        for (int i = searched; i < len; i++) {
            int c = buf[i] & 0xff;
            if (c == '>') {
                end = i;
                break;
            }
            if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                return NO;
            }
        }
        if (end < 0) {
            searched = len;
            return MORE;
        }
        String t = new String(buf, 0, end + 1, StandardCharsets.UTF_8).trim();
        if (messages == 0 && !(t.startsWith("<?xml") || t.startsWith("<stream:stream"))) {
            return NO;
        }
        messages++;
        // A start tag, with or without a namespace prefix: "<starttls", "<tls:proceed". Once seen, TLS may start after
        // any later '>' (the element may close in a tag of its own); XML text never holds a record header's 0x16.
        if (XMPP_GO.matcher(t).matches()) {
            go = Prelude.XMPP;
        }
        return end + 1;
    }

    // ---- SOCKS 4 / 4a (the SOCKS 4 protocol document, and its 4A extension) ----

    /*
     * +----+----+----+----+----+----+----+----+----+----+....+----+
     * | VN | CD | DSTPORT |      DSTIP        | USERID       |NULL|     VN 4, CD 1 (CONNECT)
     * +----+----+----+----+----+----+----+----+----+----+....+----+
     * 4a: DSTIP 0.0.0.x (x != 0), then after USERID's NULL the host name and a NULL.
     */
    private int socks4Request() {
        if (len < 9) {
            return MORE;
        }
        int user = nul(8, 256);
        if (user < 0) {
            return user == -2 ? NO : MORE;
        }
        boolean fourA = buf[4] == 0 && buf[5] == 0 && buf[6] == 0 && buf[7] != 0;
        int end = user + 1;
        if (fourA) {
            int host = nul(end, 256);
            if (host < 0) {
                return host == -2 ? NO : MORE;
            }
            end = host + 1;
        }
        tunnel = fourA ? Prelude.SOCKS4A : Prelude.SOCKS4;
        family = null;
        return end;
    }

    /** The reply: VN 0, CD 90 (granted), DSTPORT, DSTIP: 8 bytes. */
    private int socks4Reply() {
        if (len < 8) {
            return MORE;
        }
        tunnel = Prelude.SOCKS4;
        family = null;
        return 8;
    }

    /** The offset of the NUL ending a string at {@code from}; -1 not yet seen, -2 none within {@code max} bytes. */
    private int nul(int from, int max) {
        for (int i = from; i < len && i < from + max; i++) {
            if (buf[i] == 0) {
                return i;
            }
        }
        return len >= from + max ? -2 : -1;
    }

    // ---- SOCKS 5 (RFC 1928), username/password (RFC 1929) ----

    /*
     * client: VER 5 | NMETHODS | METHODS[NMETHODS]            server: VER 5 | METHOD (0 none, 2 username/password)
     * client: VER 1 | ULEN | UNAME | PLEN | PASSWD (RFC 1929) server: VER 1 | STATUS (0 success)
     * client: VER 5 | CMD 1 | RSV 0 | ATYP | DST.ADDR | DST.PORT
     * server: VER 5 | REP 0 | RSV 0 | ATYP | BND.ADDR | BND.PORT   ATYP 1: 4 bytes, 3: length + name, 4: 16 bytes
     */
    private int socks5() {
        if (socksStep == 0) {
            // The client's greeting and the server's method choice both start with 5; what follows tells them apart.
            if (len < 3) {
                return MORE;
            }
            int n = buf[1] & 0xff;
            int client = n == 0 ? NO : len < 2 + n + 1 ? MORE : following(2 + n) ? 2 + n : NO;
            int server = (n == 0 || n == 2) && following(2) ? 2 : NO;
            if (client == MORE) {
                return MORE;
            }
            if (client > 0 && server > 0) {
                // "05 02 01 00 05": methods {1, 0} then a request, or method 2, auth success, then a reply: the
                // request's CMD (1, CONNECT) or the reply's REP (0, success) decides.
                if (len < 6) {
                    return MORE;
                }
                if (buf[5] == 1) {
                    server = NO;
                } else if (buf[5] == 0) {
                    client = NO;
                } else {
                    return NO;
                }
            }
            if (client == NO && server == NO) {
                return NO;
            }
            socksServer = server > 0;
            socksStep = 1;
            return socksServer ? server : client;
        }
        if (len < 2) {
            return MORE;
        }
        if (buf[0] == 1 && socksStep == 1) {
            // A message is taken whole or not at all: the step moves on only with a whole one.
            int ulen = buf[1] & 0xff;
            int end = socksServer ? (buf[1] == 0 ? 2 : NO) : len < 3 + ulen ? MORE : 3 + ulen + (buf[2 + ulen] & 0xff);
            if (end > len) {
                return MORE;
            }
            if (end > 0) {
                socksStep = 2;
            }
            return end;
        }
        if (buf[0] != 5 || len < 5) {
            return buf[0] != 5 ? NO : MORE;
        }
        if ((buf[1] & 0xff) != (socksServer ? 0 : 1) || buf[2] != 0) {
            return NO; // only CONNECT, only success
        }
        int addr = switch (buf[3]) {
            case 1 -> 4;
            case 3 -> 1 + (buf[4] & 0xff);
            case 4 -> 16;
            default -> -1;
        };
        if (addr < 0) {
            return NO;
        }
        int end = 4 + addr + 2;
        if (len < end) {
            return MORE;
        }
        tunnel = Prelude.SOCKS5;
        family = null;
        return end;
    }

    /** What may follow a SOCKS 5 greeting or method choice: authentication (1) or the request or reply (5). */
    private boolean following(int p) {
        return p < len && (buf[p] == 1 || buf[p] == 5);
    }

    // ---- PostgreSQL (protocol docs, "SSL Session Encryption"): SSLRequest answered 'S' ----

    /*
     * SSLRequest:     Int32 length 8, Int32 80877103 (0x04D2162F)
     * GSSENCRequest:  Int32 length 8, Int32 80877104 (0x04D21630), answered 'N' before an SSLRequest is tried
     */
    private int postgresClient() {
        if (len < 8) {
            return MORE;
        }
        if (u16(0) != 0 || u16(2) != 8 || u16(4) != 0x04D2 || (u16(6) != 0x162F && u16(6) != 0x1630)) {
            return NO;
        }
        if (u16(6) == 0x162F) {
            go = Prelude.POSTGRES;
        }
        return 8;
    }

    /** One byte: 'N' (not this encryption) or 'S' (TLS follows). */
    private int postgresServer() {
        if (len < 1) {
            return MORE;
        }
        if (buf[0] == 'S') {
            go = Prelude.POSTGRES;
        } else if (buf[0] != 'N') {
            return NO;
        }
        return 1;
    }

    // ---- MySQL / MariaDB (client/server protocol: Protocol::HandshakeV10, Protocol::SSLRequest) ----

    /*
     * packet:  int<3> payload_length, int<1> sequence_id, payload
     * HandshakeV10 (sequence 0): int<1> 10, string<NUL> server version, int<4> thread id, string[8] auth-plugin-data,
     *          int<1> filler, int<2> capability flags (lower); CLIENT_SSL is 0x00000800
     */
    private int mysqlServer() {
        if (len < 5) {
            return MORE;
        }
        int length = u24le(0);
        if (length < 20 || length > 1024) {
            return NO;
        }
        if (len < 4 + length) {
            return MORE;
        }
        int version = -1;
        for (int i = 5; i < 4 + length; i++) {
            if (buf[i] == 0) {
                version = i;
                break;
            }
        }
        int caps = version + 1 + 4 + 8 + 1;
        if (version < 0 || caps + 2 > 4 + length) {
            return NO;
        }
        int flags = (buf[caps] & 0xff) | (buf[caps + 1] & 0xff) << 8;
        if ((flags & 0x0800) == 0) {
            return NO; // the server does not offer TLS
        }
        go = Prelude.MYSQL;
        return 4 + length;
    }

    /** SSLRequest (sequence 1, 32 bytes): int<4> client capabilities with CLIENT_SSL, int<4> max packet, charset, 23 filler. */
    private int mysqlClient() {
        if (len < 36) {
            return MORE;
        }
        if ((buf[5] & 0x08) == 0) {
            return NO; // capability flags, little-endian: CLIENT_SSL 0x0800 is bit 3 of the second byte
        }
        go = Prelude.MYSQL;
        return 36;
    }

    // ---- LDAP (RFC 4511 §4.14): StartTLS extended operation, in BER ----

    /*
     * LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp CHOICE { ...,
     *      extendedReq  [APPLICATION 23] SEQUENCE { requestName [0] LDAPOID, requestValue [1] OCTET STRING OPTIONAL },
     *      extendedResp [APPLICATION 24] SEQUENCE { resultCode ENUMERATED, matchedDN, diagnosticMessage, ...,
     *                                               responseName [10] LDAPOID OPTIONAL, ... } },
     *      controls [0] Controls OPTIONAL }
     * StartTLS: requestName 1.3.6.1.4.1.1466.20037, answered with resultCode success (0).
     */
    private static final byte[] START_TLS_OID = "1.3.6.1.4.1.1466.20037".getBytes(StandardCharsets.US_ASCII);

    private int ldap() {
        if (len < 2 || buf[0] != 0x30) {
            return len < 2 ? MORE : NO;
        }
        int[] outer = berLength(1);
        if (outer == null) {
            return MORE;
        }
        if (outer[0] < 0) {
            return NO;
        }
        int body = outer[1];
        int end = body + outer[0];
        if (end > MAX_BYTES) {
            return NO;
        }
        if (len < end) {
            return MORE;
        }
        // messageID INTEGER
        if (buf[body] != 0x02) {
            return NO;
        }
        int[] id = berLength(body + 1);
        if (id == null || id[0] < 1 || id[0] > 4) {
            return NO;
        }
        int op = id[1] + id[0];
        if (op + 2 > end) {
            return NO;
        }
        int tag = buf[op] & 0xff;
        int[] opLen = berLength(op + 1);
        if (opLen == null || opLen[0] < 0 || opLen[1] + opLen[0] > end) {
            return NO;
        }
        int c = opLen[1];
        if (tag == 0x77 && opLen[0] >= 2 && (buf[c] & 0xff) == 0x80) {
            int[] oid = berLength(c + 1);
            if (oid != null
                    && oid[0] == START_TLS_OID.length
                    && oid[1] + oid[0] <= end
                    && Arrays.equals(buf, oid[1], oid[1] + oid[0], START_TLS_OID, 0, START_TLS_OID.length)) {
                go = Prelude.LDAP;
            }
        } else if (tag == 0x78 && opLen[0] >= 3 && buf[c] == 0x0a && buf[c + 1] == 1 && buf[c + 2] == 0) {
            go = Prelude.LDAP; // an extended response with resultCode success
        }
        return end;
    }

    /** BER definite length at {@code p}: {length, offset of the contents}; null when the bytes are not all here. */
    private int[] berLength(int p) {
        if (p >= len) {
            return null;
        }
        int first = buf[p] & 0xff;
        if (first < 0x80) {
            return new int[] {first, p + 1};
        }
        int n = first & 0x7f;
        if (n == 0 || n > 3) {
            return new int[] {-1, 0}; // indefinite, or longer than any prelude could be
        }
        if (p + 1 + n > len) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | buf[p + 1 + i] & 0xff;
        }
        return new int[] {v, p + 1 + n};
    }

    private int u16(int p) {
        return (buf[p] & 0xff) << 8 | buf[p + 1] & 0xff;
    }

    private int u24le(int p) {
        return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16;
    }
}
