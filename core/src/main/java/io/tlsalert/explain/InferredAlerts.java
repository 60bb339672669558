package io.tlsalert.explain;

import io.tlsalert.registry.AlertRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The general detector under the patterns and the derived tables: an alert name in any stack's spelling, or a number,
 * next to the word "alert" in a line nothing else answered ("[tls] peer sent alert: unknown_ca", "TLS: &lt;- ALERT
 * fatal/48", "alert received: 0x2a"). Its findings are marked {@link Evidence#INFERRED}: no table knows the format,
 * the alert and its direction were read from the words around it.
 *
 * <p>False positives are kept out by requiring the word itself ("alert", any case) right before or after the name,
 * with only filler words between (levels, "number", "description", direction words); a name in plain words
 * ("internal error") further needs a TLS word on the line, and a number must be an assigned alert. The work is linear
 * in the window: one tokenisation, then a few tokens looked at around each "alert".
 */
final class InferredAlerts {
    private InferredAlerts() {}

    /** The alert found, who sent it, and the span of the text that says so. */
    record Hit(int code, Direction direction, int start, int end) {}

    /**
     * At most this many words "alert" are looked around in one window: a line that says it more often is not a
     * report of one alert, and the bound keeps a window of 8,000 "alert alert ..." linear and cheap.
     */
    private static final int MAX_ALERT_WORDS = 16;

    /** Words that may stand between "alert" and its name or number. */
    private static final Set<String> FILLER = Set.of(
            "fatal",
            "warning",
            "warn",
            "error",
            "err",
            "level",
            "number",
            "num",
            "no",
            "code",
            "description",
            "desc",
            "type",
            "id",
            "value",
            "was",
            "is",
            "with",
            "the",
            "a",
            "an",
            "of",
            "received",
            "receive",
            "recv",
            "rcvd",
            "got",
            "sent",
            "send",
            "sending",
            "from",
            "to",
            "by",
            "peer",
            "remote",
            "local",
            "in",
            "out",
            "read",
            "write",
            "message",
            "msg",
            "tls",
            "ssl",
            "dtls",
            "handshake",
            "protocol",
            "record",
            "reason",
            "alert",
            "alerts",
            "server",
            "client",
            "incoming",
            "outgoing",
            "for",
            "on");
    /** After these, a number is not the alert's (a level, a length). */
    private static final Set<String> SKIP_NUMBER = Set.of("level", "length", "len", "version", "ver", "line");

    private static final java.util.regex.Pattern TLS_WORD = java.util.regex.Pattern.compile(
            "(?i)(?:\\b(?:d?tls|ssl)(?:v?\\d[\\d.]*)?\\b|\\btls\\w*|handshake|fatal|description|cipher|x509|<<<|>>>)");

    private record Token(int start, int end, String text, String lower) {
        boolean number() {
            return text.chars().allMatch(Character::isDigit)
                    || lower.startsWith("0x")
                            && lower.length() > 2
                            && lower.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
        }

        int value() {
            String s = lower.startsWith("0x") ? lower.substring(2) : lower;
            if (s.length() > 3) {
                return -1;
            }
            return Integer.parseInt(s, lower.startsWith("0x") ? 16 : 10);
        }

        boolean alertWord() {
            return lower.equals("alert");
        }
    }

    static Optional<Hit> find(AlertNames names, AlertRegistry registry, String text) {
        List<Token> ts = tokens(text);
        Boolean tlsWord = null;
        int looked = 0;
        for (int i = 0; i < ts.size() && looked < MAX_ALERT_WORDS; i++) {
            Token t = ts.get(i);
            if (!t.lower().contains("alert") || t.lower().equals("alerts")) {
                // A plural speaks of alerts in general ("post-handshake alerts (certificate_required) surface here", a
                // source line in a Python traceback); a report of one alert says "alert".
                continue;
            }
            looked++;
            if (t.lower().equals("alerts")) {
                continue; // a report of one alert says "alert"; the plural is prose, or a comment about alerts
            }
            if (!t.alertWord()) {
                // One token that names the alert with the word in it: SSL_ERROR_UNKNOWN_CA_ALERT, ALERT_BAD_RECORD_MAC.
                Optional<AlertNames.Name> n = names.resolve(t.text());
                if (n.isEmpty()) {
                    n = names.resolve(t.lower().replace("alert", ""));
                }
                if (n.isPresent()
                        && !t.lower().replace("alert", "").replace("_", "").isEmpty()) {
                    return Optional.of(hit(n.get().code(), n.get().direction(), ts, i, i, i));
                }
                // Else a word for "alert" of its own (tls_alert, TlsAlert, SSLAlert): look around it as around "alert".
            }
            // Forward: "alert: unknown_ca", "ALERT fatal/48", "Alert [length 0002], fatal bad_record_mac".
            boolean skipNumber = false;
            for (int j = i + 1; j < ts.size() && j <= i + 8; j++) {
                Token u = ts.get(j);
                if (u.number()) {
                    if (skipNumber) {
                        skipNumber = false;
                        continue;
                    }
                    int v = u.value();
                    // "RECV ALERT 2 112": a level (1 warning, 2 fatal) before the description.
                    if ((v == 1 || v == 2) && j + 1 < ts.size() && ts.get(j + 1).number()) {
                        continue;
                    }
                    if (v >= 0 && registry.byCode(v).isPresent()) {
                        return Optional.of(hit(v, Direction.UNKNOWN, ts, i, j, j));
                    }
                    break;
                }
                Optional<int[]> name = nameAt(names, ts, j, true);
                if (name.isPresent() && (name.get()[2] == 1 || (tlsWord = tlsWord(tlsWord, text)))) {
                    return Optional.of(hit(name.get()[0], Direction.UNKNOWN, ts, i, j, name.get()[1]));
                }
                skipNumber = SKIP_NUMBER.contains(u.lower());
                if (!FILLER.contains(u.lower()) && !skipNumber) {
                    break;
                }
            }
            // Backward: "unknown_ca alert", "bad_record_mac alert received".
            for (int j = i - 1; j >= 0 && j >= i - 4; j--) {
                Optional<int[]> name = nameAt(names, ts, j, false);
                if (name.isPresent() && (name.get()[2] == 1 || (tlsWord = tlsWord(tlsWord, text)))) {
                    return Optional.of(hit(name.get()[0], Direction.UNKNOWN, ts, name.get()[1], j, i));
                }
                if (!FILLER.contains(ts.get(j).lower())) {
                    break;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean tlsWord(Boolean known, String text) {
        return known != null ? known : TLS_WORD.matcher(text).find();
    }

    /**
     * The longest run of up to four tokens that is an alert name, starting at token {@code j} (forward) or ending there
     * (backward): {code, the other end's token index, 1 when the spelling is distinctive (snake_case, CamelCase,
     * UPPER_CASE) and 0 for plain words}.
     */
    private static Optional<int[]> nameAt(AlertNames names, List<Token> ts, int j, boolean forward) {
        for (int k = 4; k >= 1; k--) {
            int a = forward ? j : j - k + 1;
            int b = forward ? j + k - 1 : j;
            if (a < 0 || b >= ts.size()) {
                continue;
            }
            boolean allFiller = true;
            boolean digits = false;
            for (int x = a; x <= b; x++) {
                Token t = ts.get(x);
                allFiller &= FILLER.contains(t.lower());
                digits |= t.text().chars().allMatch(Character::isDigit);
            }
            if (allFiller || digits) {
                continue;
            }
            StringBuilder s = new StringBuilder();
            for (int x = a; x <= b; x++) {
                s.append(ts.get(x).text()).append(' ');
            }
            Optional<AlertNames.Name> n = names.resolve(s);
            if (n.isPresent()) {
                boolean distinctive = k == 1 && distinctive(ts.get(a).text());
                return Optional.of(new int[] {n.get().code(), forward ? b : a, distinctive ? 1 : 0});
            }
        }
        return Optional.empty();
    }

    /** snake_case, UPPER_CASE or CamelCase with two humps or more: not an ordinary word. */
    private static boolean distinctive(String w) {
        if (w.indexOf('_') > 0) {
            return true;
        }
        int humps = 0;
        for (int i = 1; i < w.length(); i++) {
            if (Character.isUpperCase(w.charAt(i)) && Character.isLowerCase(w.charAt(i - 1))) {
                humps++;
            }
        }
        return humps >= 1 && Character.isUpperCase(w.charAt(0));
    }

    private static Hit hit(int code, Direction named, List<Token> ts, int from, int alertAt, int to) {
        int a = Math.min(from, Math.min(alertAt, to));
        int b = Math.max(from, Math.max(alertAt, to));
        Direction d = named != Direction.UNKNOWN ? named : direction(ts, a, b);
        return new Hit(code, d, ts.get(a).start(), ts.get(b).end());
    }

    private static final Set<String> SUBJECTS = Set.of("peer", "remote", "server", "client", "they", "other", "host");
    private static final Set<String> VERBS_SENT =
            Set.of("sent", "sends", "send", "returned", "returns", "reported", "raised", "wrote", "generated");
    private static final Set<String> RECEIVED = Set.of(
            "received", "receive", "receiving", "recv", "rcvd", "got", "incoming", "read", "from", "remote", "peer");
    private static final Set<String> SENT =
            Set.of("sent", "send", "sending", "write", "wrote", "writing", "outgoing", "local", "generated");

    /**
     * Who sent the alert, read from the words around tokens {@code a..b}: "peer sent", "received", "from", "IN",
     * "READ", "&lt;&lt;&lt;" say received; "sent", "send", "to", "local", "OUT", "WRITE", "&gt;&gt;&gt;" say sent. A
     * subject before the verb decides first ("peer sent alert" is received); otherwise the nearest word decides, and
     * unknown when no word says.
     */
    static Direction direction(List<Token> ts, int a, int b) {
        int lo = Math.max(0, a - 8);
        int hi = Math.min(ts.size() - 1, b + 8);
        int bestDist = Integer.MAX_VALUE;
        Direction best = Direction.UNKNOWN;
        for (int x = lo; x <= hi; x++) {
            Token t = ts.get(x);
            String w = t.lower();
            Direction d = Direction.UNKNOWN;
            if (VERBS_SENT.contains(w)
                    && x > 0
                    && SUBJECTS.contains(ts.get(x - 1).lower())) {
                return Direction.RECEIVED; // "peer sent", "server returned"
            }
            if (VERBS_SENT.contains(w)
                    && x + 2 < ts.size()
                    && ts.get(x + 1).lower().equals("by")) {
                return SUBJECTS.contains(ts.get(x + 2).lower()) ? Direction.RECEIVED : Direction.SENT;
            }
            if (w.equals("to")
                    && x + 1 < ts.size()
                    && SUBJECTS.contains(ts.get(x + 1).lower())) {
                return Direction.SENT; // "sent to peer", "alert to client"
            }
            if (t.text().equals("IN") || t.text().equals("READ") || t.text().equals("RECV") || isArrow(t, true)) {
                d = Direction.RECEIVED;
            } else if (t.text().equals("OUT")
                    || t.text().equals("WRITE")
                    || t.text().equals("SEND")
                    || isArrow(t, false)) {
                d = Direction.SENT;
            } else if (RECEIVED.contains(w)) {
                d = Direction.RECEIVED;
            } else if (SENT.contains(w)) {
                d = Direction.SENT;
            }
            if (d == Direction.UNKNOWN) {
                continue;
            }
            int dist = x < a ? a - x : x > b ? x - b : 0;
            if (dist < bestDist) {
                bestDist = dist;
                best = d;
            } else if (dist == bestDist && d != best) {
                best = Direction.UNKNOWN;
            }
        }
        return best;
    }

    private static boolean isArrow(Token t, boolean in) {
        return in
                ? t.text().equals("<<<") || t.text().equals("<-") || t.text().equals("<=")
                : t.text().equals(">>>") || t.text().equals("->") || t.text().equals("=>");
    }

    /** Words (letters, digits, '_'; "0x2a" is one) and arrows ({@code <<<}, {@code ->} ...). */
    private static List<Token> tokens(String text) {
        List<Token> ts = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (word(c)) {
                int s = i;
                while (i < n && word(text.charAt(i))) {
                    i++;
                }
                String w = text.substring(s, i);
                ts.add(new Token(s, i, w, w.toLowerCase(Locale.ROOT)));
            } else if (c == '<' || c == '>' || c == '-' || c == '=') {
                int s = i;
                while (i < n && i - s < 3 && "<>-=".indexOf(text.charAt(i)) >= 0) {
                    i++;
                }
                String w = text.substring(s, i);
                if (w.equals("<<<")
                        || w.equals(">>>")
                        || w.equals("<-")
                        || w.equals("->")
                        || w.equals("<=")
                        || w.equals("=>")) {
                    ts.add(new Token(s, i, w, w));
                }
            } else {
                i++;
            }
        }
        return ts;
    }

    private static boolean word(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '_');
    }
}
