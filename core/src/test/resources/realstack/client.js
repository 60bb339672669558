// Real Node tls client for the tlsalert real-stack corpus.
// Usage: node client.js '{"port":N,"ca":"ca.pem","cert":..,"key":..,"sni":"localhost","alpn":["http/1.1"],
//                         "max":"1.2","min":"1.3","ciphers":"..."}'
// No 'error' listener on purpose: Node prints the unhandled error exactly as users see it.
const tls = require('tls');
const fs = require('fs');
const o = JSON.parse(process.argv[2]);
const V = { '1.2': 'TLSv1.2', '1.3': 'TLSv1.3' };
const opts = { host: '127.0.0.1', port: o.port, servername: o.sni || 'localhost', ca: fs.readFileSync(o.ca) };
if (o.cert) { opts.cert = fs.readFileSync(o.cert); opts.key = fs.readFileSync(o.key); }
if (o.max) opts.maxVersion = V[o.max];
if (o.min) opts.minVersion = V[o.min];
if (o.ciphers) opts.ciphers = o.ciphers;
if (o.alpn) opts.ALPNProtocols = o.alpn;
const timer = setTimeout(() => { console.error('TIMEOUT'); process.exit(3); }, 10000);
const s = tls.connect(opts, () => {
  console.log('HANDSHAKE-OK ' + s.getProtocol() + ' ' + s.alpnProtocol);
  s.write('hello\n');
});
s.on('data', (d) => { console.log('READ ' + JSON.stringify(d.toString())); });
s.on('close', () => { clearTimeout(timer); console.log('CLOSED'); });
