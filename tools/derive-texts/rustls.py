"""rustls: the Display texts of rustls::Error and the alert rustls sends with each, or reports receiving.

Read from a rustls source tree (a release tag of rustls/rustls; the directory holding rustls/src):

* the AlertDescription enum (enum_builder! in rustls/src/enums.rs: "Name => 0xNN"): "received fatal alert: <Name>"
  is Error::AlertReceived's Display (the alert's Debug name), an alert RECEIVED.
* error.rs "impl fmt::Display for Error": the text of each Error variant ("peer misbehaved: {why:?}", "peer is
  incompatible: {why:?}", "invalid peer certificate: {err}", "received corrupt message of type {typ:?}", ...).
* every send_fatal_alert(AlertDescription::X, <error>) call: the alert SENT with that error, when the error is a
  literal variant (PeerMisbehaved::Y, PeerIncompatible::Y, Error::Z, InvalidMessage::Y).
* "impl From<CertificateError> for AlertDescription": the alert send_cert_verify_error_alert() sends for each
  certificate verdict, with CertificateError's Display (its Debug name, or its own text for the *Context variants);
  "impl From<InvalidMessage> for AlertDescription" (0.23; 0.21 sends one alert at its Message::try_from site) for
  "received corrupt message of type <Y>"; the alert sent for Error::InappropriateMessage (common_state.rs).

Each sent text also gets its Debug form where rustls's derive(Debug) prints the variant's name ("PeerMisbehaved(X)",
"InvalidCertificate(UnknownIssuer)", "InvalidMessage(MissingData"), as "{:?}" of an io::Error shows it. Sites whose
error is a variable are counted, not guessed.
"""
import os
import re

from derive import COMMON_HEADER, Table, call_args, line_of, strip_c_comments


def rust_fmt(lit):
    """A Rust format string as text: placeholders become '*', line continuations are joined."""
    lit = re.sub(r"\\\n\s*", "", lit)
    lit = lit.replace("{{", "\x00").replace("}}", "\x01")
    lit = re.sub(r"\{[^{}]*\}", "*", lit)
    return lit.replace("\x00", "{").replace("\x01", "}").replace('\\"', '"')


def rs_files(src_dir):
    for dirpath, dirs, files in os.walk(src_dir):
        dirs[:] = [d for d in dirs if d not in ("testdata", "manual", "test")]
        for fn in sorted(files):
            if fn.endswith(".rs") and not fn.endswith("_test.rs") and fn != "tests.rs":
                yield os.path.join(dirpath, fn)


def without_tests(src):
    """The source before its '#[cfg(test)]' module (rustls keeps unit tests at the end of a file)."""
    i = src.find("#[cfg(test)]")
    return src if i < 0 else src[:i]


def block(src, start):
    """The text of the brace block that opens at or after start."""
    i = src.index("{", start)
    depth = 0
    for j in range(i, len(src)):
        if src[j] == "{":
            depth += 1
        elif src[j] == "}":
            depth -= 1
            if depth == 0:
                return src[i:j + 1], i
    return src[i:], i


def match_arms(body):
    """(variant names of the left side, right side) of each arm of a Rust match body."""
    arms = []
    for m in re.finditer(r"((?:\s*\|?\s*(?:#\[[^\]]*\]\s*)?[A-Z]\w*(?:\s*\{\s*\.\.\s*\}|\s*\([^)]*\))?)+)\s*=>\s*"
                         r"(?:\{\s*)?(?:Self|AlertDescription)::(\w+)", body):
        names = re.findall(r"\b([A-Z]\w*)\b(?:\s*\{\s*\.\.\s*\}|\s*\([^)]*\))?", re.sub(r"#\[[^\]]*\]", "", m.group(1)))
        arms.append((names, m.group(2)))
    return arms


