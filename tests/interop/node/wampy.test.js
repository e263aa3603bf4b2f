// wampy (npm "wampy") in Node against the router over WebSocket, with each serializer.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startRouter } = require('./router');
const { openWampy, SERIALIZERS } = require('./clients');

let router;
before(async () => { router = await startRouter(); });
after(async () => { assert.equal(await router.stop(), 0, router.output()); });

for (const serializer of SERIALIZERS) {
  test(`wampy ${serializer}: register, call, subscribe, publish`, async () => {
    const callee = await openWampy(router.url, serializer);
    const caller = await openWampy(router.url, serializer);
    try {
      await callee.register(`com.example.wampy.${serializer}.multiply`, ({ argsList }) => ({ argsList: [argsList[0] * argsList[1]] }));
      const result = await caller.call(`com.example.wampy.${serializer}.multiply`, [6, 7]);
      assert.deepEqual(result.argsList, [42]);

      let deliver;
      const event = new Promise((resolve) => { deliver = resolve; });
      // wampy 8 sends every subscribe option it knows, unset ones as `undefined`: JSON drops them, but msgpackr
      // encodes undefined as an extension type and cbor-x as CBOR's undefined, neither a WAMP value, and the router
      // rejects the message as malformed. Setting both options keeps the SUBSCRIBE valid in every serializer.
      await callee.subscribe(`com.example.wampy.${serializer}.topic`, (eventData) => deliver(eventData), { match: 'exact', get_retained: false });
      await caller.publish(`com.example.wampy.${serializer}.topic`, { argsList: ['reading'], argsDict: { value: 21.5 } }, { acknowledge: true });
      const received = await event;
      assert.deepEqual(received.argsList, ['reading']);
      assert.deepEqual(received.argsDict, { value: 21.5 });
    } finally {
      await caller.disconnect();
      await callee.disconnect();
    }
  });
}
