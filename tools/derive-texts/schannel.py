"""Windows Schannel: the SEC_E_* status a received alert becomes.

Schannel is not open source. The mapping is Microsoft's published table "Schannel error codes for TLS and SSL
alerts" (learn.microsoft.com/windows/win32/secauthn/schannel-error-codes-for-tls-and-ssl-alerts), transcribed one
row per line (alert name, code, SEC_E name, HRESULT) into the file this reads; the table's header says so.

Several alerts give one status: the row takes the alert of most table rows and lists the others in 'also'; for
SEC_E_ILLEGAL_MESSAGE (10, 22, 40, 47, 50, 60) the row is handshake_failure, reviewed by hand (SCHANNEL_PREFERRED):
curl's own text for it says "This error usually occurs when a fatal SSL/TLS alert is received (e.g. handshake
failed)" (lib/vtls/schannel.c / strerror.c). Statuses Schannel also returns for its own checks, with no alert from
the peer (SCHANNEL_ALSO_LOCAL: an untrusted, expired or revoked certificate, a protocol or algorithm it has not
enabled, its internal error), get no row: the text alone cannot say who sent the alert. The event-log texts
(36887/36888) are patterns.

Versions: --schannel <docs date>=<directory holding schannel-error-codes-for-tls-and-ssl-alerts.txt>.
"""
import collections
import os

from derive import COMMON_HEADER, Table

SCHANNEL_PREFERRED = {"SEC_E_ILLEGAL_MESSAGE": 40}
SCHANNEL_ALSO_LOCAL = {"SEC_E_UNTRUSTED_ROOT", "SEC_E_CERT_EXPIRED", "CRYPT_E_REVOKED", "SEC_E_CERT_UNKNOWN",
                       "SEC_E_UNSUPPORTED_FUNCTION", "SEC_E_ALGORITHM_MISMATCH", "SEC_E_INTERNAL_ERROR"}
DOC = "schannel-error-codes-for-tls-and-ssl-alerts.txt"


def derive(versions, out):
    t = Table()
    for version, root in versions:
        rows = collections.defaultdict(list)
        with open(os.path.join(root, DOC), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.startswith("#") or not line.strip():
                    continue
                _, code, name, hresult = line.rstrip("\n").split("\t")
                rows[(name, hresult)].append((int(code), n))
        for (name, hresult), sites in rows.items():
            t.found[version] += len(sites)
            if name in SCHANNEL_ALSO_LOCAL:
                continue
            first = SCHANNEL_PREFERRED.get(name)
            sites.sort(key=lambda s: s[0] != first)
            for code, n in sites:
                if t.add(name, "received", code, version, "win32/secauthn/" + DOC, n,
                         token=hresult[6:].upper()):  # after "(0x8009" (forms.tsv)
                    t.resolved[version] += 1
    n = t.write(os.path.join(out, "schannel.tsv"), "learn.microsoft.com/windows", [
        "Windows Schannel statuses, derived by tools/derive-texts/schannel.py. Data version 1.",
        "Read: Microsoft's documentation (Schannel is not open source), 'Schannel error codes for TLS and SSL alerts',"
        " as of " + ", ".join(v for v, _ in versions) + ", transcribed row by row. A status printed by name"
        " (curl: 'SEC_E_ILLEGAL_MESSAGE (0x80090326)') or by HRESULT (.NET: 'Win32Exception (0x80090326)'; token: the digits after '(0x8009', every such status's prefix)."
        " Statuses Schannel also returns for its own checks (" + ", ".join(sorted(SCHANNEL_ALSO_LOCAL)) + ") have no"
        " row."] + COMMON_HEADER, [v for v, _ in versions])
    return t, n
