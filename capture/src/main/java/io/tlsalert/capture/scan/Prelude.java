package io.tlsalert.capture.scan;

/**
 * What came before TLS in a TCP stream that does not start with a TLS record: a tunnel (a proxy asked to connect,
 * after which the bytes are the far end's) or an upgrade (an application protocol's own command to start TLS on the
 * same connection). Ids are a public interface (the JSON's {@code tunnel} and {@code upgrade}, the CSV's columns).
 */
public enum Prelude {
    /** HTTP {@code CONNECT host:port} answered 2xx; the tunnel starts after the blank line (RFC 9110 §9.3.6). */
    HTTP_CONNECT("http-connect", true),
    /** SOCKS 4 CONNECT to an IPv4 address, granted (90). */
    SOCKS4("socks4", true),
    /** SOCKS 4a: SOCKS 4 with the address 0.0.0.x and a host name after the user id. */
    SOCKS4A("socks4a", true),
    /** SOCKS 5 CONNECT (RFC 1928), with or without username/password authentication (RFC 1929). */
    SOCKS5("socks5", true),
    /** SMTP {@code STARTTLS} (RFC 3207). */
    SMTP("smtp-starttls", false),
    /** LMTP {@code STARTTLS}: SMTP's command after {@code LHLO} (RFC 2033). */
    LMTP("lmtp-starttls", false),
    /** IMAP {@code STARTTLS} (RFC 2595 §3.1, RFC 9051 §6.2.1). */
    IMAP("imap-starttls", false),
    /** POP3 {@code STLS} (RFC 2595 §4). */
    POP3("pop3-stls", false),
    /** FTP {@code AUTH TLS} (RFC 4217 §4). */
    FTP("ftp-auth-tls", false),
    /** NNTP {@code STARTTLS} (RFC 4642). */
    NNTP("nntp-starttls", false),
    /** ManageSieve {@code STARTTLS} (RFC 5804 §2.2). */
    MANAGESIEVE("managesieve-starttls", false),
    /** A {@code STARTTLS} line whose protocol neither side's other lines told (SMTP, NNTP and ManageSieve share it). */
    STARTTLS("starttls", false),
    /** LDAP StartTLS extended operation, OID 1.3.6.1.4.1.1466.20037 (RFC 4511 §4.14). */
    LDAP("ldap-starttls", false),
    /** XMPP {@code <starttls/>} answered {@code <proceed/>} (RFC 6120 §5.4). */
    XMPP("xmpp-starttls", false),
    /** PostgreSQL SSLRequest (code 80877103) answered {@code S}. */
    POSTGRES("postgres-sslrequest", false),
    /** MySQL/MariaDB: a greeting with CLIENT_SSL, the client's 32-byte SSL request, then TLS. */
    MYSQL("mysql-ssl", false);

    private final String id;
    private final boolean tunnel;

    Prelude(String id, boolean tunnel) {
        this.id = id;
        this.tunnel = tunnel;
    }

    /** The kebab-case id: {@code smtp-starttls}, {@code http-connect}. */
    public String id() {
        return id;
    }

    /** A tunnel (the bytes after it are another connection's); otherwise an upgrade of this one. */
    public boolean tunnel() {
        return tunnel;
    }
}
