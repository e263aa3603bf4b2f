"""Peers on different serializers (the router transcodes the payload between
them, see DESIGN.md "The message path"). TCP only: the transport does not
matter here, the serializer pair does.

Binary values: MessagePack and CBOR carry them natively; in JSON the WAMP spec
carries them as a string "\\u0000" + base64, which autobahn encodes and decodes
on its side, so the router must convert between the two forms. Floats must
stay floats and integers integers (2.0 is not 2)."""

import asyncio
import itertools

import pytest
from autobahn.wamp.types import CallResult, SubscribeOptions

from wamp_client import (PAYLOAD_ARGS, PAYLOAD_KWARGS, SERIALIZERS, Clients, assert_same,
                         run, unique_uri, wait)

PAIRS = [p for p in itertools.product(sorted(SERIALIZERS), repeat=2) if p[0] != p[1]]


@pytest.mark.parametrize("callee_ser,caller_ser", PAIRS, ids=["callee_{}-caller_{}".format(*p) for p in PAIRS])
def test_call_across_serializers(router, callee_ser, caller_ser):
    async def body():
        async with Clients(router, callee_ser, "tcp") as c:
            callee = await c.connect(label="callee/" + callee_ser)
            caller = await c.connect(serializer=caller_ser, label="caller/" + caller_ser)
            uri = unique_uri("com.example.xecho")
            seen = []

            def echo(*args, **kwargs):
                seen.append((list(args), kwargs))
                return CallResult(*args, **kwargs)
            await wait(callee.register(echo, uri), "REGISTERED")
            res = await wait(caller.call(uri, *PAYLOAD_ARGS, **PAYLOAD_KWARGS), "RESULT")
            assert_same(PAYLOAD_ARGS, seen[0][0], "INVOCATION.args ({} -> {})".format(caller_ser, callee_ser))
            assert_same(PAYLOAD_KWARGS, seen[0][1], "INVOCATION.kwargs ({} -> {})".format(caller_ser, callee_ser))
            assert_same(PAYLOAD_ARGS, res.results, "RESULT.args ({} -> {})".format(callee_ser, caller_ser))
            assert_same(PAYLOAD_KWARGS, res.kwresults, "RESULT.kwargs ({} -> {})".format(callee_ser, caller_ser))
    run(body())


@pytest.mark.parametrize("publisher_ser", sorted(SERIALIZERS))
def test_event_to_every_serializer(router, publisher_ser):
    async def body():
        async with Clients(router, publisher_ser, "tcp") as c:
            topic = unique_uri("com.example.xtopic")
            got = {}
            for ser in sorted(SERIALIZERS):
                s = await c.connect(serializer=ser, label="subscriber/" + ser)
                fut = got[ser] = asyncio.get_running_loop().create_future()

                def handler(*args, _fut=fut, details=None, **kwargs):
                    if not _fut.done():
                        _fut.set_result((list(args), kwargs))
                await wait(s.subscribe(handler, topic, options=SubscribeOptions(details=True)), "SUBSCRIBED")
            publisher = await c.connect(label="publisher/" + publisher_ser)
            publisher.publish(topic, *PAYLOAD_ARGS, **PAYLOAD_KWARGS)
            for ser, fut in got.items():
                args, kwargs = await wait(fut, "EVENT on " + ser)
                assert_same(PAYLOAD_ARGS, args, "EVENT.args ({} -> {})".format(publisher_ser, ser))
                assert_same(PAYLOAD_KWARGS, kwargs, "EVENT.kwargs ({} -> {})".format(publisher_ser, ser))
    run(body())
