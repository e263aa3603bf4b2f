"""Session life cycle with autobahn, every serializer x transport: HELLO ->
WELCOME, GOODBYE handshake, ABORT for an unknown realm."""

import pytest
from autobahn.wamp import message

from wamp_client import SessionAborted, run, show, unique_uri, wait


def test_join_welcome(clients):
    async def body():
        async with clients() as c:
            s = await c.connect()
            details = await s.joined
            assert details.realm == "realm1", details.realm
            assert isinstance(details.session, int) and 1 <= details.session <= 2 ** 53, details.session
            welcome = s.received[0]
            assert isinstance(welcome, message.Welcome), show(s.received)
            assert "broker" in welcome.roles and "dealer" in welcome.roles, welcome.roles
            other = await c.connect()
            assert (await other.joined).session != details.session
    run(body())


def test_goodbye(clients):
    async def body():
        async with clients() as c:
            s = await c.connect()
            leave_events = []
            s.on("leave", lambda session, details: leave_events.append(details))

            closed = s.leave("wamp.close.normal")
            details = await wait(s.left, "GOODBYE reply from the router (on_leave)")
            assert details.reason == "wamp.close.goodbye_and_out", (details.reason, details.message)
            goodbyes = [m for m in s.received if isinstance(m, message.Goodbye)]
            assert len(goodbyes) == 1 and goodbyes[0].reason == "wamp.close.goodbye_and_out", show(s.received)
            await wait(closed, "the connection to close after GOODBYE")
            await wait(s.disconnected, "on_disconnect")
            assert [d.reason for d in leave_events] == ["wamp.close.goodbye_and_out"], leave_events
            assert not s.is_attached()
    run(body())


def test_join_unknown_realm_is_aborted(clients):
    async def body():
        async with clients() as c:
            with pytest.raises(SessionAborted) as info:
                await c.connect(realm=unique_uri("com.example.no_such_realm"))
            assert info.value.reason == "wamp.error.no_such_realm", str(info.value)
            # the router still serves other sessions on the same listener
            s = await c.connect()
            assert s.is_attached()
    run(body())
