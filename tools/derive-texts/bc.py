"""Bouncy Castle TLS (bctls, BCJSSE): the alert texts, from tls/src/main/java/org/bouncycastle.

Every alert text Bouncy Castle prints goes through AlertDescription.getText(d) = getName(d) + "(" + d + ")":

* tls/TlsFatalAlertReceived.java: super(AlertDescription.getText(alertDescription)) -> the exception
  "org.bouncycastle.tls.TlsFatalAlertReceived: handshake_failure(40)" (the peer's alert);
* tls/TlsFatalAlert.java getMessage: getText(d) [+ "; " + detail] -> "org.bouncycastle.tls.TlsFatalAlert:
  certificate_unknown(46); ..." (the alert the local side sends), the exception of every
  "throw new TlsFatalAlert(AlertDescription.X, ...)" site (counted below);
* jsse/provider/JsseUtils.java getAlertRaisedLogMessage / getAlertReceivedLogMessage: "<id> raised fatal(2) X(n)
  alert" / "<id> received fatal(2) X(n) alert" (BCJSSE's log).

So the rows are getName's cases in the four forms. Versions: --bc <release tag>=<bc-java checkout> (r1rv84 is
bctls 1.84, the version this project depends on).
"""
import os
import re

from derive import COMMON_HEADER, Table, line_of

# (table, row text, kind): the exceptions in bc.tsv; BCJSSE's log lines in two tables whose markers
# ("received fatal(2) ", "raised fatal(2) " ..., forms.tsv) say the direction, so no row starts with a wildcard.
FORMS = [
    ("bc.tsv", "TlsFatalAlertReceived: {t}", "received"),
    ("bc.tsv", "TlsFatalAlert: {t}", "sent"),
    ("bc-log-received.tsv", "{t} alert", "received"),
    ("bc-log-sent.tsv", "{t} alert", "sent"),
]


def derive(versions, out):
    tables = {name: Table() for name, _, _ in FORMS}
    sites = {}
    for version, root in versions:
        base = os.path.join(root, "tls/src/main/java/org/bouncycastle")
        ad = open(os.path.join(base, "tls/AlertDescription.java"), encoding="utf-8").read()
        codes = {m.group(1): int(m.group(2))
                 for m in re.finditer(r"public static final short (\w+) = (\d+);", ad)}
        body = ad[ad.index("public static String getName("):]
        body = body[:body.index("\n    }\n")]
        off = ad.index("public static String getName(")
        for m in re.finditer(r"case (\w+):\s*return \"(\w+)\";", body):
            code = codes.get(m.group(1))
            for name, form, kind in FORMS:
                t = tables[name]
                t.found[version] += 1
                if code is not None and t.add(form.format(t=f"{m.group(2)}({code})"), kind, code, version,
                                              "tls/src/main/java/org/bouncycastle/tls/AlertDescription.java",
                                              line_of(ad, off + m.start())):
                    t.resolved[version] += 1
        # The TlsFatalAlert call sites, for the coverage figure: all print through getText.
        n = 0
        for dirpath, _, files in os.walk(os.path.join(base, "tls")):
            for fn in files:
                if fn.endswith(".java"):
                    n += len(re.findall(r"new TlsFatalAlert\(\s*AlertDescription\.\w+",
                                        open(os.path.join(dirpath, fn), encoding="utf-8").read()))
        sites[version] = n
    n = 0
    for name, what in (("bc.tsv", "the exceptions TlsFatalAlert, TlsFatalAlertReceived"),
                       ("bc-log-received.tsv", "BCJSSE's log, after '<id> received fatal(2) '"),
                       ("bc-log-sent.tsv", "BCJSSE's log, after '<id> raised fatal(2) '")):
        n += tables[name].write(os.path.join(out, name), "bcgit/bc-java", [
            f"Bouncy Castle TLS alert texts ({what}), derived from the sources by tools/derive-texts/bc.py."
            " Data version 1.",
            "Read: " + ", ".join(f"bc-java {v}" for v, _ in versions) + " tls/AlertDescription.java (getName,"
            " getText), AlertLevel.java, TlsFatalAlert.java, TlsFatalAlertReceived.java, jsse/provider/JsseUtils.java"
            " (the log forms). " + "; ".join(f"{v}: {sites[v]} 'new TlsFatalAlert(AlertDescription.X ...)' sites under"
                                              " tls/, all printed as 'TlsFatalAlert: <getText>'" for v, _ in versions)
            + "."] + COMMON_HEADER, [v for v, _ in versions])
    return tables["bc.tsv"], n
