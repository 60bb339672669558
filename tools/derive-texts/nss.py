"""NSS: the SSL_ERROR_* / SEC_ERROR_* names (and numbers) NSS reports, and the alert each goes with.

Read from an NSS source tree (a release tag of nss-dev/nss):

* lib/ssl/SSLerrs.h and lib/util/SECerrs.h, ER3(NAME, BASE + n, "text"): every error NSS can report, with its
  number (SSL_ERROR_BASE -0x3000, SEC_ERROR_BASE -0x2000, lib/ssl/sslerr.h and lib/util/secerr.h). Firefox shows the
  name ("Error code: SSL_ERROR_NO_CYPHER_OVERLAP"), curl built with NSS prints "NSS error -12286
  (SSL_ERROR_NO_CYPHER_OVERLAP)", so a row's text is the name, and "NSS error <number>" another row.
* lib/ssl/ssl3con.c ssl3_HandleAlert(): the switch "case <alert>: error = SSL_ERROR_X;" gives the error NSS reports
  when it RECEIVES each alert.
* lib/ssl/*.c: the alert NSS SENDS with an error: FATAL_ERROR(ss, SSL_ERROR_X, alert) (tls13con.h);
  SSL3_SendAlert(ss, alert_fatal, alert) next to PORT_SetError(SSL_ERROR_X) / errCode = SSL_ERROR_X in the same
  block; "goto alert_loser" with the nearest earlier desc = ... and errCode = ... of the function (alert_loser sends
  desc and reports errCode); and ssl3_SendAlertForCertError(), a switch from the certificate error (SEC_ERROR_X, the
  verdict of the certificate callback, SSL_ERROR_BAD_CERT_DOMAIN from SSL_AuthCertificate) to the alert (TLS branch).

An error reported at sites with different alerts gets the alert of most sites and the others in 'also'. A name no
site sends or receives with an alert gives no row: it is counted (texts in source), not guessed.
"""
import os
import re

from derive import COMMON_HEADER, Table, c_string_concat, call_args, line_of, strip_c_comments

ERR = r"(?:SSL|SEC)_ERROR_\w+"


def er3(path, base_name, base):
    """name -> (number, text, line) of the ER3 entries of one error header."""
    src = open(path, encoding="latin-1").read()
    out = {}
    for m in re.finditer(r"^ER3\(\s*(\w+)\s*,\s*\(?\s*" + base_name + r"\s*\+\s*(\d+)\s*\)?\s*,\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\)",
                         src, re.M):
        out[m.group(1)] = (base + int(m.group(2)), c_string_concat(m.group(3)), line_of(src, m.start()))
    return out


def alert_values(root):
    src = strip_c_comments(open(os.path.join(root, "lib/ssl/ssl3prot.h"), encoding="latin-1").read())
    body = re.search(r"typedef\s+enum\s*\{([^}]*)\}\s*SSL3AlertDescription", src).group(1)
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"(\w+)\s*=\s*(\d+)", body)}


def functions(src):
    """(start, end) of each top-level function body: '{' at column 0 to '}' at column 0."""
    return [(m.start(), src.find("\n}", m.start())) for m in re.finditer(r"^\{", src, re.M)]


