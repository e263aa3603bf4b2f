"""Authentication with autobahn, right and wrong credentials for every method
autobahn 22.7 speaks: ticket, WAMP-CRA (plain and salted), WAMP-SCRAM
(autobahn's AuthScram, Argon2id), cryptosign (PyNaCl), and anonymous refused
where a realm does not admit it. The module runs its own router whose config
holds the principals; the stored secrets are made by `edgewamp hash-secret`,
so the CLI is exercised as users would run it.

(autobahn 22.7's AuthScram cannot do its PBKDF2 variant: it passes the salt as
text where its pbkdf2() requires bytes; the router side of PBKDF2 is covered by
the Router unit tests.)
"""

import asyncio
import json
import os
import shutil
import subprocess
import tempfile

import time

import jwt
import nacl.signing
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from autobahn.wamp import auth
from autobahn.wamp.auth import AuthCryptoSign, AuthScram
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import ComponentConfig

import conftest
import wamp_client
from wamp_client import SessionAborted, run, wait

REALM = "secure"
OPEN_REALM = "open"

TICKET = "alice-ticket-\u00e9"
CRA_SECRET = "bob-secret"
CRA_SALTED_PASSWORD = "carol-password"
CRA_SALT = "salt123"
CRA_ITERATIONS = 100
CRA_KEYLEN = 32
SCRAM_PASSWORD = "dave-password"
CRYPTOSIGN_KEY = nacl.signing.SigningKey.generate()
ISSUER = "https://auth.example"
AUDIENCE = "edgewamp"
JWT_KEYS = {
    "RS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "ES256": ec.generate_private_key(ec.SECP256R1()),
    "EdDSA": ed25519.Ed25519PrivateKey.generate(),
}
ROGUE_KEYS = {
    "RS256": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "ES256": ec.generate_private_key(ec.SECP256R1()),
    "EdDSA": ed25519.Ed25519PrivateKey.generate(),
}
OTHER_KEY = nacl.signing.SigningKey.generate()


def _binary():
    return os.environ.get("EDGEWAMP_BIN", conftest.DEFAULT_BIN)


def hash_secret(*args, secret):
    """`edgewamp hash-secret ARGS` with the secret on stdin; its stdout."""
    done = subprocess.run([_binary(), "hash-secret", *args], input=secret + "\n", capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, "hash-secret failed ({}): {}".format(done.returncode, done.stderr)
    return done.stdout.strip()


def public_pem(private_key):
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def token(alg, keys=None, **claims):
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "henry", "iat": now, "exp": now + 300}
    payload.update(claims)
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, (keys or JWT_KEYS)[alg], algorithm=alg)


def auth_config(port, unix_path):
    everything = [{"uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"]}]
    reader = [{"uri": "com.example.public.", "match": "prefix", "allow": ["subscribe", "call"]}]
    methods = ["anonymous", "ticket", "wampcra", "cryptosign", "scram"]
    scram = json.loads(hash_secret("--scram", "argon2id13", "--autobahn", "--iterations", "2", "--memory", "1024",
                                   secret=SCRAM_PASSWORD))
    return {
        "realms": [
            {"name": REALM, "roles": [{"name": "user", "permissions": everything},
                                      {"name": "reader", "permissions": reader}]},
            {"name": OPEN_REALM, "roles": [{"name": "anonymous", "permissions": everything}]},
        ],
        "authentication": {
            "anonymous": [{"realm": OPEN_REALM, "role": "anonymous"}],
            "ticket": [{"authid": "alice", "secretHash": hash_secret("--iterations", "1000", secret=TICKET),
                        "realm": REALM, "role": "user"}],
            "wampcra": [
                {"authid": "bob", "secret": CRA_SECRET, "realm": REALM, "role": "reader"},
                {"authid": "carol", "secret": CRA_SALTED_PASSWORD, "salt": CRA_SALT,
                 "iterations": CRA_ITERATIONS, "keylen": CRA_KEYLEN, "realm": REALM, "role": "user"},
            ],
            "cryptosign": [{"authid": "erin", "realm": REALM, "role": "user",
                            "publicKeys": [CRYPTOSIGN_KEY.verify_key.encode().hex()]}],
            "scram": [dict(scram, authid="dave", realm=REALM, role="user")],
            "jwt": [{"issuer": ISSUER, "audience": AUDIENCE, "realm": REALM, "role": "reader", "roleClaim": "edgewamp_role",
                     "keys": [{"alg": alg, "publicKey": public_pem(key)} for alg, key in JWT_KEYS.items()]}],
        },
        "listeners": [
            {"tcp": "127.0.0.1:{}".format(port), "authMethods": methods},
            {"unix": unix_path, "authMethods": methods},
        ],
        # Every wrong-credentials test below counts against 127.0.0.1: keep the throttle out of their way.
        "limits": {"authFailureLimit": 1000},
    }


