"""The router's own in-process sessions (device bridge, uplinks) join with the
router-internal method "trusted" (authprovider "internal"), whatever the
listeners' authentication: a realm with NO anonymous entry at all, only a
ticket user, still gets the sim board's sensors.env.* readings, which a
ticket-authenticated python3-autobahn client receives; the device sessions
carry the built-in role "trusted" (wamp.session.get shows it). A network client
cannot use "trusted" (ABORT no_auth_method), and a listener cannot be
configured with it (check-config refuses). docs/security.md, "In-process sessions".
"""

import json
import os
import shutil
import subprocess
import tempfile
import time

import pytest
from autobahn.wamp.types import SubscribeOptions

import conftest
from test_authentication import connect, expect_abort, hash_secret
from wamp_client import Inbox, close_all, run

REALM = "secure"
TICKET = "alice-ticket"
ENV_QUANTITIES = {"temperature", "humidity", "pressure"}
START_TIMEOUT = 20.0


def _binary():
    return os.environ.get("EDGEWAMP_BIN", conftest.DEFAULT_BIN)


def ticket_only_config(port, unix_path):
    return {
        "board": "sim",
        "realms": [{"name": REALM, "roles": [{"name": "user", "permissions": [
            {"uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"]}]}]}],
        "authentication": {"ticket": [{"authid": "alice", "secretHash": hash_secret("--iterations", "1000", secret=TICKET),
                                       "realm": REALM, "role": "user"}]},
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(port), "authMethods": ["ticket"]},
            {"unix": unix_path, "authMethods": ["ticket"]},
        ],
    }


@pytest.fixture(scope="module")
def ticket_router():
    workdir = tempfile.mkdtemp(prefix="edgewamp-trusted-")
    r = conftest.Router(_binary(), workdir, config_factory=ticket_only_config)
    try:
        r.start()
    except Exception:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    yield r
    problem = r.stop()
    leftover = r.new_stderr()
    output = r.output()
    shutil.rmtree(workdir, ignore_errors=True)
    if problem or leftover:
        pytest.fail("on shutdown: {}\n{}".format(problem or "stderr output", output), pytrace=False)


async def _alice(router, track, transport="tcp", serializer="json"):
    session, details = await connect(router, authmethods=["ticket"], authid="alice", answer=lambda c: TICKET,
                                     transport=transport, serializer=serializer, track=track)
    assert (details.authid, details.authrole, details.authmethod) == ("alice", "user", "ticket"), details
    return session


@pytest.mark.parametrize("serializer,transport", [("json", "tcp"), ("cbor", "unix")])
def test_ticket_client_receives_sensor_readings_without_any_anonymous_entry(ticket_router, serializer, transport):
    async def body():
        sessions = []
        try:
            s = await _alice(ticket_router, sessions, transport, serializer)
            # The sensors publish right after the router starts; their retained readings come on subscribe.
            deadline = time.monotonic() + START_TIMEOUT
            seen = {}
            while set(seen) != ENV_QUANTITIES:
                inbox = Inbox(s, "sensors.env.")
                await s.subscribe(inbox.event_handler, "sensors.env.",
                                  options=SubscribeOptions(match="prefix", get_retained=True, details=True))
                try:
                    while set(seen) != ENV_QUANTITIES:
                        _, kwargs, details = await inbox.next("a sensors.env.* event")
                        seen[details.topic[len("sensors.env."):]] = kwargs
                except AssertionError:
                    if time.monotonic() > deadline:
                        raise
            assert set(seen) == ENV_QUANTITIES, seen
            for quantity, kwargs in seen.items():
                assert set(kwargs) == {"value", "unit", "ts"} and isinstance(kwargs["value"], float), (quantity, kwargs)
            # And the sensors' procedure answers the ticket user.
            result = await s.call("sensors.env.read")
            assert set(result.kwresults) == ENV_QUANTITIES, result.kwresults
        finally:
            await close_all(sessions)
    run(body())
    assert not ticket_router.check_alive(), ticket_router.output()


def test_device_sessions_are_trusted_with_the_built_in_role(ticket_router):
    async def body():
        sessions = []
        try:
            s = await _alice(ticket_router, sessions)
            ids = await s.call("wamp.session.list")
            details = [await s.call("wamp.session.get", session_id) for session_id in ids]
            devices = {d["authid"]: d for d in details if d["authmethod"] == "trusted"}
            assert {"gpio", "sensors"} <= set(devices), details
            for d in devices.values():
                assert (d["authrole"], d["authprovider"]) == ("trusted", "internal"), d
            alice = [d for d in details if d["authid"] == "alice"]
            assert alice and alice[0]["authprovider"] == "static", details
        finally:
            await close_all(sessions)
    run(body())


@pytest.mark.parametrize("transport", ["tcp", "unix"])
def test_network_client_cannot_use_trusted(ticket_router, transport):
    async def body():
        await expect_abort(ticket_router, "wamp.error.no_auth_method", authmethods=["trusted"], authid="sensors",
                           transport=transport)
        await expect_abort(ticket_router, "wamp.error.no_auth_method", authmethods=["trusted"], realm=REALM,
                           transport=transport)
    run(body())
    assert not ticket_router.check_alive(), ticket_router.output()


def _check_config(tmp_path, config):
    path = os.path.join(tmp_path, "config.json")
    with open(path, "w") as f:
        json.dump(config, f)
    return subprocess.run([_binary(), "check-config", path], capture_output=True, text=True, timeout=60, check=False)


def test_check_config_refuses_trusted_on_a_listener_and_an_unknown_device_role(tmp_path):
    config = ticket_only_config(1234, os.path.join(str(tmp_path), "edgewamp.sock"))
    config["listeners"][0]["authMethods"] = ["trusted"]
    config["devices"] = {"authrole": "device"}
    config["uplinks"] = [{"name": "cloud", "url": "rs://127.0.0.1:1", "realm": "up", "localAuthrole": "nobody"}]
    done = _check_config(str(tmp_path), config)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "$.listeners[0].authMethods" in output, output
    assert "$.devices.authrole" in output and "no role 'device' in realm 'secure'" in output, output
    assert "$.uplinks[0].localAuthrole" in output, output

    config = ticket_only_config(1234, os.path.join(str(tmp_path), "edgewamp.sock"))
    config["realms"][0]["roles"].append({"name": "device", "permissions": [
        {"uri": "sensors.", "match": "prefix", "allow": ["publish", "register"]}]})
    config["devices"] = {"authrole": "device"}
    done = _check_config(str(tmp_path), config)
    assert done.returncode == 0, done.stdout + done.stderr
