// Opens sessions with the real npm clients: autobahn-js and wampy, over WebSocket.
'use strict';

const autobahn = require('autobahn');
const { Wampy } = require('wampy');
const { JsonSerializer } = require('wampy/JsonSerializer.js');
const { MsgpackSerializer } = require('wampy/MsgpackSerializer.js');
const { CborSerializer } = require('wampy/CborSerializer.js');
const WebSocket = require('ws');

const AUTOBAHN_SERIALIZERS = {
  json: () => new autobahn.serializer.JSONSerializer(),
  msgpack: () => new autobahn.serializer.MsgpackSerializer(),
  cbor: () => new autobahn.serializer.CBORSerializer(),
};

const WAMPY_SERIALIZERS = {
  json: () => new JsonSerializer(),
  msgpack: () => new MsgpackSerializer(),
  cbor: () => new CborSerializer(),
};

/** An autobahn-js session on realm1 with one serializer; rejects if the router refuses or closes. */
function openAutobahn(url, serializer) {
  return new Promise((resolve, reject) => {
    const connection = new autobahn.Connection({
      url,
      realm: 'realm1',
      serializers: [AUTOBAHN_SERIALIZERS[serializer]()],
      max_retries: 0,
    });
    connection.onopen = (session) => resolve({ connection, session });
    connection.onclose = (reason, details) => {
      reject(new Error(`autobahn-js ${serializer}: connection closed (${reason}) ${JSON.stringify(details)}`));
      return true; // no reconnect
    };
    connection.open();
  });
}

function closeAutobahn({ connection }) {
  return new Promise((resolve) => {
    connection.onclose = () => { resolve(); return true; };
    connection.close();
  });
}

/** A wampy session on realm1 with one serializer, using the ws package as its WebSocket client. */
async function openWampy(url, serializer) {
  const wampy = new Wampy(url, {
    realm: 'realm1',
    serializer: WAMPY_SERIALIZERS[serializer](),
    ws: WebSocket,
    autoReconnect: false,
  });
  await wampy.connect();
  return wampy;
}

module.exports = { autobahn, openAutobahn, closeAutobahn, openWampy, SERIALIZERS: ['json', 'msgpack', 'cbor'] };
