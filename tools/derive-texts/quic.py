"""QUIC (issue 11 item 5): the names QUIC stacks give a TLS alert carried as CRYPTO_ERROR 0x0100 + alert (RFC 9001
section 4.8), read from their sources, as rows for explain/aliases.tsv.

QUIC needs no text table of its own: a CRYPTO_ERROR code *is* the alert plus 0x100, which the patterns in
patterns.tsv (quic-go, ngtcp2, curl, Cloudflare quiche, msquic, Chrome) decode by arithmetic (Explainer.quicToAlert,
msquicToAlert). What the sources add are names that stand for one alert:

* msquic src/inc/msquic_posix.h: "#define QUIC_STATUS_<NAME> QUIC_STATUS_TLS_ALERT(<n>)" (the status an application
  sees), and src/inc/msquic.h: "QUIC_TLS_ALERT_CODE_<NAME> = <n>" (the alert an application passes to
  ConnectionCertificateValidationComplete, i.e. sends).
* Google quiche (Chrome's QUIC) quic/core/quic_error_codes.cc TlsAlertToQuicErrorCode: "case SSL_AD_<X>: return
  QUIC_TLS_<Y>;" (the QuicErrorCode Chrome reports for a closed connection, e.g.
  net::ERR_QUIC_PROTOCOL_ERROR.QUIC_TLS_CERTIFICATE_UNKNOWN).

Run: python3 tools/derive-texts/derive.py --quic msquic@<commit>=<msquic dir> --quic quiche@<commit>=<quiche dir>
--out ...; prints the alias rows to standard output (append them to the QUIC block of aliases.tsv).
"""
import os
import re
import sys

# RFC 8446 section 6 / IANA: the SSL_AD_ names quiche uses, by value (only those quiche maps).
SSL_AD = {
    "SSL_AD_BAD_CERTIFICATE": 42, "SSL_AD_UNSUPPORTED_CERTIFICATE": 43, "SSL_AD_CERTIFICATE_REVOKED": 44,
    "SSL_AD_CERTIFICATE_EXPIRED": 45, "SSL_AD_CERTIFICATE_UNKNOWN": 46, "SSL_AD_INTERNAL_ERROR": 80,
    "SSL_AD_UNRECOGNIZED_NAME": 112, "SSL_AD_CERTIFICATE_REQUIRED": 116,
}


def line_no(src, pos):
    return src.count("\n", 0, pos) + 1


def derive(versions, out):
    rows = []
    for version, root in versions:
        project, _, commit = version.partition("@")
        if project == "msquic":
            path = "src/inc/msquic_posix.h"
            src = open(os.path.join(root, path), encoding="utf-8").read()
            for m in re.finditer(r"#define\s+(QUIC_STATUS_\w+)\s+QUIC_STATUS_TLS_ALERT\((\d+)\)", src):
                rows.append((int(m.group(2)), "msquic", "unknown", m.group(1),
                             f"microsoft/msquic {path}@{commit}:{line_no(src, m.start())}"))
            path = "src/inc/msquic.h"
            src = open(os.path.join(root, path), encoding="utf-8").read()
            for m in re.finditer(r"\b(QUIC_TLS_ALERT_CODE_\w+)\s*=\s*(\d+)\s*,", src):
                code = int(m.group(2))
                if code <= 255 and not m.group(1).endswith("_MAX"):
                    rows.append((code, "msquic", "sent", m.group(1),
                                 f"microsoft/msquic {path}@{commit}:{line_no(src, m.start())}"))
        elif project == "quiche":
            path = "quiche/quic/core/quic_error_codes.cc"
            src = open(os.path.join(root, path), encoding="utf-8").read()
            body = src[src.index("TlsAlertToQuicErrorCode(uint8_t desc)"):]
            body = body[:body.index("\n}\n")]
            off = src.index("TlsAlertToQuicErrorCode(uint8_t desc)")
            for m in re.finditer(r"case\s+(SSL_AD_\w+):\s*return\s+(QUIC_TLS_\w+);", body):
                if m.group(1) in SSL_AD:
                    rows.append((SSL_AD[m.group(1)], "chrome", "unknown", m.group(2),
                                 f"google/quiche {path}@{commit}:{line_no(src, off + m.start())}"))
        else:
            raise SystemExit("quic: unknown project " + project)
    for r in rows:
        print("\t".join(str(c) for c in r))
    return rows
