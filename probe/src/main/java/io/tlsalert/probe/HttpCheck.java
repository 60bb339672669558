package io.tlsalert.probe;

import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.DataFile;
import io.tlsalert.registry.Lang;
import io.tlsalert.wire.AlertDescription;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * A client certificate enforced after the handshake: some servers ask for a certificate, let the handshake complete
 * without one, and refuse at the HTTP level (nginx {@code ssl_verify_client on}: {@code 400 No required SSL
 * certificate was sent}; Apache with a per-directory {@code SSLVerifyClient require} under TLS 1.3: {@code 403}).
 * So when the server sent a CertificateRequest and the handshake completed without a certificate, the probe sends
 * one minimal HTTP/1.1 request ({@code GET /} with Host and {@code Connection: close}, RFC 9112 §3) on that
 * connection, reads the status line and a bounded part of the body within the timeout, and names the refusal.
 *
 * <p>When to send: when ALPN chose {@code http/1.1}; never when it chose another protocol (h2: the probe speaks only
 * HTTP/1.1, and says so); without ALPN, unless the port is one IANA assigns to another TLS service
 * ({@code tls_service_ports.tsv}: 993 imaps, 636 ldaps...). HTTP is by far the most common TLS service, and a server
 * that asks for a certificate and completes without one is what the HTTP servers that check later do.
 */
final class HttpCheck {
    /** At most this many bytes of the answer are read: the status line and the start of an error page. */
    static final int MAX_BYTES = 16 * 1024;

    /** ALPN's identifier of HTTP/1.1 (RFC 7301 §6). */
    private static final String HTTP_1_1 = "http/1.1";

    private static final Map<Integer, String> OTHER_SERVICES = loadPorts();

    /** "HTTP/1.1 400 Bad Request" (RFC 9112 §4: HTTP-version SP status-code SP [reason-phrase]). */
    private static final Pattern STATUS = Pattern.compile("^HTTP/\\d(?:\\.\\d)? (\\d{3})(?: [^\\r\\n]*)?$");

    private static final Pattern TITLE = Pattern.compile("<title>([^<]{1,200})</title>", Pattern.CASE_INSENSITIVE);

    private HttpCheck() {}

    /** Why no request goes to this server, or empty when one should. */
    static Optional<String> skip(Target t, Optional<String> alpn) {
        if (alpn.isPresent()) {
            return alpn.get().equals(HTTP_1_1)
                    ? Optional.empty()
                    : Optional.of(text("probe.http.skip.alpn", alpn.get()));
        }
        String other = OTHER_SERVICES.get(t.port());
        return other == null ? Optional.empty() : Optional.of(text("probe.http.skip.port", t.port(), other));
    }

