#!/usr/bin/env python3
"""Derives explain's per-stack text tables from the TLS stacks' own sources.

Run by hand, never by the build (see README "Knowledge is data"):

    python3 tools/derive-texts/derive.py \
        --openssl 1.1.1w=/src/openssl-1.1.1w --openssl 3.0.20=/src/openssl-3.0.20 \
        --boringssl a0689af29=/src/boringssl \
        --jdk 8-b131=/src/jdk8-old --jdk 8u504=/src/jdk8 --jdk 11.0.24=/src/jdk11 --jdk 17.0.21=/src/jdk17 \
        --jdk 21.0.12=/src/jdk21 --jdk 25=/src/jdk25 \
        --go 1.19.8=/usr/lib/go-1.19/src/crypto/tls \
        --openssl-tools 1.1.1w=/src/openssl-1.1.1w --openssl-tools 3.0.20=/src/openssl-3.0.20 \
        --curl 7.88.1=/src/curl-7.88.1 --curl 8.22.0-dev=/src/curl --python 3.11.2=/src/Python-3.11.2 \
        --node 18.20.4=/src/node-v18.20.4 \
        --out core/src/main/resources/io/tlsalert/explain/derived

Each source tree is a plain directory: an OpenSSL or BoringSSL checkout or release tarball, a JDK's src.zip
unpacked (the directory holding java.base/), Go's src/crypto/tls. What is read:

* OpenSSL: every SSLfatal(s, <alert>, [<func>,] <reason>) / SSLfatal_data(...) call in ssl/ gives reason text ->
  alert SENT (SSL_AD_NO_ALERT: no alert); the reason texts from ssl/ssl_err.c and crypto/err/err.c, the reason
  codes from include/openssl/sslerr.h and err.h; every SSL_R_*ALERT* reason (1000 + code) is an alert RECEIVED.
* BoringSSL: every OPENSSL_PUT_ERROR(SSL, SSL_R_Y) with an ssl_send_alert(..., SSL3_AL_FATAL, SSL_AD_X) or
  *out_alert = SSL_AD_X in the same statement block; BoringSSL prints the reason's name (NO_SHARED_CIPHER).
* JDK SunJSSE: every fatal(Alert.X, "message"...) in sun/security/ssl; Alert.java's names give
  "Received fatal alert: <name>". A JDK 8 src.zip has sun/security/ssl at its top, 9+ under java.base/. The old
  stack (JDK 7, 8u0-8u252: Alerts.java) is read the same way from its fatalSE(Alerts.alert_x, "...") and
  fatal(Alerts.alert_x, "...") sites and Alerts.alertDescription; no src.zip holds it: it was taken from
  AristoJoy/openjdk8u@1acf1558 (JDK 8 GA, jdk8-b131), `git archive HEAD jdk/src/share/classes/sun/security/ssl`,
  the directory holding sun/. Sources of 8u504, 11.0.24, 17.0.21 and 21.0.12: Debian's openjdk-N-source .debs
  (dpkg-deb -x; lib/src.zip, 8: src.zip), 25: Temurin's lib/src.zip. javax.net.debug's alert lines go to
  jdk-debug.tsv (derive_jdk says which prints are read).
* Go crypto/tls: every errors.New/fmt.Errorf("tls: ...") right after c.sendAlert(alertX) (or returned by a
  helper whose caller sends the alert), RecordHeaderError texts (no alert), alert.go's names as
  "remote error: tls: <name>" / "local error: tls: <name>".

A text's placeholders (Go's %v, the JDK's "..." + x + "...") become '*'. When one text goes with several alerts
at different call sites, the row takes the alert of most sites and lists the others in 'also'.
Sites whose alert or text is not a literal (a variable reason, an exception's own message) are counted, not
guessed: the header of each file says how many sites were read and how many gave a row.
"""
import argparse
import collections
import os
import re
import sys

import platform_stacks  # issue 11 item 5 and the platform stacks: tools/derive-texts/<stack>.py

WILD = "*"

# ---- shared ------------------------------------------------------------------------------------------------------


def strip_c_comments(src):
    """Blanks C/C++/Java/Go comments, keeping newlines (so line numbers stay right) and string literals."""
    out = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c == "`":  # Go raw string
            j = src.find("`", i + 1)
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def call_args(src, open_paren):
    """The top-level comma-separated arguments of the call whose '(' is at open_paren, and the index after ')'."""
    depth, i, start, args = 0, open_paren, open_paren + 1, []
    n = len(src)
    while i < n:
        c = src[i]
        if c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(src[start:i].strip())
                return args, i + 1
        elif c == "," and depth == 1:
            args.append(src[start:i].strip())
            start = i + 1
        i += 1
    return args, n


def line_of(src, pos):
    return src.count("\n", 0, pos) + 1


