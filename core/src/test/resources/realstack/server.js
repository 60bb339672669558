// Real Node tls server (one connection) for the tlsalert real-stack corpus.
// Usage: node server.js '{"cert":..,"key":..,"ca":..,"require_cert":true,"max":"1.2","min":"1.3",
//                         "ciphers":"..","alpn":["h2"],"sni":"good.test"}'
// Prints "ACCEPT <port>" once listening; logs errors with console.error(err), as a typical server does.
const tls = require('tls');
const fs = require('fs');
const o = JSON.parse(process.argv[2]);
const V = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };
const opts = { cert: fs.readFileSync(o.cert), key: fs.readFileSync(o.key) };
if (o.ca) opts.ca = fs.readFileSync(o.ca);
if (o.require_cert) { opts.requestCert = true; opts.rejectUnauthorized = true; }
if (o.max) opts.maxVersion = V[o.max];
if (o.min) opts.minVersion = V[o.min];
if (o.ciphers) opts.ciphers = o.ciphers;
if (o.alpn) opts.ALPNProtocols = o.alpn;
if (o.sni) {
  opts.SNICallback = (name, cb) => {
    if (name === o.sni) cb(null, tls.createSecureContext({ cert: opts.cert, key: opts.key }));
    else cb(new Error('unknown server name ' + name));
  };
}
const timer = setTimeout(() => { console.error('TIMEOUT'); process.exit(3); }, 15000);
const done = () => { clearTimeout(timer); srv.close(); };
const srv = tls.createServer(opts, (sock) => {
  console.log('HANDSHAKE-OK ' + sock.getProtocol() + ' ' + sock.alpnProtocol);
  sock.on('error', (e) => { console.error(e); process.exitCode = 1; done(); });
  sock.on('data', (d) => console.log('READ ' + JSON.stringify(d.toString())));
  sock.on('close', done);
  sock.write('hi\n');
});
srv.on('tlsClientError', (e) => { console.error(e); process.exitCode = 1; done(); });
srv.listen(0, '127.0.0.1', () => console.log('ACCEPT ' + srv.address().port));