    /** The request: GET / with Host (the SNI, else the address, with the port unless 443) and Connection: close. */
    static byte[] request(Target t, Optional<String> sni) {
        String host = sni.orElse(t.host().indexOf(':') >= 0 ? "[" + t.host() + "]" : t.host());
        if (t.port() != Target.DEFAULT_PORT) {
            host += ":" + t.port();
        }
        String r = "GET / HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: tlsalert-probe\r\nAccept: */*\r\n"
                + "Connection: close\r\n\r\n";
        return r.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Sends the request on the established connection and reads the answer until the server closes, {@link
     * #MAX_BYTES} of the answer (or {@link Limits#BYTES_READ} from the socket) are read, the header and some body
     * are there, or {@code deadline} (a {@link System#nanoTime} value) passes; never throws.
     */
    static HttpAnswer exchange(
            ProbeClient.Protocol proto,
            Recorder rec,
            Socket sock,
            InputStream in,
            OutputStream out,
            byte[] request,
            long deadline) {
        StringBuilder answer = new StringBuilder();
        int alertsBefore = rec.alerts.size();
        String ended;
        try {
            proto.writeApplicationData(request, 0, request.length);
            drain(proto, out);
            rec.step(Side.CLIENT, "HTTP request", "GET / (" + request.length + " bytes)");
            byte[] buf = new byte[8192];
            long raw = 0;
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    ended = text("probe.http.end.timeout");
                    break;
                }
                sock.setSoTimeout((int) Math.max(1, left));
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    continue; // the deadline check above decides
                }
                if (n < 0) {
                    ended = text("probe.http.end.closed");
                    break;
                }
                raw += n;
                if (raw > Limits.BYTES_READ) {
                    // Records that carry no answer (a flood of tickets or key updates) end it too.
                    ended = text("probe.http.end.cap", Limits.BYTES_READ);
                    break;
                }
                proto.offerInput(buf, 0, n);
                drain(proto, out);
                int avail;
                while ((avail = proto.getAvailableInputBytes()) > 0 && answer.length() < MAX_BYTES) {
                    byte[] app = new byte[Math.min(avail, MAX_BYTES - answer.length())];
                    proto.readInput(app, 0, app.length);
                    answer.append(new String(app, StandardCharsets.ISO_8859_1));
                }
                if (answer.length() >= MAX_BYTES) {
                    ended = text("probe.http.end.cap", MAX_BYTES);
                    break;
                }
                if (enough(answer)) {
                    ended = "";
                    break;
                }
                if (proto.isClosed()) {
                    ended = text("probe.http.end.closed");
                    break;
                }
            }
        } catch (TlsFatalAlertReceived e) {
            ended = text("probe.http.end.alert", TlsAlerts.name(e.getAlertDescription() & 0xff));
        } catch (IOException | RuntimeException e) {
            ended = text("probe.http.end.error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        Optional<AlertInfo> alert = rec.alerts.size() > alertsBefore
                ? rec.alerts.subList(alertsBefore, rec.alerts.size()).stream()
                        .filter(a -> a.sender() == Side.SERVER && a.code() != AlertDescription.CLOSE_NOTIFY)
                        .reduce((a, b) -> b)
                : Optional.empty();
        String s = answer.toString();
        int eol = s.indexOf("\r\n");
        String first = eol >= 0 ? s.substring(0, eol) : s;
        Matcher m = STATUS.matcher(first);
        Optional<String> statusLine = m.matches() ? Optional.of(first) : Optional.empty();
        int status = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        String title = statusLine.isPresent() ? title(s) : "";
        if (statusLine.isPresent()) {
            rec.step(Side.SERVER, "HTTP answer", first);
        }
        String note = statusLine.isPresent()
                ? text("probe.http.answered", first, ended.isEmpty() ? "" : " (" + ended + ")")
                : s.isEmpty() ? text("probe.http.noAnswer", ended) : text("probe.http.notHttp", preview(s), ended);
        return new HttpAnswer(true, statusLine, status, title, alert, note, s.length());
    }

    /** The header is complete and at least the start of the body (enough for an error page's title) is there. */
    private static boolean enough(StringBuilder answer) {
        int end = answer.indexOf("\r\n\r\n");
        return end >= 0 && answer.length() - end - 4 >= 512;
    }

    private static void drain(ProbeClient.Protocol proto, OutputStream out) throws IOException {
        int n = proto.getAvailableOutputBytes();
        if (n > 0) {
            byte[] b = new byte[n];
            proto.readOutput(b, 0, n);
            out.write(b);
            out.flush();
        }
    }

    /** The page's title, else the body's first non-empty line, at most 200 characters. */
    private static String title(String s) {
        int start = s.indexOf("\r\n\r\n");
        String body = start >= 0 ? s.substring(start + 4) : "";
        Matcher t = TITLE.matcher(body);
        if (t.find()) {
            return t.group(1).strip();
        }
        for (String line : body.split("\r?\n")) {
            String l = line.strip();
            if (!l.isEmpty()) {
                return l.length() > 200 ? l.substring(0, 200) : l;
            }
        }
        return "";
    }

    private static String preview(String s) {
        String p = s.length() > 40 ? s.substring(0, 40) : s;
        return p.replaceAll("[\\r\\n]", " ");
    }

    /**
     * The cause when the answer is a refusal of the missing certificate: an alert in its place, a 400 whose page
     * names a certificate (nginx: "400 No required SSL certificate was sent"), nginx's own 495/496, or a 403 (Apache's
     * refusal after a TLS 1.3 handshake that cannot renegotiate; also an ordinary refusal: the evidence says which
     * it may be). Empty when the answer is not a refusal.
     */
    static Optional<Cause> cause(Attempt b, Offer base, String negotiated) {
        Optional<HttpAnswer> h = b.http();
        Optional<CertificateRequestInfo> cr = b.certificateRequest();
        if (h.isEmpty() || !h.get().sent() || cr.isEmpty() || base.clientCert().isPresent()) {
            return Optional.empty();
        }
        HttpAnswer a = h.get();
        String why;
        if (a.alert().isPresent()) {
            why = text(
                    "probe.http.why.alert",
                    a.alert().get().name(),
                    a.alert().get().code());
        } else if (a.status() == 400 && a.title().toLowerCase(Locale.ROOT).contains("certificate")) {
            why = text("probe.http.why.400", a.statusLine().get(), a.title());
        } else if (a.status() == 495 || a.status() == 496) {
            why = text("probe.http.why.nginx", a.statusLine().get(), a.title());
        } else if (a.status() == 403) {
            why = text("probe.http.why.403", a.statusLine().get(), a.title());
        } else {
            return Optional.empty();
        }
        CertificateRequestInfo r = cr.get();
        String cas = r.certificateAuthorities().isEmpty()
                ? text("probe.http.anyCa")
                : String.join("; ", r.certificateAuthorities());
        return Optional.of(new Cause(
                "client-certificate-required",
                Phrase.of("probe.http.evidence", negotiated, r.describe(), why),
                Phrase.of("probe.http.accepts", cas),
                Phrase.of("probe.http.fix", cas)));
    }

    /** The answer in words for an ok verdict's evidence ("; GET / was answered HTTP/1.1 200 OK"), or "". */
    static String okNote(Attempt b) {
        return b.http().map(h -> "; " + h.note()).orElse("");
    }

    private static Map<Integer, String> loadPorts() {
        Map<Integer, String> m = new HashMap<>();
        for (DataFile.Row row :
                DataFile.read(HttpCheck.class, "tls_service_ports.tsv", 3, List.of("port", "service"))) {
            try {
                m.put(Integer.parseInt(row.cell(0)), row.cell(1));
            } catch (NumberFormatException e) {
                throw row.error("port must be a number: " + row.cell(0));
            }
        }
        return Map.copyOf(m);
    }

    private static String text(String key, Object... args) {
        return TlsAlerts.registry().texts().format(Lang.EN, key, args);
    }
}
