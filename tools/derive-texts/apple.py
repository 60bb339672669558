"""Apple Secure Transport (errSSL... OSStatus codes, -98xx) -> the alert the peer sent.

* coreTLS lib/sslAlertMessage.c SSLProcessAlert: "case SSL_Alert<X>: err = errSSL<Y>;" -- the status a received
  alert becomes (SSL_Alert<X> values from lib/sslAlertMessage.h).
* Security base/SecBase.h: "errSSL<Y> = -98NN," -- the status's number, which Apple's APIs print as
  'Error Domain=NSOSStatusErrorDomain Code=-9824', '_kCFStreamErrorCodeKey=-9836', 'SSLHandshake failed (-9824)';
  it is the row's token.

errSSLClosedGraceful (close_notify) and errSSLFatalAlert (any other fatal alert, unsupported_extension) are the
same status for several alerts or not an error: no row. The other errSSL codes (errSSLXCertChainInvalid,
errSSLHostNameMismatch, errSSLNegotiation ...) are local failures whose alert Secure Transport does not tie to the
status in this switch: not rows either (counted in the README's coverage).

Versions: --apple coreTLS-<n>=<coreTLS dir> --apple Security-<n>=<Security dir>.
"""
import os
import re

from derive import COMMON_HEADER, Table, line_of


def derive(versions, out):
    ctls = [(v, r) for v, r in versions if v.startswith("coreTLS-")]
    sec = [(v, r) for v, r in versions if v.startswith("Security-")]
    if len(ctls) != 1 or len(sec) != 1:
        raise SystemExit("apple: give --apple coreTLS-<n>=DIR and --apple Security-<n>=DIR")
    (cv, croot), (sv, sroot) = ctls[0], sec[0]
    h = open(os.path.join(croot, "lib/sslAlertMessage.h"), encoding="utf-8").read()
    alerts = {m.group(1): int(m.group(2)) for m in re.finditer(r"\b(SSL_Alert\w+)\s*=\s*(\d+)", h)}
    sb = open(os.path.join(sroot, "base/SecBase.h"), encoding="utf-8").read()
    status = {m.group(1): int(m.group(2)) for m in re.finditer(r"\b(errSSL\w+)\s*=\s*(-\d+)", sb)}
    src = open(os.path.join(croot, "lib/sslAlertMessage.c"), encoding="utf-8").read()
    start = src.index("SSLProcessAlert(tls_buffer")
    body = src[start:src.index("\n}\n", start)]
    t = Table()
    labels = list(re.finditer(r"\bcase\s+(SSL_Alert\w+)\s*:|\bdefault\s*:", body))
    for i, m in enumerate(labels):
        if not m.group(1):
            continue
        stmts = body[m.end():labels[i + 1].start() if i + 1 < len(labels) else len(body)]
        t.found[cv] += 1
        em = re.search(r"\berr\s*=\s*(errSSL\w+)\s*;", stmts)
        if not em or em.group(1) in ("errSSLClosedGraceful", "errSSLFatalAlert") or m.group(1) not in alerts:
            continue
        name = em.group(1)
        if name not in status:
            continue
        if t.add(name, "received", alerts[m.group(1)], cv, "lib/sslAlertMessage.c", line_of(src, start + m.start()),
                 token=str(-status[name])):
            t.resolved[cv] += 1
    n = t.write(os.path.join(out, "apple.tsv"), "apple-oss-distributions/coreTLS", [
        "Apple Secure Transport statuses, derived from the sources by tools/derive-texts/apple.py. Data version 1.",
        f"Read: coreTLS {cv} lib/sslAlertMessage.c (SSLProcessAlert: received alert -> errSSL status) and"
        f" lib/sslAlertMessage.h; the statuses' numbers from apple-oss-distributions/Security {sv} base/SecBase.h"
        " (token: the number without its sign, printed as 'Code=-9824', '_kCFStreamErrorCodeKey=-9824',"
        " 'SSLHandshake failed (-9824)'). errSSLClosedGraceful and errSSLFatalAlert stand for no one alert: no row."]
        + COMMON_HEADER, [cv])
    return t, n
