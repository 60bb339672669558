package io.tlsalert.server;

import io.tlsalert.TlsAlerts;
import io.tlsalert.decode.ByteInput;
import io.tlsalert.decode.InputFormatException;
import io.tlsalert.decode.TlsDecoder;
import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Finding;
import io.tlsalert.registry.Alert;
import io.tlsalert.registry.Lang;
import io.tlsalert.report.DecodeTree;
import io.tlsalert.report.Views;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The API's answers as JSON-ready maps: the same shapes as the CLI's {@code --json}, from the same views. */
final class Api {
    private Api() {}

    /** An answer: HTTP status and the JSON body. */
    record Answer(int status, Map<String, Object> body) {}

    static Answer error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        m.put("status", status);
        return new Answer(status, m);
    }

    static Answer alerts(Lang lang) {
        List<Object> l = new ArrayList<>();
        for (Alert a : TlsAlerts.registry().all()) {
            l.add(Views.listRow(a, lang));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alerts", l);
        m.put("lang", lang.id());
        return new Answer(200, m);
    }

    /** One alert by code (40, 0x28) or any name form; 404 with the registry's note for a value that is no alert. */
    static Answer alert(String codeOrName, Lang lang) {
        OptionalInt code = Explainer.parseCode(codeOrName);
        Optional<Alert> a;
        if (code.isPresent()) {
            a = TlsAlerts.lookup(code.getAsInt());
            if (a.isEmpty()) {
                Answer e = error(404, codeOrName + " is not an assigned TLS alert");
                TlsAlerts.registry()
                        .codeNote(code.getAsInt(), lang)
                        .ifPresent(n -> e.body().put("note", n));
                return e;
            }
        } else {
            a = TlsAlerts.lookup(codeOrName);
            if (a.isEmpty()) {
                return error(404, "no TLS alert is named '" + codeOrName + "'");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alert", Views.listRow(a.get(), lang));
        m.put("lang", lang.id());
        return new Answer(200, m);
    }

    static Answer explain(String text, Lang lang) {
        if (text.isBlank()) {
            return error(400, "nothing to explain: send the error text as the body, or JSON {\"text\": ...}");
        }
        Explanation e = TlsAlerts.explain(text);
        return new Answer(200, Views.explanation(e, TlsAlerts.registry(), TlsAlerts.explainer(), lang));
    }

    static Answer decode(String text, ByteInput.Format format, Lang lang) {
        byte[] bytes;
        try {
            bytes = ByteInput.parse(text, format);
        } catch (InputFormatException e) {
            return error(400, e.getMessage());
        }
        Map<String, Object> report =
                new DecodeTree(TlsAlerts.registry().texts(), lang).report(TlsDecoder.decode(bytes));
        report.put("lang", lang.id());
        return new Answer(200, report);
    }

    /** Every finding's code, for the access log. */
    static String codes(Explanation e) {
        StringBuilder b = new StringBuilder();
        for (Finding f : e.findings()) {
            b.append(b.length() == 0 ? "" : ",").append(f.code());
        }
        return b.toString();
    }
}