@pytest.fixture(scope="module")
def auth_router():
    workdir = tempfile.mkdtemp(prefix="edgewamp-auth-")
    r = conftest.Router(_binary(), workdir, config_factory=auth_config)
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


class AuthSession(wamp_client.Session):
    """A Session that says HELLO with credentials and answers CHALLENGE with ``answer(challenge)``."""

    def __init__(self, config, label, authmethods, authid, authextra, answer, welcome=None):
        super().__init__(config, label)
        self.hello_authmethods = authmethods
        self.hello_authid = authid
        self.hello_authextra = authextra
        self.answer = answer
        self.welcome_check = welcome
        self.challenges = []

    def onConnect(self):
        self.join(self.config.realm, authmethods=self.hello_authmethods, authid=self.hello_authid, authextra=self.hello_authextra)

    def onChallenge(self, challenge):
        self.challenges.append(challenge)
        return self.answer(challenge)

    def onWelcome(self, welcome):
        return self.welcome_check(self, welcome) if self.welcome_check else None


async def connect(router, authmethods, authid=None, authextra=None, answer=None, welcome=None,
                  realm=REALM, serializer="json", transport="tcp", track=None):
    loop = asyncio.get_running_loop()
    session = AuthSession(ComponentConfig(realm=realm), "{}/{}".format(authmethods, authid), authmethods, authid,
                          authextra, answer or (lambda c: pytest.fail("unexpected CHALLENGE {}".format(c))), welcome)
    if track is not None:
        track.append(session)
    factory = wamp_client.WampRawSocketClientFactory(lambda: session, serializer=wamp_client.SERIALIZERS[serializer]())
    factory.protocol = wamp_client.RawSocketClientProtocol
    factory.session = session
    if transport == "tcp":
        connecting = loop.create_connection(factory, router.host, router.port)
    else:
        connecting = loop.create_unix_connection(factory, router.unix_path)
    await asyncio.wait_for(connecting, wamp_client.CONNECT_TIMEOUT)
    details = await wait(asyncio.shield(session.joined), "WELCOME or ABORT", wamp_client.CONNECT_TIMEOUT)
    return session, details


async def expect_abort(router, reason, **kwargs):
    sessions = []
    try:
        with pytest.raises(SessionAborted) as info:
            await connect(router, track=sessions, **kwargs)
        assert info.value.reason == reason, str(info.value)
        return sessions[0]
    finally:
        await wamp_client.close_all(sessions)


async def expect_welcome(router, **kwargs):
    sessions = []
    try:
        session, details = await connect(router, track=sessions, **kwargs)
        return session, details
    finally:
        await wamp_client.close_all(sessions)


def check_alive(router):
    problems = router.check_alive()
    assert not problems, "\n".join(problems) + "\n" + router.output()


SERIALIZER_TRANSPORTS = [("json", "tcp"), ("msgpack", "unix"), ("cbor", "tcp")]


@pytest.mark.parametrize("serializer,transport", SERIALIZER_TRANSPORTS, ids=["-".join(c) for c in SERIALIZER_TRANSPORTS])
def test_ticket_right_and_wrong(auth_router, serializer, transport):
    async def body():
        session, details = await expect_welcome(auth_router, authmethods=["ticket"], authid="alice",
                                                answer=lambda c: TICKET, serializer=serializer, transport=transport)
        assert (details.authid, details.authrole, details.authmethod, details.authprovider) == \
            ("alice", "user", "ticket", "static"), details
        assert session.challenges[0].method == "ticket"
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["ticket"], authid="alice",
                           answer=lambda c: TICKET + "x", serializer=serializer, transport=transport)
        # an unknown authid with a ticket looks like wrong credentials (the realm takes bearer tokens, so its
        # ticket is checked as one, and refused)
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["ticket"],
                           authid="mallory", answer=lambda c: TICKET, serializer=serializer, transport=transport)
    run(body())
    check_alive(auth_router)


