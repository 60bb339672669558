"""curl's texts over OpenSSL, derived from curl's source (and OpenSSL's alert names).

Called by derive.py (--curl VERSION=DIR, a curl tree; the alert names come from the --openssl-tools trees). Writes
derived/curl.tsv:

* The `-v` trace of an alert record, lib/vtls/openssl.c ossl_trace(): msnprintf("%s (%s), %s, %s (%d):\\n", version,
  direction ? "OUT" : "IN", tls_rt_type(SSL3_RT_ALERT) = "TLS alert", SSL_alert_desc_string_long(msg_type),
  msg_type) with msg_type = (buf[0] << 8) + buf[1], i.e. level x 256 + description ("unknown CA (560)" is a fatal
  unknown_ca). IN = a record read (the peer's alert: received), OUT = one written (the local side's: written).
  One row per name OpenSSL's ssl/ssl_stat.c gives, and per alert define it has no name for ("unknown (628)").
* The curl error texts (lib/strerror.c's CURLE_SSL_* with their numbers from include/curl/curl.h, as
  "curl: (N) <text>"), and curl's own failf() texts in lib/vtls/openssl.c, where the source shows which alert goes
  with them; the others are counted, not given a row. Reviewed by hand (REVIEWED below, with the reason for each).
"""
import os
import re

import derive as common
import openssl_tools

# What goes on the wire with each curl text that gets a row, read from the source around it (7.88.1 and current):
# (regex on the text, kind, alert or None, why).
REVIEWED = [
    (r"^SSL Client Certificate required$", "received", 116,
     "CURLE_SSL_CLIENTCERT is set only for reason SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED (ossl_connect_step2)"),
    (r"^(SSL crypto engine not found|Can not set SSL crypto engine as default|Failed to initialise SSL crypto "
     r"engine|Problem with the local SSL certificate|Couldn't use specified SSL cipher|Problem with the SSL CA cert "
     r"\(path\? access rights\?\)|Failed to load CRL file \(path\? access rights\?, format\?\))$", "none", None,
     "a local configuration error: curl stops before the handshake"),
    (r"^Requested SSL level failed$", "none", None, "the server refused STARTTLS: no TLS at all"),
    (r"^(Issuer check against peer certificate failed|SSL public key does not match pinned public key|SSL server "
     r"certificate status verification FAILED|Failed to shut down the SSL connection)$", "none", None,
     "checked after SSL_connect() returned: curl closes the connection, no alert"),
    (r"^OpenSSL SSL_connect: \* in connection to", "none", None,
     "SSL_ERROR_SYSCALL or a socket error with nothing in OpenSSL's error queue (errdetail == 0): the peer closed "
     "or reset the connection without an alert"),
    (r"^SSL: (no alternative certificate subject name matches target|certificate subject name \S+ does "
     r"not match target)", "none", None,
     "ossl_verifyhost() runs after the handshake completed: curl closes, no alert"),
]

FAILF = re.compile(r"\bfailf\(\s*data\s*,")


def c_format_text(expr, macros):
    for name, value in macros.items():
        expr = re.sub(r"\b" + name + r"\b", '"' + value + '"', expr)
    text = common.c_string_concat(expr)
    if text is None:
        return None
    return re.sub(r"%[-#+ 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:l|ll|z|h)?[sdiuxXcfp]", common.WILD, text)


def review(text):
    for rx, kind, alert, why in REVIEWED:
        if re.search(rx, text):
            return kind, alert
    return None


def curl_numbers(root):
    src = open(os.path.join(root, "include/curl/curl.h"), encoding="latin-1").read()
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"\b(CURLE_\w+),\s*/\*\s*(\d+)", src)}


def derive(versions, out, openssl_versions):
    t = common.Table()
    names = {}  # code -> name, from every OpenSSL version read
    unnamed = set()
    for _, oroot in openssl_versions:
        named = openssl_tools.long_names(oroot)
        for code, (name, _) in named.items():
            names.setdefault(code, name)
        defs = openssl_tools.alert_defs(oroot)
        for macro in defs:
            if re.fullmatch(r"(SSL3|TLS1|TLS13)_AD_\w+", macro):
                v = common.c_eval(macro, defs)
                if v is not None and 0 < v < 256 and v not in named:
                    unnamed.add(v)
    unnamed -= set(names)
    for version, root in versions:
        rel = "lib/vtls/openssl.c"
        src = common.strip_c_comments(open(os.path.join(root, rel), encoding="latin-1").read())
        trace = src.index("ossl_trace(int direction")
        fmt = re.search(r"\"%s \(%s\), %s, %s \(%d\):\\n\",\s*verstr,\s*direction\s*\?\s*\"OUT\"\s*:\s*\"IN\"",
                        src[trace:])
        rt = re.search(r"case SSL3_RT_ALERT:\s*return \"([^\"]+)\";", src)
        if not fmt or not rt:
            raise ValueError("ossl_trace's format changed in curl " + version)
        line = common.line_of(src, trace + fmt.start())
        for code in sorted(set(names) | unnamed):
            name = names.get(code, "unknown")
            for level in (2, 1):
                for direction, kind in (("IN", "received"), ("OUT", "written")):
                    t.found[version] += 1
                    if t.add(f"({direction}), {rt.group(1)}, {name} ({level * 256 + code})", kind, code, version,
                             rel, line):
                        t.resolved[version] += 1
        macros = {"OSSL_PACKAGE": "OpenSSL"}
        for m in FAILF.finditer(src):
            args, _ = common.call_args(src, m.end() - len("failf(data,") + len("failf"))
            if len(args) < 2:
                continue
            t.found[version] += 1
            text = c_format_text(args[1], macros)
            # A text ending in a filled-in value ("to %s:%d ") ends at its last literal word: the value is not text.
            while text and re.search(r"\*[^A-Za-z0-9]*$", text):
                text = re.sub(r"\s*\S*\*[^A-Za-z0-9]*$", "", text)
            r = review(text) if text else None
            if r and t.add(text, r[0], r[1], version, rel, common.line_of(src, m.start())):
                t.resolved[version] += 1
        numbers = curl_numbers(root)
        srel = "lib/strerror.c"
        ssrc = open(os.path.join(root, srel), encoding="latin-1").read()
        for m in re.finditer(r"case\s+(CURLE_\w+):\s*return\s+\"([^\"]+)\";", ssrc):
            if not re.search(r"SSL|PEER_FAILED", m.group(1)) or m.group(1) not in numbers:
                continue
            t.found[version] += 1
            r = review(m.group(2))
            if r and t.add(f"curl: ({numbers[m.group(1)]}) {m.group(2)}", r[0], r[1], version, srel,
                           common.line_of(ssrc, m.start())):
                t.resolved[version] += 1
    n = t.write(os.path.join(out, "curl.tsv"), "curl/curl", [
        "curl's texts over OpenSSL, derived by tools/derive-texts/curl.py. Data version 1.",
        "Read: " + ", ".join(f"curl {v}" for v, _ in versions) + "; alert names from SSL_alert_desc_string_long of "
        + ", ".join(f"openssl-{v}" for v, _ in openssl_versions) + ". '-v' alert lines: the number is level x 256 + "
        "description; IN received, OUT written (the local side's alert, reported). Error texts: reviewed by hand "
        "(curl.py REVIEWED says why each goes with its alert or with none); the others are counted only."]
        + common.COMMON_HEADER + ["kind 'written': the text reports the alert the local side wrote."],
        [v for v, _ in versions])
    return t, n
