// The HTTP long-poll transport, with a client written here from the WAMP spec ("HTTP Longpoll Transport"):
// POST {base}/open {"protocols": [...]} -> {"protocol", "transport"}; then {base}/{transport}/receive (waits for
// messages), /send (202), /close (202). Its peer is an autobahn-js session over WebSocket.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startRouter } = require('./router');
const { autobahn, openAutobahn, closeAutobahn } = require('./clients');

const BASE = '/longpoll';
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

/** A long-poll client for one transport: JSON, unbatched or batched (messages end with 0x1E). */
class LongPollClient {
  static async open(protocols) {
    const response = await fetch(router.http + BASE + '/open', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ protocols }),
    });
    assert.equal(response.status, 200);
    const opened = await response.json();
    return new LongPollClient(opened.transport, opened.protocol);
  }

  constructor(transport, protocol) {
    this.transport = transport;
    this.protocol = protocol;
    this.batched = protocol.endsWith('.batched');
    this.pending = [];
  }

  async send(...messages) {
    const body = this.batched ? messages.map((m) => JSON.stringify(m) + '\u001e').join('') : JSON.stringify(messages[0]);
    const response = await fetch(`${router.http}${BASE}/${this.transport}/send`, { method: 'POST', body });
    assert.equal(response.status, 202, await response.text());
  }

  /** The next message from the router, polling until one arrives. */
  async receive() {
    while (this.pending.length === 0) {
      const response = await fetch(`${router.http}${BASE}/${this.transport}/receive`, { method: 'POST' });
      if (response.status === 204) {
        continue; // nothing arrived within the router's wait: poll again
      }
      assert.equal(response.status, 200);
      const text = await response.text();
      const parts = this.batched ? text.split('\u001e').filter((part) => part.length > 0) : [text];
      this.pending.push(...parts.map((part) => JSON.parse(part)));
    }
    return this.pending.shift();
  }

  async close() {
    const response = await fetch(`${router.http}${BASE}/${this.transport}/close`, { method: 'POST' });
    return response.status;
  }
}

for (const protocol of ['wamp.2.json', 'wamp.2.json.batched']) {
  test(`long-poll ${protocol}: join, call a WebSocket callee, receive an event, leave`, async () => {
    const registration = await peer.session.register('com.example.lp.double', (args) => args[0] * 2);
    const client = await LongPollClient.open([protocol]);
    try {
      assert.equal(client.protocol, protocol);
      assert.match(client.transport, /^[0-9a-f]{32}$/);

      await client.send([1, 'realm1', { roles: { caller: {}, subscriber: {} } }]);
      const welcome = await client.receive();
      assert.equal(welcome[0], 2);

      await client.send([48, 1, {}, 'com.example.lp.double', [21]]);
      assert.deepEqual(await client.receive(), [50, 1, {}, [42]]);

      await client.send([32, 2, {}, 'com.example.lp.news']);
      const subscribed = await client.receive();
      assert.equal(subscribed[0], 33);
      await peer.session.publish('com.example.lp.news', ['fresh'], {}, { acknowledge: true });
      const event = await client.receive();
      assert.equal(event[0], 36);
      assert.deepEqual(event[4], ['fresh']);

      await client.send([6, {}, 'wamp.close.close_realm']);
      const goodbye = await client.receive();
      assert.deepEqual(goodbye.slice(0, 1), [6]);
      assert.equal(await client.close(), 202);
      // The transport is gone: further requests find nothing.
      const after = await fetch(`${router.http}${BASE}/${client.transport}/receive`, { method: 'POST' });
      assert.equal(after.status, 404);
    } finally {
      await peer.session.unregister(registration);
    }
  });
}

test('long-poll: open without a protocol the router speaks is 400, an unknown transport 404', async () => {
  const refused = await fetch(router.http + BASE + '/open', { method: 'POST', body: JSON.stringify({ protocols: ['wamp.2.flatbuffers'] }) });
  const unknown = await fetch(`${router.http}${BASE}/0123456789abcdef0123456789abcdef/send`, { method: 'POST', body: '[1]' });

  assert.equal(refused.status, 400);
  assert.equal(unknown.status, 404);
});
