# Real Python ssl client for the tlsalert real-stack corpus.
# Usage: python3 client.py '{"port":N, "ca":"ca.pem", "cert":..., "key":..., "sni":"localhost",
#                            "alpn":["http/1.1"], "max":"1.2", "min":"1.3", "ciphers":"..."}'
# Any failure propagates as an uncaught exception, so stderr holds exactly what Python prints.
import json, socket, ssl, sys

o = json.loads(sys.argv[1])
V = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(o["ca"])
if o.get("cert"):
    ctx.load_cert_chain(o["cert"], o["key"])
if o.get("max"):
    ctx.maximum_version = V[o["max"]]
if o.get("min"):
    ctx.minimum_version = V[o["min"]]
if o.get("ciphers"):
    ctx.set_ciphers(o["ciphers"])
if o.get("alpn"):
    ctx.set_alpn_protocols(o["alpn"])
sock = socket.create_connection(("127.0.0.1", o["port"]), timeout=10)
ss = ctx.wrap_socket(sock, server_hostname=o.get("sni", "localhost"))
print("HANDSHAKE-OK", ss.version(), ss.selected_alpn_protocol(), flush=True)
ss.sendall(b"hello\n")
data = ss.recv(100)  # TLS 1.3 post-handshake alerts (certificate_required) surface here
print("READ", data, flush=True)
