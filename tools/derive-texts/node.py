"""Node.js tls's error codes and texts, derived from Node's source (and OpenSSL's, through openssl.tsv).

Called by derive.py (--node VERSION=DIR, a Node tree) after the OpenSSL table is written. Writes derived/node.tsv:

* ERR_SSL_<REASON>: src/crypto/crypto_tls.cc (and crypto_util.cc) make an OpenSSL error's code as "ERR_SSL_" + its
  reason string with ' ' -> '_' and upper-cased ("this error" -> "ERR_SSL_THIS_ERROR"). The reasons and their
  alerts are derived/openssl.tsv's (the OpenSSL sources derive.py read; Node 18 is built on OpenSSL 3.0), each
  row made into its code. A reason with characters other than letters, digits and spaces is counted, not made a
  row (its code would not be one token), and so is one whose alert differs between call sites (openssl.tsv's
  'also' column).
* X509ErrorCode() in src/crypto/crypto_common.cc: the certificate error codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE,
  CERT_HAS_EXPIRED, ...). Node verifies the peer's certificate in JavaScript after the handshake completed
  (lib/_tls_wrap.js onConnectSecure: rejectUnauthorized destroys the socket), so these go with no alert.
* ERR_TLS_* of lib/internal/errors.js that a failing connection raises (REVIEWED, with why no alert goes with it),
  and lib/_tls_wrap.js's connResetException text for a peer that closed during the handshake.
"""
import os
import re

import derive as common

REVIEWED_TLS = {
    "ERR_TLS_CERT_ALTNAME_INVALID": "lib/tls.js checkServerIdentity() runs after the handshake: the socket is "
                                    "destroyed, no alert",
    "ERR_TLS_HANDSHAKE_TIMEOUT": "the handshake timer fired: the socket is destroyed, no alert",
    "ERR_TLS_SESSION_ATTACK": "too many renegotiations: the socket is destroyed, no alert",
    "ERR_TLS_RENEGOTIATION_DISABLED": "a renegotiation was refused in JavaScript: the socket is destroyed",
}


def openssl_rows(path):
    with open(path, encoding="utf-8") as f:
        lines = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
    head = lines[0]
    return [dict(zip(head, l)) for l in lines[1:]]


def derive(versions, out, openssl_table):
    t = common.Table()
    rows = openssl_rows(openssl_table)
    for version, root in versions:
        tls = "src/crypto/crypto_tls.cc"
        src = open(os.path.join(root, tls), encoding="latin-1").read()
        m = re.search(r"\"ERR_SSL_\" \+ code", src)
        # The transform: ' ' -> '_', else upper case (written as a lambda in 18, a loop in other releases).
        if not m or not re.search(r"c == ' '\)?\s*(?:\?\s*'_'|\n\s*c = '_')", src):
            raise ValueError("Node's ERR_SSL_ transform changed in " + version)
        line = common.line_of(src, m.start())
        for r in rows:
            t.found[version] += 1
            # A reason OpenSSL raises with different alerts at different sites ("peer did not return a certificate":
            # handshake_failure in TLS 1.2, certificate_required in 1.3) gets no row: the code alone cannot say
            # which, and Node prints the code under the message line, whose own reading (a pattern that knows the
            # version's choice) must not be contradicted by a second finding.
            if r["also"] != "-":
                continue
            if "*" in r["text"] or not re.fullmatch(r"[A-Za-z0-9 ]+", r["text"]):
                continue
            code = r["text"].replace(" ", "_").upper()
            alert = None if r["alert"] == "-" else int(r["alert"])
            if t.add("ERR_SSL_" + code, r["kind"], alert, version, tls, line, token=code):
                t.resolved[version] += 1
        common_cc = "src/crypto/crypto_common.cc"
        csrc = open(os.path.join(root, common_cc), encoding="latin-1").read()
        start = csrc.index("X509ErrorCode(")
        for m in re.finditer(r"CASE_X509_ERR\((\w+)\)", csrc[start:csrc.index("#undef CASE_X509_ERR", start)]):
            t.found[version] += 1
            if t.add(m.group(1), "none", None, version, common_cc, common.line_of(csrc, start + m.start()),
                     token=m.group(1)):
                t.resolved[version] += 1
        errs = "lib/internal/errors.js"
        esrc = open(os.path.join(root, errs), encoding="utf-8").read()
        for m in re.finditer(r"^E\('(ERR_TLS_\w+)'", esrc, re.M):
            t.found[version] += 1
            if m.group(1) in REVIEWED_TLS and t.add(m.group(1), "none", None, version, errs,
                                                    common.line_of(esrc, m.start()), token=m.group(1)):
                t.resolved[version] += 1
        wrap = "lib/_tls_wrap.js"
        wsrc = open(os.path.join(root, wrap), encoding="utf-8").read()
        for m in re.finditer(r"connResetException\(((?:\s*'[^']*'\s*\+?)+)\)", wsrc):
            t.found[version] += 1
            text = "".join(re.findall(r"'([^']*)'", m.group(1)))
            if t.add(text, "none", None, version, wrap, common.line_of(wsrc, m.start())):
                t.resolved[version] += 1
    n = t.write(os.path.join(out, "node.tsv"), "nodejs/node", [
        "Node.js tls error codes and texts, derived by tools/derive-texts/node.py. Data version 1.",
        "Read: " + ", ".join(f"Node {v}" for v, _ in versions) + "; ERR_SSL_* made from derived/openssl.tsv's "
        "reasons by Node's transform (src/crypto/crypto_tls.cc). Certificate errors (X509ErrorCode) and ERR_TLS_* "
        "go with no alert: Node checks them in JavaScript after the handshake (node.py says why for each)."]
        + common.COMMON_HEADER, [v for v, _ in versions])
    return t, n
