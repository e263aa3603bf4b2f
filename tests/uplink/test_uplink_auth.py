"""An authenticated WAMP uplink between two real edgewamp processes: A's uplink
authenticates to B with ticket (B stores a secretHash made by `edgewamp
hash-secret`), WAMP-CRA and cryptosign (B holds the public key, A the seed).
Neither router has any anonymous entry on the TCP listener the uplink reaches,
and A has no anonymous entry at all: its clients use a ticket, and the uplink's
local session (like A's sim-board device sessions) joins A as a router-internal
"trusted" session. The tests' own topics (sensors.test.*) are not the sim
board's.

With a wrong secret, A reports the refusal in edgewamp.uplink.cloud.state and
the status procedure, keeps running, and retries with backoff.
"""

import asyncio
import os
import subprocess
import time

import nacl.signing
from autobahn.wamp.types import ComponentConfig, PublishOptions, SubscribeOptions

import wamp_client
from conftest import DEFAULT_BIN, RouterProcess, TcpGate
from wamp_client import close_all, open_session, run, wait

PREFIX = "devices.pi7."
ONLINE_TIMEOUT = 20.0
EVERYTHING = [{"uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"]}]
A_TICKET = "alice-on-a"
UPLINK_TICKET = "board-1-ticket"
CRA_SECRET = "board-2-secret"
SIGNING_KEY = nacl.signing.SigningKey.generate()


def _binary():
    return os.environ.get("EDGEWAMP_BIN", DEFAULT_BIN)


def hash_secret(secret):
    done = subprocess.run([_binary(), "hash-secret", "--iterations", "1000"], input=secret + "\n", capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def upstream_config(p):
    """B: the uplink's TCP listener takes ticket, wampcra and cryptosign only; the tests' own client uses the
    Unix socket, which admits anonymous sessions."""
    return {
        "realms": [{"name": "realm1", "roles": [{"name": "edge", "permissions": EVERYTHING},
                                                {"name": "anonymous", "permissions": EVERYTHING}]}],
        "authentication": {
            "anonymous": [{"realm": "realm1", "role": "anonymous"}],
            "ticket": [{"authid": "board-1", "secretHash": hash_secret(UPLINK_TICKET), "realm": "realm1", "role": "edge"}],
            "wampcra": [{"authid": "board-2", "secret": CRA_SECRET, "realm": "realm1", "role": "edge"}],
            "cryptosign": [{"authid": "board-3", "realm": "realm1", "role": "edge",
                            "publicKeys": [SIGNING_KEY.verify_key.encode().hex()]}],
        },
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(p.port), "authMethods": ["ticket", "wampcra", "cryptosign"]},
            {"unix": p.unix_path, "authMethods": ["anonymous"]},
        ],
        "limits": {"authFailureLimit": 1000},
    }


def board_config(p, uplink, roles=()):
    """A: no anonymous entry at all; its one user has a ticket."""
    return {
        "realms": [{"name": "realm1", "roles": [{"name": "user", "permissions": EVERYTHING}] + list(roles)}],
        "authentication": {"ticket": [{"authid": "alice", "secretHash": hash_secret(A_TICKET), "realm": "realm1", "role": "user"}]},
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(p.port), "authMethods": ["ticket"]},
            {"unix": p.unix_path, "authMethods": ["ticket"]},
        ],
        "uplinks": [uplink],
    }


def uplink(gate, authentication, **overrides):
    config = {
        "name": "cloud",
        "url": "rs://127.0.0.1:{}".format(gate.port),
        "realm": "realm1",
        "prefix": PREFIX,
        "publish": ["sensors."],
        "subscribe": ["commands."],
        "authentication": authentication,
        "maxBackoffSeconds": 1,
    }
    config.update(overrides)
    return config


class AuthPair:
    """B, a gate to it, and A uplinked through the gate with ``authentication``."""

    def __init__(self, workdir, processes, authentication, roles=(), **overrides):
        self.b = RouterProcess("b", workdir, upstream_config)
        processes.append(self.b)
        self.b.start()
        self.gate = TcpGate(self.b.port)
        self.a = RouterProcess("a", workdir, lambda p: board_config(p, uplink(self.gate, authentication, **overrides), roles))
        processes.append(self.a)
        self.a.start()

    def stop(self):
        self.gate.stop()


class TicketSession(wamp_client.Session):
    def onConnect(self):
        self.join(self.config.realm, authmethods=["ticket"], authid="alice")

    def onChallenge(self, challenge):
        return A_TICKET


async def alice_on_a(router, track):
    """A's ticket user, over A's Unix socket."""
    session = TicketSession(ComponentConfig(realm="realm1"), "alice@a")
    track.append(session)
    factory = wamp_client.WampRawSocketClientFactory(lambda: session, serializer=wamp_client.SERIALIZERS["cbor"]())
    factory.protocol = wamp_client.RawSocketClientProtocol
    factory.session = session
    await wait(asyncio.get_running_loop().create_unix_connection(factory, router.unix_path), "connecting to A")
    await wait(asyncio.shield(session.joined), "WELCOME from A")
    return session


