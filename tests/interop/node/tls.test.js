// TLS with real third-party clients: autobahn-js over wss:// presenting a client certificate (the router requires
// one, signed by the test CA), and Node's own TLS stack refused without one. The CA, server and client
// certificates are made at test time with the openssl command line; no key is committed.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');
const { execFileSync } = require('node:child_process');
const autobahn = require('autobahn');
const { startRouter } = require('./router');

let dir;
let router;
const file = (name) => path.join(dir, name);

function openssl(...args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A key and a certificate signed by the test CA, with the given extensions. */
function issue(name, subject, extensions) {
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', subject,
    '-keyout', file(`${name}.key`), '-out', file(`${name}.csr`));
  fs.writeFileSync(file(`${name}.ext`), extensions);
  openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-days', '1', '-extfile', file(`${name}.ext`), '-out', file(`${name}.pem`));
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgewamp-tls-'));
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=EdgeWamp Test CA', '-keyout', file('ca.key'), '-out', file('ca.pem'));
  issue('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', '/CN=dashboard-7', 'extendedKeyUsage=clientAuth\n');
  router = await startRouter({
    tls: { certificate: file('server.pem'), key: file('server.key'), clientCertificates: 'required', clientCa: file('ca.pem') },
  });
});

after(async () => {
  if (router) {
    assert.equal(await router.stop(), 0, router.output());
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('autobahn-js over wss:// with a client certificate: register and call', async () => {
  const connection = new autobahn.Connection({
    url: router.url,
    realm: 'realm1',
    max_retries: 0,
    tlsConfiguration: { ca: fs.readFileSync(file('ca.pem')), cert: fs.readFileSync(file('client.pem')), key: fs.readFileSync(file('client.key')) },
  });
  const session = await new Promise((resolve, reject) => {
    connection.onopen = resolve;
    connection.onclose = (reason, details) => { reject(new Error(`closed: ${reason} ${JSON.stringify(details)}`)); return true; };
    connection.open();
  });
  try {
    await session.register('com.example.tls.hello', (args) => `hello ${args[0]}`);
    assert.equal(await session.call('com.example.tls.hello', ['over TLS']), 'hello over TLS');
  } finally {
    await new Promise((resolve) => { connection.onclose = () => { resolve(); return true; }; connection.close(); });
  }
});

test('the server certificate verifies against the test CA, TLS 1.3, and no client certificate is refused', async () => {
  const outcome = await new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: router.port, ca: fs.readFileSync(file('ca.pem')), minVersion: 'TLSv1.3' }, () => {
      // TLS 1.3 finishes the client's side of the handshake before the server has checked the (missing)
      // certificate; the server's refusal arrives as an alert on the first read.
      socket.write(Buffer.from([0x7f, 0xf2, 0, 0]));
    });
    let verified = null;
    socket.once('secureConnect', () => { verified = { authorized: socket.authorized, protocol: socket.getProtocol() }; });
    socket.once('data', () => resolve({ verified, result: 'data' }));
    socket.once('error', (error) => resolve({ verified, result: error.code || error.message }));
    socket.once('close', () => resolve({ verified, result: 'closed' }));
  });

  assert.deepEqual(outcome.verified, { authorized: true, protocol: 'TLSv1.3' });
  assert.notEqual(outcome.result, 'data');
});

test('TLS 1.1 is refused by the router with a protocol_version alert', async () => {
  const result = await new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: router.port, ca: fs.readFileSync(file('ca.pem')), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' },
      () => resolve('connected'));
    socket.once('error', (error) => resolve(error.code || error.message));
  });

  // The client offers TLS 1.1 (security level 0 allows it); the router answers with a protocol_version alert.
  assert.equal(result, 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
});