def derive(versions, out):
    t = Table()
    for version, root in versions:
        src_dir = os.path.join(root, "rustls/src")
        files = {os.path.relpath(p, root): without_tests(strip_c_comments(open(p, encoding="utf-8").read()))
                 for p in rs_files(src_dir)}
        err_rel = "rustls/src/error.rs"
        err = files[err_rel]
        # Alert names and codes.
        alerts = {}
        enums_rel = "rustls/src/enums.rs"
        enums = files[enums_rel]
        a = re.search(r"(?:pub enum AlertDescription|EnumName: AlertDescription;)", enums)
        body, at = block(enums, a.end())
        for m in re.finditer(r"(\w+)\s*=>\s*(0x[0-9a-fA-F]+|\d+)", body):
            alerts[m.group(1)] = int(m.group(2), 0)
            t.found[version] += 1
            if t.add("received fatal alert: " + m.group(1), "received", alerts[m.group(1)], version, enums_rel,
                     line_of(enums, at + m.start())):
                t.resolved[version] += 1
        # Error's Display: variant -> text (first literal of its arm).
        d = err.index("impl fmt::Display for Error")
        disp, dat = block(err, d)
        texts = {}
        for m in re.finditer(r"(?:Self|Error)::(\w+)[^=]*?=>\s*(?:\{\s*)?write!\(\s*f\s*,\s*\"((?:[^\"\\]|\\.)*)\"", disp,
                             re.S):
            texts[m.group(1)] = rust_fmt(m.group(2))

        def text_of(expr):
            expr = expr.strip()
            expr = re.sub(r"\.into\(\)$", "", expr)
            m = re.fullmatch(r"(PeerMisbehaved|PeerIncompatible|InvalidMessage)::(\w+)(?:\(.*\))?", expr, re.S)
            if m:
                outer = {"PeerMisbehaved": "PeerMisbehaved", "PeerIncompatible": "PeerIncompatible",
                         "InvalidMessage": "InvalidMessage"}[m.group(1)]
                return texts.get(outer, "").replace("*", m.group(2), 1) or None
            m = re.fullmatch(r"Error::(\w+)", expr)
            if m and m.group(1) in texts and "*" not in texts[m.group(1)]:
                return texts[m.group(1)]
            m = re.fullmatch(r"Error::General\(\s*\"((?:[^\"\\]|\\.)*)\"(?:\.into\(\)|\.to_string\(\)|\.to_owned\(\))?\s*\)",
                             expr)
            if m and "General" in texts:
                return texts["General"].replace("*", m.group(1), 1)
            return None

        def debug_of(expr):
            """The Debug form of the error ({:?}, as in "Custom { kind: InvalidData, error: PeerMisbehaved(X) }")."""
            m = re.fullmatch(r"(PeerMisbehaved|PeerIncompatible|InvalidMessage)::(\w+)(?:\(.*\))?",
                             re.sub(r"\.into\(\)$", "", expr.strip()), re.S)
            # Left open, as for the mapped variants below: a tuple variant's fields follow the name.
            return f"{m.group(1)}({m.group(2)}" if m else None

        # send_fatal_alert(AlertDescription::X, <error>) sites.
        for rel, src in files.items():
            for m in re.finditer(r"\.send_fatal_alert\(", src):
                args, _ = call_args(src, m.end() - 1)
                args = [x for x in args if x]  # a trailing comma
                if len(args) != 2:
                    continue
                t.found[version] += 1
                am = re.fullmatch(r"AlertDescription::(\w+)", args[0])
                text = text_of(args[1])
                if am and am.group(1) in alerts and text and t.add(text, "sent", alerts[am.group(1)], version, rel,
                                                                   line_of(src, m.start())):
                    t.resolved[version] += 1
                    dbg = debug_of(args[1])
                    if dbg:
                        t.add(dbg, "sent", alerts[am.group(1)], version, rel, line_of(src, m.start()))
        # Certificate verdicts: From<CertificateError> for AlertDescription, and CertificateError's Display.
        c = err.index("impl From<CertificateError> for AlertDescription")
        cbody, cat = block(err, c)
        cert_texts = {}
        cd = err.find("impl fmt::Display for CertificateError")
        if cd >= 0:
            cdisp, _ = block(err, cd)
            for m in re.finditer(r"Self::(\w+)\s*\{[^}]*\}\s*=>\s*(?:\{\s*)?write!\(\s*f\s*,\s*\"((?:[^\"\\]|\\.)*)\"",
                                 cdisp, re.S):
                cert_texts[m.group(1)] = rust_fmt(m.group(2))
        prefix = texts["InvalidCertificate"].split("*")[0]
        for names, alert in match_arms(cbody):
            for name in names:
                t.found[version] += 1
                if alert in alerts and t.add(prefix + cert_texts.get(name, name), "sent", alerts[alert], version,
                                             err_rel, line_of(err, cat)):
                    t.resolved[version] += 1
                    t.add(f"InvalidCertificate({name}", "sent", alerts[alert], version, err_rel, line_of(err, cat))
        # Corrupt messages: each InvalidMessage variant with the alert sent for it.
        im = re.search(r"pub enum InvalidMessage\s*\{", err)
        ibody, _ = block(err, im.start())
        variants = re.findall(r"^\s*([A-Z]\w*)\s*(?:\(|,|\{)", re.sub(r"#\[[^\]]*\]", "", ibody), re.M)
        mapping, default, where = {}, None, (err_rel, line_of(err, im.start()))
        fi = err.find("impl From<InvalidMessage> for AlertDescription")
        if fi >= 0:
            fbody, fat = block(err, fi)
            for names, alert in match_arms(fbody):
                for n in names:
                    mapping[n] = alert
            dm = re.search(r"_\s*=>\s*Self::(\w+)", fbody)
            default = dm.group(1) if dm else None
            where = (err_rel, line_of(err, fat))
        else:
            conn = files["rustls/src/conn.rs"]
            cm = re.search(r"Message::try_from\([^)]*\)[\s\S]{0,400}?send_fatal_alert\(\s*AlertDescription::(\w+)", conn)
            if cm:
                default, where = cm.group(1), ("rustls/src/conn.rs", line_of(conn, cm.start()))
        corrupt = texts["InvalidMessage"].split("*")[0]
        for v in variants:
            t.found[version] += 1
            alert = mapping.get(v, default)
            if alert in alerts and t.add(corrupt + v, "sent", alerts[alert], version, *where):
                t.resolved[version] += 1
                t.add(f"InvalidMessage({v}", "sent", alerts[alert], version, *where)
        # Inappropriate messages: the alert common_state.rs sends for them.
        cs_rel = "rustls/src/common_state.rs"
        cs = files[cs_rel]
        im = re.search(r"Error::InappropriateHandshakeMessage\s*\{\s*\.\.\s*\}\)\s*=>\s*\{?\s*"
                       r"Err\(self\.send_fatal_alert\(\s*AlertDescription::(\w+)", cs)
        for v in ("InappropriateMessage", "InappropriateHandshakeMessage"):
            t.found[version] += 1
            if im and im.group(1) in alerts and t.add(texts[v], "sent", alerts[im.group(1)], version, cs_rel,
                                                      line_of(cs, im.start())):
                t.resolved[version] += 1
    n = t.write(os.path.join(out, "rustls.tsv"), "rustls/rustls", [
        "rustls error texts (rustls::Error's Display), derived from the sources by tools/derive-texts/rustls.py."
        " Data version 1.",
        "Read: " + ", ".join(f"rustls {v}" for v, r in versions) + ". 'received': Error::AlertReceived ('received"
        " fatal alert: <AlertDescription Debug name>'); 'sent': send_fatal_alert(AlertDescription::X, <error>) sites,"
        " From<CertificateError> (send_cert_verify_error_alert) and From<InvalidMessage> for AlertDescription."
        " hyper/reqwest print it after 'error trying to connect: '; Debug forms ('PeerMisbehaved(X)') where {:?} prints it."]
        + COMMON_HEADER, [v for v, _ in versions])
    return t, n
