"""OpenSSL's command-line tools and verify texts: what `openssl s_client`/`s_server` print, derived from the source.

Called by derive.py (--openssl-tools VERSION=DIR, an OpenSSL release tree). Writes:

* derived/s_client.tsv: the `-msg` alert lines of apps/lib/s_cb.c (1.1.1: apps/s_cb.c) msg_cb():
  BIO_printf("%s %s%s [length %04lx]%s%s\\n", ">>>" if write_p else "<<<", version, ", Alert", len, ", fatal" or
  ", warning", alert_types[desc]) -- '<<<' is a record read (the peer's alert: received), '>>>' one written (the
  local side's alert: written). The names are msg_cb's own alert_types table.
* derived/openssl-verify.tsv: every X509_verify_cert_error_string() text (crypto/x509/x509_txt.c) with the alert
  OpenSSL sends when verification fails with it: ssl_x509err2alert()'s x509table (ssl/statem/statem_lib.c), whose
  last entry (X509_V_OK -> SSL_AD_CERTIFICATE_UNKNOWN) is the answer for an error not in the table. curl prints the
  text after "SSL certificate problem: ", Python after "certificate verify failed: ", s_client after
  "verify error:num=N:".
* the alias rows of SSL_alert_desc_string_long() (ssl/ssl_stat.c), the spelling curl -v, -trace and the info
  callback print, returned for the aliases.tsv block (aliases(versions)).
"""
import os
import re

import derive as common

LEVELS = (("fatal", 2), ("warning", 1))


def alert_defs(root):
    inc = os.path.join(root, "include/openssl")
    return common.c_defines([os.path.join(inc, f) for f in ("ssl.h", "ssl.h.in", "ssl3.h", "tls1.h", "dtls1.h")])


def long_names(root):
    """code -> (name, line) of SSL_alert_desc_string_long in ssl/ssl_stat.c."""
    path = os.path.join(root, "ssl/ssl_stat.c")
    src = open(path, encoding="latin-1").read()
    start = src.index("SSL_alert_desc_string_long")
    body = src[start:src.index("\n}", start)]
    defs = alert_defs(root)
    out = {}
    for m in re.finditer(r"case\s+(\w+)\s*:\s*return\s+\"([^\"]+)\"", body):
        code = common.c_eval(m.group(1), defs)
        if code is not None:
            out[code] = (m.group(2), common.line_of(src, start + m.start()))
    return out


def s_cb_path(root):
    for rel in ("apps/lib/s_cb.c", "apps/s_cb.c"):
        if os.path.exists(os.path.join(root, rel)):
            return rel
    raise FileNotFoundError("s_cb.c in " + root)


def derive_msg(t, version, root):
    rel = s_cb_path(root)
    src = open(os.path.join(root, rel), encoding="latin-1").read()
    start = src.index("alert_types[] = {")
    body = src[start:src.index("};", start)]
    fmt = re.search(r"BIO_printf\(bio, \"(%s %s%s \[length %04lx\]%s%s)\\n\"", src)
    if not fmt:
        raise ValueError("msg_cb's format changed in " + rel)
    for m in re.finditer(r"\{\s*\"\s*(\w+)\"\s*,\s*(\d+)\s*\}", body):
        name, code, line = m.group(1), int(m.group(2)), common.line_of(src, start + m.start())
        for level, _ in LEVELS:
            for arrow, kind in (("<<<", "received"), (">>>", "written")):
                t.found[version] += 1
                # "%s %s%s [length %04lx]%s%s": arrow, the version ('*'), ", Alert", 0002, ", <level>", " <name>"
                if t.add(f"{arrow} *, Alert [length 0002], {level} {name}", kind, code, version, rel, line):
                    t.resolved[version] += 1


def derive_verify(t, version, root):
    txt = "crypto/x509/x509_txt.c"
    src = open(os.path.join(root, txt), encoding="latin-1").read()
    lib = "ssl/statem/statem_lib.c"
    lsrc = open(os.path.join(root, lib), encoding="latin-1").read()
    defs = alert_defs(root)
    start = lsrc.index("x509table[] = {")
    table = {}
    default = None
    for m in re.finditer(r"\{\s*(X509_V_\w+)\s*,\s*(SSL_AD_\w+)\s*\}", lsrc[start:lsrc.index("};", start)]):
        code = common.c_eval(m.group(2), defs)
        if m.group(1) == "X509_V_OK":
            default = code
        else:
            table[m.group(1)] = (code, common.line_of(lsrc, start + m.start()))
    for m in re.finditer(r"case\s+(X509_V_\w+)\s*:\s*return\s*\(?\s*\"([^\"]+)\"", src):
        name, text = m.group(1), m.group(2)
        if name == "X509_V_OK":
            continue
        t.found[version] += 1
        code, line = table.get(name, (default, common.line_of(lsrc, lsrc.index("X509_V_OK", start))))
        if code is not None and t.add(text, "sent", code, version, lib, line, token=name[len("X509_V_ERR_"):]):
            t.resolved[version] += 1


def derive_all(versions, out):
    msg, verify = common.Table(), common.Table()
    for version, root in versions:
        derive_msg(msg, version, root)
        derive_verify(verify, version, root)
    read = ", ".join(f"openssl-{v}" for v, _ in versions)
    n1 = msg.write(os.path.join(out, "s_client.tsv"), "openssl/openssl", [
        "openssl s_client/s_server -msg alert lines, derived by tools/derive-texts/openssl_tools.py. Data version 1.",
        "Read: " + read + ": msg_cb() in apps/lib/s_cb.c (1.1.1: apps/s_cb.c): '<<<' a record read (the peer's "
        "alert), '>>>' one written (kind 'written': the local side's own alert, reported).",
        "'*' is the record's version (TLS 1.2, DTLS 1.0, ...). A name msg_cb's table lacks prints ' ???' (not here)."]
        + common.COMMON_HEADER + ["kind 'written': the text reports the alert the local side wrote."],
        [v for v, _ in versions])
    n2 = verify.write(os.path.join(out, "openssl-verify.tsv"), "openssl/openssl", [
        "OpenSSL certificate verification texts and the alert sent for each, derived by tools/derive-texts/"
        "openssl_tools.py. Data version 1.",
        "Read: " + read + ": X509_verify_cert_error_string() in crypto/x509/x509_txt.c, the alert from "
        "ssl_x509err2alert()'s x509table in ssl/statem/statem_lib.c (an error not listed: its last entry, "
        "certificate_unknown). token: the X509_V_ERR_ name without its prefix."]
        + common.COMMON_HEADER, [v for v, _ in versions])
    return (msg, n1), (verify, n2)


def derive(versions, out):
    """derive.py's entry point: returns [(name, table, rows)]."""
    (msg, n1), (verify, n2) = derive_all(versions, out)
    return [("s_client", msg, n1), ("openssl-verify", verify, n2)]


def name_key(s):
    """Text.nameKey: letters and digits only, lower case."""
    return "".join(c.lower() for c in s if c.isascii() and c.isalnum())


def aliases(versions):
    """The aliases.tsv rows of SSL_alert_desc_string_long's names: code, stack, direction, alias, source."""
    rows = {}
    for version, root in versions:
        for code, (name, line) in sorted(long_names(root).items()):
            rows.setdefault((code, name), []).append(f"ssl/ssl_stat.c@{version}:{line}")
    return [(code, "openssl", "unknown", name, "openssl/openssl SSL_alert_desc_string_long " + " ".join(src))
            for (code, name), src in sorted(rows.items())]
