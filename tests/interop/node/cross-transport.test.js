// Cross-transport routing: a WebSocket JSON caller (autobahn-js) calls a RawSocket CBOR callee (Debian's
// python3-autobahn), which calls back into a procedure the WebSocket client registered, and returns both.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startRouter } = require('./router');
const { openAutobahn, closeAutobahn } = require('./clients');
const { startPeer } = require('./peer');

let router;
before(async () => { router = await startRouter(); });
after(async () => { assert.equal(await router.stop(), 0, router.output()); });

test('a WebSocket JSON caller reaches a RawSocket CBOR callee, which calls back over WebSocket', async () => {
  const ws = await openAutobahn(router.url, 'json');
  const peer = startPeer(router.port, ['callee'], 'READY');
  try {
    await ws.session.register('com.example.ws.shout', (args) => args[0].toUpperCase() + '!');
    await peer.ready;

    const result = await ws.session.call('com.example.rs.describe', ['édge']);

    assert.deepEqual(result, { shouted: 'ÉDGE!', serializer: 'cbor', transport: 'rawsocket' });
  } finally {
    peer.child.stdin.end();
    assert.equal(await peer.exited, 0, peer.output());
    await closeAutobahn(ws);
  }
});