def c_string_concat(expr):
    """The text of one or more adjacent C string literals, or None."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', expr)
    if not parts or re.sub(r'"((?:[^"\\]|\\.)*)"', "", expr).strip():
        return None
    return "".join(parts).replace('\\"', '"').replace("\\\\", "\\")


class Table:
    """Rows keyed by text: each text's sites per version, and the alert of each site."""

    def __init__(self):
        self.sites = collections.OrderedDict()  # (text, kind) -> list of (alert, version, file, line)
        self.tokens = {}
        self.reasons = collections.defaultdict(dict)  # text -> version -> code
        self.found = collections.Counter()  # version -> call sites read
        self.resolved = collections.Counter()  # version -> call sites that gave a row

    def add(self, text, kind, alert, version, file, line, token="-", reason=None, spaces=False):
        """spaces: keep the text's runs of spaces as printed (a debug line's 'ALERT:  fatal')."""
        text = text.strip() if spaces else re.sub(r"\s+", " ", text).strip()
        text = re.sub(r"\*(?:\s*\*)+", "*", text)
        while text.endswith(WILD) or text.endswith(" "):
            text = text[:-1].rstrip()
        if len(text.replace(WILD, "")) < 4 or "\t" in text:
            return False
        self.sites.setdefault((text, kind), []).append((alert, version, file, line))
        self.tokens.setdefault(text, token)
        if reason is not None:
            self.reasons[text][version] = reason
        return True

    def write(self, path, project, header, versions):
        rows = []
        texts = collections.OrderedDict()
        for (text, kind), sites in self.sites.items():
            texts.setdefault(text, []).extend((kind, *s) for s in sites)
        for text, sites in texts.items():
            by = collections.Counter((k, a) for k, a, *_ in sites)
            (kind, alert), _ = max(by.items(), key=lambda kv: (kv[1], -list(by).index(kv[0])))
            # The other outcomes of the same text at other call sites: an alert code, or "none".
            also = sorted({"none" if a is None else str(a) for k, a in by if (k, a) != (kind, alert)},
                          key=lambda x: (x == "none", int(x) if x != "none" else 0))
            vers = [v for v in versions if any(s[2] == v for s in sites)]
            src = []
            for v in vers:
                first = [s for s in sites if s[2] == v and (s[0], s[1]) == (kind, alert)] or [
                    s for s in sites if s[2] == v]
                k, a, ver, f, ln = first[0]
                more = len([s for s in sites if s[2] == v]) - 1
                src.append(f"{f}@{ver}:{ln}" + (f" (+{more})" if more else ""))
            reasons = self.reasons.get(text, {})
            reason = ",".join(f"{v}={reasons[v]}" for v in vers if v in reasons) or "-"
            rows.append((text, kind, "-" if alert is None else str(alert), ",".join(vers), self.tokens[text],
                         reason, ",".join(also) or "-", project + " " + " ".join(src)))
        rows.sort(key=lambda r: (r[1] != "received", r[0].lower()))
        with open(path, "w", encoding="utf-8") as f:
            for h in header:
                f.write("# " + h + "\n")
            for v in versions:
                f.write(f"# {v}: {self.found[v]} call sites read, {self.resolved[v]} gave a row\n")
            f.write("text\tkind\talert\tversions\ttoken\treason\talso\tsource\n")
            for r in rows:
                f.write("\t".join(r) + "\n")
        return len(rows)


COMMON_HEADER = [
    "Columns (tab-separated): text (as the stack prints it; '*' stands for what the stack fills in) | kind (received:",
    "the peer's alert is reported; sent: the local side sends this alert because of the error; none: no alert is",
    "exchanged) | alert (the code, '-' for none) | versions (that print it) | token (the reason's name where the",
    "stack prints one, as Python's [SSL: NAME]) | reason (the reason code per version, for the packed error code) |",
    "also (the other outcomes of the same text at other call sites: alert codes, or none) | source (project file@version:line, +n more",
    "sites). One loader: io.tlsalert.explain.DerivedTexts. Made by tools/derive-texts/derive.py; do not edit by hand.",
]

# ---- OpenSSL -----------------------------------------------------------------------------------------------------


def c_defines(paths):
    d = {}
    for p in paths:
        if not os.path.exists(p):
            continue
        src = strip_c_comments(open(p, encoding="latin-1").read())
        for m in re.finditer(r"^\s*#\s*define\s+(\w+)\s+(.+?)\s*$", src, re.M):
            d.setdefault(m.group(1), m.group(2).strip())
    return d


def define_line(path, name):
    for i, l in enumerate(open(path, encoding="latin-1")):
        if re.match(r"\s*#\s*define\s+" + name + r"\b", l):
            return i + 1
    return 0


def c_eval(name, defs, depth=0):
    if depth > 10:
        return None
    e = defs.get(name, name)
    e = re.sub(r"\b(\d+)L\b", r"\1", e)
    for ident in set(re.findall(r"\b[A-Za-z_]\w*\b", e)):
        v = c_eval(ident, defs, depth + 1) if ident in defs else None
        if v is None:
            return None
        e = re.sub(r"\b" + ident + r"\b", str(v), e)
    try:
        return int(eval(e, {"__builtins__": {}}))
    except Exception:
        return None


