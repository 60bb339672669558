""".NET System.Net.Security (SslStream): certificate validation failures -> the alert .NET sends, and the
resource texts of failed handshakes.

* SslStream.Protocol.cs CreateFatalHandshakeAlertToken: "case SslPolicyErrors.<X>: alertMessage =
  TlsAlertMessage.<Y>;" -- when the remote certificate fails validation (or the RemoteCertificateValidationCallback
  returns false), SslStream sends this alert (SslStreamPal.ApplyAlertToken). RemoteCertificateChainErrors takes
  GetAlertMessageFromChain's alert: one site per "return TlsAlertMessage.<Z>;" (UntrustedRoot/PartialChain first:
  unknown_ca; the others go to 'also'). TlsAlertMessage.cs gives the codes.
* Resources/Strings.resx: the texts printed with them. Reviewed by hand (DOTNET_TEXTS): net_io_eof and
  net_auth_eof are the transport closing (no alert), net_ssl_io_frame is a peer that does not speak TLS (no alert),
  net_ssl_io_cert_custom_validation is the callback's refusal (the default branch: certificate_unknown).

Versions: --dotnet <commit>=<dotnet/runtime src/libraries/System.Net.Security/src directory>.
"""
import os
import re

from derive import COMMON_HEADER, Table, line_of

DOTNET_TEXTS = {
    "net_io_eof": ("none", None),
    "net_auth_eof": ("none", None),
    "net_ssl_io_frame": ("none", None),
    "net_ssl_io_cert_custom_validation": ("sent", "CertificateUnknown"),
}


def derive(versions, out):
    t = Table()
    for version, root in versions:
        sec = os.path.join(root, "System/Net/Security")
        enum = open(os.path.join(sec, "TlsAlertMessage.cs"), encoding="utf-8").read()
        codes = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\s*(\w+) = (\d+),", enum, re.M)}
        path = "System/Net/Security/SslStream.Protocol.cs"
        src = open(os.path.join(root, path), encoding="utf-8").read()
        chain_fn = src[src.index("GetAlertMessageFromChain(X509ChainStatus"):]
        chain_off = src.index("GetAlertMessageFromChain(X509ChainStatus")
        # The returns inside the loop: RemoteCertificateChainErrors means a status with an error, so the loop
        # returns before the trailing "return TlsAlertMessage.BadCertificate;" (no status had an error).
        loop = chain_fn[:chain_fn.index("// All other errors:")]
        loop = loop + chain_fn[len(loop):].split(";", 1)[0] + ";"
        chain = [(m.group(1), line_of(src, chain_off + m.start()))
                 for m in re.finditer(r"return TlsAlertMessage\.(\w+);", loop)]
        sw = src[src.index("switch (sslPolicyErrors)"):]
        sw_off = src.index("switch (sslPolicyErrors)")
        sw = sw[:sw.index("\n            }\n")]
        pending = []
        for m in re.finditer(r"case SslPolicyErrors\.(\w+):|default:|alertMessage = (?:TlsAlertMessage\.(\w+)|"
                             r"(GetAlertMessageFromChain))", sw):
            if m.group(1):
                pending.append((m.group(1), line_of(src, sw_off + m.start())))
            elif m.group(0) == "default:":
                continue
            else:
                for name, line in pending:
                    targets = [(m.group(2), line)] if m.group(2) else chain
                    for alert, aline in targets:
                        t.found[version] += 1
                        if alert in codes and t.add(name, "sent", codes[alert], version, path, aline):
                            t.resolved[version] += 1
                pending = []
        rpath = "Resources/Strings.resx"
        resx = open(os.path.join(root, rpath), encoding="utf-8").read()
        for m in re.finditer(r'<data name="(\w+)"[^>]*>\s*<value>([^<]*)</value>', resx):
            if m.group(1) not in DOTNET_TEXTS:
                continue
            t.found[version] += 1
            kind, alert = DOTNET_TEXTS[m.group(1)]
            text = re.sub(r"\{\d+\}", "*", m.group(2)).strip().rstrip(".")
            if t.add(text, kind, codes.get(alert), version, rpath, line_of(resx, m.start())):
                t.resolved[version] += 1
    n = t.write(os.path.join(out, "dotnet.tsv"), "dotnet/runtime", [
        ".NET SslStream texts, derived from the sources by tools/derive-texts/dotnet.py. Data version 1.",
        "Read: dotnet/runtime src/libraries/System.Net.Security/src at "
        + ", ".join(v for v, _ in versions) + ": System/Net/Security/SslStream.Protocol.cs (CreateFatalHandshakeAlertToken,"
        " GetAlertMessageFromChain; excerpt, its line numbers), TlsAlertMessage.cs, Resources/Strings.resx (excerpt,"
        " its line numbers; @015510ca). An SslPolicyErrors name is printed in 'The remote certificate is invalid"
        " according to the validation procedure: <errors>' and in callbacks' logs."]
        + COMMON_HEADER, [v for v, _ in versions])
    return t, n
