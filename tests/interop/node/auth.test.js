// autobahn-js over WebSocket authenticating against the router's principals: ticket (the stored secret made by
// `edgewamp hash-secret`) and WAMP-CRA, right and wrong, over ws:// and over wss:// (TLS, server certificate
// made with the openssl command line at test time). The listeners do not admit anonymous clients.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const autobahn = require('autobahn');
const { startRouter } = require('./router');

const BINARY = process.env.EDGEWAMP_BIN || path.join(__dirname, '..', '..', '..', 'src', 'EdgeWamp.Host', 'bin', 'Release', 'net10.0', 'edgewamp');
const TICKET = 'alice-ticket';
const CRA_SECRET = 'bob-secret';

let dir;
const routers = {};
const file = (name) => path.join(dir, name);

function openssl(...args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Principals alice (ticket) and bob (wampcra), role `user`; anonymous refused. */
function withPrincipals(secretHash) {
  return (config) => {
    config.realms[0].roles.push({ name: 'user', permissions: [{ uri: 'com.example.', match: 'prefix', allow: ['call', 'register'] }] });
    config.authentication = {
      ticket: [{ authid: 'alice', secretHash, realm: 'realm1', role: 'user' }],
      wampcra: [{ authid: 'bob', secret: CRA_SECRET, realm: 'realm1', role: 'user' }],
    };
    config.listeners[0].authMethods = ['ticket', 'wampcra'];
    config.limits = { authFailureLimit: 1000 };
  };
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edgewamp-auth-'));
  const secretHash = execFileSync(BINARY, ['hash-secret', '--iterations', '1000'], { input: `${TICKET}\n` }).toString().trim();
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', file('server.key'), '-out', file('server.pem'));
  routers.ws = await startRouter({ configure: withPrincipals(secretHash) });
  routers.wss = await startRouter({ configure: withPrincipals(secretHash), tls: { certificate: file('server.pem'), key: file('server.key') } });
});

after(async () => {
  for (const router of Object.values(routers)) {
    assert.equal(await router.stop(), 0, router.output());
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens a connection; resolves { session } on WELCOME or { closed: details } when the router refuses. */
function join(router, options) {
  const connection = new autobahn.Connection({
    url: router.url, realm: 'realm1', max_retries: 0,
    // autobahn-js hands TLS options to ws only when ca, cert and key are all given (and then skips verifying the
    // server, which tls.test.js covers). The listener asks for no client certificate, so cert and key stay unsent.
    ...(router.url.startsWith('wss')
      ? { tlsConfiguration: { ca: fs.readFileSync(file('server.pem')), cert: fs.readFileSync(file('server.pem')), key: fs.readFileSync(file('server.key')) } }
      : {}),
    ...options,
  });
  return new Promise((resolve) => {
    connection.onopen = (session, details) => resolve({ connection, session, details });
    connection.onclose = (reason, details) => { resolve({ closed: { reason, ...details } }); return true; };
    connection.open();
  });
}

function close(connection) {
  return new Promise((resolve) => { connection.onclose = () => { resolve(); return true; }; connection.close(); });
}

async function expectJoinsAndCalls(router, options, authid, authmethod) {
  const joined = await join(router, options);
  assert.ok(joined.session, `refused: ${JSON.stringify(joined.closed)}`);
  try {
    assert.equal(joined.details.authid, authid);
    assert.equal(joined.details.authrole, 'user');
    assert.equal(joined.details.authmethod, authmethod);
    const procedure = `com.example.auth.${authmethod}.${router.url.split(':')[0]}`;
    await joined.session.register(procedure, (args) => args[0] * 2);
    assert.equal(await joined.session.call(procedure, [21]), 42);
  } finally {
    await close(joined.connection);
  }
}

const ticket = (secret) => ({ authmethods: ['ticket'], authid: 'alice', onchallenge: (session, method) => { assert.equal(method, 'ticket'); return secret; } });
const wampcra = (secret) => ({
  authmethods: ['wampcra'], authid: 'bob',
  onchallenge: (session, method, extra) => { assert.equal(method, 'wampcra'); return autobahn.auth_cra.sign(secret, extra.challenge); },
});

for (const scheme of ['ws', 'wss']) {
  test(`${scheme}: ticket joins as alice and calls`, async () => {
    await expectJoinsAndCalls(routers[scheme], ticket(TICKET), 'alice', 'ticket');
  });

  test(`${scheme}: wampcra joins as bob and calls`, async () => {
    await expectJoinsAndCalls(routers[scheme], wampcra(CRA_SECRET), 'bob', 'wampcra');
  });

  test(`${scheme}: a wrong ticket, a wrong WAMP-CRA secret and anonymous are refused`, async () => {
    for (const options of [ticket('not-the-ticket'), wampcra('not-the-secret'), {}]) {
      const joined = await join(routers[scheme], options);
      assert.ok(joined.closed, 'joined with wrong credentials');
      assert.match(joined.closed.reason, /^wamp\.error\.(authentication_denied|no_auth_method)$/, JSON.stringify(joined.closed));
    }
  });
}
