"""Erlang/OTP ssl: the alert texts of lib/ssl/src/ssl_alert.erl.

ssl_alert.erl words every alert the same two ways (alert_txt / own_alert_txt):

    "received " ++ ROLE ++ " ALERT: " ++ level_txt(Level) ++ description_txt(Description)     % the peer's alert
    "at " ++ Mod ++ ":" ++ Line ++ " generated " ++ ROLE ++ " ALERT: " ++ level_txt ++ ...  % the alert it sends

prefixed by "TLS client: In state <state> " and returned as {tls_alert, {<atom>, Text}} or logged. ROLE and the
level become '*'. Every description_txt(?NAME) -> "Text" clause gives two rows, its code read from ssl_alert.hrl
(-define(NAME, N)).

Versions: --erlang <ssl app version>=<dir holding ssl_alert.erl and ssl_alert.hrl>, e.g. Debian's erlang-src:
/usr/lib/erlang/lib/ssl-10.8.7/src (OTP 25.2.3).
"""
import os
import re

from derive import COMMON_HEADER, Table, line_of


# ssl_alert.erl level_txt: the two levels, as printed.
LEVELS = ["Fatal - ", "Warning - "]


def derive(versions, out):
    # Two tables: the marker says the direction ("received <ROLE> ALERT: " / "generated <ROLE> ALERT: ", forms.tsv),
    # the row is the level and description that follow, so no row starts with a wildcard.
    tables = {"received": Table(), "sent": Table()}
    for version, root in versions:
        hrl = open(os.path.join(root, "ssl_alert.hrl"), encoding="latin-1").read()
        codes = {m.group(1): int(m.group(2)) for m in re.finditer(r"-define\((\w+),\s*(\d+)\)\.", hrl)}
        src = open(os.path.join(root, "ssl_alert.erl"), encoding="latin-1").read()
        for m in re.finditer(r"^description_txt\(\?(\w+)\)\s*->\s*\n?\s*\"([^\"]+)\"", src, re.M):
            code = codes.get(m.group(1))
            line = line_of(src, m.start())
            for kind, t in tables.items():
                t.found[version] += 1
                if code is None:
                    continue
                ok = False
                for level in LEVELS:
                    ok |= t.add(level + m.group(2), kind, code, version, "lib/ssl/src/ssl_alert.erl", line)
                if ok:
                    t.resolved[version] += 1
    n = 0
    for kind, name, form in (("received", "erlang-received.tsv", "received <ROLE> ALERT: "),
                             ("sent", "erlang-sent.tsv", "... at <module>:<line> generated <ROLE> ALERT: ")):
        n += tables[kind].write(os.path.join(out, name), "erlang/otp", [
            f"Erlang/OTP ssl alert texts ({kind}), derived from the sources by tools/derive-texts/erlang.py. Data version 1.",
            "Read: " + ", ".join(f"ssl {v}" for v, _ in versions) + " (Debian erlang-src 1:25.2.3, OTP 25.2.3)"
            " lib/ssl/src/ssl_alert.erl (description_txt, level_txt) and ssl_alert.hrl. Printed after"
            f" '{form}' (forms.tsv) in 'TLS client: In state <state> ...', often inside {{tls_alert,{{<name>,\"...\"}}}}."]
            + COMMON_HEADER, [v for v, _ in versions])
    return tables["received"], n
