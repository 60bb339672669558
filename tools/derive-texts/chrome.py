"""Chrome / Chromium net errors (net::ERR_SSL_*, ERR_CERT_*, ERR_BAD_SSL_CLIENT_AUTH_CERT ...) -> the alert.

Chrome's TLS is BoringSSL; what Chrome prints is a net error, chosen from BoringSSL's reason by one switch:

* net/ssl/openssl_ssl_util.cc MapOpenSSLErrorSSL: "case SSL_R_<reason>: ... return ERR_<net error>;". A reason that
  is a received alert (SSL_R_SSLV3_ALERT_* / SSL_R_TLSV1_ALERT_*, 1000 + code) makes the net error a *received*
  alert; another reason makes it the alert BoringSSL *sends* with that reason, as derived/boringssl.tsv says (read
  from the BoringSSL commit Chrome builds with). Net errors reached from the switch's default branch
  (ERR_SSL_PROTOCOL_ERROR: any other reason) get no row: no one alert goes with them.
* Certificate errors: net/socket/ssl_client_socket_impl.cc HandleVerifyResult puts the verifier's net error (every
  NET_ERROR between CERT_COMMON_NAME_INVALID and CERT_END in net/base/net_error_list.h, and
  ERR_ECH_FALLBACK_CERTIFICATE_INVALID which it substitutes for them) on the error queue and returns
  ssl_verify_invalid without setting the alert; BoringSSL's ssl_verify_peer_cert (ssl/handshake.cc) then sends the
  alert it initialised, "uint8_t alert = SSL_AD_<X>;" (certificate_unknown).

Versions: --chrome chromium@<commit>=<dir> (net/base/net_error_list.h, net/ssl/openssl_ssl_util.cc) and
--chrome boringssl@<commit>=<dir> (ssl/handshake.cc); the BoringSSL table is read from --out (derive it first).
"""
import csv
import os
import re

from derive import COMMON_HEADER, Table, line_of, strip_c_comments

# ERR_SSL_VERSION_OR_CIPHER_MISMATCH: MapOpenSSLErrorSSL's comment says a server's handshake_failure after the
# ClientHello (no common cipher) is mapped to it "to match the NSS implementation" (https://crbug.com/446505); the
# other cases (protocol_version, insufficient_security received; unsupported protocol sent) go to 'also'.
PREFERRED = {"SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE"}

ALERT_REASON = re.compile(r"SSL_R_(?:SSLV3|TLSV1)_ALERT_\w+|SSL_R_TLSV1_UNRECOGNIZED_NAME")

# The BoringSSL alert values by SSL_AD_ name (include/openssl/ssl.h), for the alert ssl_verify_peer_cert sends.
SSL_AD = {"SSL_AD_CERTIFICATE_UNKNOWN": 46, "SSL_AD_BAD_CERTIFICATE": 42}


