package io.tlsalert.report;

import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.Message;
import io.tlsalert.decode.TlsRecord;
import io.tlsalert.decode.Trace;
import io.tlsalert.explain.Direction;
import io.tlsalert.explain.Evidence;
import io.tlsalert.explain.Finding;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a decoding read from a trace ({@link io.tlsalert.decode.TraceDecoder}) adds to {@link DecodeTree}: the trace's
 * format and the role of the program that printed it, each record's direction, path and trace line, who sent each
 * alert, the alerts the program's log names for encrypted records, and where in the trace a problem was found. For a
 * decoding of bytes it adds nothing.
 */
final class TraceView {
    private final Texts t;
    private final Lang lang;

    TraceView(Texts t, Lang lang) {
        this.t = t;
        this.lang = lang;
    }

    /** The top-level {@code trace} entry: {@code format}, {@code printed_by}, {@code note}; empty for bytes. */
    Optional<Map<String, Object>> header(Decoding d) {
        return d.trace().map(tr -> {
            Optional<Trace.Role> printer = tr.printedBy(d.records());
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("format", tr.format().id());
            x.put("printed_by", printer.map(Trace.Role::id).orElse(null));
            x.put(
                    "note",
                    t.format(
                            lang,
                            "decode.trace.note",
                            tr.format().label(),
                            t.get(
                                    lang,
                                    "decode.trace.role."
                                            + printer.map(Trace.Role::id).orElse("unknown"))));
            return x;
        });
    }

    /**
     * Record {@code i}'s view with the trace's fields first ({@code direction}, {@code path}, {@code sender},
     * {@code line}), its alerts' {@code sender} said from the trace, and the alert the log names for an encrypted
     * record ({@code alert_named_by_trace}, {@code alert_note}); {@code view} itself for bytes.
     */
    Map<String, Object> record(Decoding d, int i, Map<String, Object> view) {
        Optional<Trace.Origin> origin = origin(d, i);
        if (origin.isEmpty()) {
            return view;
        }
        Trace.Origin o = origin.get();
        Optional<String> path = d.trace()
                .get()
                .printedBy(d.records())
                .map(p -> (o.flow() == Trace.Flow.SENT) == (p == Trace.Role.CLIENT)
                        ? "client_to_server"
                        : "server_to_client");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("direction", o.flow().id());
        m.put("path", path.orElse(null));
        // "sent by the program that printed the trace (client to server)"; without a ClientHello, no side named
        m.put(
                "sender",
                path.map(x -> t.format(
                                lang, "decode.trace.record." + o.flow().id(), t.get(lang, "decode.trace.path." + x)))
                        .orElseGet(() ->
                                t.get(lang, "decode.trace.alert." + o.flow().id())));
        m.put("line", o.line());
        m.putAll(view);
        if (m.get("messages") instanceof List<?> messages) {
            for (Object x : messages) {
                if (x instanceof Map<?, ?> mm && "alert".equals(mm.get("kind"))) {
                    put(
                            mm,
                            "sender",
                            t.get(lang, "decode.trace.alert." + o.flow().id()));
                }
            }
            for (Trace.NamedAlert n : named(d, i)) {
                if (!messages.isEmpty() && messages.get(0) instanceof Map<?, ?> enc) {
                    put(
                            enc,
                            "alert_named_by_trace",
                            DecodeTree.code(n.description(), TlsAlerts.name(n.description()), 0));
                    put(enc, "alert_note", t.format(lang, "decode.trace.named", n.line()));
                }
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<?, ?> m, String key, Object value) {
        ((Map<String, Object>) m).put(key, value);
    }

    /** Adds to a problem's view the direction of the bytes and the trace line where decoding stopped. */
    void problem(Decoding d, Map<String, Object> problem) {
        d.trace().flatMap(Trace::problemAt).ifPresent(o -> {
            problem.put("direction", o.flow().id());
            problem.put("line", o.line());
        });
    }

    /** The {@code who} of an alert read from {@code d}: from a trace, the program that printed it or its peer. */
    String who(Decoding d, Finding f) {
        return d.trace().isPresent()
                ? t.get(lang, "decode.trace.alert." + f.direction().id() + ".who")
                : t.get(lang, "decode.alert.who");
    }

    /**
     * Every plaintext alert as a finding that explain's views render: who wrote bytes is not known; in a trace, the
     * program that printed it sent or received each record, the finding's line is the record's trace line, and an
     * encrypted record's alert named by the program's log is a finding too (with the level when the log gives it).
     */
    static List<Finding> findings(Decoding d) {
        List<Finding> l = new ArrayList<>();
        for (int i = 0; i < d.records().size(); i++) {
            TlsRecord r = d.records().get(i);
            Optional<Trace.Origin> o = origin(d, i);
            Direction dir = o.map(x -> x.flow() == Trace.Flow.SENT ? Direction.SENT : Direction.RECEIVED)
                    .orElse(Direction.UNKNOWN);
            for (Message m : r.messages()) {
                if (m instanceof Message.Alert a) {
                    l.add(new Finding(
                            a.description(),
                            a.alert(),
                            dir,
                            Evidence.ALERT,
                            "unknown",
                            Optional.of(a.levelName()),
                            String.format("%02x %02x", a.level(), a.description()),
                            o.map(Trace.Origin::line).orElse(1),
                            1,
                            "decode@" + a.offset()));
                }
            }
            for (Trace.NamedAlert n : named(d, i)) {
                l.add(new Finding(
                        n.description(),
                        TlsAlerts.lookup(n.description()),
                        dir,
                        Evidence.ALERT,
                        "unknown",
                        n.level() == 1
                                ? Optional.of("warning")
                                : n.level() == 2 ? Optional.of("fatal") : Optional.empty(),
                        TlsAlerts.name(n.description()),
                        n.line(),
                        1,
                        "decode@" + r.messages().get(0).offset()));
            }
        }
        return l;
    }

    /** The alerts the trace's log lines name for record {@code i}. */
    private static List<Trace.NamedAlert> named(Decoding d, int i) {
        if (d.trace().isEmpty() || d.trace().get().named().isEmpty()) {
            return List.of();
        }
        List<Trace.NamedAlert> l = new ArrayList<>(1);
        for (Trace.NamedAlert n : d.trace().get().named()) {
            if (n.record() == i) {
                l.add(n);
            }
        }
        return l;
    }

    private static Optional<Trace.Origin> origin(Decoding d, int i) {
        return d.trace()
                .filter(tr -> i < tr.origins().size())
                .map(tr -> tr.origins().get(i));
    }
}
