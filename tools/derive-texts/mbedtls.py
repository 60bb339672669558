"""Mbed TLS: mbedtls_strerror() texts and error codes, and the alert Mbed TLS sends (or reports receiving) with each.

Read from a Mbed TLS source tree (a release tag of Mbed-TLS/mbedtls):

* include/mbedtls/*.h "#define MBEDTLS_ERR_X -0xNNNN" (the codes; apps print them as "-0x%x": "mbedtls_ssl_handshake
  returned -0x7780"), library/error.c "case -(MBEDTLS_ERR_X): return "SSL - text";" (mbedtls_strerror()), and
  include/mbedtls/ssl.h "#define MBEDTLS_SSL_ALERT_MSG_X N".
* library/ssl*.c: MBEDTLS_SSL_PEND_FATAL_ALERT(alert, error) (3.x: the handshake returns the error after sending the
  alert); mbedtls_ssl_send_alert_message(ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL, alert) with the error returned or set in
  the statements after it (or just before); received: "in_msg[1] == MBEDTLS_SSL_ALERT_MSG_X" then "return
  MBEDTLS_ERR_Y" (library/ssl_msg.c, ssl_tls.c in 2.28).
* library/ssl_tls.c: the alert chosen for each certificate verification flag ("verify_result &
  MBEDTLS_X509_BADCERT_X) { alert = MBEDTLS_SSL_ALERT_MSG_Y;"), with the flag's text from include/mbedtls/x509_crt.h
  (X509_CRT_ERROR_INFO; 2.28: library/x509_crt.c x509_crt_verify_strings), which mbedtls_x509_crt_verify_info() prints one per line after the app's prefix ("  ! ").

MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE ("A fatal alert message was received from our peer") gives no row: the alert's
number is printed apart (ssl->in_msg[1]; counted, not guessed); explain answers the text and its code with failures.tsv's
rows mbedtls-fatal-alert-* (class alert-received-unnamed: an alert received, not named). MBEDTLS_ERR_X509_CERT_VERIFY_FAILED gives no row: its
alert depends on the verification flags (the flag rows). Reviewed by hand: MBEDTLS_NO_ALERT (the transport failed or
the peer closed) are 'none'.
"""
import os
import re

from derive import COMMON_HEADER, Table, c_string_concat, line_of, strip_c_comments

MBEDTLS_NO_ALERT = {"MBEDTLS_ERR_SSL_CONN_EOF", "MBEDTLS_ERR_NET_CONN_RESET", "MBEDTLS_ERR_NET_RECV_FAILED",
                    "MBEDTLS_ERR_NET_SEND_FAILED", "MBEDTLS_ERR_SSL_TIMEOUT", "MBEDTLS_ERR_NET_CONNECT_FAILED"}
NO_ROW = {"MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE", "MBEDTLS_ERR_X509_CERT_VERIFY_FAILED"}


def hex_forms(code):
    """How apps print a (negative) code: "-0x%x" (the programs/ examples), "-0x%04X"."""
    return sorted({f"-0x{-code:x}", f"-0x{-code:04X}"})


