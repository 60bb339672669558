"""Python ssl's own texts (Modules/_ssl.c), derived from CPython's source.

Called by derive.py (--python VERSION=DIR, a CPython tree; the verify alerts come from the --openssl-tools trees).
Writes derived/python.tsv. Python is OpenSSL underneath: an OpenSSL reason prints as "[SSL: NAME] text (_ssl.c:N)"
and is answered by OpenSSL's own table (forms.tsv: "[SSL: "); this table holds what _ssl.c writes itself:

* the errstr literals of PySSL_SetError() (SSL_get_error()'s outcome), printed by fill_and_set_sslerror() as
  "%s (_ssl.c:%d)" when OpenSSL queued no error;
* the ERRSTR("...") texts, printed "_ssl.c:LINE: text" (the handshake and socket timeouts);
* PyErr_SetString(PyExc_TimeoutError, "...") texts, printed after "TimeoutError: ";
* the two verify messages fill_and_set_sslerror() writes after "certificate verify failed: " for
  X509_V_ERR_HOSTNAME_MISMATCH and X509_V_ERR_IP_ADDRESS_MISMATCH, with the alert OpenSSL's x509table gives them.

What goes on the wire with each errstr is read from the SSL_get_error() case it is set in, reviewed by hand in
REVIEWED; a text not reviewed is counted, not given a row.
"""
import os
import re

import derive as common
import openssl_tools

# errstr / timeout text -> (kind, alert, why)
REVIEWED = {
    "TLS/SSL connection has been closed (EOF)": (
        "received", 0, "SSL_ERROR_ZERO_RETURN: the peer sent close_notify (SSLZeroReturnError)"),
    "EOF occurred in violation of protocol": (
        "none", None, "SSL_ERROR_SYSCALL with an empty error queue: the peer closed the connection without an "
        "alert (SSLEOFError)"),
    "Some I/O error occurred": ("none", None, "SSL_ERROR_SYSCALL with a socket error: no alert"),
    "The operation did not complete (read)": ("none", None, "SSL_ERROR_WANT_READ: not a failure"),
    "The operation did not complete (write)": ("none", None, "SSL_ERROR_WANT_WRITE: not a failure"),
    "The operation did not complete (X509 lookup)": ("none", None, "SSL_ERROR_WANT_X509_LOOKUP: not a failure"),
    "The operation did not complete (connect)": ("none", None, "SSL_ERROR_WANT_CONNECT: not a failure"),
    "The handshake operation timed out": ("none", None, "the socket timeout passed: nothing arrived"),
    "The read operation timed out": ("none", None, "the socket timeout passed: nothing arrived"),
    "The write operation timed out": ("none", None, "the socket timeout passed"),
    "Underlying socket has been closed.": ("none", None, "the socket was closed under the SSL object"),
}

VERIFY = {"X509_V_ERR_HOSTNAME_MISMATCH": "Hostname mismatch, certificate is not valid for",
          "X509_V_ERR_IP_ADDRESS_MISMATCH": "IP address mismatch, certificate is not valid for"}


def x509_alerts(openssl_versions):
    """X509_V_ERR_* -> alert of ssl_x509err2alert's table, from the first OpenSSL tree that lists it."""
    out = {}
    for _, root in openssl_versions:
        lsrc = open(os.path.join(root, "ssl/statem/statem_lib.c"), encoding="latin-1").read()
        defs = openssl_tools.alert_defs(root)
        start = lsrc.index("x509table[] = {")
        for m in re.finditer(r"\{\s*(X509_V_\w+)\s*,\s*(SSL_AD_\w+)\s*\}", lsrc[start:lsrc.index("};", start)]):
            out.setdefault(m.group(1), common.c_eval(m.group(2), defs))
    return out


def derive(versions, out, openssl_versions):
    t = common.Table()
    x509 = x509_alerts(openssl_versions)
    for version, root in versions:
        rel = "Modules/_ssl.c"
        raw = open(os.path.join(root, rel), encoding="latin-1").read()
        src = common.strip_c_comments(raw)
        sites = []
        for m in re.finditer(r"\berrstr\s*=\s*\"([^\"]+)\"", src):
            sites.append((m.group(1), m.start()))
        for m in re.finditer(r"\bERRSTR\(\"([^\"]+)\"\)", src):
            sites.append((m.group(1), m.start()))
        for m in re.finditer(r"PyErr_SetString\(\s*PyExc_TimeoutError\s*,\s*\"([^\"]+)\"", src):
            sites.append((m.group(1), m.start()))
        for text, pos in sites:
            t.found[version] += 1
            r = REVIEWED.get(text)
            if r and t.add(text, r[0], r[1], version, rel, common.line_of(src, pos)):
                t.resolved[version] += 1
        for macro, prefix in VERIFY.items():
            m = re.search(r"case " + macro + r":\s*verify_obj = PyUnicode_FromFormat\(\s*\"([^\"]+)\"", src)
            t.found[version] += 1
            if m and m.group(1).startswith(prefix) and x509.get(macro) is not None:
                text = m.group(1).replace("%S", common.WILD)
                if t.add(text, "sent", x509[macro], version, rel, common.line_of(src, m.start())):
                    t.resolved[version] += 1
    n = t.write(os.path.join(out, "python.tsv"), "python/cpython", [
        "Python ssl's own texts (Modules/_ssl.c), derived by tools/derive-texts/python.py. Data version 1.",
        "Read: " + ", ".join(f"CPython {v}" for v, _ in versions) + "; verify alerts from ssl_x509err2alert of "
        + ", ".join(f"openssl-{v}" for v, _ in openssl_versions) + ". OpenSSL's reasons ([SSL: NAME]) are "
        "openssl.tsv's. The outcome of each errstr is reviewed by hand (python.py REVIEWED says why)."]
        + common.COMMON_HEADER, [v for v, _ in versions])
    return t, n
