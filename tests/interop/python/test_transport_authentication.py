"""Router authentication through the real transports, end to end: the cookie
method over WebSocket (the `cbtid` cookie of the 101 response), TLS client
certificates (`tls`) and cryptosign with the `tls-unique` channel binding over
RawSocket-in-TLS 1.2, and the HTTP bridge with Basic (ticket) and Bearer (JWT)
credentials (curl), including authorization.

The clients are written by hand on Python's socket and ssl modules (WebSocket
and RawSocket framing, WAMP JSON), because autobahn cannot send a chosen
Cookie header nor read the TLS channel binding of a RawSocket-TLS connection.
Certificates are made with the openssl command line at test time; no key is
committed. The module runs its own router.
"""

import base64
import hashlib
import json
import os
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
import time

import jwt
import nacl.signing
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

import conftest

REALM = "secure"
TICKET = "alice-ticket"
READER_TICKET = "rita-ticket"
ISSUER = "https://auth.example"
AUDIENCE = "edgewamp"
JWT_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
CRYPTOSIGN_KEY = nacl.signing.SigningKey.generate()
TIMEOUT = 10.0
# Roles a HELLO announces: any non-empty set will do for the router.
ROLES = {"caller": {}, "subscriber": {}, "publisher": {}, "callee": {}}


def _binary():
    return os.environ.get("EDGEWAMP_BIN", conftest.DEFAULT_BIN)


