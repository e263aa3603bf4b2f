// The HTTP bridge with curl: POST /publish and POST /call on the WebSocket port, each a WAMP session of its own,
// against autobahn-js subscribers and callees.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const { startRouter } = require('./router');
const { autobahn, openAutobahn, closeAutobahn } = require('./clients');

let router;
let peer;
before(async () => {
  router = await startRouter();
  peer = await openAutobahn(router.url, 'json');
});
after(async () => {
  await closeAutobahn(peer);
  assert.equal(await router.stop(), 0, router.output());
});

/** Runs curl; resolves with the HTTP status and the parsed JSON body (or the raw text). */
function curl(path, args) {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-o', '-', '-w', '\n%{http_code}', ...args, router.http + path], { timeout: 20000 }, (error, stdout) => {
      if (error) {
        reject(error);
        return;
      }
      const split = stdout.lastIndexOf('\n');
      const text = stdout.slice(0, split).trim();
      let body = text;
      try { body = JSON.parse(text); } catch { /* not JSON */ }
      resolve({ status: Number(stdout.slice(split + 1)), body });
    });
  });
}

const json = (value) => ['-H', 'Content-Type: application/json', '--data-binary', JSON.stringify(value)];

test('POST /publish reaches a WebSocket subscriber', async () => {
  let deliver;
  const event = new Promise((resolve) => { deliver = resolve; });
  const subscription = await peer.session.subscribe('com.example.http.alarm', (args, kwargs) => deliver({ args, kwargs }));

  const response = await curl('/publish', json({ topic: 'com.example.http.alarm', args: ['door open'], kwargs: { floor: 2 } }));

  assert.equal(response.status, 200);
  assert.ok(response.body.publication > 0);
  assert.deepEqual(await event, { args: ['door open'], kwargs: { floor: 2 } });
  await peer.session.unsubscribe(subscription);
});

test('POST /call returns the result as JSON', async () => {
  const registration = await peer.session.register('com.example.http.add', (args, kwargs) => new autobahn.Result([args[0] + args[1]], { unit: kwargs.unit }));

  const response = await curl('/call', json({ procedure: 'com.example.http.add', args: [2, 3], kwargs: { unit: 'V' } }));

  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { args: [5], kwargs: { unit: 'V' } });
  await peer.session.unregister(registration);
});

test('POST /call: an application error comes back as 500 with its URI and payload', async () => {
  const registration = await peer.session.register('com.example.http.fail', () => {
    throw new autobahn.Error('com.example.error.overheated', ['too hot'], { celsius: 95 });
  });

  const response = await curl('/call', json({ procedure: 'com.example.http.fail' }));

  assert.equal(response.status, 500);
  assert.deepEqual(response.body, { error: 'com.example.error.overheated', args: ['too hot'], kwargs: { celsius: 95 } });
  await peer.session.unregister(registration);
});

test('POST /call to a procedure nobody registered is 404 with wamp.error.no_such_procedure', async () => {
  const response = await curl('/call', json({ procedure: 'com.example.http.nobody' }));

  assert.equal(response.status, 404);
  assert.equal(response.body.error, 'wamp.error.no_such_procedure');
});

test('a ticket the router does not accept is refused with 401 and the WAMP reason', async () => {
  const response = await curl('/publish', [...json({ topic: 'com.example.http.alarm' }), '-H', 'Authorization: Bearer not-a-known-ticket']);

  assert.equal(response.status, 401);
  assert.match(response.body.error, /^wamp\.error\./);
});

test('bad requests: wrong method, no JSON, no topic', async () => {
  assert.equal((await curl('/publish', [])).status, 405);
  assert.equal((await curl('/publish', ['-H', 'Content-Type: application/json', '--data-binary', '{nope'])).status, 400);
  const noTopic = await curl('/publish', json({ args: [1] }));
  assert.equal(noTopic.status, 400);
  assert.equal(noTopic.body.error, 'wamp.error.invalid_argument');
});
