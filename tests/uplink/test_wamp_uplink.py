"""WAMP uplink between two real edgewamp processes: A (the board) links to B
(the upstream) through a TcpGate; autobahn clients on both sides.

Each wait is bounded; no test sleeps to see that something does NOT happen.
"""

import asyncio
import os
import subprocess
import time

import pytest
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import PublishOptions, SubscribeOptions

from conftest import RouterProcess, TcpGate, anonymous_realm_config
from wamp_client import open_session, close_all, run, wait

PREFIX = "devices.pi7."
ONLINE_TIMEOUT = 20.0


def uplink(gate, queue_dir, **overrides):
    config = {
        "name": "cloud",
        "url": "rs://127.0.0.1:{}".format(gate.port),
        "realm": "realm1",
        "prefix": PREFIX,
        "publish": ["sensors."],
        "subscribe": ["commands."],
        "register": ["gpio."],
        "call": ["cloud."],
        "durable": ["sensors.durable."],
        "queue": {"maxBytes": 1048576, "maxAgeSeconds": 3600, "directory": queue_dir, "fsync": "batch"},
        "maxBackoffSeconds": 1,
    }
    config.update(overrides)
    return config


def upstream_config(process, websocket, tls=None):
    config = anonymous_realm_config(process.port, process.unix_path)
    if websocket:
        config["listeners"][0]["websocket"] = {"path": "/ws"}
    if tls:
        config["listeners"][0]["tls"] = tls
    return config


def openssl(*args):
    done = subprocess.run(["openssl", *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, "openssl {} failed: {}".format(" ".join(args), done.stderr)


def server_pki(directory):
    """A throwaway CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, server.pem, server.key)."""
    ca_key, ca, key, csr, cert, ext = (os.path.join(directory, name) for name in
                                       ("ca.key", "ca.pem", "server.key", "server.csr", "server.pem", "server.ext"))
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=uplink-test-ca", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign", "-keyout", ca_key, "-out", ca)
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1",
            "-keyout", key, "-out", csr)
    openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
            "-extfile", ext, "-out", cert)
    return ca, cert, key


class Pair:
    """B (upstream), a gate to it, and A (the board) uplinked through the gate: over
    RawSocket, or with ``websocket`` over WebSocket (B's TCP listener also serves /ws)."""

    def __init__(self, workdir, processes, websocket=False, tls=False, **overrides):
        pki = server_pki(workdir) if tls else None
        listener_tls = {"certificate": pki[1], "key": pki[2]} if tls else None
        self.b = RouterProcess("b", workdir, lambda p: upstream_config(p, websocket, listener_tls))
        processes.append(self.b)
        self.b.start()
        self.gate = TcpGate(self.b.port)
        if websocket:
            overrides["url"] = "{}://127.0.0.1:{}/ws".format("wss" if tls else "ws", self.gate.port)
        queue_dir = os.path.join(workdir, "queue")
        self.a = RouterProcess("a", workdir, lambda p: anonymous_realm_config(
            p.port, p.unix_path, [uplink(self.gate, queue_dir, **overrides)]))
        if tls:
            # The board trusts exactly the test CA, as the system's trusted roots (OpenSSL's SSL_CERT_FILE).
            self.a.env["SSL_CERT_FILE"] = pki[0]
        processes.append(self.a)

    def stop(self):
        self.gate.stop()


class Inbox:
    def __init__(self):
        self.queue = asyncio.Queue()

    def handler(self, *args, details=None, **kwargs):
        self.queue.put_nowait((list(args), kwargs, details))

    async def next(self, what):
        return await wait(self.queue.get(), what)


async def status(session):
    result = await wait(session.call("edgewamp.uplink.cloud.status"), "the uplink status")
    return result.kwresults


async def wait_for_status(session, predicate, what, timeout=ONLINE_TIMEOUT):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = await status(session)
        except ApplicationError as error:
            # The status procedure is registered once the uplink has started.
            if error.error != "wamp.error.no_such_procedure":
                raise
            await asyncio.sleep(0.1)
            continue
        if predicate(last):
            return last
        await asyncio.sleep(0.1)
    raise AssertionError("timed out after {}s waiting for {}; last status {}".format(timeout, what, last))


def online(s):
    return s["state"] == "online"


def test_local_event_reaches_upstream_subscriber_under_prefix(workdir, processes):
    pair = Pair(workdir, processes)
    pair.a.start()

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "json", "tcp", track=sessions)
            b = await open_session(pair.b, "cbor", "tcp", track=sessions)
            await wait_for_status(a, online, "the uplink online")
            inbox = Inbox()
            await wait(b.subscribe(inbox.handler, PREFIX + "sensors.env.temperature"), "SUBSCRIBED on B")
            await wait(a.publish("sensors.env.temperature", 21.5, unit="C", options=PublishOptions(acknowledge=True)), "PUBLISHED on A")
            args, kwargs, _ = await inbox.next("the event on B")
            assert args == [21.5] and kwargs == {"unit": "C"}
        finally:
            await close_all(sessions)

    try:
        run(body())
    finally:
        pair.stop()


