// autobahn-js (npm "autobahn") in Node against the router over WebSocket, with each serializer.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startRouter } = require('./router');
const { autobahn, openAutobahn, closeAutobahn, SERIALIZERS } = require('./clients');

let router;
before(async () => { router = await startRouter(); });
after(async () => { assert.equal(await router.stop(), 0, router.output()); });

for (const serializer of SERIALIZERS) {
  test(`autobahn-js ${serializer}: register and call, with an error routed back`, async () => {
    const callee = await openAutobahn(router.url, serializer);
    const caller = await openAutobahn(router.url, serializer);
    try {
      await callee.session.register(`com.example.${serializer}.add`, (args, kwargs) => args[0] + args[1] + (kwargs.extra || 0));
      await callee.session.register(`com.example.${serializer}.fail`, () => {
        throw new autobahn.Error('com.example.error.refused', ['no'], { why: 'testing' });
      });

      assert.equal(await caller.session.call(`com.example.${serializer}.add`, [2, 3]), 5);
      assert.equal(await caller.session.call(`com.example.${serializer}.add`, [2, 3], { extra: 10 }), 15);
      await assert.rejects(caller.session.call(`com.example.${serializer}.fail`), (error) => {
        assert.equal(error.error, 'com.example.error.refused');
        assert.deepEqual(error.args, ['no']);
        assert.deepEqual(error.kwargs, { why: 'testing' });
        return true;
      });
    } finally {
      await closeAutobahn(caller);
      await closeAutobahn(callee);
    }
  });

  test(`autobahn-js ${serializer}: subscribe and publish with acknowledgement`, async () => {
    const subscriber = await openAutobahn(router.url, serializer);
    const publisher = await openAutobahn(router.url, serializer);
    try {
      let deliver;
      const event = new Promise((resolve) => { deliver = resolve; });
      await subscriber.session.subscribe(`com.example.${serializer}.topic`, (args, kwargs) => deliver({ args, kwargs }));
      const publication = await publisher.session.publish(`com.example.${serializer}.topic`, ['hello', 42], { unit: 'C' }, { acknowledge: true });

      assert.ok(publication.id > 0);
      assert.deepEqual(await event, { args: ['hello', 42], kwargs: { unit: 'C' } });
    } finally {
      await closeAutobahn(publisher);
      await closeAutobahn(subscriber);
    }
  });
}

test('autobahn-js: a JSON caller reaches a MessagePack callee and a CBOR subscriber', async () => {
  const json = await openAutobahn(router.url, 'json');
  const msgpack = await openAutobahn(router.url, 'msgpack');
  const cbor = await openAutobahn(router.url, 'cbor');
  try {
    await msgpack.session.register('com.example.mixed.echo', (args, kwargs) => new autobahn.Result(args, kwargs));
    let deliver;
    const event = new Promise((resolve) => { deliver = resolve; });
    await cbor.session.subscribe('com.example.mixed.topic', (args) => deliver(args));

    const result = await json.session.call('com.example.mixed.echo', ['héllo', 1.5, [true, null]], { nested: { a: 1 } });
    await json.session.publish('com.example.mixed.topic', ['from json'], {}, { acknowledge: true });

    assert.deepEqual(result.args, ['héllo', 1.5, [true, null]]);
    assert.deepEqual(result.kwargs, { nested: { a: 1 } });
    assert.deepEqual(await event, ['from json']);
  } finally {
    await closeAutobahn(json);
    await closeAutobahn(msgpack);
    await closeAutobahn(cbor);
  }
});
