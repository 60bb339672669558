"""GnuTLS: gnutls_strerror() texts and the alert each error makes GnuTLS send; the alert names it reports receiving.

Read from a GnuTLS source tree (a release tag of gnutls/gnutls):

* lib/errors.c: error_entries[] and non_fatal_error_entries[], ERROR_ENTRY(N_("text"), GNUTLS_E_X): the text
  gnutls_strerror() returns for each error code; gnutls_error_is_fatal() is "not in non_fatal_error_entries".
* lib/alert.c: gnutls_error_to_alert(), a switch from error code to alert (default internal_error), and
  gnutls_alert_send_appropriate(), which sends that alert for a fatal error other than GNUTLS_E_FATAL_ALERT_RECEIVED
  (and no_renegotiation for GNUTLS_E_REHANDSHAKE). gnutls-cli calls it when its handshake fails (src/cli.c
  do_handshake), and prints the text as "*** Fatal error: <text>" / "*** handshake has failed: <text>".
* lib/alert.c sup_alerts[], ALERT_ENTRY(GNUTLS_A_X, N_("name")), with the enum values of
  lib/includes/gnutls/gnutls.h.in: gnutls_alert_get_name(); gnutls-cli prints a received alert as
  "*** Received alert [<code>]: <name>" (src/cli.c handle_error), so that is the row's text.

GNUTLS_E_FATAL_ALERT_RECEIVED / GNUTLS_E_WARNING_ALERT_RECEIVED ("A TLS fatal alert has been received.") give no row:
the alert is only known from the "Received alert [N]" line printed beside it (counted, not guessed). explain answers the
text itself with failures.tsv's rows gnutls-*-alert-received (class alert-received-unnamed: an alert received, not named).
Reviewed by hand (GNUTLS_NO_ALERT): errors that mean the transport failed or the peer went away; the alert
gnutls_error_to_alert() picks for them cannot reach the peer.
"""
import os
import re

from derive import COMMON_HEADER, Table, c_string_concat, line_of, strip_c_comments

# The transport failed or the peer closed the connection: gnutls_alert_send_appropriate() still writes an alert
# (unexpected_message, internal_error), to a socket nobody reads.
GNUTLS_NO_ALERT = {"GNUTLS_E_PUSH_ERROR", "GNUTLS_E_PULL_ERROR", "GNUTLS_E_PREMATURE_TERMINATION",
                   "GNUTLS_E_SESSION_EOF"}
# The peer's alert: printed on its own line ("Received alert [N]: name"), so the text alone has no code.
GNUTLS_ALERT_RECEIVED = {"GNUTLS_E_FATAL_ALERT_RECEIVED", "GNUTLS_E_WARNING_ALERT_RECEIVED"}


def c_enum(src, prefix):
    """name -> value for the C enum members starting with prefix (implicit values counted on)."""
    out = {}
    for body in re.findall(r"typedef\s+enum\s*\{(.*?)\}", src, re.S):
        if prefix not in body:
            continue
        n = -1
        for m in re.finditer(r"(\w+)\s*(?:=\s*([^,}]+))?\s*(?:,|$)", body.strip()):
            name, val = m.group(1), m.group(2)
            if val is not None:
                val = val.strip()
                n = out[val] if val in out else int(val, 0)
            else:
                n += 1
            out[name] = n
    return {k: v for k, v in out.items() if k.startswith(prefix)}


def entries(src, table):
    """(code name, text, line) of one ERROR_ENTRY table in lib/errors.c."""
    start = src.index(table)
    end = src.index("};", start)
    out = []
    for m in re.finditer(r"ERROR_ENTRY\(\s*N_\(((?:\s*\"(?:[^\"\\]|\\.)*\")+)\s*\)\s*,\s*(GNUTLS_E_\w+)\s*\)",
                         src[start:end]):
        out.append((m.group(2), c_string_concat(m.group(1)), line_of(src, start + m.start())))
    return out


