"""wolfSSL: error codes and wolfSSL_ERR_reason_error_string() texts, and the alert wolfSSL sends with each.

Read from a wolfSSL release tarball (Debian's wolfssl_<version>.orig.tar.gz, upstream's wolfssl-<version>-stable):

* wolfssl/error-ssl.h and wolfssl/wolfcrypt/error-crypt.h, "NAME = -NNN": the codes apps print ("wolfSSL_connect
  error -188, ASN no signer error to confirm failure", examples/client/client.c; "error = -313").
* src/internal.c wolfSSL_ERR_reason_error_string() and wolfcrypt/src/error.c wc_GetErrorString(), "case NAME:
  return "text";": the texts (both texts where an #ifdef picks one).
* wolfssl/ssl.h enum AlertDescription: the alert values.
* src/internal.c TranslateErrorToAlert(), a switch from error to alert (TLS 1.3 and DTLS handshake messages);
  DoCertFatalAlert(), the chain "ret == ERR ... alertWhy = ALERT" for a rejected peer certificate (default
  bad_certificate, for which no row is made); and every SendAlert(ssl, alert_fatal, ALERT) in src/*.c with the error
  set in the statements next to it (WOLFSSL_ERROR_VERBOSE(ERR), ret = ERR, return ERR).

FATAL_ERROR (-313, "revcd alert fatal error") gives no row: the peer's alert is only in wolfSSL's debug log ("Alert
type: <name>", AlertTypeToString), counted, not guessed; explain answers the text and the code with failures.tsv's
rows wolfssl-fatal-error* (class alert-received-unnamed: an alert received, not named). Reviewed by hand: WOLFSSL_NO_ALERT are 'none' (the transport
failed or the peer closed), ZERO_RETURN is close_notify received (ProcessReply returns it after a close_notify alert).
"""
import os
import re

from derive import COMMON_HEADER, Table, c_string_concat, line_of, strip_c_comments

WOLFSSL_NO_ALERT = {"SOCKET_ERROR_E", "SOCKET_PEER_CLOSED_E", "SOCKET_NODATA"}
WOLFSSL_RECEIVED = {"ZERO_RETURN": "close_notify"}
NO_ROW = {"FATAL_ERROR"}
ERR_TRACE = r"(?:WC_NO_ERR_TRACE\(\s*(\w+)\s*\)|\b([A-Z][A-Z0-9_]+)\b)"


def enum_codes(path):
    src = strip_c_comments(open(path, encoding="latin-1").read())
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"\b([A-Z][A-Z0-9_]+)\s*=\s*(-\d+)\b", src)}


def case_texts(src, func):
    """NAME -> [texts] of the "case NAME: return "text";" switch of one function."""
    i = src.find(func)
    if i < 0:
        return {}
    body = src[i:src.find("\n}", i)]
    out, pending = {}, []
    for m in re.finditer(r"case\s+(?:WC_NO_ERR_TRACE\()?\s*([A-Z]\w*)\s*\)?\s*:|return\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+);",
                         body):
        if m.group(1):
            if pending and pending[-1] is None:
                pending = []
            pending.append(m.group(1))
        elif pending:
            for name in [p for p in pending if p]:
                out.setdefault(name, []).append((c_string_concat(m.group(2)), line_of(src, i + m.start())))
            pending.append(None)  # later returns in the same case (#else branch) belong to it too
    return out


