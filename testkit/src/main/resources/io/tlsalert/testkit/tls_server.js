// A TLS server of Node's tls module for tlsalert's tests (io.tlsalert.testkit.NodeTlsServer).
// Binds 127.0.0.1:0, prints "LISTENING <port>", answers each connection's HTTP request with 200 and closes.
// Options: --cert --key --min --max (1.0..1.3) --ciphers --client-ca --only-name --client-cert-at-http yes.
// Node's own modules only.
'use strict';
const fs = require('fs');
const tls = require('tls');

const VERSIONS = {'1.0': 'TLSv1', '1.1': 'TLSv1.1', '1.2': 'TLSv1.2', '1.3': 'TLSv1.3'};
const opt = {min: '1.2', max: '1.3'};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
    console.error('usage: tls_server.js --cert F --key F [--min V --max V --ciphers S --client-ca F --only-name N]');
    process.exit(2);
  }
  opt[argv[i].slice(2)] = argv[i + 1];
}
if (!VERSIONS[opt.min] || !VERSIONS[opt.max]) {
  console.error('versions are 1.0..1.3');
  process.exit(2);
}

const secure = {
  key: fs.readFileSync(opt.key),
  cert: fs.readFileSync(opt.cert),
  minVersion: VERSIONS[opt.min],
  maxVersion: VERSIONS[opt.max],
};
if (opt.ciphers) secure.ciphers = opt.ciphers;
if (opt['client-ca']) {
  secure.ca = fs.readFileSync(opt['client-ca']);
  secure.requestCert = true;
  // At the HTTP level (--client-cert-at-http yes): the handshake goes on without one, the request gets 403.
  secure.rejectUnauthorized = opt['client-cert-at-http'] !== 'yes';
}

let options = secure;
if (opt['only-name']) {
  // The certificate lives only in the context for the one name: a ClientHello without SNI meets a default context
  // with no certificate, one with another name an SNICallback error.
  const named = tls.createSecureContext(secure);
  options = Object.assign({}, secure);
  delete options.key;
  delete options.cert;
  options.SNICallback = (name, cb) => {
    if (name === opt['only-name']) {
      cb(null, named);
    } else {
      console.log('refused SNI ' + JSON.stringify(name));
      cb(new Error('unknown server name ' + name));
    }
  };
}

const server = tls.createServer(options, (socket) => {
  socket.setTimeout(10000, () => socket.destroy());
  let request = '';
  socket.on('data', (d) => {
    request += d.toString('latin1');
    if (request.includes('\r\n\r\n')) {
      if (opt['client-cert-at-http'] === 'yes' && !socket.authorized) {
        socket.end('HTTP/1.0 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 28\r\n\r\n' +
                   'client certificate required\n');
      } else {
        socket.end('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n');
      }
    }
  });
  socket.on('error', (e) => console.log('connection: ' + e.message));
});
server.on('tlsClientError', (e) => console.log('tlsClientError: ' + e.message));
server.listen(0, '127.0.0.1', () => console.log('LISTENING ' + server.address().port));
