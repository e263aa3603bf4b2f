"""A RawSocket peer for the Node tests, written with Debian's python3-autobahn (run with /usr/bin/python3)
through tests/interop/python/wamp_client.py, speaking CBOR over TCP.

  rawsocket_peer.py PORT callee    registers com.example.rs.describe, which calls the WebSocket
                                   client's com.example.ws.shout and returns both; prints READY, serves
                                   until stdin closes
  rawsocket_peer.py PORT publish TOPIC TEXT
                                   publishes args [TEXT], kwargs {"source": "rawsocket"} to TOPIC
                                   (acknowledged), prints PUBLISHED, leaves
"""

import asyncio
import os
import sys
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

import wamp_client  # noqa: E402
from autobahn.wamp.types import PublishOptions  # noqa: E402


async def callee(router):
    session = await wamp_client.open_session(router, "cbor", "tcp", label="rawsocket-cbor-callee")

    async def describe(text):
        shouted = await session.call("com.example.ws.shout", text)
        return {"shouted": shouted, "serializer": "cbor", "transport": "rawsocket"}

    await session.register(describe, "com.example.rs.describe")
    print("READY", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    await wamp_client.close_all([session])


async def publish(router, topic, text):
    session = await wamp_client.open_session(router, "cbor", "tcp", label="rawsocket-cbor-publisher")
    await session.publish(topic, text, source="rawsocket", options=PublishOptions(acknowledge=True))
    print("PUBLISHED", flush=True)
    await wamp_client.close_all([session])


def main():
    router = types.SimpleNamespace(host="127.0.0.1", port=int(sys.argv[1]))
    if sys.argv[2] == "callee":
        asyncio.run(callee(router))
    else:
        asyncio.run(publish(router, sys.argv[3], sys.argv[4]))


if __name__ == "__main__":
    main()
