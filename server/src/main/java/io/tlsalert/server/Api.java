package io.tlsalert.server;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.ByteInput;
import io.tlsalert.decode.CertificateInput;
import io.tlsalert.decode.DecodeInput;
import io.tlsalert.decode.DecodeLimits;
import io.tlsalert.decode.Decoding;
import io.tlsalert.decode.InputFormatException;
import io.tlsalert.explain.Explainer;
import io.tlsalert.registry.Alert;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import io.tlsalert.report.DecodeTree;
import io.tlsalert.report.Views;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers of the JSON API: the same shapes as the CLI's {@code --json}, from the same views in core. Answers that
 * never change (the registry, one alert, the UI texts, the OpenAPI document) are serialised once per path and language.
 */
final class Api {
    /** The prefix of the web page's keys in {@code text_<lang>.properties}; the page gets them without it. */
    static final String WEB_TEXT_PREFIX = "web.";

    private static final int MAX_CACHED = 4096;
    private final WebFiles web;
    private final DecodeLimits decodeLimits;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** @param decodeLimits what one decode request may make the server read, decode and answer */
    Api(WebFiles web, DecodeLimits decodeLimits) {
        this.web = web;
        this.decodeLimits = decodeLimits;
    }

    /** A JSON answer that never changes, made on first use. */
    private interface Maker {
        Map<String, Object> make() throws IOException;
    }

    private Reply cached(Request r, Maker m) throws IOException {
        String k = r.lang().id() + " " + r.path();
        byte[] b = cache.get(k);
        if (b == null) {
            b = Reply.bytes(m.make());
            cache.put(k, b);
        }
        return Reply.json(b);
    }

    /** Made once: a monitor's request costs no serialising (and no garbage) however often it asks. */
    private static final byte[] HEALTHY = Reply.bytes(new LinkedHashMap<>(Map.of("status", "ok")));

    Reply healthz(Request r) {
        return Reply.json(HEALTHY);
    }

    Reply openApi(Request r) throws IOException {
        return cached(
                r, () -> JSON.std.mapFrom(new String(web.bytes("openapi.json").orElseThrow(), StandardCharsets.UTF_8)));
    }

    Reply unknown(Request r) {
        return Reply.error(404, "no such API: " + r.path() + " (see /api/openapi.json)");
    }

