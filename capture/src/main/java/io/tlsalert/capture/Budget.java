package io.tlsalert.capture;

import java.util.Locale;

/**
 * Every limit on what one capture or key log may make the scan hold, in one place (the README's "Budgets" table lists
 * them). Each stops with a message that names it ({@link #describe()}) and the frame or line, and the scan goes on
 * where it can: a connection over a per-connection budget keeps its counts, a scan over a total budget reports the
 * least recently active connections early ({@code evicted}).
 */
public enum Budget {
    // Per packet and per capture file.
    /** A packet's captured bytes (libpcap's largest snaplen); a larger packet is skipped with a warning. */
    PACKET_BYTES(256 * 1024, "bytes of one packet"),
    /** A pcap record or pcapng block skipped by its length; a larger length is taken as corruption. */
    SKIPPED_BLOCK_BYTES(64 << 20, "bytes of a block skipped by its length"),
    /** IP datagrams being reassembled from fragments at once; the oldest is dropped with a warning past it. */
    IP_DATAGRAMS(256, "fragmented IP datagrams reassembled at once"),

    // Per connection.
    /** Alerts kept in full per connection; past it they are counted, and the last one is kept too. */
    ALERTS_PER_CONNECTION(1_000, "alerts kept per connection"),
    /** Warnings kept per connection; past it they are counted. */
    WARNINGS_PER_CONNECTION(100, "warnings kept per connection"),
    /** Handshake steps remembered per connection (for the step each alert followed); past it the last is updated. */
    STEPS_PER_CONNECTION(1_000, "handshake steps kept per connection"),
    /** Bytes of one handshake message buffered per direction; a longer message is skipped with a warning. */
    HANDSHAKE_MESSAGE_BYTES(1 << 18, "bytes of one handshake message"),
    /**
     * A record's body: TLSCiphertext.length is at most 2^14 + 2048 (RFC 5246 §6.2.3); a header declaring more is not a
     * record header. The body buffer grows with the bytes that arrive, never to the declared length up front.
     */
    RECORD_BYTES((1 << 14) + 2048, "bytes of one TLS record"),
    /** Out-of-order TCP bytes held per direction before the hole before them is taken as lost. */
    OUT_OF_ORDER_BYTES(1 << 20, "out-of-order bytes held per TCP direction"),
    /** Out-of-order TCP segments held per direction (tiny segments cost more than their bytes). */
    OUT_OF_ORDER_SEGMENTS(16_384, "out-of-order segments held per TCP direction"),

    // In total, for one scan.
    /** Connections (TCP and UDP flows) open at once. */
    OPEN_CONNECTIONS(1 << 18, "connections open at once"),
    /** Bytes held for all open connections together: out-of-order segments, partial records and handshake messages. */
    BYTES_HELD(256 << 20, "bytes held for all open connections"),
    /** Connections listed in the table view with their alerts; past it they are counted in the tables only. */
    TABLE_CONNECTIONS(10_000, "connections listed in the table"),

    // Key log (SSLKEYLOGFILE).
    /** Characters of one key log line; the longest valid line is under 250. */
    KEYLOG_LINE_CHARS(4_096, "characters of one key log line"),
    /** Bytes of a key log file. */
    KEYLOG_BYTES(64 << 20, "bytes of a key log"),

    // Per TCP direction, before TLS.
    /**
     * Plaintext read per TCP direction looking for where TLS starts (a CONNECT, SOCKS or STARTTLS prelude); past it
     * the stream is taken as a plaintext protocol that never upgraded. Only the line or message being read is held.
     */
    PRELUDE_BYTES(64 << 10, "bytes of plaintext read before TLS per TCP direction");

    /** The limit, in the unit {@link #what} counts. */
    public final int limit;

    private final String what;

    Budget(int limit, String what) {
        this.limit = limit;
        this.what = what;
    }

    /** The kebab-case id, as the README lists it: {@code alerts-per-connection}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** For messages: {@code the budget alerts-per-connection (1,000 alerts kept per connection)}. */
    public String describe() {
        return String.format(Locale.ROOT, "the budget %s (%,d %s)", id(), limit, what);
    }
}
