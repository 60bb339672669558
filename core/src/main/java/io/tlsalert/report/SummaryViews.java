package io.tlsalert.report;

import io.tlsalert.explain.Explainer;
import io.tlsalert.explain.Subject;
import io.tlsalert.explain.Summarizer;
import io.tlsalert.explain.Summary;
import io.tlsalert.registry.AlertRegistry;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of {@code explain --summary}, as plain maps. The keys are a public interface, documented in the
 * README: add keys, never rename or remove them.
 */
public final class SummaryViews {
    private SummaryViews() {}

    public static Map<String, Object> summary(Summary s, AlertRegistry reg, Explainer ex, Lang lang) {
        Texts t = reg.texts();
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> gs = new ArrayList<>();
        long alerts = 0;
        for (Summary.Group g : s.groups()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            if (g.subject() instanceof Subject.Alert a) {
                gm.put("kind", "alert");
                gm.put("code", a.code());
                gm.put("name", reg.byCode(a.code()).map(x -> x.name()).orElse("unassigned"));
                gm.put("direction", a.direction().id());
                gm.put("evidence", a.evidence().id());
                gm.put(
                        "summary",
                        reg.byCode(a.code())
                                .map(x -> x.text(lang).summary())
                                .orElse(t.get(lang, "ui.unassigned.title")));
            } else if (g.subject() instanceof Subject.NoAlert n) {
                gm.put("kind", "no-alert");
                gm.put("failureClass", n.failureClass());
                gm.put("code", null);
                gm.put("name", null);
                gm.put("direction", null);
                gm.put("evidence", null);
                gm.put("summary", t.get(lang, n.textKey()));
            }
            gm.put("stack", g.stack());
            gm.put("stackName", Views.stackName(ex, g.stack()));
            gm.put("peer", g.peer().map(Object::toString).orElse(null));
            gm.put("peerRole", g.peer().map(p -> p.role()).orElse(null));
            gm.put("otherPeers", g.otherPeers());
            span(gm, g.span());
            gm.put("text", g.text());
            gm.put("pattern", g.pattern());
            gs.add(gm);
            alerts += g.span().alerts();
        }
        m.put("groups", gs);
        if (s.other().isPresent()) {
            Map<String, Object> om = new LinkedHashMap<>();
            span(om, s.other().get());
            m.put("other", om);
            alerts += s.other().get().alerts();
        } else {
            m.put("other", null);
        }
        m.put("lines", s.lines());
        m.put("bytes", s.bytes());
        m.put("occurrences", s.occurrences());
        m.put("alerts", alerts);
        m.put("failures", s.occurrences() - alerts);
        m.put("maxGroups", s.maxGroups());
        m.put("maxOtherPeerGroups", Summarizer.MAX_OTHER_PEER_GROUPS);
        m.put("lang", lang.id());
        return m;
    }

    private static void span(Map<String, Object> m, Summary.Span s) {
        m.put("count", s.count());
        m.put("firstLine", s.firstLine());
        m.put("lastLine", s.lastLine());
        m.put("firstTime", s.firstTime().orElse(null));
        m.put("lastTime", s.lastTime().orElse(null));
    }
}