def error_to_alert(src):
    """error name -> alert name, from the switch of gnutls_error_to_alert(); '*' -> the default."""
    body = src[src.index("int gnutls_error_to_alert(int err"):]
    body = body[:body.index("\n}")]
    out, pending = {}, []
    for tok in re.finditer(r"case\s+(GNUTLS_E_\w+)\s*:|default\s*:|ret\s*=\s*(GNUTLS_A_\w+)\s*;", body):
        if tok.group(1):
            pending.append(tok.group(1))
        elif tok.group(0).startswith("default"):
            pending.append("*")
        else:
            for e in pending:
                out[e] = tok.group(2)
            pending = []
    return out


def derive(versions, out):
    t = Table()

    for version, root in versions:
        header = strip_c_comments(open(os.path.join(root, "lib/includes/gnutls/gnutls.h.in"), encoding="utf-8").read())
        alerts = c_enum(header, "GNUTLS_A_")
        alert_c = strip_c_comments(open(os.path.join(root, "lib/alert.c"), encoding="utf-8").read())
        errors_c = strip_c_comments(open(os.path.join(root, "lib/errors.c"), encoding="utf-8").read())
        cli = strip_c_comments(open(os.path.join(root, "src/cli.c"), encoding="utf-8").read())
        cli_line = line_of(cli, cli.index('"*** Received alert [%d]: %s\\n"'))
        for m in re.finditer(r"ALERT_ENTRY\(\s*(GNUTLS_A_\w+)\s*,\s*N_\(((?:\s*\"(?:[^\"\\]|\\.)*\")+)\s*\)\s*\)",
                             alert_c):
            code, name = alerts[m.group(1)], c_string_concat(m.group(2))
            t.found[version] += 1
            if t.add(f"Received alert [{code}]: {name}", "received", code, version, "lib/alert.c",
                     line_of(alert_c, m.start())):
                t.resolved[version] += 1
        to_alert = error_to_alert(alert_c)
        default = to_alert["*"]
        fatal = entries(errors_c, "error_entries[]")
        non_fatal = entries(errors_c, "non_fatal_error_entries[]")
        for err, text, line in fatal + non_fatal:
            t.found[version] += 1
            if err in GNUTLS_ALERT_RECEIVED:
                continue
            if err in GNUTLS_NO_ALERT:
                kind, alert = "none", None
            elif (err, text, line) in non_fatal and err != "GNUTLS_E_REHANDSHAKE":
                kind, alert = "none", None  # gnutls_alert_send_appropriate() sends nothing for a non-fatal error
            else:
                kind, alert = "sent", alerts[to_alert.get(err, default)]
            if t.add(text, kind, alert, version, "lib/errors.c", line, token=err[len("GNUTLS_E_"):]):
                t.resolved[version] += 1
    n = t.write(os.path.join(out, "gnutls.tsv"), "gnutls/gnutls", [
        "GnuTLS texts, derived from the sources by tools/derive-texts/gnutls.py. Data version 1.",
        "Read: " + ", ".join(f"GnuTLS {v}" for v, r in versions) + ". 'sent' is the alert"
        " gnutls_alert_send_appropriate() sends for the error (gnutls_error_to_alert(), lib/alert.c), as gnutls-cli"
        " and servers that call it do; the text is gnutls_strerror()'s (lib/errors.c), printed by gnutls-cli as"
        " '*** Fatal error: <text>'. 'received': gnutls-cli's '*** Received alert [N]: <name>' (src/cli.c,"
        " names from lib/alert.c). Reviewed by hand: " + ", ".join(sorted(GNUTLS_NO_ALERT)) + " are 'none' (the"
        " transport failed or the peer left; the alert goes nowhere); " + ", ".join(sorted(GNUTLS_ALERT_RECEIVED))
        + " give no row (the alert's code is on the next line)."]
        + COMMON_HEADER, [v for v, _ in versions])

    return t, n
