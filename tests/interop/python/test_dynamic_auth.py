"""Dynamic authentication and authorization with autobahn: a trusted autobahn
session (static ticket principal "gatekeeper") registers the authenticator and
the authorizer; another autobahn client gets in with a ticket only the
authenticator knows, is allowed one procedure (a cached decision, so the
authorizer is asked once) and denied another. The module runs its own router,
as test_authentication.py does.
"""

import os
import shutil
import tempfile

import pytest
from autobahn.wamp.exception import ApplicationError

import conftest
import wamp_client
from test_authentication import check_alive, connect, expect_abort, hash_secret
from wamp_client import run, wait

REALM = "dyn"
GATEKEEPER_TICKET = "gatekeeper-ticket"
ZOE_TICKET = "open-sesame"


def dynamic_config(port, unix_path):
    return {
        "realms": [
            {"name": REALM, "roles": [
                {"name": "trusted", "permissions": [
                    {"uri": "com.example.", "match": "prefix", "allow": ["register", "call"]}]},
                {"name": "user", "authorizer": "com.example.authorize", "authorizerTimeoutMs": 5000,
                 "permissions": [{"uri": "public.", "match": "prefix", "allow": ["subscribe"]}]},
            ]},
        ],
        "authentication": {
            "ticket": [{"authid": "gatekeeper", "secretHash": hash_secret("--iterations", "1000", secret=GATEKEEPER_TICKET),
                        "realm": REALM, "role": "trusted"}],
            "dynamic": [{"realm": REALM, "procedure": "com.example.authenticate", "timeoutMs": 5000}],
        },
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(port), "authMethods": ["ticket"]},
            {"unix": unix_path, "authMethods": ["ticket"]},
        ],
        "limits": {"authFailureLimit": 1000},
    }


@pytest.fixture(scope="module")
def dynamic_router():
    workdir = tempfile.mkdtemp(prefix="edgewamp-dynauth-")
    r = conftest.Router(os.environ.get("EDGEWAMP_BIN", conftest.DEFAULT_BIN), workdir, config_factory=dynamic_config)
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


@pytest.mark.parametrize("serializer,transport", [("json", "tcp"), ("msgpack", "unix"), ("cbor", "tcp")])
def test_authenticator_and_authorizer_registered_by_autobahn(dynamic_router, serializer, transport):
    async def body():
        sessions = []
        asked = {"authenticate": [], "authorize": []}

        def authenticate(realm, authid, details):
            asked["authenticate"].append((realm, authid, details))
            if details.get("ticket") != ZOE_TICKET:
                raise ApplicationError("com.example.invalid_ticket", "unknown ticket")
            return {"role": "user", "authid": authid}

        def authorize(session, uri, action):
            asked["authorize"].append((session, uri, action))
            return {"allow": uri == "com.example.echo" and action == "call", "cache": True}

        try:
            gatekeeper, _ = await connect(dynamic_router, ["ticket"], authid="gatekeeper",
                                          answer=lambda c: GATEKEEPER_TICKET, realm=REALM, track=sessions)
            await gatekeeper.register(authenticate, "com.example.authenticate")
            await gatekeeper.register(authorize, "com.example.authorize")
            await gatekeeper.register(lambda text: text, "com.example.echo")
            await gatekeeper.register(lambda: "classified", "com.example.secret")

            zoe, details = await connect(dynamic_router, ["ticket"], authid="zoe", answer=lambda c: ZOE_TICKET,
                                         realm=REALM, serializer=serializer, transport=transport, track=sessions)
            assert (details.authid, details.authrole, details.authmethod, details.authprovider) == \
                ("zoe", "user", "ticket", "dynamic"), details
            realm, authid, auth_details = asked["authenticate"][-1]
            assert (realm, authid, auth_details["ticket"], auth_details["authmethod"]) == (REALM, "zoe", ZOE_TICKET, "ticket")
            assert auth_details["session"] == details.session

            # Allowed and cached: two calls, one question.
            assert await wait(zoe.call("com.example.echo", "hi"), "RESULT of echo") == "hi"
            assert await wait(zoe.call("com.example.echo", "again"), "RESULT of echo") == "again"
            echo_questions = [q for q in asked["authorize"] if q[1] == "com.example.echo"]
            assert len(echo_questions) == 1, asked["authorize"]
            session, uri, action = echo_questions[0]
            assert (session["session"], session["authid"], session["authrole"], session["authmethod"], action) == \
                (details.session, "zoe", "user", "ticket", "call"), session

            # Denied: an ERROR, as for a static rule.
            with pytest.raises(ApplicationError) as denied:
                await wait(zoe.call("com.example.secret"), "ERROR of secret")
            assert denied.value.error == "wamp.error.not_authorized", denied.value

            # Statically allowed: the authorizer is not asked.
            before = len(asked["authorize"])
            await wait(zoe.subscribe(lambda: None, "public.news"), "SUBSCRIBED")
            assert len(asked["authorize"]) == before
        finally:
            await wamp_client.close_all(sessions)

        # Wrong ticket: the authenticator raises, the client gets ABORT authentication_denied.
        gatekeeper_sessions = []
        try:
            gatekeeper, _ = await connect(dynamic_router, ["ticket"], authid="gatekeeper",
                                          answer=lambda c: GATEKEEPER_TICKET, realm=REALM, track=gatekeeper_sessions)
            await gatekeeper.register(authenticate, "com.example.authenticate")
            await expect_abort(dynamic_router, "wamp.error.authentication_denied", authmethods=["ticket"], authid="zoe",
                               answer=lambda c: "wrong", realm=REALM, serializer=serializer, transport=transport)
        finally:
            await wamp_client.close_all(gatekeeper_sessions)

    run(body())
    check_alive(dynamic_router)


def test_no_authenticator_registered_fails_authentication(dynamic_router):
    async def body():
        await expect_abort(dynamic_router, "wamp.error.authentication_failed", authmethods=["ticket"], authid="zoe",
                           answer=lambda c: ZOE_TICKET, realm=REALM)
    run(body())
    check_alive(dynamic_router)
