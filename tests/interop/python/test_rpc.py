"""Routed RPC (dealer) with autobahn callers and callees, every serializer x
transport: CALL -> INVOCATION -> YIELD -> RESULT, ERROR paths, and the
dealer's own errors."""

import pytest
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import CallResult

from wamp_client import PAYLOAD_ARGS, PAYLOAD_KWARGS, assert_same, run, unique_uri, wait


def echo(*args, **kwargs):
    return CallResult(*args, **kwargs)


def test_call_yield_roundtrip(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            uri = unique_uri("com.example.echo")
            reg = await wait(callee.register(echo, uri), "REGISTERED")
            assert isinstance(reg.id, int) and 1 <= reg.id <= 2 ** 53, reg.id

            res = await wait(caller.call(uri, *PAYLOAD_ARGS, **PAYLOAD_KWARGS), "RESULT")
            assert isinstance(res, CallResult), res
            assert_same(PAYLOAD_ARGS, res.results, "RESULT.args")
            assert_same(PAYLOAD_KWARGS, res.kwresults, "RESULT.kwargs")

            # kwargs only, and no payload at all
            res = await wait(caller.call(uri, only="kw", n=[1, 2.5]), "RESULT (kwargs only)")
            assert_same([], list(res.results), "RESULT.args")
            assert_same({"only": "kw", "n": [1, 2.5]}, res.kwresults, "RESULT.kwargs")

            await wait(callee.register(lambda: None, uri + ".void"), "REGISTERED (void)")
            res = await wait(caller.call(uri + ".void"), "RESULT (no payload)")
            assert res is None, res

            # a single positional result comes back unwrapped
            await wait(callee.register(lambda x: x, uri + ".one"), "REGISTERED (one)")
            res = await wait(caller.call(uri + ".one", "ü"), "RESULT (one)")
            assert_same("ü", res, "RESULT.args[0]")
    run(body())


def test_callee_application_error(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            uri = unique_uri("com.example.fails")

            def bad():
                raise ApplicationError("com.example.error.bad", 1, 2, reason="x")
            await wait(callee.register(bad, uri), "REGISTERED")

            with pytest.raises(ApplicationError) as info:
                await wait(caller.call(uri), "ERROR")
            err = info.value
            assert err.error == "com.example.error.bad", str(err)
            assert_same([1, 2], list(err.args), "ERROR.args")
            assert_same({"reason": "x"}, err.kwargs, "ERROR.kwargs")
    run(body())


def test_call_unregistered_procedure(clients):
    async def body():
        async with clients() as c:
            caller = await c.connect(label="caller")
            with pytest.raises(ApplicationError) as info:
                await wait(caller.call(unique_uri("com.example.nobody"), 1, k=2), "ERROR")
            assert info.value.error == "wamp.error.no_such_procedure", str(info.value)
    run(body())


def test_register_twice_from_another_session(clients):
    async def body():
        async with clients() as c:
            first = await c.connect(label="first")
            second = await c.connect(label="second")
            uri = unique_uri("com.example.taken")
            await wait(first.register(lambda: "first", uri), "REGISTERED (first)")
            with pytest.raises(ApplicationError) as info:
                await wait(second.register(lambda: "second", uri), "ERROR (second REGISTER)")
            assert info.value.error == "wamp.error.procedure_already_exists", str(info.value)
            # the original registration still serves calls
            assert await wait(second.call(uri), "RESULT") == "first"
    run(body())


def test_unregister_then_call(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            uri = unique_uri("com.example.gone")
            reg = await wait(callee.register(lambda: 1, uri), "REGISTERED")
            assert await wait(caller.call(uri), "RESULT") == 1
            await wait(reg.unregister(), "UNREGISTERED")
            with pytest.raises(ApplicationError) as info:
                await wait(caller.call(uri), "ERROR")
            assert info.value.error == "wamp.error.no_such_procedure", str(info.value)
    run(body())
