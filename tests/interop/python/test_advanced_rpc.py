"""Advanced Profile remote procedure calls with autobahn 22.7, every serializer
x transport: pattern-based and shared registrations, caller identification,
progressive call results and invocations, call canceling, call timeouts and
registration revocation (wamp-proto rfc/text/advanced/ap_rpc_*.md).

Where a test must show that something does NOT reach a peer, it uses a fence
instead of a sleep: a later call through the same connections whose answer
the peer does get. The router handles each connection's messages in order and
writes to each connection in order, so anything it had sent before the fence
(a stray RESULT, ERROR or INTERRUPT) is in before the fence's answer.

What autobahn 22.7 cannot say through its API is added on the wire with the
message classes autobahn itself uses (wamp_client.extra_options/with_options):
``disclose_me`` (neither CallOptions nor PublishOptions has it), CANCEL with an
explicit mode (autobahn's future.cancel() sends CANCEL without options), and
everything of progressive call invocations: 22.7 cannot send a CALL with
``progress`` (CallOptions has no such option, message.Call no such field), does
not parse INVOCATION.Details.progress, treats a second INVOCATION with the
same request id as a protocol error, and does not announce the feature. Those
tests announce the feature in HELLO themselves (wamp_client.client_roles) and
take the INVOCATIONs off autobahn's hands (Session.intercept).
"""

import asyncio
import time

import pytest
from autobahn.wamp import message
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import CallOptions, CallResult, RegisterOptions

from wamp_client import (Inbox, PAYLOAD_ARGS, PAYLOAD_KWARGS, SERIALIZERS, assert_same, extra_options, run, show,
                         unique_uri, wait, with_options)

CALL, CANCEL = message.Call.MESSAGE_TYPE, message.Cancel.MESSAGE_TYPE
PROGRESSIVE_INVOCATIONS = {"caller": {"progressive_call_invocations": True}}
PROGRESSIVE_CALLEE = {"callee": {"progressive_call_invocations": True}}
NO_CANCELING = {"callee": {"call_canceling": None}}


def opts(**kwargs):
    return RegisterOptions(details_arg="details", **kwargs)


def recorder(inbox, result):
    """An endpoint that records (args, kwargs, CallDetails) and returns ``result``."""
    def endpoint(*args, details=None, **kwargs):
        inbox.put((list(args), kwargs, details))
        return result
    return endpoint


def invocations(session):
    return [m for m in session.received if isinstance(m, message.Invocation)]


def last_request(session, procedure):
    """The request id of the last CALL ``session`` sent to ``procedure``."""
    calls = [m for m in session.sent if isinstance(m, message.Call) and m.procedure == procedure]
    assert calls, "{} sent no CALL to {}".format(session.label, procedure)
    return calls[-1].request


def answers_for(session, request):
    """RESULT and ERROR messages the router sent ``session`` for its CALL ``request``."""
    return [m for m in session.received
            if (isinstance(m, message.Result) and m.request == request)
            or (isinstance(m, message.Error) and m.request_type == CALL and m.request == request)]


async def expect_error(awaitable, error, what):
    with pytest.raises(ApplicationError) as info:
        await wait(awaitable, what)
    assert info.value.error == error, "{}: expected {}, got {}".format(what, error, info.value)
    return info.value


async def add_fence(callee):
    uri = unique_uri("com.adv.rpc.fence")
    await wait(callee.register(lambda: "fence", uri), "REGISTERED (fence)")
    return uri


async def fence(caller, uri):
    assert await wait(caller.call(uri), "RESULT (fence call)") == "fence"


class Slow:
    """An endpoint that waits until release(). autobahn cancels the handler's
    task when an INTERRUPT arrives; ``on_interrupt`` says what the handler then
    does: "error" answers ERROR wamp.error.canceled, "result" answers a RESULT
    anyway, "hold" answers ERROR only after answer_interrupt(). (If the
    CancelledError escaped the handler, autobahn 22.7 on Python 3.11 would send
    nothing at all: its errback only catches Exception.)"""

    def __init__(self, session, name, on_interrupt="error"):
        self.invoked = Inbox(session, name + ": invocations")
        self.interrupted = Inbox(session, name + ": interrupts")
        self.on_interrupt = on_interrupt
        self._release = asyncio.Event()
        self._answer = asyncio.Event()

    def release(self):
        self._release.set()

    def answer_interrupt(self):
        self._answer.set()

    async def handler(self, *args, details=None, **kwargs):
        self.invoked.put((list(args), details))
        try:
            await self._release.wait()
            return "late result"
        except asyncio.CancelledError:
            self.interrupted.put(True)
            if self.on_interrupt == "result":
                return "finished anyway"
            if self.on_interrupt == "hold":
                await self._answer.wait()
            raise ApplicationError(ApplicationError.CANCELED, "interrupted by the router")


async def slow_procedure(callee, name, on_interrupt="error"):
    slow = Slow(callee, name, on_interrupt)
    uri = unique_uri("com.adv.rpc.slow")
    reg = await wait(callee.register(slow.handler, uri, options=opts()), "REGISTERED (slow)")
    return slow, uri, reg