def derive(versions, out):
    t = Table()
    totals = {}
    for version, root in versions:
        codes = enum_codes(os.path.join(root, "wolfssl/error-ssl.h"))
        codes.update(enum_codes(os.path.join(root, "wolfssl/wolfcrypt/error-crypt.h")))
        ssl_h = strip_c_comments(open(os.path.join(root, "wolfssl/ssl.h"), encoding="latin-1").read())
        body = re.search(r"enum\s+AlertDescription\s*\{([^}]*)\}", ssl_h).group(1)
        alerts = {m.group(1): int(m.group(2)) for m in re.finditer(r"(\w+)\s*=\s*(\d+)", body)}
        internal = strip_c_comments(open(os.path.join(root, "src/internal.c"), encoding="latin-1").read())
        crypt = strip_c_comments(open(os.path.join(root, "wolfcrypt/src/error.c"), encoding="latin-1").read())
        texts = {}
        for name, v in case_texts(internal, "wolfSSL_ERR_reason_error_string(").items():
            texts[name] = [(x, "src/internal.c", ln) for x, ln in v]
        for name, v in case_texts(crypt, "wc_GetErrorString(").items():
            texts.setdefault(name, [(x, "wolfcrypt/src/error.c", ln) for x, ln in v])
        totals[version] = sum(len(v) for v in texts.values())
        sites = []  # (error, kind, alert, file, line)
        # TranslateErrorToAlert: "case ERR: ... return alert;".
        i = internal.find("int TranslateErrorToAlert(int err)")
        if i >= 0:
            tbody = internal[i:internal.find("\n    }\n", i)]
            pending = []
            for m in re.finditer(r"case\s+" + ERR_TRACE + r"\s*:|return\s+(\w+)\s*;", tbody):
                if m.group(3):
                    for e in pending:
                        sites.append((e, "sent", alerts.get(m.group(3)), "src/internal.c", line_of(internal, i + m.start())))
                    pending = []
                else:
                    pending.append(m.group(1) or m.group(2))
        # DoCertFatalAlert: "ret == ERR || ... ) { alertWhy = alert; }".
        i = internal.find("alertWhy = bad_certificate;")
        if i >= 0:
            cbody = internal[i:internal.find("SendAlert(ssl, alert_fatal, alertWhy)", i)]
            for m in re.finditer(r"((?:ret\s*==\s*" + ERR_TRACE + r"[\s|)]*)+)\)?\s*\{[^}]*?alertWhy\s*=\s*(\w+)\s*;", cbody):
                for e in re.findall(r"ret\s*==\s*" + ERR_TRACE, m.group(1)):
                    sites.append((e[0] or e[1], "sent", alerts.get(m.group(m.lastindex)), "src/internal.c",
                                  line_of(internal, i + m.start())))
        # SendAlert(ssl, alert_fatal, literal) with the error next to it.
        for fn in sorted(os.listdir(os.path.join(root, "src"))):
            if not fn.endswith(".c"):
                continue
            rel = "src/" + fn
            src = internal if fn == "internal.c" else strip_c_comments(
                open(os.path.join(root, rel), encoding="latin-1").read())
            lines = src.split("\n")
            for m in re.finditer(r"SendAlert\(\s*\w+\s*,\s*alert_fatal\s*,\s*(\w+)\s*\)", src):
                if m.group(1) not in alerts:
                    continue  # a variable: the switches above
                i = line_of(src, m.start()) - 1
                sites.append((error_near(lines, i, codes), "sent", alerts[m.group(1)], rel, i + 1))
        for err, alert in WOLFSSL_RECEIVED.items():
            if err in texts:
                sites.append((err, "received", alerts[alert], texts[err][0][1], texts[err][0][2]))
        for err, kind, alert, rel, line in sites:
            t.found[version] += 1
            if err is None or alert is None or err not in codes or err in NO_ROW:
                continue
            if add(t, err, kind, alert, version, rel, line, codes, texts):
                t.resolved[version] += 1
        for err in sorted(WOLFSSL_NO_ALERT):
            if err in codes and err in texts:
                t.found[version] += 1
                if add(t, err, "none", None, version, texts[err][0][1], texts[err][0][2], codes, texts):
                    t.resolved[version] += 1
    n = t.write(os.path.join(out, "wolfssl.tsv"), "wolfSSL/wolfssl", [
        "wolfSSL error codes and texts, derived from the sources by tools/derive-texts/wolfssl.py. Data version 1.",
        "Read: " + ", ".join(f"wolfSSL {v}" for v, r in versions) + " (Debian's orig tarballs of the upstream"
        " releases). A row's text is the code as apps print it after 'error ' / 'error = ' (-188), or the"
        " wolfSSL_ERR_reason_error_string / wc_GetErrorString text. Texts in source: " + ", ".join(
            f"{v}: {totals[v]}" for v, _ in versions) + ". No row: FATAL_ERROR (-313, the peer's alert is not in the"
        " text). Reviewed by hand: " + ", ".join(sorted(WOLFSSL_NO_ALERT)) + " are 'none'; ZERO_RETURN is"
        " close_notify received."]
        + COMMON_HEADER, [v for v, _ in versions])
    return t, n


def add(t, err, kind, alert, version, rel, line, codes, texts):
    ok = t.add(str(codes[err]), kind, alert, version, rel, line, token=err)
    for text, _, _ in texts.get(err, []):
        ok = t.add(text, kind, alert, version, rel, line, token=err) or ok
    return ok


def error_near(lines, i, codes):
    """The error code named in the statements after line i up to the block's end, else just before it."""
    pat = re.compile(r"(?:WOLFSSL_ERROR_VERBOSE\(|ret\s*=\s*|return\s*\(?\s*|error\s*=\s*)" + ERR_TRACE)
    for j in range(i, min(len(lines), i + 5)):
        for m in pat.finditer(lines[j]):
            e = m.group(1) or m.group(2)
            if e in codes:
                return e
        if j > i and re.search(r"^\s*\}|\breturn\b", lines[j]):
            break
    for j in range(i - 1, max(-1, i - 5), -1):
        for m in pat.finditer(lines[j]):
            e = m.group(1) or m.group(2)
            if e in codes:
                return e
        if re.search(r"\{\s*$", lines[j]):
            break
    return None