def test_upstream_event_is_delivered_locally_without_prefix(workdir, processes):
    pair = Pair(workdir, processes)
    pair.a.start()

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "msgpack", "unix", track=sessions)
            b = await open_session(pair.b, "json", "tcp", track=sessions)
            await wait_for_status(a, online, "the uplink online")
            inbox = Inbox()
            await wait(a.subscribe(inbox.handler, "commands.led"), "SUBSCRIBED on A")
            await wait(b.publish(PREFIX + "commands.led", "on", options=PublishOptions(acknowledge=True)), "PUBLISHED on B")
            args, _, _ = await inbox.next("the command on A")
            assert args == ["on"]
        finally:
            await close_all(sessions)

    try:
        run(body())
    finally:
        pair.stop()


@pytest.mark.parametrize("tls", [False, True], ids=["ws", "wss"])
def test_uplink_over_websocket_carries_events_and_calls_both_ways(workdir, processes, tls):
    pair = Pair(workdir, processes, websocket=True, tls=tls)
    pair.a.start()

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "json", "tcp", track=sessions)
            # B's TCP listener speaks TLS in the wss case: its test client comes over the Unix socket.
            b = await open_session(pair.b, "cbor", "unix", track=sessions)
            await wait(b.register(lambda x, y: x * y, PREFIX + "cloud.multiply"), "REGISTERED on B")
            await wait(a.register(lambda level: "led={}".format(level), "gpio.led.write"), "REGISTERED on A")
            up, down = Inbox(), Inbox()
            await wait(b.subscribe(up.handler, PREFIX + "sensors.env.temperature"), "SUBSCRIBED on B")
            await wait(a.subscribe(down.handler, "commands.led"), "SUBSCRIBED on A")
            await wait_for_status(a, online, "the uplink online over {}://".format("wss" if tls else "ws"))

            await wait(a.publish("sensors.env.temperature", 21.5, options=PublishOptions(acknowledge=True)), "PUBLISHED on A")
            assert (await up.next("the event on B"))[0] == [21.5]
            await wait(b.publish(PREFIX + "commands.led", "on", options=PublishOptions(acknowledge=True)), "PUBLISHED on B")
            assert (await down.next("the command on A"))[0] == ["on"]
            assert await wait(a.call("cloud.multiply", 6, 7), "the RESULT on A") == 42
            assert await wait(b.call(PREFIX + "gpio.led.write", 1), "the RESULT on B") == "led=1"
        finally:
            await close_all(sessions)

    try:
        run(body())
    finally:
        pair.stop()


def test_upstream_caller_calls_local_procedure(workdir, processes):
    pair = Pair(workdir, processes)
    pair.a.start()

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "cbor", "tcp", track=sessions)
            b = await open_session(pair.b, "json", "tcp", track=sessions)
            writes = []

            def write(level):
                writes.append(level)
                return "led={}".format(level)

            await wait(a.register(write, "gpio.led.write"), "REGISTERED on A")
            await wait_for_status(a, online, "the uplink online")
            result = await wait(b.call(PREFIX + "gpio.led.write", 1), "the RESULT on B")
            assert result == "led=1" and writes == [1]
            try:
                await wait(b.call(PREFIX + "gpio.nothing"), "the ERROR on B")
                raise AssertionError("calling an unregistered local procedure succeeded")
            except ApplicationError as error:
                assert error.error == "wamp.error.no_such_procedure"
        finally:
            await close_all(sessions)

    try:
        run(body())
    finally:
        pair.stop()


def test_local_caller_calls_upstream_procedure(workdir, processes):
    pair = Pair(workdir, processes)
    pair.a.start()

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "json", "tcp", track=sessions)
            b = await open_session(pair.b, "cbor", "tcp", track=sessions)
            await wait(b.register(lambda x, y: x * y, PREFIX + "cloud.multiply"), "REGISTERED on B")
            await wait_for_status(a, online, "the uplink online")
            assert await wait(a.call("cloud.multiply", 6, 7), "the RESULT on A") == 42
        finally:
            await close_all(sessions)

    try:
        run(body())
    finally:
        pair.stop()


def test_state_events_follow_the_link(workdir, processes):
    pair = Pair(workdir, processes)
    pair.a.start()

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "json", "tcp", track=sessions)
            await wait_for_status(a, online, "the uplink online")
            inbox = Inbox()
            await wait(a.subscribe(inbox.handler, "edgewamp.uplink.cloud.state"), "SUBSCRIBED to the state")
            pair.gate.close()
            _, kwargs, _ = await inbox.next("the offline state event")
            assert kwargs["state"] == "offline" and kwargs["reason"]
            pair.gate.open()
            states = []
            while "online" not in states:
                _, kwargs, _ = await inbox.next("state events until online")
                states.append(kwargs["state"])
            assert "connecting" in states
            s = await status(a)
            assert s["counters"]["connects"] >= 2
        finally:
            await close_all(sessions)

    try:
        run(body())
    finally:
        pair.stop()