def openssl_strings(root):
    """reason macro -> text, from ssl_err.c (SSL_R_*) and err.c (ERR_R_*)."""
    s = {}
    src = open(os.path.join(root, "ssl/ssl_err.c"), encoding="latin-1").read()
    for m in re.finditer(r"ERR_PACK\(ERR_LIB_SSL,\s*0,\s*(SSL_R_\w+)\)\s*,\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\}", src):
        s[m.group(1)] = c_string_concat(m.group(2))
    src = open(os.path.join(root, "crypto/err/err.c"), encoding="latin-1").read()
    for m in re.finditer(r"\{\s*(ERR_R_\w+)\s*,\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\}", src):
        s.setdefault(m.group(1), c_string_concat(m.group(2)))
    return s


def derive_openssl(versions, out):
    t = Table()
    for version, root in versions:
        inc = os.path.join(root, "include/openssl")
        defs = c_defines([os.path.join(inc, f) for f in (
            "ssl.h", "ssl.h.in", "ssl3.h", "tls1.h", "sslerr.h", "err.h", "err.h.in", "dtls1.h")]
            + [os.path.join(root, "ssl/statem/statem.h"), os.path.join(root, "ssl/statem/statem_local.h"),
               os.path.join(root, "ssl/statem/statem_locl.h")])
        strings = openssl_strings(root)
        old = not os.path.exists(os.path.join(inc, "ssl.h.in"))  # 1.1.1: SSLfatal(s, al, func, reason)
        for name, text in strings.items():
            code = c_eval(name, defs)
            if name.startswith("SSL_R_") and code is not None and 1000 <= code <= 1255:
                t.add(text, "received", code - 1000, version, "include/openssl/sslerr.h",
                      define_line(os.path.join(inc, "sslerr.h"), name),
                      token=name[len("SSL_R_"):], reason=code)
        for dirpath, _, files in os.walk(os.path.join(root, "ssl")):
            for fn in sorted(files):
                if not fn.endswith(".c"):
                    continue
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, root)
                src = strip_c_comments(open(path, encoding="latin-1").read())
                for m in re.finditer(r"\bSSLfatal(_data)?\s*\(", src):
                    if src[max(0, m.start() - 30):m.start()].rstrip().endswith("define"):
                        continue
                    args, _ = call_args(src, m.end() - 1)
                    line = line_of(src, m.start())
                    if len(args) < 3:
                        continue
                    t.found[version] += 1
                    reason = args[3] if old and not m.group(1) and len(args) >= 4 else args[2]
                    if old and m.group(1):
                        reason = args[3]
                    alert_expr = args[1]
                    alert = openssl_alert(alert_expr, defs, src, m.start())
                    text = strings.get(reason)
                    if alert is None or text is None:
                        continue
                    if reason in OPENSSL_NO_ALERT:
                        alert = -1
                    kind = "none" if alert < 0 else "sent"
                    code = c_eval(reason, defs)
                    tok = re.sub(r"^(SSL_R_|ERR_R_)", "", reason)
                    if t.add(text, kind, None if alert < 0 else alert, version, rel, line, token=tok, reason=code):
                        t.resolved[version] += 1
    n = t.write(os.path.join(out, "openssl.tsv"), "openssl/openssl", [
        "OpenSSL reason texts, derived from the sources by tools/derive-texts/derive.py. Data version 1.",
        "Read: " + ", ".join(f"openssl-{v}" for v, r in versions) + ". Reviewed by hand: "
        + ", ".join(sorted(OPENSSL_NO_ALERT)) + " is 'none' (its alert cannot reach a peer that closed; derive.py)."]
        + COMMON_HEADER,
        [v for v, _ in versions])
    return t, n


# Reasons whose SSLfatal alert cannot reach the peer, reviewed by hand: OpenSSL 3.x raises
# SSLfatal(s, SSL_AD_DECODE_ERROR, SSL_R_UNEXPECTED_EOF_WHILE_READING) when the transport read returned EOF, so the
# peer has closed the connection without an alert and the alert written after it goes nowhere (nginx's "unexpected
# eof while reading" is a peer that went away, seen with s_client and curl here).
OPENSSL_NO_ALERT = {"SSL_R_UNEXPECTED_EOF_WHILE_READING"}


def openssl_alert(expr, defs, src, pos):
    """The alert value of an SSLfatal alert argument: a macro, or a local variable's nearest earlier assignment."""
    expr = expr.strip()
    v = c_eval(expr, defs) if re.fullmatch(r"\w+", expr) and expr in defs else None
    if v is not None:
        return v
    if re.fullmatch(r"[a-z_]\w*", expr):
        before = src[max(0, pos - 4000):pos]
        func_start = before.rfind("\n}")
        before = before[func_start + 1:] if func_start >= 0 else before
        ms = list(re.finditer(r"\b" + expr + r"\s*=\s*(\w+)\s*;", before))
        if ms:
            return c_eval(ms[-1].group(1), defs)
    return None


# ---- BoringSSL ---------------------------------------------------------------------------------------------------


