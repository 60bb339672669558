package io.tlsalert.probe;

import io.tlsalert.registry.Lang;
import io.tlsalert.wire.ProtocolVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every JSON view of the probe, in one place: plain values only (String, Number, Boolean, List, Map, null), ready for
 * any JSON writer, in a mutable map the caller may add to (the server adds "lang"). Keys are camelCase and stable
 * (documented in the README's Probe section): new keys may be added, none renamed or removed.
 */
public final class ProbeJson {
    private ProbeJson() {}

    /** One target's report as {@code probe --json} prints it: the diagnosis and the JVM's view ("jvm", null when skipped). */
    public static Map<String, Object> report(Diagnosis d, Optional<JvmView> jvm) {
        return report(d, jvm, Lang.EN);
    }

    /** {@link #report(Diagnosis, Optional)} with the cause's texts in this language (and its "lang"). */
    public static Map<String, Object> report(Diagnosis d, Optional<JvmView> jvm, Lang lang) {
        Map<String, Object> m = diagnosis(d, lang);
        m.put("jvm", jvm.map(ProbeJson::jvm).orElse(null));
        return m;
    }

    /** A diagnosis: a line of {@code probe --targets --json}, and the answer of the server's POST /api/probe. */
    public static Map<String, Object> diagnosis(Diagnosis d) {
        return diagnosis(d, Lang.EN);
    }

    /** {@link #diagnosis(Diagnosis)} with the cause's texts in this language (and its "lang"). */
    public static Map<String, Object> diagnosis(Diagnosis d, Lang lang) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target(d.target()));
        m.put("cause", cause(d.cause(), lang));
        m.put("alert", d.alert().map(ProbeJson::alert).orElse(null));
        m.put("serverChain", list(d.serverChain(), ProbeJson::certificate));
        m.put(
                "certificateCheck",
                d.certificateCheck().map(ProbeJson::certificateCheck).orElse(null));
        m.put(
                "certificateRequest",
                d.certificateRequest().map(ProbeJson::certificateRequest).orElse(null));
        m.put("handshakes", d.handshakes());
        m.put("attempts", list(d.attempts(), ProbeJson::attempt));
        m.put("started", d.started().toString());
        m.put("millis", d.millis());
        m.put("lang", lang.id());
        return m;
    }

    /**
     * A line of {@code probe --targets --json}: the {@link #diagnosis}, or for a target whose probe failed inside
     * tlsalert the same keys with cause {@code internal-error}, no alert and no handshakes.
     */
    public static Map<String, Object> targetReport(TargetReport r) {
        return targetReport(r, Lang.EN);
    }

    /** {@link #targetReport(TargetReport)} with the cause's texts in this language. */
    public static Map<String, Object> targetReport(TargetReport r, Lang lang) {
        if (r instanceof TargetReport.Diagnosed d) {
            return diagnosis(d.diagnosis(), lang);
        }
        return failed((TargetReport.Failed) r, lang);
    }

    private static Map<String, Object> failed(TargetReport.Failed f, Lang lang) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target(f.target()));
        m.put("cause", cause(f.cause(), lang));
        m.put("alert", null);
        m.put("serverChain", List.of());
        m.put("certificateCheck", null);
        m.put("certificateRequest", null);
        m.put("handshakes", 0);
        m.put("attempts", List.of());
        m.put("started", f.started().toString());
        m.put("millis", f.millis());
        m.put("lang", lang.id());
        return m;
    }

    private static Map<String, Object> target(Target target) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("host", target.host());
        t.put("port", target.port());
        t.put("sni", target.sni().orElse(null));
        return t;
    }

    static Map<String, Object> cause(Cause c, Lang lang) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("evidence", c.evidence(lang));
        m.put("accepts", c.accepts(lang));
        m.put("fix", c.fix(lang));
        m.put("title", c.title(lang));
        return m;
    }

    static Map<String, Object> attempt(Attempt a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", a.changed());
        m.put("offer", offer(a.offer()));
        m.put("outcome", outcome(a.outcome()));
        m.put("steps", list(a.steps(), ProbeJson::step));
        m.put("alerts", list(a.alerts(), ProbeJson::alert));
        m.put("serverHellos", list(a.serverHellos(), ProbeJson::serverHello));
        m.put("serverChain", list(a.serverChain(), ProbeJson::certificate));
        m.put(
                "certificateRequest",
                a.certificateRequest().map(ProbeJson::certificateRequest).orElse(null));
        m.put(
                "certificateCheck",
                a.certificateCheck().map(ProbeJson::certificateCheck).orElse(null));
        m.put("clientHelloBytes", a.clientHelloBytes());
        m.put("bytesSent", a.bytesSent());
        m.put("bytesReceived", a.bytesReceived());
        m.put("millis", a.millis());
        m.put("http", a.http().map(ProbeJson::http).orElse(null));
        return m;
    }

    /** What an offer carries, by name (codes as IANA names). */
    public static Map<String, Object> offer(Offer o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("versions", o.versions().stream().map(ProtocolVersion::name).toList());
        m.put(
                "cipherSuites",
                o.cipherSuites().stream().map(CodePointLabels::cipherSuite).toList());
        m.put("groups", o.groups().stream().map(CodePointLabels::group).toList());
        m.put(
                "signatureSchemes",
                o.signatureSchemes().stream()
                        .map(CodePointLabels::signatureScheme)
                        .toList());
        m.put("sni", o.sni().orElse(null));
        m.put("alpn", o.alpn());
        m.put(
                "clientCertificate",
                o.clientCert()
                        .map(c -> c.chain().get(0).getSubjectX500Principal().getName())
                        .orElse(null));
        m.put("padTo", o.padTo());
        return m;
    }

    static Map<String, Object> outcome(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", o.kind().id());
        m.put("version", o.version().map(ProtocolVersion::name).orElse(null));
        m.put("cipherSuite", o.cipherSuite().map(CodePointLabels::cipherSuite).orElse(null));
        m.put("group", o.group().map(CodePointLabels::group).orElse(null));
        m.put("alpn", o.alpn().orElse(null));
        m.put("alert", o.alert().map(ProbeJson::alert).orElse(null));
        m.put("detail", o.detail());
        return m;
    }

    static Map<String, Object> step(Step s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", s.from().id());
        m.put("message", s.message());
        m.put("detail", s.detail());
        return m;
    }

    static Map<String, Object> alert(AlertInfo a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", a.code());
        m.put("name", a.name());
        m.put("level", a.level().name());
        m.put("sender", a.sender().id());
        m.put("after", a.after());
        m.put("reason", a.reason().orElse(null));
        m.put("encrypted", a.encrypted());
        return m;
    }

    static Map<String, Object> serverHello(ServerHelloInfo h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("retryRequest", h.retryRequest());
        m.put("version", h.version().name());
        m.put("cipherSuite", CodePointLabels.cipherSuite(h.cipherSuite()));
        m.put("cipherSuiteCode", h.cipherSuite());
        m.put("group", h.group().map(CodePointLabels::group).orElse(null));
        m.put("alpn", h.alpn().orElse(null));
        return m;
    }

    static Map<String, Object> certificate(CertInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", c.subject());
        m.put("issuer", c.issuer());
        m.put("notBefore", c.notBefore().toString());
        m.put("notAfter", c.notAfter().toString());
        m.put("dnsNames", c.dnsNames());
        m.put("ipAddresses", c.ipAddresses());
        m.put("serial", c.serial());
        m.put("sha256", c.sha256());
        m.put("selfIssued", c.selfIssued());
        m.put("ca", c.ca());
        m.put("keyAlgorithm", c.keyAlgorithm());
        m.put("signatureAlgorithm", c.signatureAlgorithm());
        return m;
    }

    static Map<String, Object> certificateCheck(CertificateCheck c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", c.ok());
        m.put("problem", c.problem());
        m.put("strictAlert", c.strictAlert().orElse(null));
        m.put("strictAlertName", c.strictAlertName().orElse(null));
        m.put("reason", c.reason());
        m.put("problems", c.problems());
        m.put("checkedName", c.checkedName());
        m.put("trustStore", c.trustStore());
        m.put("clients", list(c.clients(), ProbeJson::clientAlert));
        return m;
    }

    /** What one common client does with a certificate problem: the alert it sends, or null when it accepts. */
    static Map<String, Object> clientAlert(ClientAlert c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client", c.client());
        m.put("accepts", c.accepts());
        m.put("alert", c.alert().isPresent() ? c.alert().getAsInt() : null);
        m.put("alertName", c.accepts() ? null : c.alertName());
        return m;
    }

    /** The HTTP check after a handshake that completed without the client certificate the server asked for. */
    static Map<String, Object> http(HttpAnswer h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", h.sent());
        m.put("statusLine", h.statusLine().orElse(null));
        m.put("status", h.status() == 0 ? null : h.status());
        m.put("title", h.title().isEmpty() ? null : h.title());
        m.put("alert", h.alert().map(ProbeJson::alert).orElse(null));
        m.put("note", h.note());
        m.put("bytes", h.bytes());
        return m;
    }

    static Map<String, Object> certificateRequest(CertificateRequestInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("certificateAuthorities", r.certificateAuthorities());
        m.put("signatureSchemes", r.signatureSchemes());
        m.put("certificateTypes", r.certificateTypes());
        return m;
    }

    /** The JVM's view of the server. */
    public static Map<String, Object> jvm(JvmView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connects", v.connects());
        m.put("javaVersion", v.javaVersion());
        m.put("version", v.version().orElse(null));
        m.put("cipherSuite", v.suite().orElse(null));
        m.put("error", v.error().orElse(null));
        m.put("blockedBy", v.blockedBy().orElse(null));
        m.put("trustStore", v.trustStore().orElse(null));
        m.put("clientCertificate", v.clientCertificate());
        return m;
    }

    private static <T> List<Object> list(List<T> items, Function<T, Map<String, Object>> view) {
        List<Object> out = new ArrayList<>();
        for (T x : items) {
            out.add(view.apply(x));
        }
        return out;
    }
}