def test_durable_events_survive_upstream_outage_in_order(workdir, processes):
    pair = Pair(workdir, processes)
    pair.a.start()
    count = 20

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "cbor", "tcp", track=sessions)
            await wait_for_status(a, online, "the uplink online")
            # B dies without a word; the gate keeps it unreachable until its subscriber is back.
            pair.b.kill()
            pair.gate.close()
            await wait_for_status(a, lambda s: s["state"] != "online", "the uplink offline")
            for i in range(count):
                await wait(a.publish("sensors.durable.temperature", i, options=PublishOptions(acknowledge=True)), "PUBLISHED {}".format(i))
            await wait_for_status(a, lambda s: s["queue"]["depth"] == count, "{} queued events".format(count))
            await asyncio.sleep(3)  # B stays down for several seconds, as the issue asks

            pair.b.start()
            b = await open_session(pair.b, "json", "tcp", track=sessions)
            inbox = Inbox()
            await wait(b.subscribe(inbox.handler, PREFIX + "sensors.durable.temperature"), "SUBSCRIBED on B")
            pair.gate.open()
            received = [(await inbox.next("queued event {}".format(i)))[0][0] for i in range(count)]
            assert received == list(range(count))
            s = await wait_for_status(a, lambda s: s["queue"]["depth"] == 0, "an empty queue")
            assert s["queue"]["dropped"] == 0 and s["counters"]["forwarded"] >= count
        finally:
            await close_all(sessions)

    try:
        run(body(), timeout=90)
    finally:
        pair.stop()


def _restart_keeps_queue(workdir, processes, stop):
    pair = Pair(workdir, processes)
    pair.gate.close()
    pair.a.start()

    async def publish(first, last):
        sessions = []
        try:
            a = await open_session(pair.a, "cbor", "tcp", track=sessions)
            for i in range(first, last):
                await wait(a.publish("sensors.durable.level", i, options=PublishOptions(acknowledge=True)), "PUBLISHED {}".format(i))
            return await wait_for_status(a, lambda s: s["queue"]["depth"] == last, "{} queued events".format(last))
        finally:
            await close_all(sessions)

    async def deliver(count):
        sessions = []
        try:
            b = await open_session(pair.b, "cbor", "tcp", track=sessions)
            inbox = Inbox()
            await wait(b.subscribe(inbox.handler, PREFIX + "sensors.durable.level"), "SUBSCRIBED on B")
            pair.gate.open()
            return [(await inbox.next("queued event {}".format(i)))[0][0] for i in range(count)]
        finally:
            await close_all(sessions)

    try:
        run(publish(0, 10))
        stop(pair.a)
        pair.a.start()
        s = run(publish(10, 15))
        assert s["state"] != "online"
        assert run(deliver(15), timeout=90) == list(range(15))
    finally:
        pair.stop()


def test_board_restart_with_queued_events_loses_nothing(workdir, processes):
    _restart_keeps_queue(workdir, processes, RouterProcess.stop)


def test_board_crash_with_queued_events_loses_nothing(workdir, processes):
    _restart_keeps_queue(workdir, processes, RouterProcess.kill)


def test_queue_bound_drops_oldest_and_reports_the_count(workdir, processes):
    # Each queued record is about 40 bytes: 200 bytes hold the newest few of 20 events.
    pair = Pair(workdir, processes, queue={"maxBytes": 200, "maxAgeSeconds": 3600,
                                           "directory": os.path.join(workdir, "queue")})
    pair.gate.close()
    pair.a.start()
    count = 20

    async def body():
        sessions = []
        try:
            a = await open_session(pair.a, "cbor", "tcp", track=sessions)
            drops = Inbox()
            await wait(a.subscribe(drops.handler, "edgewamp.uplink.cloud.queue"), "SUBSCRIBED to the queue topic")
            for i in range(count):
                await wait(a.publish("sensors.durable.level", i, options=PublishOptions(acknowledge=True)), "PUBLISHED {}".format(i))
            _, kwargs, _ = await drops.next("the dropped-count event")
            assert kwargs["dropped"] >= 1
            s = await wait_for_status(a, lambda s: s["queue"]["depth"] + s["queue"]["dropped"] == count, "all events queued or dropped")
            assert s["queue"]["bytes"] <= 200
            kept = s["queue"]["depth"]

            b = await open_session(pair.b, "json", "tcp", track=sessions)
            inbox = Inbox()
            await wait(b.subscribe(inbox.handler, PREFIX + "sensors.durable.level"), "SUBSCRIBED on B")
            pair.gate.open()
            received = [(await inbox.next("kept event {}".format(i)))[0][0] for i in range(kept)]
            # The oldest went; the newest arrive, in order.
            assert received == list(range(count - kept, count))
        finally:
            await close_all(sessions)

    try:
        run(body(), timeout=90)
    finally:
        pair.stop()