def boringssl_rows(out):
    """reason name (without SSL_R_) -> (kind, alert or None), from derived/boringssl.tsv."""
    rows = {}
    with open(os.path.join(out, "boringssl.tsv"), encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(lines, delimiter="\t"):
        rows[r["token"]] = (r["kind"], None if r["alert"] == "-" else int(r["alert"]))
    return rows


def derive(versions, out):
    chromium = [(v, r) for v, r in versions if v.startswith("chromium@")]
    boringssl = [(v, r) for v, r in versions if v.startswith("boringssl@")]
    if len(chromium) != 1 or len(boringssl) != 1:
        raise SystemExit("chrome: give --chrome chromium@<commit>=DIR and --chrome boringssl@<commit>=DIR")
    (cv, croot), (bv, broot) = chromium[0], boringssl[0]
    version = cv.partition("@")[2]
    bssl = boringssl_rows(out)
    t = Table()

    # net/base/net_error_list.h: NET_ERROR(NAME, -N). Chrome's log prints the number ("net_error -202"): it is the
    # row's token, looked up after "net_error -" (forms.tsv).
    lpath = "net/base/net_error_list.h"
    lsrc = open(os.path.join(croot, lpath), encoding="utf-8").read()
    errors = [(m.group(1), int(m.group(2)), line_of(lsrc, m.start()))
              for m in re.finditer(r"^NET_ERROR\((\w+),\s*(-\d+)\)", lsrc, re.M)]
    number = {"ERR_" + n: str(-v) for n, v, _ in errors}

    # MapOpenSSLErrorSSL: the cases of each return.
    path = "net/ssl/openssl_ssl_util.cc"
    src = strip_c_comments(open(os.path.join(croot, path), encoding="utf-8").read())
    start = src.index("int MapOpenSSLErrorSSL(")
    body = src[start:src.index("\n}\n", start)]
    # Split the switch into groups: consecutive "case X:" labels, then the statements up to the next label.
    labels = list(re.finditer(r"\bcase\s+(SSL_R_\w+)\s*:|\bdefault\s*:", body))
    # Reviewed by hand: where one net error comes from several alerts, the case the source's own comment is about
    # comes first (its row's alert; the others go to 'also').
    order = sorted(range(len(labels)), key=lambda i: labels[i].group(1) not in PREFERRED)
    for i in order:
        m = labels[i]
        if not m.group(1):
            continue  # default: any other reason
        stmts = body[m.end():labels[i + 1].start() if i + 1 < len(labels) else len(body)]
        j = i
        while not stmts.strip() and j + 1 < len(labels):  # an empty label falls through to the next group
            j += 1
            stmts = body[labels[j].end():labels[j + 1].start() if j + 1 < len(labels) else len(body)]
        reason, rline = m.group(1), line_of(src, start + m.start())
        for err in re.findall(r"\breturn\s+(ERR_\w+)\s*;", stmts):
            t.found[version] += 1
            if err == "ERR_SSL_PROTOCOL_ERROR":
                continue  # also the default branch's: any other reason, no one alert
            kind, alert = bssl.get(reason[len("SSL_R_"):], (None, None))
            if kind is None or (ALERT_REASON.fullmatch(reason) and kind != "received"):
                continue  # a reason BoringSSL raises with no alert we know (a local setting, a timeout)
            if err not in number:
                continue
            if t.add(err, kind, alert, version, path, rline, token=number[err]):
                t.resolved[version] += 1

    # Certificate errors: the verifier's net error, then BoringSSL's initial alert.
    path = lpath
    end = next(v for n, v, _ in errors if n == "CERT_END")
    hs = open(os.path.join(broot, "ssl/handshake.cc"), encoding="utf-8").read()
    fn = hs.index("ssl_verify_peer_cert(")
    am = re.compile(r"uint8_t alert = (SSL_AD_\w+);").search(hs, fn)
    alert = SSL_AD[am.group(1)]
    for name, value, line in errors:
        if end < value <= -200 or name == "ECH_FALLBACK_CERTIFICATE_INVALID":
            t.found[version] += 1
            # The alert is chosen in Chrome's copy of BoringSSL (third_party/boringssl/src), at the line read.
            if t.add("ERR_" + name, "sent", alert, version, "third_party/boringssl/src/ssl/handshake.cc",
                     line_of(hs, am.start()), token=str(-value)):
                t.resolved[version] += 1
    n = t.write(os.path.join(out, "chrome.tsv"), "chromium/chromium", [
        "Chrome / Chromium net errors, derived from the sources by tools/derive-texts/chrome.py. Data version 1.",
        f"Read: chromium/chromium net/ssl/openssl_ssl_util.cc@{version} (MapOpenSSLErrorSSL) and {path} (the stored",
        "copy with file id 427946837; NET_ERROR values never change), with derived/boringssl.tsv for the alert a reason goes with, and BoringSSL ssl/handshake.cc@"
        + bv.partition("@")[2] + f":{line_of(hs, am.start())} for the alert a certificate error sends"
        " (Chrome's verify callback leaves it). Chrome prints 'net::ERR_...' (console, net-internals) or 'NET::ERR_...'.",
        "token: the net error's number, which Chrome's log prints as 'handshake failed; ... net_error -202'.",
        "ERR_SSL_PROTOCOL_ERROR has no row: MapOpenSSLErrorSSL's default branch gives it for any other reason."]
        + COMMON_HEADER, [version])
    return t, n