def hash_secret(secret):
    done = subprocess.run([_binary(), "hash-secret", "--iterations", "1000"], input=secret + "\n",
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def openssl(*args):
    done = subprocess.run(["openssl", *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, "openssl {} failed: {}".format(" ".join(args), done.stderr)


def make_ca(directory, name):
    key, cert = os.path.join(directory, name + ".key"), os.path.join(directory, name + ".pem")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=" + name, "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign", "-keyout", key, "-out", cert)
    return key, cert


def make_leaf(directory, name, ca, subject, extensions):
    key, csr, cert = (os.path.join(directory, name + ext) for ext in (".key", ".csr", ".pem"))
    ext_file = os.path.join(directory, name + ".ext")
    with open(ext_file, "w") as f:
        f.write(extensions)
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", subject,
            "-keyout", key, "-out", csr)
    openssl("x509", "-req", "-in", csr, "-CA", ca[1], "-CAkey", ca[0], "-CAcreateserial", "-days", "2",
            "-extfile", ext_file, "-out", cert)
    return cert, key


class Pki:
    """A test CA trusted for clients, a server certificate for 127.0.0.1, and client certificates."""

    def __init__(self, directory):
        self.ca = make_ca(directory, "test-ca")
        self.rogue_ca = make_ca(directory, "rogue-ca")
        self.server = make_leaf(directory, "server", self.ca, "/CN=localhost",
                                "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        client_ext = "extendedKeyUsage=clientAuth\n"
        self.pi7 = make_leaf(directory, "pi7", self.ca, "/CN=pi7/O=Example", client_ext)
        self.stranger = make_leaf(directory, "stranger", self.ca, "/CN=stranger", client_ext)
        self.rogue_pi7 = make_leaf(directory, "rogue-pi7", self.rogue_ca, "/CN=pi7", client_ext)


def router_config(pki, ports):
    def factory(port, unix_path):
        everything = [{"uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"]}]
        subscribe_only = [{"uri": "", "match": "prefix", "allow": ["subscribe"]}]
        return {
            "realms": [{"name": REALM, "roles": [{"name": "user", "permissions": everything},
                                                 {"name": "listener", "permissions": subscribe_only}]}],
            "authentication": {
                "ticket": [{"authid": "alice", "secretHash": hash_secret(TICKET), "realm": REALM, "role": "user"},
                           {"authid": "rita", "secretHash": hash_secret(READER_TICKET), "realm": REALM,
                            "role": "listener"}],
                "jwt": [{"issuer": ISSUER, "audience": AUDIENCE, "realm": REALM, "role": "user",
                         "roleClaim": "edgewamp_role",
                         "keys": [{"alg": "RS256", "publicKey": JWT_KEY.public_key().public_bytes(
                             serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()}]}],
                "tls": [{"authid": "pi7", "realm": REALM, "role": "user"}],
                "cryptosign": [{"authid": "erin", "realm": REALM, "role": "user",
                                "publicKeys": [CRYPTOSIGN_KEY.verify_key.encode().hex()]}],
            },
            "listeners": [
                {"tcp": "127.0.0.1:{}".format(port), "authMethods": ["cookie", "ticket"],
                 "websocket": {"path": "/ws", "bridge": {"realm": REALM, "timeoutMs": 5000}}},
                {"tcp": "127.0.0.1:{}".format(ports["tls"]), "authMethods": ["tls", "cryptosign"],
                 "tls": {"certificate": pki.server[0], "key": pki.server[1], "clientCertificates": "optional",
                         "clientCa": pki.ca[1]}},
                {"unix": unix_path, "authMethods": ["ticket"]},
            ],
            # The refusals below all count against 127.0.0.1: keep the throttle out of their way.
            "limits": {"authFailureLimit": 1000},
        }
    return factory


@pytest.fixture(scope="module")
def e2e():
    workdir = tempfile.mkdtemp(prefix="edgewamp-e2e-")
    ports = {"tls": conftest.free_loopback_port()}
    try:
        pki = Pki(workdir)
        r = conftest.Router(_binary(), workdir, config_factory=router_config(pki, ports))
        r.start()
    except Exception:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    r.tls_port = ports["tls"]
    r.pki = pki
    yield r
    problem = r.stop()
    leftover = r.new_stderr()
    output = r.output()
    shutil.rmtree(workdir, ignore_errors=True)
    if problem or leftover:
        pytest.fail("on shutdown: {}\n{}".format(problem or "stderr output", output), pytrace=False)


# -- WAMP over WebSocket, by hand --------------------------------------------------------------------------------

def read_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed after {} of {} bytes".format(len(data), n))
        data += chunk
    return data


class WebSocketClient:
    """wamp.2.json over RFC 6455 on a plain socket: text frames, masked as a client must."""

    def __init__(self, port, cookie=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        request = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: {}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: wamp.2.json\r\n"
                   .format(port, key))
        if cookie is not None:
            request += "Cookie: {}\r\n".format(cookie)
        self.sock.sendall((request + "\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += read_exactly(self.sock, 1)
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split(" ")[1])
        self.headers = [tuple(part.strip() for part in line.split(":", 1)) for line in lines[1:] if ":" in line]
        assert self.status == 101, head

    def header(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def send(self, message):
        payload = json.dumps(message).encode()
        mask = os.urandom(4)
        if len(payload) < 126:
            head = struct.pack("!BB", 0x81, 0x80 | len(payload))
        else:
            head = struct.pack("!BBH", 0x81, 0x80 | 126, len(payload))
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        while True:
            first, second = read_exactly(self.sock, 2)
            length = second & 0x7F
            if length == 126:
                length = struct.unpack("!H", read_exactly(self.sock, 2))[0]
            elif length == 127:
                length = struct.unpack("!Q", read_exactly(self.sock, 8))[0]
            payload = read_exactly(self.sock, length)
            opcode = first & 0x0F
            if opcode == 0x1:
                return json.loads(payload)
            if opcode == 0x8:
                raise ConnectionError("WebSocket closed: {}".format(payload[:2].hex()))

    def close(self):
        self.sock.close()


class RawSocketClient:
    """RawSocket with JSON (serializer 1) on an already connected (TLS) socket."""

    def __init__(self, sock):
        self.sock = sock
        sock.sendall(bytes([0x7F, 0xF1, 0, 0]))
        reply = read_exactly(sock, 4)
        assert reply[0] == 0x7F and reply[1] & 0x0F == 1, reply.hex()

    def send(self, message):
        payload = json.dumps(message).encode()
        self.sock.sendall(struct.pack("!I", len(payload)) + payload)

    def receive(self):
        while True:
            head = read_exactly(self.sock, 4)
            payload = read_exactly(self.sock, struct.unpack("!I", b"\x00" + head[1:])[0])
            if head[0] & 0x07 == 0:
                return json.loads(payload)
            if head[0] & 0x07 == 1:  # PING: answer with PONG
                self.sock.sendall(bytes([2]) + head[1:] + payload)

    def close(self):
        self.sock.close()


def hello(client, authmethods, authid=None, authextra=None):
    details = {"roles": ROLES, "authmethods": authmethods}
    if authid is not None:
        details["authid"] = authid
    if authextra is not None:
        details["authextra"] = authextra
    client.send([1, REALM, details])
    return client.receive()


def goodbye(client):
    client.send([6, {}, "wamp.close.normal"])
    reply = client.receive()
    assert reply[0] == 6, reply
    client.close()


def join_with_ticket(client, authid, ticket):
    challenge = hello(client, ["ticket"], authid)
    assert challenge[:2] == [4, "ticket"], challenge
    client.send([5, ticket, {}])
    return client.receive()


def cookie_from(client, name="cbtid"):
    for value in client.header("Set-Cookie"):
        pair = value.split(";", 1)[0]
        if pair.startswith(name + "="):
            return pair
    return None


# -- cookie authentication over WebSocket ------------------------------------------------------------------------

def test_cookie_remembers_a_ticket_login_and_welcomes_it_again(e2e):
    first = WebSocketClient(e2e.port)
    cookie = cookie_from(first)
    assert cookie is not None, "101 without a cbtid cookie: {}".format(first.headers)
    attributes = first.header("Set-Cookie")[0]
    assert "HttpOnly" in attributes, attributes
    welcome = join_with_ticket(first, "alice", TICKET)
    assert welcome[0] == 2, welcome
    assert (welcome[2]["authid"], welcome[2]["authrole"], welcome[2]["authmethod"]) == ("alice", "user", "ticket")
    goodbye(first)

    again = WebSocketClient(e2e.port, cookie=cookie)
    welcome = hello(again, ["cookie"])
    assert welcome[0] == 2, welcome
    assert (welcome[2]["authid"], welcome[2]["authrole"], welcome[2]["authmethod"]) == ("alice", "user", "cookie")
    goodbye(again)


def test_cookie_is_rotated_on_every_reconnect_and_the_old_one_stops_working(e2e):
    first = WebSocketClient(e2e.port)
    cookie = cookie_from(first)
    welcome = join_with_ticket(first, "alice", TICKET)
    assert welcome[0] == 2, welcome
    goodbye(first)

    again = WebSocketClient(e2e.port, cookie=cookie)
    rotated = cookie_from(again)
    assert rotated is not None and rotated != cookie, "the reconnect must get a new cookie: {}".format(again.headers)
    welcome = hello(again, ["cookie"])
    assert welcome[0] == 2 and welcome[2]["authmethod"] == "cookie", welcome
    goodbye(again)

    with_new = WebSocketClient(e2e.port, cookie=rotated)
    welcome = hello(with_new, ["cookie"])
    assert welcome[0] == 2, welcome
    assert (welcome[2]["authid"], welcome[2]["authrole"], welcome[2]["authmethod"]) == ("alice", "user", "cookie")
    goodbye(with_new)

    with_old = WebSocketClient(e2e.port, cookie=cookie)
    try:
        reply = hello(with_old, ["cookie"])
        assert reply[0] == 3 and reply[2] == "wamp.error.no_auth_method", reply
    finally:
        with_old.close()


def test_cookie_planted_before_a_ticket_login_does_not_authenticate_afterwards(e2e):
    # Session fixation: an attacker plants a cookie value in the victim's browser; the victim logs in by ticket.
    planted = made_up_cookie()
    victim = WebSocketClient(e2e.port, cookie=planted)
    issued = cookie_from(victim)
    assert issued is not None and issued != planted, "the planted cookie must be replaced: {}".format(victim.headers)
    challenge = hello(victim, ["cookie", "ticket"], "alice")
    assert challenge[:2] == [4, "ticket"], challenge
    victim.send([5, TICKET, {}])
    welcome = victim.receive()
    assert welcome[0] == 2 and welcome[2]["authmethod"] == "ticket", welcome
    goodbye(victim)

    attacker = WebSocketClient(e2e.port, cookie=planted)
    try:
        reply = hello(attacker, ["cookie"])
        assert reply[0] == 3 and reply[2] == "wamp.error.no_auth_method", reply
    finally:
        attacker.close()

    # The victim's browser holds the issued cookie, and that one is what admits the victim.
    victim_again = WebSocketClient(e2e.port, cookie=issued)
    welcome = hello(victim_again, ["cookie"])
    assert welcome[0] == 2 and welcome[2]["authid"] == "alice", welcome
    goodbye(victim_again)


def made_up_cookie():
    return "cbtid=" + base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")


def test_cookie_made_up_is_refused(e2e):
    client = WebSocketClient(e2e.port, cookie=made_up_cookie())
    try:
        reply = hello(client, ["cookie"])
        assert reply[0] == 3, reply
        assert reply[2] == "wamp.error.no_auth_method", reply
    finally:
        client.close()


def test_cookie_made_up_falls_back_to_the_next_method(e2e):
    # What a browser page does: offer the cookie first and the ticket after it.
    client = WebSocketClient(e2e.port, cookie=made_up_cookie())
    challenge = hello(client, ["cookie", "ticket"], "alice")
    assert challenge[:2] == [4, "ticket"], challenge
    client.send([5, TICKET, {}])
    welcome = client.receive()
    assert welcome[0] == 2 and welcome[2]["authmethod"] == "ticket", welcome
    goodbye(client)


def test_cookie_of_a_failed_login_admits_nobody(e2e):
    first = WebSocketClient(e2e.port)
    cookie = cookie_from(first)
    reply = join_with_ticket(first, "alice", "not-the-ticket")
    assert reply[0] == 3, reply
    first.close()

    again = WebSocketClient(e2e.port, cookie=cookie)
    try:
        reply = hello(again, ["cookie"])
        assert reply[0] == 3, reply
    finally:
        again.close()


# -- TLS client certificates and cryptosign over RawSocket-in-TLS -------------------------------------------------

def tls_client(e2e, certificate=None, tls12=False):
    context = ssl.create_default_context(cafile=e2e.pki.ca[1])
    if tls12:
        context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    if certificate is not None:
        context.load_cert_chain(*certificate)
    sock = socket.create_connection(("127.0.0.1", e2e.tls_port), timeout=TIMEOUT)
    tls = context.wrap_socket(sock, server_hostname="127.0.0.1")
    return tls, RawSocketClient(tls)


@pytest.mark.parametrize("tls12", [False, True], ids=["tls1.3", "tls1.2"])
def test_tls_client_certificate_identifies_the_client(e2e, tls12):
    tls, client = tls_client(e2e, e2e.pki.pi7, tls12=tls12)
    welcome = hello(client, ["tls"])
    assert welcome[0] == 2, welcome
    assert (welcome[2]["authid"], welcome[2]["authrole"], welcome[2]["authmethod"]) == ("pi7", "user", "tls")
    goodbye(client)


def test_tls_without_a_certificate_is_refused(e2e):
    tls, client = tls_client(e2e)
    try:
        reply = hello(client, ["tls"])
        assert reply[0] == 3, reply
    finally:
        client.close()


def test_tls_certificate_of_no_principal_is_refused(e2e):
    tls, client = tls_client(e2e, e2e.pki.stranger)
    try:
        reply = hello(client, ["tls"])
        assert reply[0] == 3, reply
    finally:
        client.close()


def test_tls_certificate_of_an_unknown_ca_never_joins(e2e):
    # The transport refuses the chain: in TLS 1.3 the client learns it on its first read.
    try:
        tls, client = tls_client(e2e, e2e.pki.rogue_pi7)
        reply = hello(client, ["tls"])
    except (ssl.SSLError, ConnectionError, AssertionError, OSError) as refused:
        reply = refused
    assert not (isinstance(reply, list) and reply[0] == 2), "an untrusted certificate joined: {}".format(reply)


def cryptosign_join(e2e, channel_id_of):
    tls, client = tls_client(e2e, tls12=True)
    binding = tls.get_channel_binding("tls-unique")
    assert binding and len(binding) == 12, binding
    challenge = hello(client, ["cryptosign"], "erin",
                      {"pubkey": CRYPTOSIGN_KEY.verify_key.encode().hex(), "channel_binding": "tls-unique"})
    assert challenge[:2] == [4, "cryptosign"], challenge
    assert challenge[2]["channel_binding"] == "tls-unique", challenge
    raw = bytes.fromhex(challenge[2]["challenge"])
    channel_id = channel_id_of(binding)
    signed = CRYPTOSIGN_KEY.sign(bytes(a ^ b for a, b in zip(raw, channel_id)))
    client.send([5, signed.hex(), {}])
    return client, client.receive()


def test_cryptosign_tls_unique_binding_over_tls12(e2e):
    # autobahn's channel id for tls-unique: SHA-256 of the TLS Finished message (RFC 5929's tls-unique).
    client, welcome = cryptosign_join(e2e, lambda binding: hashlib.sha256(binding).digest())
    assert welcome[0] == 2, welcome
    assert (welcome[2]["authid"], welcome[2]["authmethod"]) == ("erin", "cryptosign")
    goodbye(client)


def test_cryptosign_wrong_channel_binding_is_refused(e2e):
    # Signed for another connection: the binding of a relayed challenge does not match.
    client, reply = cryptosign_join(e2e, lambda binding: hashlib.sha256(b"another connection").digest())
    client.close()
    assert reply[0] == 3, reply


def test_cryptosign_tls_unique_under_tls13_is_refused(e2e):
    tls, client = tls_client(e2e)
    try:
        assert tls.version() == "TLSv1.3"
        reply = hello(client, ["cryptosign"], "erin",
                      {"pubkey": CRYPTOSIGN_KEY.verify_key.encode().hex(), "channel_binding": "tls-unique"})
        assert reply[0] == 3, reply
    finally:
        client.close()


# -- the HTTP bridge with credentials ------------------------------------------------------------------------------

def curl(e2e, path, body, *options):
    done = subprocess.run(["curl", "-s", "-S", "--max-time", "10", "-w", "\n%{http_code}", "-X", "POST",
                           "-H", "Content-Type: application/json", "--data-binary", json.dumps(body), *options,
                           "http://127.0.0.1:{}{}".format(e2e.port, path)],
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    text, status = done.stdout.rsplit("\n", 1)
    return int(status), json.loads(text) if text else None


COUNT = {"procedure": "wamp.session.count"}


def jwt_token(**claims):
    now = int(time.time())
    payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": "henry", "iat": now, "exp": now + 300}
    payload.update(claims)
    return jwt.encode(payload, JWT_KEY, algorithm="RS256")


def test_bridge_basic_ticket_calls(e2e):
    status, body = curl(e2e, "/call", COUNT, "-u", "alice:" + TICKET)
    assert status == 200, body
    assert isinstance(body["args"][0], int), body


def test_bridge_basic_wrong_ticket_is_refused(e2e):
    status, body = curl(e2e, "/call", COUNT, "-u", "alice:not-the-ticket")
    assert status == 401, body
    assert body["error"] == "wamp.error.authentication_denied", body


def test_bridge_bearer_ticket_without_authid_is_refused(e2e):
    # A ticket principal is found by its authid; a Bearer token has none, so it is read as a JWT, and this is not
    # one. (Use -u authid:ticket for tickets.)
    status, body = curl(e2e, "/call", COUNT, "-H", "Authorization: Bearer " + TICKET)
    assert status == 401, body
    assert body["error"] == "wamp.error.authentication_denied", body


def test_bridge_malformed_authorization_is_refused(e2e):
    status, body = curl(e2e, "/publish", {"topic": "com.example.t"}, "-H", "Authorization: Digest whatever")
    assert status == 401, body
    assert body["error"] == "wamp.error.authentication_failed", body


def test_bridge_without_credentials_is_refused(e2e):
    status, body = curl(e2e, "/publish", {"topic": "com.example.t"})
    assert status == 401, body
    assert body["error"] in ("wamp.error.no_auth_method", "wamp.error.authentication_failed"), body


def test_bridge_jwt_bearer_calls_and_publishes(e2e):
    token = jwt_token()
    status, body = curl(e2e, "/call", COUNT, "-H", "Authorization: Bearer " + token)
    assert status == 200, body
    status, body = curl(e2e, "/publish", {"topic": "com.example.t", "args": [1]}, "-H", "Authorization: Bearer " + token)
    assert status == 200, body
    assert isinstance(body["publication"], int), body


def test_bridge_jwt_signed_by_another_key_is_refused(e2e):
    rogue = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    token = jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": "mallory", "iat": now, "exp": now + 300}, rogue,
                       algorithm="RS256")
    status, body = curl(e2e, "/call", COUNT, "-H", "Authorization: Bearer " + token)
    assert status == 401, body


@pytest.mark.parametrize("credentials", ["ticket", "jwt"])
def test_bridge_role_without_call_gets_not_authorized(e2e, credentials):
    option = (["-u", "rita:" + READER_TICKET] if credentials == "ticket"
              else ["-H", "Authorization: Bearer " + jwt_token(edgewamp_role="listener")])
    status, body = curl(e2e, "/call", COUNT, *option)
    assert status == 403, body
    assert body["error"] == "wamp.error.not_authorized", body
