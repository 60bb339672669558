# Real Python ssl server (one connection) for the tlsalert real-stack corpus.
# Usage: python3 server.py '{"cert":..., "key":..., "ca":..., "require_cert":true, "max":"1.2", "min":"1.3",
#                            "ciphers":"...", "alpn":["h2"], "sni":"good.test"}'
# Prints "ACCEPT <port>" once listening; failures propagate uncaught (stderr = what Python prints).
import json, socket, ssl, sys

o = json.loads(sys.argv[1])
V = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(o["cert"], o["key"])
if o.get("ca"):
    ctx.load_verify_locations(o["ca"])
if o.get("require_cert"):
    ctx.verify_mode = ssl.CERT_REQUIRED
if o.get("max"):
    ctx.maximum_version = V[o["max"]]
if o.get("min"):
    ctx.minimum_version = V[o["min"]]
if o.get("ciphers"):
    ctx.set_ciphers(o["ciphers"])
if o.get("alpn"):
    ctx.set_alpn_protocols(o["alpn"])
if o.get("sni"):
    def on_sni(sslobj, name, c):
        if name != o["sni"]:
            return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
        return None
    ctx.sni_callback = on_sni
ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.bind(("127.0.0.1", 0))
ls.listen(1)
ls.settimeout(15)
print("ACCEPT", ls.getsockname()[1], flush=True)
conn, _ = ls.accept()
conn.settimeout(10)
ss = ctx.wrap_socket(conn, server_side=True)
print("HANDSHAKE-OK", ss.version(), ss.selected_alpn_protocol(), flush=True)
ss.sendall(b"hi\n")
print("READ", ss.recv(100), flush=True)