def derive_boringssl(versions, out):
    t = Table()
    for version, root in versions:
        defs = c_defines([os.path.join(root, "include/openssl", f) for f in ("ssl.h", "ssl3.h", "tls1.h")])
        names = {}
        for name, v in defs.items():
            if name.startswith("SSL_R_"):
                code = c_eval(name, defs)
                if code is not None:
                    names[name] = code
                    if 1000 <= code <= 1255:
                        t.add(name[len("SSL_R_"):], "received", code - 1000, version, "include/openssl/ssl.h",
                              define_line(os.path.join(root, "include/openssl/ssl.h"), name),
                              token=name[len("SSL_R_"):], reason=code)
        for fn in sorted(os.listdir(os.path.join(root, "ssl"))):
            if not fn.endswith(".cc") or fn.endswith("_test.cc"):
                continue
            rel = "ssl/" + fn
            src = strip_c_comments(open(os.path.join(root, rel), encoding="latin-1").read())
            lines = src.split("\n")
            for i, l in enumerate(lines):
                for m in re.finditer(r"OPENSSL_PUT_ERROR\(SSL,\s*(SSL_R_\w+)\)", l):
                    t.found[version] += 1
                    alert = boringssl_alert(lines, i, defs)
                    if alert is None or m.group(1) not in names:
                        continue
                    tok = m.group(1)[len("SSL_R_"):]
                    kind, code = ("none", None) if alert < 0 else ("sent", alert)
                    if t.add(tok, kind, code, version, rel, i + 1, token=tok, reason=names[m.group(1)]):
                        t.resolved[version] += 1
    n = t.write(os.path.join(out, "boringssl.tsv"), "google/boringssl", [
        "BoringSSL reason names, derived from the sources by tools/derive-texts/derive.py. Data version 1.",
        "Read: " + ", ".join(f"commit {v}" for v, r in versions) + ". BoringSSL prints a reason as its name."]
        + COMMON_HEADER, [v for v, _ in versions])
    return t, n


ALERT_SET = re.compile(r"(?:ssl_send_alert\(\s*\w+(?:->\w+)?\s*,\s*SSL3_AL_FATAL\s*,\s*(\w+)\s*\)"
                       r"|\*\s*out_alert\s*=\s*(\w+)\s*;)")


def boringssl_alert(lines, i, defs):
    """The alert sent in the block of the OPENSSL_PUT_ERROR at line i: up to the block's return, or just before."""
    for j in range(i, min(len(lines), i + 8)):
        m = ALERT_SET.search(lines[j])
        if m:
            return boringssl_value(m.group(1) or m.group(2), defs)
        if re.search(r"\breturn\b|^\s*\}", lines[j]) and j > i:
            break
    for j in range(i - 1, max(-1, i - 4), -1):
        if re.search(r"[;{}]\s*$", lines[j]) and not ALERT_SET.search(lines[j]) and "{" in lines[j]:
            break
        m = ALERT_SET.search(lines[j])
        if m:
            return boringssl_value(m.group(1) or m.group(2), defs)
    return None


def boringssl_value(expr, defs):
    """An alert value; -1 for '*out_alert = 0', BoringSSL's way of saying that no alert is sent."""
    return -1 if expr == "0" else c_eval(expr, defs)


# ---- JDK ---------------------------------------------------------------------------------------------------------


