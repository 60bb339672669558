"""Android: Conscrypt (BoringSSL underneath) and, on Android 4.x and older, Apache Harmony's JSSE.

* Conscrypt common/src/jni/main/cpp/conscrypt: "SSL handshake aborted: ssl=0x...: Failure in SSL library, usually
  a protocol error" is followed by BoringSSL's error queue ("error:10000410:SSL routines:OPENSSL_internal:
  SSLV3_ALERT_HANDSHAKE_FAILURE (external/boringssl/src/ssl/tls_record.cc:592 ...)"), which boringssl.tsv answers.
  The texts Conscrypt words itself for a handshake that ends with no alert are rows 'none', read where they are
  thrown: throwSSLHandshakeExceptionStr(env, "Connection closed by peer") (SSL_ERROR_ZERO_RETURN or a clean EOF:
  the peer closed) and jniutil.cc's SSL_ERROR_SYSCALL text "I/O error during system call" (the transport failed).
* Apache Harmony org/apache/harmony/xnet/provider/jsse: SSLSocketImpl.processAlert throws "Fatal alert received "
  + AlertProtocol.getAlertDescription(): one row per case of that switch (the peer's alert).

Versions: --android conscrypt-<tag>=<conscrypt checkout> --android harmony=<dir with AlertProtocol.java and
SSLSocketImpl.java>.
"""
import os
import re

from derive import COMMON_HEADER, Table, line_of

CONSCRYPT_NONE = [("common/src/jni/main/cpp/conscrypt/native_crypto.cc",
                   r'throwSSLHandshakeExceptionStr\(env, "(Connection closed by peer)"\)'),
                  ("common/src/jni/main/cpp/conscrypt/jniutil.cc",
                   r'case SSL_ERROR_SYSCALL:\s*sslErrorStr = "(I/O error during system call)"')]


def derive(versions, out):
    t = Table()
    for version, root in versions:
        if version.startswith("conscrypt-"):
            for path, rx in CONSCRYPT_NONE:
                src = open(os.path.join(root, path), encoding="utf-8").read()
                for m in re.finditer(rx, src):
                    t.found[version] += 1
                    if t.add(m.group(1), "none", None, version, path, line_of(src, m.start())):
                        t.resolved[version] += 1
        elif version == "harmony":
            sock = open(os.path.join(root, "SSLSocketImpl.java"), encoding="utf-8").read()
            prefix = re.search(r'"(Fatal alert received )"\s*\+\s*\S*getAlertDescription\(\)', sock).group(1)
            ap = open(os.path.join(root, "AlertProtocol.java"), encoding="utf-8").read()
            codes = {m.group(1): int(m.group(2))
                     for m in re.finditer(r"static final byte (\w+) = (\d+);", ap)}
            for m in re.finditer(r"case (\w+):\s*return \"(\w+)\";", ap):
                t.found[version] += 1
                if m.group(1) in codes and t.add(prefix + m.group(2), "received", codes[m.group(1)], version,
                                                 "org/apache/harmony/xnet/provider/jsse/AlertProtocol.java",
                                                 line_of(ap, m.start())):
                    t.resolved[version] += 1
    n = t.write(os.path.join(out, "android.tsv"), "google/conscrypt", [
        "Android TLS texts, derived from the sources by tools/derive-texts/android.py. Data version 1.",
        "Read: " + ", ".join(v for v, _ in versions) + ". Conscrypt (common/src/jni/main/cpp/conscrypt) words these"
        " itself; BoringSSL's reasons after 'OPENSSL_internal:' are boringssl.tsv's. The 'harmony' rows are Apache"
        " Harmony's JSSE of Android 4.x and older (org/apache/harmony/xnet/provider/jsse, excerpts of the stored"
        " files 449336685 and 16422937829, their line numbers): 'javax.net.ssl.SSLException: Fatal alert received"
        " <name>'."] + COMMON_HEADER, [v for v, _ in versions])
    # One table, two projects: the Harmony rows name theirs.
    path = os.path.join(out, "android.tsv")
    text = open(path, encoding="utf-8").read().replace(
        "google/conscrypt org/apache/harmony/", "apache/harmony org/apache/harmony/")
    open(path, "w", encoding="utf-8").write(text)
    return t, n
