package io.tlsalert.report;

import io.tlsalert.explain.Evidence;
import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Explanation;
import io.tlsalert.explain.Failure;
import io.tlsalert.explain.FailureClass;
import io.tlsalert.explain.Failures;
import io.tlsalert.explain.Finding;
import io.tlsalert.explain.Note;
import io.tlsalert.explain.RankedCause;
import io.tlsalert.registry.Alert;
import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.AlertText;
import io.tlsalert.registry.Cause;
import io.tlsalert.registry.CauseText;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of explain and list, as plain maps (written by jackson-jr). The keys are a public interface,
 * documented in the README: add keys, never rename or remove them.
 */
public final class Views {
    private Views() {}

    public static Map<String, Object> explanation(Explanation e, AlertRegistry reg, Explainer ex, Lang lang) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> fs = new ArrayList<>();
        for (Finding f : e.findings()) {
            fs.add(finding(f, reg, ex, lang));
        }
        m.put("findings", fs);
        List<Object> ns = new ArrayList<>();
        for (Note n : e.notes()) {
            Map<String, Object> nm = new LinkedHashMap<>();
            nm.put("stack", n.stack());
            nm.put("text", n.text());
            nm.put("line", n.line());
            nm.put("pattern", n.patternId());
            nm.put("why", reg.texts().get(lang, n.textKey()));
            ns.add(nm);
        }
        m.put("notes", ns);
        List<Object> fails = new ArrayList<>();
        for (Failure f : e.failures()) {
            fails.add(failure(f, reg, ex, lang));
        }
        m.put("failures", fails);
        m.put("lines", e.lines());
        m.put("lang", lang.id());
        // Only when a cap was reached: {"findings": 1000} and/or {"notes": 100}, the caps that left some out.
        if (e.findingsCapped().isPresent()
                || e.notesCapped().isPresent()
                || e.failuresCapped().isPresent()) {
            Map<String, Object> capped = new LinkedHashMap<>();
            e.findingsCapped().ifPresent(c -> capped.put("findings", c));
            e.notesCapped().ifPresent(c -> capped.put("notes", c));
            e.failuresCapped().ifPresent(c -> capped.put("failures", c));
            m.put("capped", capped);
        }
        return m;
    }

    public static Map<String, Object> finding(Finding f, AlertRegistry reg, Explainer ex, Lang lang) {
        Texts t = reg.texts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", f.code());
        m.put("name", f.name());
        m.put("assigned", f.alert().isPresent());
        m.put(
                "level",
                f.level().orElse(f.alert().map(a -> a.levelRule().usualLevel()).orElse(null)));
        m.put("levelStated", f.level().isPresent());
        m.put("alwaysFatal", f.alert().map(Alert::alwaysFatal).orElse(false));
        m.put("direction", f.direction().id());
        m.put("evidence", f.evidence().id());
        m.put("stack", f.stack());
        m.put("stackName", stackName(ex, f.stack()));
        m.put("text", f.text());
        m.put("line", f.line());
        m.put("occurrences", f.occurrences());
        m.put("pattern", f.patternId());
        m.put("who", t.get(lang, "ui.direction." + f.direction().id() + ".long"));
        if (f.evidence() == Evidence.IMPLIED) {
            m.put("why", t.get(lang, "pattern." + f.patternId() + ".why"));
        }
        if (f.evidence() == Evidence.INFERRED) {
            m.put("why", t.get(lang, "explain.inferred.why"));
        }
        if (f.alert().isPresent()) {
            m.putAll(alert(f.alert().get(), lang));
            // The same key, ranked by what the line says: the cause it points at first, with why.
            m.put("causes", rankedCauses(f, ex, t, lang));
        } else {
            m.put("note", reg.codeNote(f.code(), lang).orElse(f.code() + " " + t.get(lang, "code.unassigned")));
        }
        return m;
    }

    /** The alert's causes in the order the finding's line ranks them; a cause the line points at says why. */
    static List<Object> rankedCauses(Finding f, Explainer ex, Texts t, Lang lang) {
        List<Object> causes = new ArrayList<>();
        for (RankedCause rc : ex.rankedCauses(f)) {
            CauseText ct = rc.cause().text(lang);
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", rc.cause().id());
            cm.put("title", ct.title());
            cm.put("confirm", ct.confirm());
            cm.put("fix", ct.fix());
            rc.because().ifPresent(h -> {
                cm.put("hint", h.id());
                cm.put("said", h.said());
                cm.put("because", t.format(lang, h.whyKey(), h.said()));
            });
            causes.add(cm);
        }
        return causes;
    }

    /** One failure without a named alert: where it was found, and its class's texts. */
    public static Map<String, Object> failure(Failure f, AlertRegistry reg, Explainer ex, Lang lang) {
        Texts t = reg.texts();
        FailureClass c = f.failureClass();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", c.id());
        m.put("alert", c.alertId());
        m.put("maybe", c.maybe());
        if (c.direction() != io.tlsalert.explain.Direction.UNKNOWN) {
            m.put("direction", c.direction().id()); // who sent the alert the text does not name
        }
        m.put("stack", f.stack());
        m.put("stackName", stackName(ex, f.stack()));
        m.put("text", f.text());
        m.put("line", f.line());
        m.put("occurrences", f.occurrences());
        m.put("source", f.source());
        for (String part : Failures.TEXT_PARTS) {
            m.put(part, t.get(lang, c.textKey(part)));
        }
        f.whyKey().ifPresent(k -> m.put("why", t.get(lang, k)));
        return m;
    }

    /** The display name of a stack; "unknown" needs no data load (a bare "explain 40" stays fast). */
    public static String stackName(Explainer ex, String id) {
        if (id.equals("unknown")) {
            return id;
        }
        return ex.stacks().byId(id).map(s -> s.name()).orElse(id);
    }

    /** Everything the registry knows about one alert. */
    public static Map<String, Object> alert(Alert a, Lang lang) {
        Map<String, Object> m = new LinkedHashMap<>();
        AlertText x = a.text(lang);
        m.put("summary", x.summary());
        m.put("meaning", x.meaning());
        m.put("levelRule", a.levelRule().id());
        m.put("levelRuleText", x.level());
        m.put("tls13", a.tls13().id());
        m.put("tls13Text", x.tls13());
        m.put("dtlsOk", a.dtlsOk());
        m.put("ifReceived", x.received());
        m.put("ifSent", x.sent());
        List<Object> causes = new ArrayList<>();
        for (Cause c : a.causes()) {
            CauseText ct = c.text(lang);
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("id", c.id());
            cm.put("title", ct.title());
            cm.put("confirm", ct.confirm());
            cm.put("fix", ct.fix());
            causes.add(cm);
        }
        m.put("causes", causes);
        m.put("references", a.references());
        return m;
    }

    /** One row of {@code list --json}. */
    public static Map<String, Object> listRow(Alert a, Lang lang) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", a.code());
        m.put("name", a.name());
        m.put("alwaysFatal", a.alwaysFatal());
        m.putAll(alert(a, lang));
        return m;
    }
}