def derive(versions, out):
    t = Table()
    names_total = {}
    for version, root in versions:
        errors = {}
        errors.update(er3(os.path.join(root, "lib/ssl/SSLerrs.h"), "SSL_ERROR_BASE", -0x3000))
        errors.update(er3(os.path.join(root, "lib/util/SECerrs.h"), "SEC_ERROR_BASE", -0x2000))
        names_total[version] = len(errors)
        alerts = alert_values(root)
        sites = []  # (error, kind, alert, file, line)
        ssl_dir = os.path.join(root, "lib/ssl")
        for fn in sorted(os.listdir(ssl_dir)):
            if not fn.endswith(".c"):
                continue
            rel = "lib/ssl/" + fn
            src = strip_c_comments(open(os.path.join(ssl_dir, fn), encoding="latin-1").read())
            lines = src.split("\n")
            # Received: ssl3_HandleAlert's switch.
            h = src.find("\nssl3_HandleAlert(")
            if h >= 0:
                body = src[h:src.find("\n}", h)]
                for m in re.finditer(r"case\s+(\w+)\s*:\s*error\s*=\s*(" + ERR + r")\s*;", body):
                    if m.group(1) in alerts:
                        sites.append((m.group(2), "received", alerts[m.group(1)], rel, line_of(src, h + m.start())))
                # The switch's exceptions: "if (... desc == handshake_failure) { error = SSL_ERROR_NO_CYPHER_OVERLAP; }"
                for m in re.finditer(r"desc\s*==\s*(\w+)\s*\)\s*\)?\s*\{\s*error\s*=\s*(" + ERR + r")\s*;", body):
                    if m.group(1) in alerts:
                        sites.append((m.group(2), "received", alerts[m.group(1)], rel, line_of(src, h + m.start())))
            # Sent, certificate verdicts: ssl3_SendAlertForCertError's switch (TLS branch of isTLS ? a : b).
            c = src.find("\nssl3_SendAlertForCertError(")
            if c >= 0:
                body = src[c:src.find("\n}", c)]
                pending = []
                for m in re.finditer(r"case\s+(" + ERR + r")\s*:|default\s*:|desc\s*=\s*(?:isTLS\s*\?\s*)?(\w+)", body):
                    if m.group(1):
                        pending.append(m.group(1))
                    elif m.group(0).startswith("default"):
                        pending.append("SSL_ERROR_BAD_CERT_DOMAIN")  # SSL_AuthCertificate's name check verdict
                    elif pending:
                        for e in pending:
                            sites.append((e, "sent", alerts[m.group(2)], rel, line_of(src, c + m.start())))
                        pending = []
            # Sent: FATAL_ERROR(ss, ERR, alert).
            for m in re.finditer(r"\bFATAL_ERROR\(\s*\w+\s*,", src):
                if src[max(0, m.start() - 10):m.start()].rstrip().endswith("define"):
                    continue
                args, _ = call_args(src, src.index("(", m.start()))
                if len(args) != 3:
                    continue
                sites.append(("?" if not re.fullmatch(ERR, args[1]) else args[1], "sent",
                              alerts.get(args[2]), rel, line_of(src, m.start())))
            # Sent: SSL3_SendAlert(ss, alert_fatal, X) with the error set in the same block.
            funcs = functions(src)
            for m in re.finditer(r"SSL3_SendAlert\(\s*\w+\s*,\s*alert_fatal\s*,\s*([^;]*?)\)\s*;", src):
                i = line_of(src, m.start()) - 1
                expr = m.group(1)
                if expr.strip() == "desc":
                    continue  # an alert_loser label or a helper's parameter: read at the gotos below
                codes = [alerts[a] for a in re.findall(r"\b(\w+)\b", expr) if a in alerts]
                errs = nearby_errors(lines, i)
                if not errs or not codes:
                    sites.append(("?", "sent", None, rel, i + 1))
                    continue
                for e in errs:
                    for a in codes:
                        sites.append((e, "sent", a, rel, i + 1))
            # Sent: goto alert_loser, with the function's nearest earlier desc and errCode.
            for m in re.finditer(r"goto\s+alert_loser\s*;", src):
                f = next(((s, e) for s, e in funcs if s <= m.start() <= e), None)
                if f is None:
                    continue
                # The function's signature and declarations too: "SSL3AlertDescription desc = illegal_parameter;".
                start = src.rfind("\n\n", 0, f[0])
                before = src[start:m.start()]
                d = [x for x in re.finditer(r"\bdesc\s*=\s*([^;]*);", before) if encloses(before, x.start())]
                e = [x for x in re.finditer(r"\berrCode\s*=\s*([^;]*);|PORT_SetError\(([^;]*)\)\s*;", before)
                     if encloses(before, x.start())]
                codes = [alerts[a] for a in re.findall(r"\b(\w+)\b", d[-1].group(1)) if a in alerts] if d else []
                errs = re.findall(ERR, (e[-1].group(1) or e[-1].group(2))) if e else []
                if not codes or not errs:
                    sites.append(("?", "sent", None, rel, line_of(src, m.start())))
                    continue
                for er in errs:
                    for a in codes:
                        sites.append((er, "sent", a, rel, line_of(src, m.start())))
        # A name ssl3_HandleAlert reports for a received alert is "received": it is how NSS clients (Firefox, curl)
        # report the peer's alert; where NSS also sends that alert with the same name, those sites are counted only.
        received = {e for e, k, *_ in sites if k == "received"}
        for err, kind, alert, rel, line in sites:
            t.found[version] += 1
            if err not in errors or alert is None or (kind == "sent" and err in received):
                continue
            number, _, _ = errors[err]
            ok = t.add(err, kind, alert, version, rel, line, token=err)
            t.add(f"NSS error {number}", kind, alert, version, rel, line)  # curl-NSS's form
            if ok:
                t.resolved[version] += 1
    n = t.write(os.path.join(out, "nss.tsv"), "nss-dev/nss", [
        "NSS error names and numbers, derived from the sources by tools/derive-texts/nss.py. Data version 1.",
        "Read: " + ", ".join(f"NSS {v}" for v, r in versions) + ". Texts in source (ER3 entries of lib/ssl/SSLerrs.h"
        " and lib/util/SECerrs.h): " + ", ".join(f"{v}: {names_total[v]}" for v, _ in versions) + ". 'received':"
        " ssl3_HandleAlert's error for each alert; 'sent': FATAL_ERROR / SSL3_SendAlert / alert_loser sites and"
        " ssl3_SendAlertForCertError (a certificate verdict, TLS); a name ssl3_HandleAlert reports for a received alert"
        " is 'received' (its local send sites are counted, not rows). Firefox prints the name, curl-NSS 'NSS error"
        " <number> (<name>)' (the number's row)."]
        + COMMON_HEADER, [v for v, _ in versions])
    t.names_total = names_total
    return t, n


def encloses(text, pos):
    """Whether the statement at pos is in a block that is still open at the end of text (not in a closed branch)."""
    depth = 0
    for ch in text[pos:]:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return True


def nearby_errors(lines, i):
    """The SSL_/SEC_ERROR names set by PORT_SetError or errCode = in the statements after line i up to the block's
    end (else just before it)."""
    after = []
    for j in range(i, min(len(lines), i + 4)):
        after.append(lines[j])
        if j > i and re.search(r"\breturn\b|^\s*\}", lines[j]):
            break
    for text in ("\n".join(after), "\n".join(lines[max(0, i - 3):i])):
        found = []
        for m in re.finditer(r"PORT_SetError\(([^;]*)\)\s*;|errCode\s*=\s*([^;]*);", text, re.S):
            found = re.findall(ERR, m.group(1) or m.group(2) or "") or found
            if found:
                return found
    return []