async def status(session):
    return (await wait(session.call("edgewamp.uplink.cloud.status"), "the uplink status")).kwresults


async def wait_for_status(session, predicate, what, timeout=ONLINE_TIMEOUT):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = await status(session)
        if predicate(last):
            return last
        await asyncio.sleep(0.1)
    raise AssertionError("timed out after {}s waiting for {}; last status {}".format(timeout, what, last))


def check_event_crosses(pair, authid, authmethod):
    """Online, B sees the uplink's session as ``authid``/``authmethod``, and an event on A reaches B's subscriber."""
    async def body():
        sessions = []
        try:
            a = await alice_on_a(pair.a, sessions)
            b = await open_session(pair.b, "json", "unix", track=sessions)
            await wait_for_status(a, lambda s: s["state"] == "online", "the uplink online")
            uplinks = [await b.call("wamp.session.get", i) for i in await b.call("wamp.session.list")]
            ours = [s for s in uplinks if s["authid"] == authid]
            assert len(ours) == 1 and (ours[0]["authmethod"], ours[0]["authrole"]) == (authmethod, "edge"), uplinks
            inbox = wamp_client.Inbox(b, "on B")
            await wait(b.subscribe(inbox.event_handler, PREFIX + "sensors.test.temperature"), "SUBSCRIBED on B")
            await wait(a.publish("sensors.test.temperature", 21.5, unit="C", options=PublishOptions(acknowledge=True)), "PUBLISHED on A")
            args, kwargs, _ = await inbox.next("the event on B")
            assert args == [21.5] and kwargs == {"unit": "C"}, (args, kwargs)
        finally:
            await close_all(sessions)
    run(body())


def test_ticket_uplink(workdir, processes):
    pair = AuthPair(workdir, processes, {"method": "ticket", "authid": "board-1", "secret": UPLINK_TICKET})
    try:
        check_event_crosses(pair, "board-1", "ticket")
    finally:
        pair.stop()


def test_wampcra_uplink_with_a_named_local_role(workdir, processes):
    # The uplink's local session gets the role "uplink" of A's realm instead of the built-in "trusted".
    role = {"name": "uplink", "permissions": [
        {"uri": "sensors.", "match": "prefix", "allow": ["subscribe"]},
        {"uri": "commands.", "match": "prefix", "allow": ["publish"]},
        {"uri": "edgewamp.uplink.cloud.", "match": "prefix", "allow": ["publish", "register"]}]}
    pair = AuthPair(workdir, processes, {"method": "wampcra", "authid": "board-2", "secret": CRA_SECRET},
                    roles=[role], localAuthrole="uplink")
    try:
        check_event_crosses(pair, "board-2", "wampcra")

        async def local_role():
            sessions = []
            try:
                a = await alice_on_a(pair.a, sessions)
                details = [await a.call("wamp.session.get", i) for i in await a.call("wamp.session.list")]
                local = [d for d in details if d["authid"] == "uplink cloud"]
                assert len(local) == 1 and (local[0]["authmethod"], local[0]["authrole"], local[0]["authprovider"]) == \
                    ("trusted", "uplink", "internal"), details
            finally:
                await close_all(sessions)
        run(local_role())
    finally:
        pair.stop()


def test_cryptosign_uplink(workdir, processes):
    pair = AuthPair(workdir, processes, {"method": "cryptosign", "authid": "board-3", "secret": SIGNING_KEY.encode().hex()})
    try:
        check_event_crosses(pair, "board-3", "cryptosign")
    finally:
        pair.stop()


def test_wrong_ticket_is_reported_and_retried_with_backoff(workdir, processes):
    pair = AuthPair(workdir, processes, {"method": "ticket", "authid": "board-1", "secret": "not-" + UPLINK_TICKET})

    async def body():
        sessions = []
        try:
            a = await alice_on_a(pair.a, sessions)
            states = asyncio.Queue()
            await wait(a.subscribe(lambda state, reason: states.put_nowait((time.monotonic(), state, reason)),
                                   "edgewamp.uplink.cloud.state", options=SubscribeOptions()), "SUBSCRIBED to the state")
            refusals = []
            connecting = []
            deadline = time.monotonic() + ONLINE_TIMEOUT
            while len(refusals) < 3:
                assert time.monotonic() < deadline, (refusals, connecting)
                at, state, reason = await wait(states.get(), "the next uplink state")
                assert state != "online", reason
                if state == "connecting":
                    connecting.append(at)
                elif state == "offline":
                    assert "wamp.error.authentication_denied" in reason, reason
                    refusals.append(at)
            # Attempts are spaced by the backoff (at least half of 500 ms, then of 1 s), not a tight loop.
            gaps = [b - a for a, b in zip(connecting, connecting[1:])]
            assert gaps and all(gap >= 0.2 for gap in gaps), gaps
            last = await wait_for_status(a, lambda s: s["state"] == "offline", "the status offline")
            assert "wamp.error.authentication_denied" in last["reason"], last
            assert last["counters"]["connects"] == 0, last
        finally:
            await close_all(sessions)

    try:
        run(body())
        assert pair.a.proc.poll() is None, pair.a.output()
    finally:
        pair.stop()