def derive(versions, out):
    t = Table()
    totals = {}
    for version, root in versions:
        inc = os.path.join(root, "include/mbedtls")
        codes, alerts = {}, {}
        for fn in sorted(os.listdir(inc)):
            if fn.endswith(".h"):
                src = strip_c_comments(open(os.path.join(inc, fn), encoding="latin-1").read())
                for m in re.finditer(r"^\s*#\s*define\s+(MBEDTLS_ERR_\w+)\s+-0x([0-9A-Fa-f]+)\b", src, re.M):
                    codes[m.group(1)] = -int(m.group(2), 16)
                for m in re.finditer(r"^\s*#\s*define\s+MBEDTLS_SSL_ALERT_MSG_(\w+)\s+(\d+)\b", src, re.M):
                    alerts["MBEDTLS_SSL_ALERT_MSG_" + m.group(1)] = int(m.group(2))
        err_c = open(os.path.join(root, "library/error.c"), encoding="latin-1").read()
        texts = {}
        for m in re.finditer(r"case\s+-\((MBEDTLS_ERR_\w+)\)\s*:\s*return\s*\(?\s*((?:\"(?:[^\"\\]|\\.)*\"\s*)+)\)?\s*;",
                             err_c):
            texts[m.group(1)] = (c_string_concat(m.group(2)), line_of(err_c, m.start()))
        totals[version] = len(texts)
        sites = []  # (error, kind, alert, file, line)
        lib = os.path.join(root, "library")
        for fn in sorted(os.listdir(lib)):
            if not (fn.startswith("ssl") and fn.endswith(".c")):
                continue
            rel = "library/" + fn
            src = strip_c_comments(open(os.path.join(lib, fn), encoding="latin-1").read())
            lines = src.split("\n")
            for m in re.finditer(r"MBEDTLS_SSL_PEND_FATAL_ALERT\(\s*(\w+)\s*,\s*(\w+)\s*\)", src):
                if src[max(0, m.start() - 10):m.start()].rstrip().endswith("define"):
                    continue
                sites.append((m.group(2), "sent", alerts.get(m.group(1)), rel, line_of(src, m.start())))
            for m in re.finditer(r"mbedtls_ssl_send_alert_message\(\s*\w+\s*,\s*MBEDTLS_SSL_ALERT_LEVEL_FATAL\s*,\s*(\w+)\s*\)",
                                 src):
                i = line_of(src, m.start()) - 1
                sites.append((error_near(lines, i), "sent", alerts.get(m.group(1)), rel, i + 1))
            for m in re.finditer(r"in_msg\[1\]\s*==\s*(MBEDTLS_SSL_ALERT_MSG_\w+)", src):
                i = line_of(src, m.start()) - 1
                e = None
                for j in range(i, min(len(lines), i + 5)):
                    r = re.search(r"return\s*\(?\s*(MBEDTLS_ERR_\w+)", lines[j])
                    if r:
                        e = r.group(1)
                        break
                    if re.search(r"return\s+0\b|return\s*\(\s*0\s*\)", lines[j]):
                        break
                if e:
                    sites.append((e, "received", alerts.get(m.group(1)), rel, i + 1))
            # Certificate verification flags -> alert (ssl_tls.c).
            for m in re.finditer(r"verify_result\s*&\s*MBEDTLS_X509_BADCERT_(\w+)\s*\)\s*\{?\s*alert\s*=\s*(\w+)\s*;",
                                 src):
                sites.append(("FLAG:" + m.group(1), "sent", alerts.get(m.group(2)), rel, line_of(src, m.start())))
        info = {}
        x509 = open(os.path.join(inc, "x509_crt.h"), encoding="latin-1").read()
        for m in re.finditer(r"X509_CRT_ERROR_INFO\(\s*MBEDTLS_X509_BADCERT_(\w+)\s*,\s*\\?\s*\"[^\"]*\"\s*,\s*\\?\s*\"([^\"]*)\"",
                             x509):
            info[m.group(1)] = m.group(2)
        # 2.28: a table in library/x509_crt.c, "{ MBEDTLS_X509_BADCERT_EXPIRED, "The certificate validity has expired" }".
        x509c = open(os.path.join(root, "library/x509_crt.c"), encoding="latin-1").read()
        for m in re.finditer(r"\{\s*MBEDTLS_X509_BADCERT_(\w+)\s*,\s*\"([^\"]*)\"\s*\}", x509c):
            info.setdefault(m.group(1), m.group(2))
        for err, kind, alert, rel, line in sites:
            t.found[version] += 1
            if alert is None or err is None:
                continue
            if err.startswith("FLAG:"):
                text = info.get(err[5:])
                if text and t.add(text, kind, alert, version, rel, line, token="MBEDTLS_X509_BADCERT_" + err[5:]):
                    t.resolved[version] += 1
                continue
            if err not in codes or err in NO_ROW:
                continue
            if add(t, err, kind, alert, version, rel, line, codes, texts):
                t.resolved[version] += 1
        for err in sorted(MBEDTLS_NO_ALERT):
            if err in codes and err in texts:
                t.found[version] += 1
                if add(t, err, "none", None, version, "library/error.c", texts[err][1], codes, texts):
                    t.resolved[version] += 1
    n = t.write(os.path.join(out, "mbedtls.tsv"), "Mbed-TLS/mbedtls", [
        "Mbed TLS error texts and codes, derived from the sources by tools/derive-texts/mbedtls.py. Data version 1.",
        "Read: " + ", ".join(f"Mbed TLS {v}" for v, r in versions) + ". A row's text is mbedtls_strerror()'s"
        " (library/error.c), its code as apps print it (-0x7780), or a certificate verification flag's text"
        " (mbedtls_x509_crt_verify_info). mbedtls_strerror texts in source: " + ", ".join(
            f"{v}: {totals[v]}" for v, _ in versions) + ". No row: " + ", ".join(sorted(NO_ROW)) + " (the alert is"
        " printed apart / depends on the verification flags). Reviewed by hand: " + ", ".join(sorted(MBEDTLS_NO_ALERT))
        + " are 'none' (the transport failed or the peer closed)."]
        + COMMON_HEADER, [v for v, _ in versions])
    t.totals = totals
    return t, n


def add(t, err, kind, alert, version, rel, line, codes, texts):
    ok = False
    if err in texts:
        ok = t.add(texts[err][0], kind, alert, version, rel, line, token=err)
    for h in hex_forms(codes[err]):
        ok = t.add(h, kind, alert, version, rel, line, token=err) or ok
    return ok


def error_near(lines, i):
    """The MBEDTLS_ERR_ returned or assigned in the statements after line i up to the block's end, else just before."""
    for j in range(i, min(len(lines), i + 5)):
        m = re.search(r"(?:return\s*\(?|ret\s*=)\s*(MBEDTLS_ERR_\w+)", lines[j])
        if m:
            return m.group(1)
        if j > i and re.search(r"^\s*\}|\breturn\b", lines[j]):
            break
    for j in range(i - 1, max(-1, i - 4), -1):
        m = re.search(r"ret\s*=\s*(MBEDTLS_ERR_\w+)", lines[j])
        if m:
            return m.group(1)
        if re.search(r"\{\s*$", lines[j]):
            break
    return None