def java_message(expr):
    """A Java string expression as text: literals kept, everything else a wildcard; None if no literal."""
    expr = expr.strip()
    fm = re.fullmatch(r"String\.format\(\s*(.*)\)", expr, re.S)
    if fm:
        args, _ = call_args("(" + fm.group(1) + ")", 0)
        text = java_message(args[0]) if args else None
        return re.sub(r"%[-#+ 0,(]*\d*(?:\.\d+)?[a-zA-Z]", WILD, text) if text else None
    parts, depth, start, i, n = [], 0, 0, 0, len(expr)
    while i < n:
        c = expr[i]
        if c == '"':
            j = i + 1
            while j < n and expr[j] != '"':
                j += 2 if expr[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "+" and depth == 0:
            parts.append(expr[start:i].strip())
            start = i + 1
        i += 1
    parts.append(expr[start:].strip())
    out, any_lit = [], False
    for p in parts:
        m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', p)
        if m:
            out.append(m.group(1).encode().decode("unicode_escape"))
            any_lit = True
        else:
            out.append(WILD)
    return "".join(out) if any_lit and not out[0] == WILD else None


def jdk_ssl_dir(root):
    """sun/security/ssl in an unpacked src.zip: under java.base/ (JDK 9+) or at the top (JDK 8, the old stack)."""
    for d in ("java.base/sun/security/ssl", "sun/security/ssl"):
        if os.path.isdir(os.path.join(root, d)):
            return os.path.join(root, d)
    sys.exit(f"--jdk {root}: no sun/security/ssl under it")


def java_src(base, fn):
    return strip_c_comments(open(os.path.join(base, fn), encoding="utf-8").read())


def derive_jdk(versions, out):
    """jdk.tsv (the exceptions' texts) and jdk-debug.tsv (javax.net.debug's alert lines), from each version's source.

    The new SunJSSE (JDK 11+, backported to 8u261+) has Alert.java: fatal(Alert.X, "text"). The old one (JDK 7,
    8u0-8u252) has Alerts.java: fatalSE(Alerts.alert_x, "text") in the handshakers, fatal(Alerts.alert_x, "text") in
    SSLSocketImpl/SSLEngineImpl; each is read the way its own source is written.
    """
    t, dbg = Table(), Table()
    for version, root in versions:
        base = jdk_ssl_dir(root)
        if os.path.exists(os.path.join(base, "Alert.java")):
            jdk_new_stack(t, dbg, version, base)
        else:
            jdk_old_stack(t, dbg, version, base)
    labels = [v for v, _ in versions]
    n = t.write(os.path.join(out, "jdk.tsv"), "openjdk/jdk", [
        "JDK SunJSSE fatal() messages, derived from the sources by tools/derive-texts/derive.py. Data version 1.",
        "Read: " + ", ".join(f"JDK {v}" for v, r in versions) + ". The exception prints"
        " 'javax.net.ssl.SSLHandshakeException: <text>' (JDK 20+ and 17.0.x updates put '(<alert>) ' before it)."]
        + JDK_OLD_HEADER + COMMON_HEADER, labels)
    nd = dbg.write(os.path.join(out, "jdk-debug.tsv"), "openjdk/jdk", [
        "JDK SunJSSE javax.net.debug alert lines, derived from the printing code by tools/derive-texts/derive.py."
        " Data version 1.",
        "Read: " + ", ".join(f"JDK {v}" for v, r in versions) + ". New stack (SSLLogger): 'WRITE: <version>"
        " alert(<name>), length = 2' (SSLSocketOutputRecord.encodeAlert; kind written) and '|Fatal (<NAME>): <text>'"
        " (TransportContext.fatal, which then sends the alert; kind sent). The received alert's multi-line"
        " 'Received alert message (' JSON is read by the pattern jdk-debug-received-message (patterns.tsv).",
        "Old stack (System.out): '<thread>, SEND <version> ALERT:  <level>, description = <name>' (sendAlert; kind"
        " written), '<thread>, RECV <version> ALERT:  <level>, <name>' (recvAlert, no 'description = '; kind received),"
        " and SSLEngineImpl.fatal's '<thread>, fatal error: <code>: <text>' before it sends that alert (kind sent; the"
        " text 'General SSLEngine problem' where the call gives only an exception). SSLSocketImpl.fatal prints no such"
        " line. Names: Alerts.alertDescription; '*' is the protocol version (TLSv1.2) the line prints.",
        "Spaces are as printed ('ALERT:  ' has two). The patterns jdk8-debug-send, -recv, -fatal-error,"
        " jdk-debug-write-alert and jdk-debug-fatal (patterns.tsv) read these lines first, keeping the level; the rows"
        " are their check from the source (DerivedTextsTest) and answer a line they miss.",
        ] + COMMON_HEADER, labels)
    print(f"jdk-debug: {nd} rows; " + ", ".join(f"{v}: {dbg.resolved[v]}/{dbg.found[v]} sites" for v in labels),
          file=sys.stderr)
    return t, n


# The old stack's source (issue 11): no src.zip on this machine holds it; it was read from the stored repository below
# (JDK 8 GA, jdk8-b131; 8u261 replaced it with the new stack, so 8u0-8u252 print these texts, later updates may differ
# in a few).
JDK_OLD_HEADER = [
    "The version labelled 8-b131 is the old SunJSSE of JDK 7 and 8u0-8u252 (Alerts.java, fatalSE), read from"
    " AristoJoy/openjdk8u@1acf155887362db576d6d7792570e24748c548e5 jdk/src/share/classes/sun/security/ssl (JDK 8 GA,"
    " tag jdk8-b131 in its .hgtags); its fatal sites and 'Received fatal alert: <name>' (Alerts.alertDescription)."
    " Where a text goes with other alerts in the new stack, the row takes the alert of most sites; 'also' lists the"
    " rest.",
]


def jdk_new_stack(t, dbg, version, base):
    alerts = {}
    alert_src = java_src(base, "Alert.java")
    for m in re.finditer(r"^\s*([A-Z_]+)\s*\(\s*\(byte\)\s*(\d+)\s*,\s*\"(\w+)\"", alert_src, re.M):
        alerts[m.group(1)] = (int(m.group(2)), m.group(3))
        line = line_of(alert_src, m.start())
        t.add("Received fatal alert: " + m.group(3), "received", int(m.group(2)), version,
              "sun/security/ssl/Alert.java", line)
    for fn in sorted(os.listdir(base)):
        if not fn.endswith(".java"):
            continue
        src = java_src(base, fn)
        for m in re.finditer(r"\bfatal\(\s*Alert\.(\w+)\s*,", src):
            args, _ = call_args(src, m.start() + len("fatal"))
            t.found[version] += 1
            if m.group(1) not in alerts or len(args) < 2:
                continue
            text = java_message(args[1])
            if text is None:
                continue
            if t.add(text, "sent", alerts[m.group(1)][0], version, "sun/security/ssl/" + fn,
                     line_of(src, m.start())):
                t.resolved[version] += 1
    # javax.net.debug: the record layer's "WRITE: <version> alert(<name>)" and TransportContext's "Fatal (<NAME>): ".
    rec = java_src(base, "SSLSocketOutputRecord.java")
    w = re.search(r"SSLLogger\.fine\(\s*\"WRITE: \"[^;]*ContentType\.ALERT\.name\s*\+\s*\"\(\"\s*\+\s*"
                  r"Alert\.nameOf\(", rec)
    tc = java_src(base, "TransportContext.java")
    f = re.search(r"SSLLogger\.severe\(\s*\"Fatal \(\"\s*\+\s*alert\s*\+\s*\"\): \"", tc)
    for found, fn, src, form in ((w, "SSLSocketOutputRecord.java", rec, "write"),
                                 (f, "TransportContext.java", tc, "fatal")):
        dbg.found[version] += 1
        if not found:
            continue
        dbg.resolved[version] += 1
        for const, (code, name) in alerts.items():
            if form == "write":
                dbg.add(f"WRITE: * alert({name})", "written", code, version, "sun/security/ssl/" + fn,
                        line_of(src, found.start()))
            else:
                dbg.add(f"Fatal ({const}):", "sent", code, version, "sun/security/ssl/" + fn,
                        line_of(src, found.start()))


# SSLEngineImpl.fatal prints "fatal error: <code>: <text>", SSLSocketImpl.fatal nothing: the handshakers' fatalSE
# (Handshaker.fatalSE calls conn.fatal or engine.fatal) and SSLEngineImpl's own calls can print it; SSLSocketImpl's
# own calls cannot.
JDK_OLD_SOCKET_ONLY = ("SSLSocketImpl.java",)


def jdk_old_stack(t, dbg, version, base):
    src = java_src(base, "Alerts.java")
    codes = {m.group(1): int(m.group(2))
             for m in re.finditer(r"static\s+final\s+byte\s+(alert_\w+)\s*=\s*(\d+)\s*;", src)}
    desc = src[src.index("alertDescription("):]
    names = {}
    for m in re.finditer(r"case\s+(alert_\w+)\s*:\s*return\s+\"(\w+)\"\s*;", desc):
        names[m.group(1)] = (codes[m.group(1)], m.group(2), line_of(src, src.index(desc) + m.start()))
        t.add("Received fatal alert: " + m.group(2), "received", codes[m.group(1)], version,
              "sun/security/ssl/Alerts.java", names[m.group(1)][2] + 1)
    for fn in sorted(os.listdir(base)):
        if not fn.endswith(".java"):
            continue
        s = java_src(base, fn)
        for m in re.finditer(r"\bfatal(?:SE)?\(\s*Alerts\.(alert_\w+)\s*,", s):
            args, _ = call_args(s, s.index("(", m.start()))
            t.found[version] += 1
            if m.group(1) not in codes or len(args) < 2:
                continue
            code, ln = codes[m.group(1)], line_of(s, m.start())
            text = java_message(args[1])
            # fatal(byte, Throwable): the exception is the message; SSLEngineImpl.fatal prints a stock text for it.
            cause_only = text is None and len(args) == 2 and re.search(
                r"catch\s*\([\w.|\s]+\s" + re.escape(args[1]) + r"\s*\)", s) is not None
            if fn not in JDK_OLD_SOCKET_ONLY and (text is not None or cause_only):
                dbg.found[version] += 1
                if dbg.add(f"fatal error: {code}: " + (text or "General SSLEngine problem"), "sent", code, version,
                           "sun/security/ssl/" + fn, ln):
                    dbg.resolved[version] += 1
            if text is not None and t.add(text, "sent", code, version, "sun/security/ssl/" + fn, ln):
                t.resolved[version] += 1
    # sendAlert / recvAlert in SSLSocketImpl and SSLEngineImpl print the same two lines.
    for fn in ("SSLSocketImpl.java", "SSLEngineImpl.java"):
        s = java_src(base, fn)
        for marker, kind, form in (('", SEND " + protocolVersion + " ALERT:  "', "written",
                                    "SEND * ALERT:  {level}, description = {name}"),
                                   ('", RECV " + protocolVersion + " ALERT:  "', "received",
                                    "RECV * ALERT:  {level}, {name}")):
            dbg.found[version] += 1
            at = s.find(marker)
            # The form's other literals ("fatal, ", "warning, ", "description = ") are printed in the lines after.
            after = s[at:at + 800]
            if at < 0 or not all(lit in after for lit in ('"fatal, "', '"warning, "')) or (
                    "description = " in form and '"description = "' not in after):
                continue
            dbg.resolved[version] += 1
            for const, (code, name, _) in names.items():
                for level in ("fatal", "warning"):
                    dbg.add(form.format(level=level, name=name), kind, code, version, "sun/security/ssl/" + fn,
                            line_of(s, at), spaces=True)


# ---- Go ----------------------------------------------------------------------------------------------------------

GO_ERR = re.compile(r"(?:errors\.New|fmt\.Errorf)\(\s*\"(tls: (?:[^\"\\]|\\.)*)\"")
SEND = re.compile(r"c\.sendAlert\((alert\w+)\)")


def go_text(lit):
    text = re.sub(r"%[-#+ 0]*\d*(?:\.\d+)?[vsdxXqTwtpf]", WILD, lit.replace('\\"', '"'))
    text = re.sub(r":\s*\*$", "", text)
    return text


def derive_go(versions, out):
    t = Table()
    for version, root in versions:
        files = {fn: strip_c_comments(open(os.path.join(root, fn), encoding="utf-8").read())
                 for fn in sorted(os.listdir(root)) if fn.endswith(".go") and not fn.endswith("_test.go")}
        consts = {}
        for cm in re.finditer(r"(alert\w+)\s+alert\s*=\s*(\d+)", files["alert.go"]):
            consts[cm.group(1)] = int(cm.group(2))
        for cm in re.finditer(r"(alert\w+)\s*:\s*\"([^\"]+)\"", files["alert.go"]):
            code = consts.get(cm.group(1))
            if code is None:
                continue
            line = line_of(files["alert.go"], cm.start())
            t.add("remote error: tls: " + cm.group(2), "received", code, version, "alert.go", line)
            t.add("local error: tls: " + cm.group(2), "sent", code, version, "alert.go", line)
        callers = go_callers(files)
        for fn, src in files.items():
            lines = src.split("\n")
            errvars = {}
            for i, l in enumerate(lines):
                vm = re.match(r"\s*(?:var\s+)?(err\w+)\s*=\s*errors\.New\(\"(tls: [^\"]*)\"\)", l)
                if vm:
                    errvars[vm.group(1)] = (go_text(vm.group(2)), i + 1)
            for i, l in enumerate(lines):
                sites = [(go_text(m.group(1)), m) for m in GO_ERR.finditer(l)]
                rh = re.search(r"newRecordHeaderError\([^,]+,\s*\"([^\"]+)\"\)", l)
                if rh:
                    sites.append(("tls: " + rh.group(1), None))
                for text, m in sites:
                    if re.match(r"\s*(?:var\s+)?err\w+\s*=", l):
                        continue
                    t.found[version] += 1
                    alert = go_alert_before(lines, i, consts)
                    if alert is None and m is not None:
                        alert = callers.get(go_func_at(lines, i))
                    if alert is not None:
                        ok = t.add(text, "sent", alert, version, fn, i + 1)
                    elif rh:
                        ok = t.add(text, "none", None, version, fn, i + 1)  # a record header error sends no alert
                    else:
                        continue
                    if ok:
                        t.resolved[version] += 1
                for name, (text, vline) in errvars.items():
                    if re.search(r"\breturn\b.*\b" + name + r"\b", l):
                        t.found[version] += 1
                        alert = go_alert_before(lines, i, consts)
                        if alert is None:
                            alert = callers.get(go_func_at(lines, i))
                        if alert is not None and t.add(text, "sent", alert, version, fn, i + 1):
                            t.resolved[version] += 1
        derive_go_x509(t, version, root, files, consts)
        # Go's alert error reads "tls: <name>" since Go 1.8? No: the "remote error: " form without "tls: " is
        # older Go; its names are alert.go's, so the rows are made from the same table.
        for cm in re.finditer(r"(alert\w+)\s*:\s*\"([^\"]+)\"", files["alert.go"]):
            code = consts.get(cm.group(1))
            if code is not None:
                t.add("remote error: " + cm.group(2), "received", code, "older", "alert.go",
                      line_of(files["alert.go"], cm.start()))
    n = t.write(os.path.join(out, "go.tsv"), "golang/go", [
        "Go crypto/tls error texts, derived from the sources by tools/derive-texts/derive.py. Data version 1.",
        "Read: " + ", ".join(f"Go {v}" for v, r in versions) + ". 'older': Go releases before the alert"
        " error got its 'tls: ' prefix print 'remote error: <name>' with the same names."]
        + COMMON_HEADER, [v for v, _ in versions] + ["older"])
    return t, n


def derive_go_x509(t, version, root, files, consts):
    """crypto/x509's verification errors (the Error() texts of CertificateInvalidError, HostnameError,
    UnknownAuthorityError, SystemRootsError in ../x509/verify.go), with the alert handshake_client.go sends when
    certs[0].Verify(opts) fails (Go 1.19: bad_certificate for every one of them)."""
    path = os.path.join(root, "..", "x509", "verify.go")
    if not os.path.exists(path):
        return
    src = strip_c_comments(open(path, encoding="utf-8").read())
    hc = files["handshake_client.go"].split("\n")
    alert = None
    for i, l in enumerate(hc):
        if ".Verify(opts)" in l:
            for j in range(i, min(i + 6, len(hc))):
                m = SEND.search(hc[j])
                if m:
                    alert = consts.get(m.group(1))
                    break
            if alert is not None:
                break
    for m in re.finditer(r'(?:return|:=)\s*"(x509: [^"]+)"(\s*\+)?', src):
        func = src.rfind("\nfunc ", 0, m.start())
        if func < 0 or ") Error() string" not in src[func:src.find("\n", func + 1)]:
            continue
        t.found[version] += 1
        text = m.group(1) + (WILD if m.group(2) else "")
        if alert is not None and t.add(text, "sent", alert, version, "../x509/verify.go", line_of(src, m.start())):
            t.resolved[version] += 1


def go_alert_before(lines, i, consts):
    """The alert sent by the statement just before line i (or on it), within the same block."""
    m = SEND.search(lines[i])
    if m:
        return consts.get(m.group(1))
    for j in range(i - 1, max(-1, i - 3), -1):
        s = lines[j].strip()
        if not s:
            continue
        m = SEND.search(s)
        if m:
            return consts.get(m.group(1))
        if s.endswith("{") or s.startswith("}") or s.startswith("return"):
            return None
    return None


def go_func_at(lines, i):
    for j in range(i, -1, -1):
        m = re.match(r"func (?:\([^)]*\)\s*)?(\w+)\(", lines[j])
        if m:
            return m.group(1)
    return None


def go_callers(files):
    """Function -> the alert its callers send when it returns an error (the alert of most call sites)."""
    votes = collections.defaultdict(collections.Counter)
    for src in files.values():
        lines = src.split("\n")
        for i, l in enumerate(lines):
            for m in re.finditer(r"[\w.]*\.(\w+)\(", l):
                for j in range(i + 1, min(len(lines), i + 4)):
                    s = SEND.search(lines[j])
                    if s:
                        votes[m.group(1)][s.group(1)] += 1
                        break
    consts = {cm.group(1): int(cm.group(2))
              for cm in re.finditer(r"(alert\w+)\s+alert\s*=\s*(\d+)", files["alert.go"])}
    return {f: consts[c.most_common(1)[0][0]] for f, c in votes.items()
            if c and f[:1].islower() and f not in ("sendAlert", "New", "Errorf")}


# ---- main --------------------------------------------------------------------------------------------------------


def pairs(values):
    out = []
    for v in values or []:
        version, _, path = v.partition("=")
        out.append((version, path))
    return out


def main():
    # One file per stack added for issue 11; imported here, as they import this module's helpers.
    import gnutls
    import nss
    import mbedtls
    import rustls
    import wolfssl

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--openssl", action="append", metavar="VERSION=DIR")
    ap.add_argument("--boringssl", action="append", metavar="COMMIT=DIR")
    ap.add_argument("--jdk", action="append", metavar="VERSION=DIR")
    ap.add_argument("--go", action="append", metavar="VERSION=DIR")
    ap.add_argument("--gnutls", action="append", metavar="VERSION=DIR")
    ap.add_argument("--nss", action="append", metavar="VERSION=DIR")
    ap.add_argument("--rustls", action="append", metavar="VERSION=DIR")
    ap.add_argument("--mbedtls", action="append", metavar="VERSION=DIR")
    ap.add_argument("--wolfssl", action="append", metavar="VERSION=DIR")
    # curl -v, openssl s_client -msg and verify texts, Python ssl, Node (tools/derive-texts/{openssl_tools,curl,python,
    # node}.py); --curl and --python take their alert names from the --openssl-tools trees, --node the OpenSSL table.
    ap.add_argument("--openssl-tools", action="append", metavar="VERSION=DIR")
    ap.add_argument("--curl", action="append", metavar="VERSION=DIR")
    ap.add_argument("--python", action="append", metavar="VERSION=DIR")
    ap.add_argument("--node", action="append", metavar="VERSION=DIR")
    platform_stacks.add_options(ap)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for name, fn, vs in (("openssl", derive_openssl, a.openssl), ("boringssl", derive_boringssl, a.boringssl),
                         ("jdk", derive_jdk, a.jdk), ("go", derive_go, a.go),
                         ("gnutls", gnutls.derive, a.gnutls), ("nss", nss.derive, a.nss),
                         ("rustls", rustls.derive, a.rustls),
                         ("mbedtls", mbedtls.derive, a.mbedtls),
                         ("wolfssl", wolfssl.derive, a.wolfssl)):
        if vs:
            t, n = fn(pairs(vs), a.out)
            print(f"{name}: {n} rows; " + ", ".join(
                f"{v}: {t.resolved[v]}/{t.found[v]} sites" for v, _ in pairs(vs)), file=sys.stderr)
    derive_tools(a)
    platform_stacks.run(a, pairs)


def derive_tools(a):
    """The tables of tools/derive-texts/{openssl_tools,curl,python,node}.py."""
    import curl, node, openssl_tools, python  # noqa: E401 (they import this module's helpers)

    ossl = pairs(a.openssl_tools)
    done = []
    if ossl:
        done += openssl_tools.derive(ossl, a.out)
    if a.curl:
        done.append(("curl", *curl.derive(pairs(a.curl), a.out, ossl)))
    if a.python:
        done.append(("python", *python.derive(pairs(a.python), a.out, ossl)))
    if a.node:
        done.append(("node", *node.derive(pairs(a.node), a.out, os.path.join(a.out, "openssl.tsv"))))
    for name, t, n in done:
        print(f"{name}: {n} rows; " + ", ".join(f"{v}: {t.resolved[v]}/{t.found[v]} sites" for v in t.found),
              file=sys.stderr)


if __name__ == "__main__":
    main()
