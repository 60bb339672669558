package io.tlsalert.capture.report;

import io.tlsalert.capture.scan.AlertEvent;
import io.tlsalert.capture.scan.Connection;
import io.tlsalert.capture.scan.Prelude;
import io.tlsalert.capture.scan.TlsStart;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON view of the scan ({@code scan --json}, one connection a line), as plain maps for a JSON writer. The keys are
 * a public interface, documented in the README: add keys, never rename or remove them. They are camelCase, as in the
 * rest of the project's JSON; the snake_case keys of the first release ({@link #SNAKE_CASE_ALIASES}) are written too,
 * with the same values, for one release.
 */
public final class ScanJson {
    private ScanJson() {}

    /** Deprecated snake_case key → the camelCase key whose value it repeats. */
    public static final Map<String, String> SNAKE_CASE_ALIASES = Map.of(
            "first_frame", "firstFrame",
            "offered_versions", "offeredVersions",
            "offered_suites", "offeredSuites",
            "cipher_suite", "cipherSuite",
            "closed_by", "closedBy");

    /** One connection of the capture {@code file}. */
    public static Map<String, Object> connection(String file, Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("client", c.client());
        m.put("server", c.server());
        m.put("transport", c.transport().id());
        m.put("firstFrame", c.firstFrame());
        m.put("start", Instant.ofEpochSecond(0, c.startNanos()).toString());
        m.put("sni", c.sni().orElse(null));
        m.put("offeredVersions", c.offeredVersions());
        m.put("offeredSuites", c.offeredSuites());
        m.put("version", c.version().orElse(null));
        m.put("cipherSuite", c.cipherSuite().orElse(null));
        m.put("outcome", c.outcome().id());
        m.put("closedBy", c.closedBy().id());
        List<Object> alerts = new ArrayList<>(c.alerts().size());
        for (AlertEvent a : c.alerts()) {
            alerts.add(alert(a));
        }
        m.put("alerts", alerts);
        m.put("warnings", c.warnings());
        // Only past the budget alerts-per-connection: how many alerts were counted and not listed in "alerts".
        if (c.alertsNotKept() > 0) {
            m.put("alertsNotKept", c.alertsNotKept());
        }
        // Where TLS started when it did not start the stream: a tunnel (http-connect, socks4, socks4a, socks5) and/or
        // an
        // upgrade (smtp-starttls, ...; Prelude's ids), each null without one; tlsStart: each direction's byte offset of
        // its first TLS record (null for a direction that sent none); the object is null when TLS started both.
        m.put("tunnel", c.tlsStart().flatMap(TlsStart::tunnel).map(Prelude::id).orElse(null));
        m.put(
                "upgrade",
                c.tlsStart().flatMap(TlsStart::upgrade).map(Prelude::id).orElse(null));
        m.put("tlsStart", c.tlsStart().map(ScanJson::offsets).orElse(null));
        // Deprecated: the first release's snake_case keys, same values; removed in the next release.
        m.put("first_frame", m.get("firstFrame"));
        m.put("offered_versions", m.get("offeredVersions"));
        m.put("offered_suites", m.get("offeredSuites"));
        m.put("cipher_suite", m.get("cipherSuite"));
        m.put("closed_by", m.get("closedBy"));
        return m;
    }

    private static Map<String, Object> offsets(TlsStart s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client", s.clientOffset().isPresent() ? s.clientOffset().getAsLong() : null);
        m.put("server", s.serverOffset().isPresent() ? s.serverOffset().getAsLong() : null);
        return m;
    }

    /** One alert: {@code level} and {@code code} are null when it was encrypted and not decrypted. */
    public static Map<String, Object> alert(AlertEvent a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frame", a.frame());
        m.put("time", Instant.ofEpochSecond(0, a.timeNanos()).toString());
        m.put("from", a.from().id());
        m.put("level", a.read().map(r -> ScanText.level(r.level())).orElse(null));
        m.put("code", a.read().map(AlertEvent.Read::description).orElse(null));
        m.put("name", a.name());
        m.put("encrypted", a.encrypted());
        m.put("after", a.after());
        m.put("evidence", a.evidence().orElse(null));
        return m;
    }
}