def test_wampcra_plain_right_and_wrong(auth_router):
    async def body():
        def sign(secret):
            return lambda c: auth.compute_wcs(secret.encode(), c.extra["challenge"].encode()).decode()
        session, details = await expect_welcome(auth_router, authmethods=["wampcra"], authid="bob", answer=sign(CRA_SECRET))
        assert (details.authid, details.authrole, details.authmethod) == ("bob", "reader", "wampcra"), details
        challenge = json.loads(session.challenges[0].extra["challenge"])
        assert challenge["authid"] == "bob" and challenge["authrole"] == "reader" and challenge["authmethod"] == "wampcra"
        assert challenge["session"] == details.session, (challenge, details.session)
        assert "salt" not in session.challenges[0].extra
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["wampcra"], authid="bob",
                           answer=sign("not-" + CRA_SECRET))
    run(body())
    check_alive(auth_router)


def test_wampcra_salted_right_and_wrong(auth_router):
    async def body():
        def sign(password):
            def answer(c):
                key = auth.derive_key(password.encode(), c.extra["salt"].encode(), c.extra["iterations"], c.extra["keylen"])
                return auth.compute_wcs(key, c.extra["challenge"].encode()).decode()
            return answer
        session, details = await expect_welcome(auth_router, authmethods=["wampcra"], authid="carol",
                                                answer=sign(CRA_SALTED_PASSWORD), serializer="cbor")
        assert (details.authid, details.authrole, details.authmethod) == ("carol", "user", "wampcra"), details
        extra = session.challenges[0].extra
        assert (extra["salt"], extra["iterations"], extra["keylen"]) == (CRA_SALT, CRA_ITERATIONS, CRA_KEYLEN), extra
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["wampcra"], authid="carol",
                           answer=sign(CRA_SALTED_PASSWORD + "!"), serializer="cbor")
    run(body())
    check_alive(auth_router)


@pytest.mark.parametrize("serializer", ["json", "msgpack"])
def test_cryptosign_right_and_wrong(auth_router, serializer):
    async def body():
        signer = AuthCryptoSign(privkey=CRYPTOSIGN_KEY.encode().hex(), authextra={})

        class FakeTransport:  # AuthCryptoSign reads channel ids from the session's transport; RawSocket has none
            class transport_details:
                channel_id = {}

        def answer_with(key_signer):
            # autobahn's own signer; its answer is a future, which autobahn awaits before AUTHENTICATE
            return lambda c: key_signer.on_challenge(type("S", (), {"_transport": FakeTransport})(), c)

        def nacl_answer(key, challenge_hex):
            # what autobahn sends: hex(signature (64 bytes) + signed challenge (32 bytes))
            return key.sign(bytes.fromhex(challenge_hex)).signature.hex() + challenge_hex

        session, details = await expect_welcome(auth_router, authmethods=["cryptosign"], authid="erin",
                                                authextra=signer.authextra, answer=answer_with(signer), serializer=serializer)
        assert (details.authid, details.authrole, details.authmethod) == ("erin", "user", "cryptosign"), details
        assert len(session.challenges[0].extra["challenge"]) == 64

        # without an authid the key alone identifies the principal
        _, details = await expect_welcome(auth_router, authmethods=["cryptosign"], authextra=signer.authextra,
                                          answer=answer_with(signer), serializer=serializer)
        assert details.authid == "erin", details

        # a wrong signature: the right public key announced, the challenge signed with another key
        impostor = AuthCryptoSign(privkey=OTHER_KEY.encode().hex(), authextra={})
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["cryptosign"], authid="erin",
                           authextra=signer.authextra, answer=lambda c: nacl_answer(OTHER_KEY, c.extra["challenge"]),
                           serializer=serializer)

        # a replayed signature: the answer to an earlier challenge does not fit a new one
        replay = nacl_answer(CRYPTOSIGN_KEY, session.challenges[0].extra["challenge"])
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["cryptosign"], authid="erin",
                           authextra=signer.authextra, answer=lambda c: replay, serializer=serializer)

        # a signature over the new challenge but with a tampered echoed message
        def tampered(c):
            good = nacl_answer(CRYPTOSIGN_KEY, c.extra["challenge"])
            return good[:128] + ("0" * 64)
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["cryptosign"], authid="erin",
                           authextra=signer.authextra, answer=tampered, serializer=serializer)

        # an unknown key gets no challenge
        unknown = await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["cryptosign"],
                                     authid="erin", authextra=impostor.authextra, serializer=serializer)
        assert unknown.challenges == []
    run(body())
    check_alive(auth_router)