    /** The web page's strings ({@code web.*} in the text files, without the prefix) in the request's language. */
    Reply texts(Request r) throws IOException {
        return cached(r, () -> {
            Texts t = TlsAlerts.registry().texts();
            Map<String, Object> texts = new LinkedHashMap<>();
            for (String k : t.keys(r.lang())) {
                if (k.startsWith(WEB_TEXT_PREFIX)) {
                    texts.put(k.substring(WEB_TEXT_PREFIX.length()), t.get(r.lang(), k));
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("texts", texts);
            m.put("lang", r.lang().id());
            return m;
        });
    }

    Reply alerts(Request r) throws IOException {
        return cached(r, () -> {
            List<Object> l = new ArrayList<>();
            for (Alert a : TlsAlerts.registry().all()) {
                l.add(Views.listRow(a, r.lang()));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("alerts", l);
            m.put("lang", r.lang().id());
            return m;
        });
    }

    /** One alert by code (40, 0x28) or any name form; 404 with the registry's note for a value that is no alert. */
    Reply alert(Request r) {
        String k = r.lang().id() + " " + r.path();
        byte[] hit = cache.get(k);
        if (hit != null) {
            return Reply.json(hit);
        }
        Optional<String> key = Request.percentDecoded(r.rest());
        if (key.isEmpty()) {
            return Reply.error(404, "no TLS alert is named '" + SiteGuard.printable(r.rest()) + "'");
        }
        Reply a = alert(key.get(), r.lang());
        if (a.status() == 200 && cache.size() < MAX_CACHED) {
            cache.put(k, a.body());
        }
        return a;
    }

    private static Reply alert(String codeOrName, Lang lang) {
        OptionalInt code = Explainer.parseCode(codeOrName);
        Optional<Alert> a;
        if (code.isPresent()) {
            a = TlsAlerts.lookup(code.getAsInt());
            if (a.isEmpty()) {
                Map<String, Object> e = Reply.errorBody(404, codeOrName + " is not an assigned TLS alert");
                TlsAlerts.registry().codeNote(code.getAsInt(), lang).ifPresent(n -> e.put("note", n));
                return Reply.json(404, e);
            }
        } else {
            a = TlsAlerts.lookup(codeOrName);
            if (a.isEmpty()) {
                return Reply.error(404, "no TLS alert is named '" + codeOrName + "'");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert", Views.listRow(a.get(), lang));
        m.put("lang", lang.id());
        return Reply.json(200, m);
    }

    Reply explain(Request r) throws IOException, BodyTooLarge {
        String text = r.textOrField("text");
        if (text.isBlank()) {
            return Reply.error(400, "nothing to explain: send the error text as the body, or JSON {\"text\": ...}");
        }
        return Reply.json(
                200, Views.explanation(TlsAlerts.explain(text), TlsAlerts.registry(), TlsAlerts.explainer(), r.lang()));
    }

    Reply decode(Request r) throws IOException, BodyTooLarge {
        String data;
        Optional<String> format = r.query("format");
        if (r.isJson()) {
            Optional<Map<String, Object>> m = r.jsonBody();
            if (m.isEmpty() || !(m.get().get("data") instanceof String d)) {
                return Reply.error(
                        400, "expected JSON {\"data\": \"<hex or base64>\", \"format\": \"auto|hex|base64\"}");
            }
            data = d;
            if (m.get().get("format") instanceof String f) {
                format = Optional.of(f);
            }
        } else {
            data = new String(r.body(), StandardCharsets.UTF_8);
        }
        ByteInput.Format f;
        switch (format.orElse("auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> f = ByteInput.Format.AUTO;
            case "hex" -> f = ByteInput.Format.HEX;
            case "base64" -> f = ByteInput.Format.BASE64;
            default -> {
                return Reply.error(400, "format must be auto, hex or base64, not '" + format.get() + "'");
            }
        }
        if (data.isBlank()) {
            return Reply.error(400, "nothing to decode: send hex or base64 as the body");
        }
        // The server's limits go into every step, so the work stops at them instead of being measured afterwards.
        Texts texts = TlsAlerts.registry().texts();
        DecodeInput in;
        try {
            // The CLI's order: a trace a TLS program printed, PEM certificates, then bytes (DER certificates among
            // them).
            in = DecodeInput.fromText(data, f, decodeLimits);
        } catch (InputFormatException e) {
            if (e.getMessage().contains(DecodeLimits.Limit.BYTES.field())) {
                // Only a hexdump's '*' line makes more bytes than text: it stopped expanding at the byte limit.
                return overLimit(
                        DecodeLimits.Limit.BYTES,
                        e.offset(),
                        texts.format(
                                r.lang(),
                                "server.decode.limit.text",
                                DecodeLimits.Limit.BYTES.field(),
                                decodeLimits.maxBytes(),
                                e.offset()));
            }
            return Reply.error(400, e.getMessage());
        }
        if (in instanceof DecodeInput.Refused refused) {
            CertificateInput.NotCertificate n = refused.pem();
            return Reply.error(
                    400, texts.format(r.lang(), n.key() ? "decode.pem.key" : "decode.pem.other", n.label(), n.line()));
        }
        if (in instanceof DecodeInput.Certificates c) {
            Map<String, Object> view = new DecodeTree(texts, r.lang()).certificatesReport(c.certificates());
            view.put("lang", r.lang().id());
            return Reply.json(200, view);
        }
        Decoding decoding = ((DecodeInput.Records) in).decoding();
        Optional<DecodeLimits.Limit> hit = decoding.problem().flatMap(p -> limitNamed(p.field()));
        if (hit.isPresent()) {
            // Decoding stopped at a limit: a partial answer would read as the whole input, so it is refused.
            long offset = decoding.problem().get().offset();
            return overLimit(
                    hit.get(),
                    offset,
                    texts.format(
                            r.lang(), "server.decode.limit", hit.get().field(), decodeLimits.of(hit.get()), offset));
        }
        // Built within maxOutputChars: at the limit the tree stops and "truncated" says where (a 200 with a part).
        Map<String, Object> report = new DecodeTree(texts, r.lang()).report(decoding, decodeLimits);
        report.put("lang", r.lang().id());
        return Reply.json(200, report);
    }

    /** 422 naming the limit: {@code {"error", "status", "limit": "DecodeLimits.maxRecords", "value", "offset"}}. */
    private Reply overLimit(DecodeLimits.Limit limit, long offset, String message) {
        Map<String, Object> e = Reply.errorBody(422, message);
        e.put("limit", limit.field());
        e.put("value", decodeLimits.of(limit));
        e.put("offset", offset);
        return Reply.json(422, e);
    }

    private static Optional<DecodeLimits.Limit> limitNamed(String field) {
        for (DecodeLimits.Limit l : DecodeLimits.Limit.values()) {
            if (l.field().equals(field)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