# -- pattern-based registrations -----------------------------------------------------------------------

def test_prefix_registration(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            root = unique_uri("com.adv.rpc.prefix")
            inbox = Inbox(callee, "prefix endpoint")
            reg = await wait(callee.register(recorder(inbox, "prefix"), root, options=opts(match="prefix")),
                             "REGISTERED (prefix)")

            # string prefix, as in the spec's examples ("com.myapp.myobject1-mysubobject1" matches)
            procedures = [root + ".a.b", root, root + "-sub"]
            for proc in procedures:
                res = await wait(caller.call(proc, *PAYLOAD_ARGS, **PAYLOAD_KWARGS), "RESULT for " + proc)
                assert res == "prefix", (proc, res)
                args, kwargs, details = await inbox.next("the INVOCATION for " + proc)
                assert_same(PAYLOAD_ARGS, args, "INVOCATION.args")
                assert_same(PAYLOAD_KWARGS, kwargs, "INVOCATION.kwargs")
                assert details.registration.id == reg.id
                assert details.procedure == proc, (proc, details.procedure)
            # INVOCATION.Details.procedure is on the wire (autobahn falls back to the registered URI)
            assert [m.procedure for m in invocations(callee)] == procedures, show(invocations(callee))

            for proc in (root[:-1], unique_uri("com.adv.rpc.other")):
                await expect_error(caller.call(proc), "wamp.error.no_such_procedure", "ERROR for " + proc)
    run(body())


def test_wildcard_registration(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            root = unique_uri("com.adv.rpc.wild")
            inbox = Inbox(callee, "wildcard endpoint")
            await wait(callee.register(recorder(inbox, "wild"), root + "..proc1", options=opts(match="wildcard")),
                       "REGISTERED (wildcard)")
            for proc in (root + ".obj1.proc1", root + ".obj2.proc1"):
                assert await wait(caller.call(proc), "RESULT for " + proc) == "wild"
                _, _, details = await inbox.next("the INVOCATION for " + proc)
                assert details.procedure == proc
            assert [m.procedure for m in invocations(callee)] == [root + ".obj1.proc1", root + ".obj2.proc1"]
            for proc in (root + ".obj1.proc1.sub1", root + ".obj1.proc2", root + "2.obj1.proc1", root + ".proc1"):
                await expect_error(caller.call(proc), "wamp.error.no_such_procedure", "ERROR for " + proc)
            inbox.assert_empty("no other call matched")
    run(body())


def test_registration_precedence(clients):
    """The spec's algorithm ("Calls matching multiple registrations"): exact,
    else the longest prefix, else the wildcard with the longest runs of
    concrete components before each wildcard. The spec's own examples, with
    a unique root for "a1". (The spec lists 'a1.b2.c3.d4.e5' as a wildcard
    case, but prefixes 2 and 3 match it, so by the algorithm the longest
    prefix wins; the wildcard cases run in a second tree without prefixes.)"""
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            root = unique_uri("com.adv.rpc.prec")
            wild = unique_uri("com.adv.rpc.precw")

            def endpoint(n):
                return lambda details=None: [n, details.procedure]
            regs = {}
            for n, uri, match in ((1, root + ".b2.c3.d4.e55", None), (2, root + ".b2.c3", "prefix"),
                                  (3, root + ".b2.c3.d4", "prefix"), (4, root + ".b2..d4.e5", "wildcard"),
                                  (5, root + ".b2.c3..e5", "wildcard"),
                                  (14, wild + ".b2..d4.e5", "wildcard"), (15, wild + ".b2.c3..e5", "wildcard"),
                                  (16, wild + ".b2..d4.e5..g7", "wildcard"),
                                  (17, wild + ".b2..d4..f6.g7", "wildcard")):
                regs[n] = await wait(callee.register(endpoint(n), uri, options=opts(match=match)),
                                     "REGISTERED {} ({})".format(uri, match or "exact"))

            async def routed_to(proc, expected):
                res = await wait(caller.call(proc), "RESULT for " + proc)
                assert_same([expected, proc], list(res) if isinstance(res, (list, tuple)) else res,
                            "registration that answered {}".format(proc))

            await routed_to(root + ".b2.c3.d4.e55", 1)     # exact, though prefixes 2 and 3 match too
            await routed_to(root + ".b2.c3.d98.e74", 2)    # single prefix match
            await routed_to(root + ".b2.c3.d4.e325", 3)    # two prefixes: the longest
            await routed_to(root + ".b2.c3.d4.e5", 3)      # prefixes beat wildcards 4 and 5
            await routed_to(root + ".b2.c55.d4.e5", 4)     # no prefix: the single wildcard match
            await routed_to(wild + ".b2.c55.d4.e5", 14)
            await routed_to(wild + ".b2.c3.d4.e5", 15)     # 14 and 15 match: longer first run
            await routed_to(wild + ".b2.c88.d4.e5.f6.g7", 16)  # 16 and 17: equal first run, longer second
            await expect_error(caller.call(wild + ".b3.c3.d4.e5"), "wamp.error.no_such_procedure",
                               "ERROR for a call no registration matches")

            # the ranking follows the registrations that exist now
            await wait(regs[3].unregister(), "UNREGISTERED (prefix 3)")
            await routed_to(root + ".b2.c3.d4.e325", 2)
            await wait(regs[1].unregister(), "UNREGISTERED (exact 1)")
            await routed_to(root + ".b2.c3.d4.e55", 2)
            # exact registrations get no INVOCATION.Details.procedure on the wire; pattern ones do
            raw = {m.procedure for m in invocations(callee) if m.registration == regs[1].id}
            assert raw == {None}, raw
    run(body())


# -- shared registrations ----------------------------------------------------------------------------

async def shared_callees(c, uri, invoke, count):
    callees, regs = [], []
    for i in range(count):
        s = await c.connect(label="callee{}".format(i + 1))
        name = "callee{}".format(i + 1)
        regs.append(await wait(s.register(lambda name=name: name, uri, options=RegisterOptions(invoke=invoke)),
                               "REGISTERED ({}, invoke={})".format(name, invoke)))
        callees.append(s)
    assert len({r.id for r in regs}) == 1, "callees of one shared registration got different ids: {}".format(
        [r.id for r in regs])
    return callees, regs


async def call_n(caller, uri, n):
    return [await wait(caller.call(uri), "RESULT #{}".format(i + 1)) for i in range(n)]


def test_shared_registration_roundrobin(clients):
    async def body():
        async with clients() as c:
            uri = unique_uri("com.adv.rpc.rr")
            callees, regs = await shared_callees(c, uri, "roundrobin", 3)
            caller = await c.connect(label="caller")
            got = await call_n(caller, uri, 7)
            # "picked subsequently from the list of registrations (ordered by the order of registration),
            # looping back to the beginning"; the spec does not say where the cursor starts
            order = ["callee1", "callee2", "callee3"]
            start = order.index(got[0])
            assert got == [order[(start + i) % 3] for i in range(7)], got

            # a callee that leaves drops out of the rotation
            await wait(regs[1].unregister(), "UNREGISTERED (callee2)")
            got = await call_n(caller, uri, 4)
            assert sorted(got) == ["callee1", "callee1", "callee3", "callee3"], got
            assert got[0] != got[1] and got[1] != got[2] and got[2] != got[3], got
    run(body())


def test_shared_registration_random(clients):
    async def body():
        async with clients() as c:
            uri = unique_uri("com.adv.rpc.random")
            await shared_callees(c, uri, "random", 2)
            caller = await c.connect(label="caller")
            got = await call_n(caller, uri, 40)
            # each pick is random: both are picked (all 40 to one callee: chance 2**-39)
            assert set(got) == {"callee1", "callee2"}, got
    run(body())


def test_shared_registration_first(clients):
    async def body():
        async with clients() as c:
            uri = unique_uri("com.adv.rpc.first")
            callees, regs = await shared_callees(c, uri, "first", 3)
            caller = await c.connect(label="caller")
            assert await call_n(caller, uri, 3) == ["callee1"] * 3
            # hot stand-by: when the first goes, the next in registration order takes over
            await wait(regs[0].unregister(), "UNREGISTERED (callee1)")
            assert await call_n(caller, uri, 2) == ["callee2"] * 2
            # a callee registering again joins at the end of the list
            await wait(callees[0].register(lambda: "callee1 again", uri, options=RegisterOptions(invoke="first")),
                       "REGISTERED (callee1 again)")
            assert await call_n(caller, uri, 2) == ["callee2"] * 2
    run(body())


def test_shared_registration_last(clients):
    async def body():
        async with clients() as c:
            uri = unique_uri("com.adv.rpc.last")
            callees, regs = await shared_callees(c, uri, "last", 3)
            caller = await c.connect(label="caller")
            assert await call_n(caller, uri, 3) == ["callee3"] * 3
            # the last callee's session leaves: the one registered before it takes over
            callees[2].leave()
            await wait(callees[2].disconnected, "callee3 to disconnect")
            assert await call_n(caller, uri, 2) == ["callee2"] * 2
            newest = await c.connect(label="callee4")
            await wait(newest.register(lambda: "callee4", uri, options=RegisterOptions(invoke="last")),
                       "REGISTERED (callee4)")
            assert await call_n(caller, uri, 2) == ["callee4"] * 2
    run(body())


def test_shared_registration_policy_conflicts(clients):
    async def body():
        async with clients() as c:
            first = await c.connect(label="first")
            other = await c.connect(label="other")
            caller = await c.connect(label="caller")

            uri = unique_uri("com.adv.rpc.conflict")
            await wait(first.register(lambda: "first", uri, options=RegisterOptions(invoke="roundrobin")),
                       "REGISTERED (roundrobin)")
            for invoke in ("random", "first", "last", "single", None):
                await expect_error(other.register(lambda: "other", uri, options=RegisterOptions(invoke=invoke)),
                                   "wamp.error.procedure_already_exists",
                                   "ERROR for REGISTER invoke={} on a roundrobin registration".format(invoke))

            # 'single' (explicit) admits nobody else, whatever policy they ask for
            uri2 = unique_uri("com.adv.rpc.single")
            await wait(first.register(lambda: "single", uri2, options=RegisterOptions(invoke="single")),
                       "REGISTERED (single)")
            for invoke in ("single", None, "roundrobin"):
                await expect_error(other.register(lambda: "other", uri2, options=RegisterOptions(invoke=invoke)),
                                   "wamp.error.procedure_already_exists",
                                   "ERROR for REGISTER invoke={} on a single registration".format(invoke))

            # the refused attempts changed nothing
            assert await call_n(caller, uri, 2) == ["first", "first"]
            assert await wait(caller.call(uri2), "RESULT (single)") == "single"
    run(body())


# -- caller identification ---------------------------------------------------------------------------

def test_caller_identification(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            root = unique_uri("com.adv.rpc.disclose")
            inbox = Inbox(callee, "endpoint")
            await wait(callee.register(recorder(inbox, "ok"), root, options=opts(match="prefix")), "REGISTERED")
            # a caller per serializer, so the disclosed details are transcoded from each
            for ser in sorted(SERIALIZERS):
                caller = await c.connect(serializer=ser, label="caller/" + ser)
                me = caller.joined.result()
                proc = root + "." + ser
                with extra_options(caller, disclose_me=True):
                    pending = caller.call(proc, "disclosed")
                assert await wait(pending, "RESULT (disclose_me)") == "ok"
                _, _, d = await inbox.next("the disclose_me INVOCATION from " + ser)
                assert (d.caller, d.caller_authid, d.caller_authrole) == (me.session, me.authid, me.authrole), \
                    (ser, d, me)
                assert me.authrole == "anonymous" and d.procedure == proc, (me.authrole, d.procedure)

                assert await wait(caller.call(proc, "plain"), "RESULT (no disclose_me)") == "ok"
                with extra_options(caller, disclose_me=False):
                    pending = caller.call(proc, "disclose_me false")
                assert await wait(pending, "RESULT (disclose_me=False)") == "ok"
                for _ in range(2):
                    _, _, d = await inbox.next("an INVOCATION without disclose_me from " + ser)
                    assert (d.caller, d.caller_authid, d.caller_authrole) == (None, None, None), (ser, d)
    run(body())


# -- progressive call results ---------------------------------------------------------------------------

def test_progressive_call_results(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            uri = unique_uri("com.adv.rpc.progress")
            seen = Inbox(callee, "endpoint")

            def stream(n, details=None):
                seen.put(details.progress is not None)
                if details.progress is not None:
                    for i in range(n):
                        details.progress(i, PAYLOAD_ARGS[i], step=i, nested={"i": [i]})
                return CallResult("done", n=n)
            await wait(callee.register(stream, uri, options=opts()), "REGISTERED")

            progress = []
            res = await wait(caller.call(uri, 3, options=CallOptions(
                on_progress=lambda *a, **kw: progress.append((list(a), kw)))), "final RESULT")
            assert_same([([i, PAYLOAD_ARGS[i]], {"step": i, "nested": {"i": [i]}}) for i in range(3)],
                         progress, "progressive RESULTs (in order, all before the final one)")
            assert_same(["done"], list(res.results), "final RESULT.args")
            assert_same({"n": 3}, res.kwresults, "final RESULT.kwargs")
            assert await seen.next("the INVOCATION") is True, "INVOCATION.Details.receive_progress missing"
            req = last_request(caller, uri)
            assert [bool(m.progress) for m in answers_for(caller, req)] == [True, True, True, False], \
                show(answers_for(caller, req))

            # a caller that does not ask gets no progressive results, and the callee is told so
            res = await wait(caller.call(uri, 3), "RESULT (no receive_progress)")
            assert_same(["done"], list(res.results), "RESULT.args")
            assert await seen.next("the second INVOCATION") is False, \
                "INVOCATION.Details.receive_progress set for a caller that did not ask"
            assert len(answers_for(caller, last_request(caller, uri))) == 1
    run(body())


# -- call canceling ----------------------------------------------------------------------------------

def test_cancel_with_autobahn_future_cancel(clients):
    """autobahn's own API: cancelling the call's future sends [CANCEL, id, {}]."""
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow")
            pending = caller.call(uri, 1)
            await slow.invoked.next("the INVOCATION")
            req = last_request(caller, uri)
            pending.cancel()
            cancel = await caller.expect(lambda m: isinstance(m, message.Cancel) and m.request == req, "CANCEL",
                                         sent=True)
            assert cancel.mode is None, cancel
            interrupt = await callee.expect(lambda m: isinstance(m, message.Interrupt), "INTERRUPT")
            assert interrupt.request == invocations(callee)[-1].request, (interrupt, invocations(callee))
            assert interrupt.mode in ("kill", "killnowait"), interrupt
            await slow.interrupted.next("the handler to be cancelled")
            error = await caller.expect(
                lambda m: isinstance(m, message.Error) and m.request_type == CALL and m.request == req,
                "ERROR for the cancelled CALL")
            assert error.error == "wamp.error.canceled", error
            assert pending.cancelled()
    run(body())


async def send_cancel(caller, uri, mode):
    req = last_request(caller, uri)
    caller._transport.send(message.Cancel(req, mode=mode))
    return req


def test_cancel_skip(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow")
            fence_uri = await add_fence(callee)
            pending = caller.call(uri)
            await slow.invoked.next("the INVOCATION")
            req = await send_cancel(caller, uri, "skip")
            await expect_error(pending, "wamp.error.canceled", "ERROR for the call cancelled with skip")

            # the callee is not interrupted; its late result is discarded
            slow.release()
            inv = invocations(callee)[-1].request
            await callee.expect(lambda m: isinstance(m, message.Yield) and m.request == inv, "the late YIELD",
                                sent=True)
            await fence(caller, fence_uri)
            assert not [m for m in callee.received if isinstance(m, message.Interrupt)], show(callee.received)
            slow.interrupted.assert_empty("mode skip sends no INTERRUPT")
            assert len(answers_for(caller, req)) == 1, show(answers_for(caller, req))
            assert caller.is_attached()
    run(body())


def test_cancel_kill_waits_for_the_callee(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            other = await c.connect(label="other callee")
            slow, uri, _ = await slow_procedure(callee, "slow", on_interrupt="hold")
            fence_uri = await add_fence(other)
            pending = caller.call(uri)
            await slow.invoked.next("the INVOCATION")
            await send_cancel(caller, uri, "kill")
            interrupt = await callee.expect(lambda m: isinstance(m, message.Interrupt), "INTERRUPT")
            assert interrupt.mode == "kill", interrupt
            await slow.interrupted.next("the handler to be cancelled")

            # the caller's CANCEL came before this fence call: an early ERROR would already be here
            await fence(caller, fence_uri)
            assert not pending.done(), "mode kill answered the caller before the callee did: {}".format(
                show(caller.received[-3:]))

            slow.answer_interrupt()
            err = await expect_error(pending, "wamp.error.canceled", "the callee's ERROR, forwarded")
            assert_same(["interrupted by the router"], list(err.args), "ERROR.args from the callee")
    run(body())


def test_cancel_kill_callee_may_still_answer_with_a_result(clients):
    # spec: with kill "the caller may receive RESULT or ERROR depending whether the callee
    # finishes processing the invocation or the interrupt first"
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow", on_interrupt="result")
            pending = caller.call(uri)
            await slow.invoked.next("the INVOCATION")
            await send_cancel(caller, uri, "kill")
            assert await wait(pending, "the callee's RESULT after INTERRUPT") == "finished anyway"
            interrupt = await callee.expect(lambda m: isinstance(m, message.Interrupt), "INTERRUPT")
            assert interrupt.mode == "kill"
    run(body())


def test_cancel_killnowait(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow", on_interrupt="hold")
            fence_uri = await add_fence(callee)
            pending = caller.call(uri)
            await slow.invoked.next("the INVOCATION")
            req = await send_cancel(caller, uri, "killnowait")
            # answered at once, while the callee still holds its answer back
            await expect_error(pending, "wamp.error.canceled", "ERROR for the call cancelled with killnowait")
            interrupt = await callee.expect(lambda m: isinstance(m, message.Interrupt), "INTERRUPT")
            assert interrupt.mode == "killnowait", interrupt
            await slow.interrupted.next("the handler to be cancelled")

            # the callee's ERROR after the INTERRUPT is discarded
            slow.answer_interrupt()
            inv = interrupt.request
            await callee.expect(lambda m: isinstance(m, message.Error) and m.request == inv,
                                "the callee's ERROR", sent=True)
            await fence(caller, fence_uri)
            assert len(answers_for(caller, req)) == 1, show(answers_for(caller, req))
            assert caller.is_attached()
    run(body())


def test_cancel_callee_without_call_canceling_is_skip(clients):
    # spec: "If the callee does not support call canceling, then behavior is skip"
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee (no call_canceling)", features=NO_CANCELING)
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow")
            fence_uri = await add_fence(callee)
            requests = []
            for mode in ("kill", "killnowait"):
                pending = caller.call(uri, mode)
                await slow.invoked.next("the INVOCATION")
                requests.append(await send_cancel(caller, uri, mode))
                await expect_error(pending, "wamp.error.canceled", "ERROR for the call cancelled with " + mode)
                await fence(caller, fence_uri)
                assert not [m for m in callee.received if isinstance(m, message.Interrupt)], \
                    "INTERRUPT to a callee that did not announce call_canceling: {}".format(show(callee.received))
            # the late results of both are discarded
            slow.release()
            for inv in [m.request for m in invocations(callee)][:2]:
                await callee.expect(lambda m, inv=inv: isinstance(m, message.Yield) and m.request == inv,
                                    "the late YIELD", sent=True)
            await fence(caller, fence_uri)
            for req in requests:
                assert len(answers_for(caller, req)) == 1, show(answers_for(caller, req))
            assert caller.is_attached()
    run(body())


def test_cancel_after_the_result_is_ignored(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            fence_uri = await add_fence(callee)
            assert await wait(caller.call(fence_uri), "RESULT") == "fence"
            req = last_request(caller, fence_uri)
            for mode in ("skip", "kill", "killnowait"):
                caller._transport.send(message.Cancel(req, mode=mode))
            await fence(caller, fence_uri)
            assert len(answers_for(caller, req)) == 1, show(answers_for(caller, req))
            assert not [m for m in callee.received if isinstance(m, message.Interrupt)]
            assert caller.is_attached()
    run(body())


def test_caller_leaving_interrupts_its_calls(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow")
            caller.call(uri)
            await slow.invoked.next("the INVOCATION")
            caller.leave()
            interrupt = await callee.expect(lambda m: isinstance(m, message.Interrupt), "INTERRUPT")
            assert interrupt.mode == "killnowait", interrupt
            assert interrupt.request == invocations(callee)[-1].request
            await slow.interrupted.next("the handler to be cancelled")
            # the callee's answer to the INTERRUPT goes nowhere, and the callee still serves calls
            fence_uri = await add_fence(callee)
            another = await c.connect(label="another caller")
            await fence(another, fence_uri)
            assert callee.is_attached()
    run(body())


# -- call timeout -------------------------------------------------------------------------------------

def test_call_timeout(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow")
            fence_uri = await add_fence(callee)
            # CALL.Options.timeout is in ms (spec); autobahn passes CallOptions.timeout through as given
            started = time.monotonic()
            await expect_error(caller.call(uri, options=CallOptions(timeout=300)), "wamp.error.timeout",
                               "ERROR after the call's timeout")
            elapsed = time.monotonic() - started
            assert 0.29 <= elapsed < 5, "timeout of 300 ms answered after {:.3f}s".format(elapsed)
            # a callee that announced call_canceling is interrupted; its answer is discarded
            interrupt = await callee.expect(lambda m: isinstance(m, message.Interrupt), "INTERRUPT")
            assert interrupt.request == invocations(callee)[-1].request
            await slow.interrupted.next("the handler to be cancelled")
            await callee.expect(lambda m: isinstance(m, message.Error) and m.request == interrupt.request,
                                "the callee's ERROR", sent=True)
            await fence(caller, fence_uri)
            assert len(answers_for(caller, last_request(caller, uri))) == 1
            assert caller.is_attached()
    run(body())


def test_call_timeout_discards_the_late_result(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee (no call_canceling)", features=NO_CANCELING)
            caller = await c.connect(label="caller")
            slow, uri, _ = await slow_procedure(callee, "slow")
            fence_uri = await add_fence(callee)
            await expect_error(caller.call(uri, options=CallOptions(timeout=200)), "wamp.error.timeout",
                               "ERROR after the call's timeout")
            req = last_request(caller, uri)
            slow.release()
            inv = invocations(callee)[0].request
            await callee.expect(lambda m: isinstance(m, message.Yield) and m.request == inv, "the late YIELD",
                                sent=True)
            await fence(caller, fence_uri)
            assert len(answers_for(caller, req)) == 1, show(answers_for(caller, req))
            assert not [m for m in callee.received if isinstance(m, message.Interrupt)]
            assert caller.is_attached()
    run(body())


def test_call_timeout_not_reached(clients):
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            fast_uri = await add_fence(callee)
            slow, slow_uri, _ = await slow_procedure(callee, "slow")
            assert await wait(caller.call(fast_uri, options=CallOptions(timeout=100)), "RESULT") == "fence"
            fast_req = last_request(caller, fast_uri)
            # a call with a later deadline, through the same connections: when its timeout ERROR is
            # in, a (wrong) timeout ERROR for the finished call, due earlier, would be in too
            await expect_error(caller.call(slow_uri, options=CallOptions(timeout=400)), "wamp.error.timeout",
                               "ERROR after the second call's timeout")
            assert len(answers_for(caller, fast_req)) == 1, show(answers_for(caller, fast_req))
            assert caller.is_attached()
    run(body())


# -- registration revocation ------------------------------------------------------------------------

def test_force_reregister_revokes_the_old_registration(clients):
    """force_reregister takes a procedure over from sessions with the same
    authid. With anonymous authentication (the only method the router has)
    every session gets its own random authid, so the only holder with the same
    authid is the registering session itself; the takeover by a restarted
    callee (a second session with the same authid) cannot be tested here."""
    async def body():
        async with clients() as c:
            callee = await c.connect(label="callee")
            caller = await c.connect(label="caller")
            uri = unique_uri("com.adv.rpc.force")
            old = await wait(callee.register(lambda: "old", uri), "REGISTERED (old)")
            new = await wait(callee.register(lambda: "new", uri, options=RegisterOptions(force_reregister=True)),
                             "REGISTERED (force_reregister)")
            assert new.id != old.id, (old.id, new.id)
            revoked = [m for m in callee.received if isinstance(m, message.Unregistered) and m.request == 0]
            assert len(revoked) == 1, show(callee.received)
            assert revoked[0].registration == old.id, revoked[0]
            assert isinstance(revoked[0].reason, str) and revoked[0].reason, revoked[0]
            # the revocation came before the new REGISTERED
            kinds = [type(m).__name__ for m in callee.received if isinstance(m, (message.Unregistered,
                                                                                  message.Registered))]
            assert kinds == ["Registered", "Unregistered", "Registered"], kinds
            assert await wait(caller.call(uri), "RESULT") == "new"
    run(body())


def test_force_reregister_from_another_authid_is_refused(clients):
    async def body():
        async with clients() as c:
            holder = await c.connect(label="holder")
            other = await c.connect(label="other")
            caller = await c.connect(label="caller")
            assert holder._authid != other._authid, (holder._authid, other._authid)
            uri = unique_uri("com.adv.rpc.force2")
            await wait(holder.register(lambda: "holder", uri), "REGISTERED")
            await expect_error(other.register(lambda: "other", uri, options=RegisterOptions(force_reregister=True)),
                               "wamp.error.procedure_already_exists", "ERROR for force_reregister by another authid")
            # the holder keeps its registration (an UNREGISTERED would have come before this INVOCATION)
            assert await wait(caller.call(uri), "RESULT") == "holder"
            assert not [m for m in holder.received if isinstance(m, message.Unregistered)], show(holder.received)
    run(body())


# -- progressive call invocations (beyond autobahn 22.7: see the module docstring) -----------------------

class ChunkCallee:
    """A callee that announces progressive_call_invocations and takes the
    INVOCATIONs of its registration (and any later INVOCATION with a request id
    seen there) off autobahn's hands, as decoded wire lists."""

    def __init__(self, session, name):
        self.session = session
        self.chunks = Inbox(session, name + ": INVOCATIONs")
        self.registration = None
        self.requests = set()

    @classmethod
    async def open(cls, c, uri, name, match=None):
        session = await c.connect(label=name, features=PROGRESSIVE_CALLEE, record_raw=True)
        self = cls(session, name)
        reg = await wait(session.register(lambda: "not reached", uri, options=RegisterOptions(
            match=match, invoke="roundrobin")), "REGISTERED " + name)
        self.registration = reg.id
        session.intercept = self._intercept
        return self

    def _intercept(self, msg, raw):
        if isinstance(msg, message.Invocation) and (msg.registration == self.registration
                                                     or msg.request in self.requests):
            self.requests.add(msg.request)
            self.chunks.put(raw)
            return True
        return False

    def answer(self, request, *args):
        self.session._transport.send(message.Yield(request, args=list(args)))


def send_chunk(caller, request, procedure, args, progress):
    msg = message.Call(request, procedure, args=args)
    caller._transport.send(with_options(msg, progress=True) if progress else msg)


async def progressive_call(caller, procedure, chunks, **initial_options):
    """CALL with progress=True (plus initial_options), further chunks with the
    same request id, the last without progress. Returns (pending result, request id)."""
    with extra_options(caller, progress=True, **initial_options):
        pending = caller.call(procedure, chunks[0])
    req = last_request(caller, procedure)
    for i, chunk in enumerate(chunks[1:], start=2):
        send_chunk(caller, req, procedure, [chunk], progress=i < len(chunks))
    return pending, req


def describe(raws):
    return "INVOCATIONs received: {!r}".format(raws)


def test_progressive_call_invocations(clients):
    async def body():
        async with clients() as c:
            uri = unique_uri("com.adv.rpc.upload")
            callee = await ChunkCallee.open(c, uri, "callee")
            caller = await c.connect(label="caller", features=PROGRESSIVE_INVOCATIONS)
            chunks = ["chunk1", b"\x00\x01chunk2", {"chunk": 3}]
            pending, _ = await progressive_call(caller, uri, chunks)
            raws = [await callee.chunks.next("INVOCATION #{}".format(i + 1)) for i in range(3)]
            callee.answer(raws[0][1], "all", 3)
            res = await wait(pending, "RESULT for the progressive call")
            assert_same(["all", 3], list(res.results), "RESULT.args")

            # [INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, Arguments|list]
            assert all(r[0] == 68 for r in raws), describe(raws)
            assert len({r[1] for r in raws}) == 1, "request ids differ; " + describe(raws)
            assert_same(chunks, [r[4][0] for r in raws], "INVOCATION.Arguments[0] in order")
            assert [bool(r[3].get("progress")) for r in raws] == [True, True, False], describe(raws)
            assert [r[2] for r in raws] == [callee.registration] * 3, \
                "INVOCATION.Registration must be REGISTERED.Registration|id ({}) on every chunk; {}".format(
                    callee.registration, describe(raws))
    run(body())


def test_progressive_call_invocations_freeze_initial_options(clients):
    # spec: "items in the Details dictionary of corresponding INVOCATION messages shall be based on
    # the initiating progressive CALL only"; with disclose_me "all INVOCATION messages associated with
    # the overall request shall contain caller identity information"
    async def body():
        async with clients() as c:
            root = unique_uri("com.adv.rpc.frozen")
            callee = await ChunkCallee.open(c, root, "callee", match="prefix")
            caller = await c.connect(label="caller", features=PROGRESSIVE_INVOCATIONS)
            me = caller.joined.result()
            proc = root + ".stream"
            pending, _ = await progressive_call(caller, proc, ["a", "b", "c"], disclose_me=True)
            raws = [await callee.chunks.next("INVOCATION #{}".format(i + 1)) for i in range(3)]
            callee.answer(raws[0][1], "ok")
            assert await wait(pending, "RESULT") == "ok"
            expected = {"caller": me.session, "caller_authid": me.authid, "caller_authrole": me.authrole,
                        "procedure": proc}
            for i, r in enumerate(raws):
                details = {k: r[3].get(k) for k in expected}
                assert details == expected, "INVOCATION #{} Details {!r}, expected {!r}; {}".format(
                    i + 1, r[3], expected, describe(raws))
    run(body())


async def first_chunk(callees):
    """(callee, raw INVOCATION) for the first callee that gets an INVOCATION."""
    tasks = {asyncio.ensure_future(cl.chunks.next("the first INVOCATION")): cl for cl in callees}
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for t in pending:
        t.cancel()
    assert len(done) == 1, "more than one callee invoked at once: {}".format([t.result() for t in done])
    t = done.pop()
    return tasks[t], t.result()


def test_progressive_call_invocations_stick_to_one_callee(clients):
    # spec: with a shared registration the first INVOCATION follows the policy, later chunks go to the same callee
    async def body():
        async with clients() as c:
            uri = unique_uri("com.adv.rpc.sticky")
            callees = [await ChunkCallee.open(c, uri, "callee{}".format(i + 1)) for i in range(2)]
            caller = await c.connect(label="caller", features=PROGRESSIVE_INVOCATIONS)
            served = []
            for _ in range(2):    # roundrobin: one call starts at each callee
                pending, _ = await progressive_call(caller, uri, ["x", "y", "z"])
                target, first = await first_chunk(callees)
                rest = [await target.chunks.next("a later INVOCATION") for _ in range(2)]
                target.answer(first[1], target.session.label)
                assert await wait(pending, "RESULT") == target.session.label
                assert_same(["x", "y", "z"], [r[4][0] for r in [first] + rest], "chunks at " + target.session.label)
                served.append(target.session.label)
            assert sorted(served) == ["callee1", "callee2"], served
            for cl in callees:
                cl.chunks.assert_empty("every chunk went to the callee of its call")
    run(body())


def test_progressive_call_to_callee_without_the_feature(clients):
    # spec: "if a Callee doesn't support this feature, the Dealer MUST respond to the Caller with
    # wamp.error.feature_not_supported" (autobahn 22.7's callee does not announce it)
    async def body():
        async with clients() as c:
            callee = await c.connect(label="plain autobahn callee")
            caller = await c.connect(label="caller", features=PROGRESSIVE_INVOCATIONS)
            uri = unique_uri("com.adv.rpc.unsupported")
            inbox = Inbox(callee, "endpoint")
            await wait(callee.register(recorder(inbox, "invoked"), uri, options=opts()), "REGISTERED")
            with extra_options(caller, progress=True):
                pending = caller.call(uri, "chunk1")
            try:
                await expect_error(pending, "wamp.error.feature_not_supported",
                                   "ERROR for a progressive CALL to a callee without progressive_call_invocations")
            finally:
                invoked = inbox.drain()
                assert not invoked, "the callee was invoked: {!r}; INVOCATIONs {}".format(
                    invoked, show(invocations(callee)))
    run(body())


def test_progressive_call_from_caller_without_the_feature(clients):
    # spec: a CALL with progress=true from a Caller that did not announce progressive_call_invocations
    # "MUST be treated as protocol errors with the underlying WAMP sessions being aborted"
    async def body():
        async with clients() as c:
            uri = unique_uri("com.adv.rpc.unannounced")
            callee = await ChunkCallee.open(c, uri, "callee")
            fence_uri = await add_fence(callee.session)
            caller = await c.connect(label="plain autobahn caller")
            with extra_options(caller, progress=True):
                caller.call(uri, "chunk1")
            # an ABORT would arrive before the answer to this later call
            follow_up = asyncio.ensure_future(caller.call(fence_uri))
            await wait(asyncio.wait([follow_up, caller.disconnected], return_when=asyncio.FIRST_COMPLETED),
                       "ABORT or the follow-up call's RESULT")
            aborts = [m for m in caller.received if isinstance(m, message.Abort)]
            assert aborts, "session not aborted; the router sent {} and the callee got {}".format(
                show(caller.received), callee.chunks.drain())
            assert aborts[0].reason == "wamp.error.protocol_violation", aborts[0]
    run(body())