def test_scram_argon2id_right_and_wrong(auth_router):
    async def body():
        verdicts = []

        def scram_session(password):
            scram = AuthScram(authid="dave", password=password)

            def welcome(session, msg):
                verdict = scram.on_welcome(session, msg.authextra)
                verdicts.append(verdict)
                return verdict
            return dict(authmethods=["scram"], authid="dave", authextra=scram.authextra,
                        answer=lambda c: scram.on_challenge(None, c).decode(), welcome=welcome)

        session, details = await expect_welcome(auth_router, **scram_session(SCRAM_PASSWORD))
        assert (details.authid, details.authrole, details.authmethod) == ("dave", "user", "scram"), details
        # autobahn checked the router's proof (WELCOME authextra.scram_server_signature) and was satisfied
        assert verdicts == [None], verdicts
        extra = session.challenges[0].extra
        assert extra["kdf"] == "argon2id-13" and extra["iterations"] == 2 and extra["memory"] == 1024, extra
        assert extra["nonce"].startswith(session.hello_authextra["nonce"]), extra

        await expect_abort(auth_router, "wamp.error.authentication_denied", **scram_session(SCRAM_PASSWORD + "?"))
    run(body())
    check_alive(auth_router)


def test_anonymous_refused_where_not_enabled(auth_router):
    async def body():
        await expect_abort(auth_router, "wamp.error.no_auth_method", authmethods=["anonymous"])
        _, details = await expect_welcome(auth_router, authmethods=["anonymous"], realm=OPEN_REALM)
        assert (details.authrole, details.authmethod) == ("anonymous", "anonymous"), details
        # credentials for one realm do not open another (which has no ticket principals at all)
        await expect_abort(auth_router, "wamp.error.no_auth_method", authmethods=["ticket"], authid="alice",
                           answer=lambda c: TICKET, realm=OPEN_REALM)
    run(body())
    check_alive(auth_router)


def test_role_permissions_enforced_over_the_wire(auth_router):
    async def body():
        sessions = []
        try:
            answer = lambda c: auth.compute_wcs(CRA_SECRET.encode(), c.extra["challenge"].encode()).decode()  # noqa: E731
            reader, _ = await connect(auth_router, authmethods=["wampcra"], authid="bob", answer=answer, track=sessions)
            with pytest.raises(ApplicationError) as info:
                await reader.register(lambda: None, "com.example.public.proc")
            assert info.value.error == "wamp.error.not_authorized", info.value
            with pytest.raises(ApplicationError) as info:
                await reader.call("wamp.session.count")
            assert info.value.error == "wamp.error.not_authorized", info.value
            await reader.subscribe(lambda *a: None, "com.example.public.news")
        finally:
            await wamp_client.close_all(sessions)
    run(body())
    check_alive(auth_router)


@pytest.mark.parametrize("alg", ["RS256", "ES256", "EdDSA"])
def test_jwt_bearer_token_through_ticket(auth_router, alg):
    async def body():
        _, details = await expect_welcome(auth_router, authmethods=["ticket"], answer=lambda c: token(alg))
        assert (details.authid, details.authrole, details.authmethod) == ("henry", "reader", "ticket"), details
        # the role claim picks another role of the realm; the HELLO authid must be the token's
        _, details = await expect_welcome(auth_router, authmethods=["ticket"], authid="henry",
                                          answer=lambda c: token(alg, edgewamp_role="user"))
        assert (details.authid, details.authrole) == ("henry", "user"), details

        now = int(time.time())
        refused = {
            "expired": token(alg, exp=now - 3600),
            "without exp": token(alg, exp=None),
            "not yet valid": token(alg, nbf=now + 3600),
            "wrong audience": token(alg, aud="someone-else"),
            "wrong issuer": token(alg, iss="https://evil.example"),
            "forged signature": token(alg, keys=ROGUE_KEYS),
            "tampered payload": tamper(token(alg)),
        }
        for why, bad in refused.items():
            session = await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["ticket"],
                                         answer=lambda c, bad=bad: bad)
            assert session.challenges, why
        await expect_abort(auth_router, "wamp.error.authentication_denied", authmethods=["ticket"], authid="not-henry",
                           answer=lambda c: token(alg))
    run(body())
    check_alive(auth_router)


def tamper(jws):
    header, payload, signature = jws.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["sub"] = "root"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return ".".join([header, forged, signature])
