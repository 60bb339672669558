"""A TLS server of Python's ssl module for tlsalert's tests (io.tlsalert.testkit.PythonTlsServer).

Binds 127.0.0.1:0, prints "LISTENING <port>", then serves each connection on a thread: the handshake, one HTTP
request read, "200 hello" answered, close. Handshake errors are printed (the test shows them when it fails).
Standard library only.
"""
import argparse
import socket
import ssl
import sys
import threading

VERSIONS = {
    "1.0": ssl.TLSVersion.TLSv1,
    "1.1": ssl.TLSVersion.TLSv1_1,
    "1.2": ssl.TLSVersion.TLSv1_2,
    "1.3": ssl.TLSVersion.TLSv1_3,
}

args = argparse.ArgumentParser()
args.add_argument("--cert", required=True)
args.add_argument("--key", required=True)
args.add_argument("--min", default="1.2", choices=VERSIONS)
args.add_argument("--max", default="1.3", choices=VERSIONS)
args.add_argument("--ciphers")
args.add_argument("--client-ca")
args.add_argument("--only-name")
args.add_argument("--client-cert-at-http", action="store_true")
a = args.parse_args()

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
# OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; the cipher list (@SECLEVEL=0) says otherwise.
ctx.minimum_version = VERSIONS[a.min]
ctx.maximum_version = VERSIONS[a.max]
if a.ciphers:
    ctx.set_ciphers(a.ciphers)
ctx.load_cert_chain(a.cert, a.key)
if a.client_ca:
    ctx.load_verify_locations(a.client_ca)
    # At the HTTP level: requested, not required in the handshake; a request without one gets 403.
    ctx.verify_mode = ssl.CERT_OPTIONAL if a.client_cert_at_http else ssl.CERT_REQUIRED
if a.only_name:
    def check_name(sock, name, context):
        # Called with None when the ClientHello has no SNI; a returned alert ends the handshake with it.
        if name != a.only_name:
            print("refused SNI", repr(name), flush=True)
            return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
        return None

    ctx.sni_callback = check_name


FORBIDDEN = b"HTTP/1.0 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 28\r\n\r\nclient certificate required\n"


def serve(conn):
    conn.settimeout(10)
    try:
        with ctx.wrap_socket(conn, server_side=True) as tls:
            request = b""
            while b"\r\n\r\n" not in request and len(request) < 16384:
                chunk = tls.recv(4096)
                if not chunk:
                    break
                request += chunk
            if a.client_cert_at_http and not tls.getpeercert():
                tls.sendall(FORBIDDEN)
            else:
                tls.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n")
    except (OSError, ssl.SSLError) as e:
        print("connection:", repr(e), flush=True)
    finally:
        conn.close()


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(32)
print("LISTENING", listener.getsockname()[1], flush=True)
while True:
    c, _ = listener.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
