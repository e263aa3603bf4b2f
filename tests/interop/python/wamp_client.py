"""A thin layer over Debian's python3-autobahn (22.7, asyncio flavour) that the
interop tests use to open WAMP sessions to a running edgewamp over RawSocket.

Everything here is plain autobahn: the client side of every test is the real
third-party implementation. The one local addition is the protocol subclass
below, which works around a bug in autobahn 22.7's asyncio RawSocket client.
"""

import asyncio
import contextlib
import copy
import uuid

import txaio

txaio.use_asyncio()

from autobahn.asyncio.rawsocket import (  # noqa: E402  (txaio must pick asyncio first)
    WampRawSocketClientFactory,
    WampRawSocketClientProtocol,
)
from autobahn.asyncio.wamp import ApplicationSession  # noqa: E402
from autobahn.wamp import message as wamp_message  # noqa: E402
from autobahn.wamp import role as wamp_role  # noqa: E402
from autobahn.wamp.serializer import (  # noqa: E402
    CBORSerializer,
    JsonSerializer,
    MsgPackSerializer,
    UBJSONSerializer,  # present when py-ubjson is (Debian: python3-ubjson)
)
from autobahn.wamp.types import ComponentConfig  # noqa: E402

SERIALIZERS = {
    "json": JsonSerializer,
    "msgpack": MsgPackSerializer,
    "cbor": CBORSerializer,
    "ubjson": UBJSONSerializer,
}
TRANSPORTS = ("tcp", "unix")

# Every wait in the suite is bounded by one of these (seconds).
CONNECT_TIMEOUT = 10.0
REPLY_TIMEOUT = 10.0


class RawSocketClientProtocol(WampRawSocketClientProtocol):
    """autobahn's asyncio WAMP-over-RawSocket client protocol, fixed so that it
    can join a realm at all.

    Why this exists (autobahn 22.7.1, Debian bookworm's python3-autobahn):

    * When the router's WELCOME arrives, ``autobahn/wamp/protocol.py``
      (``ApplicationSession.onMessage``, the WELCOME branch, ~line 605) builds
      the ``SessionDetails`` handed to ``onJoin`` with
      ``transport=self._transport.transport_details``; ``self._transport`` is
      this protocol object (the WAMP ``ITransport``).
    * ``ITransport.transport_details`` (``autobahn/wamp/interfaces.py``) is a
      property every transport must provide. The Twisted RawSocket protocol
      (``autobahn/twisted/rawsocket.py``) and both WebSocket flavours
      (``autobahn/websocket/protocol.py``) define it, returning
      ``self._transport_details``. The asyncio RawSocket protocol
      (``autobahn/asyncio/rawsocket.py``) fills ``self._transport_details`` in
      ``PrefixProtocol.connection_made`` (via
      ``autobahn.asyncio.util.create_transport_details``) but never defines the
      public ``transport_details`` property.
    * So the WELCOME handler raises ``AttributeError:
      'WampRawSocketClientProtocol' object has no attribute
      'transport_details'``. That lands in the handler's errback, which logs
      ``onUserError("While firing onWelcome")`` and answers the router's
      WELCOME with ``ABORT {"message": "Error calling onWelcome handler"}
      wamp.error.cannot_authenticate``. ``onJoin`` never runs; the router
      closes the connection (as it should after ABORT) and the client ends
      with ``wamp.close.transport_lost``. Every asyncio RawSocket client of
      this autobahn fails to join any router this way.

    The minimal fix is the missing property, returning the object that the
    base class already computed; that is the whole fix (``_on_connection_lost``
    below only makes test failures precise). (The details it
    returns say ``channel_framing='websocket'`` and, for Unix sockets,
    ``channel_type='tcp'``, because the asyncio helper hard-codes both; no code
    on the paths these tests use reads either field, so they are left as is.)
    """

    @property
    def transport_details(self):
        return self._transport_details

    def stringReceived(self, payload):
        # Test instrumentation, not part of the fix: a session opened with
        # record_raw=True also keeps each message as the decoded wire list
        # (autobahn's parsed messages drop what 22.7 does not know, e.g.
        # WELCOME features or INVOCATION.Details.progress).
        session = getattr(self, "_session", None)
        if getattr(session, "record_raw", False):
            try:
                session.raw_received.extend(self._serializer._serializer.unserialize(payload))
            except Exception:
                pass  # autobahn itself reports undecodable payloads below
        return super().stringReceived(payload)

    def send(self, msg):
        # Test instrumentation: every message this client sends, in order.
        result = super().send(msg)
        session = getattr(self, "_session", None)
        if isinstance(session, Session):
            session.message_sent(msg)
        return result

    def _on_connection_lost(self, exc):
        # The base class only notifies the WAMP session when the RawSocket
        # handshake had completed (before that ``self._session`` does not
        # exist and the AttributeError is swallowed). Tell the waiting test
        # either way, so that a router that drops the connection fails the
        # test at once with a precise reason instead of a timeout.
        waiter = getattr(self.factory, "session", None)
        if waiter is not None:
            stage = "after the RawSocket handshake" if getattr(self, "_handshake_done", False) \
                else "before completing the RawSocket handshake"
            waiter.connection_lost(stage, exc)
        if hasattr(self, "_session"):
            super()._on_connection_lost(exc)


class SessionAborted(Exception):
    """The router answered HELLO with ABORT (or closed the session before joining)."""

    def __init__(self, reason, message=None):
        super().__init__("session aborted: reason={!r} message={!r}".format(reason, message))
        self.reason = reason
        self.message = message


class ConnectionLost(Exception):
    """The connection closed before the session joined."""


def show(messages):
    """WAMP messages as their wire-level lists, e.g. [36, 123, 456, {}, ["x"]]."""
    def one(m):
        try:
            return repr(m.marshal())
        except Exception:
            return repr(m)
    return "[" + ", ".join(one(m) for m in messages) + "]"


def _settle(fut, result=None, exc=None):
    if fut.done():
        return
    if exc is not None:
        fut.set_exception(exc)
        fut.exception()  # mark retrieved: not every test awaits every future
    else:
        fut.set_result(result)


class Session(ApplicationSession):
    """An ApplicationSession whose life cycle can be awaited by tests:
    ``joined`` (SessionDetails), ``left`` (CloseDetails), ``disconnected``.
    ``received`` records every WAMP message the router sent, in order, and
    ``sent`` every message this client sent. With ``record_raw`` set (before
    connecting), ``raw_received`` has the router's messages as decoded wire
    lists too. ``intercept``, if set, is called as intercept(msg, raw) for
    each message from the router; when it returns True autobahn never sees
    that message (for a test that plays a protocol part autobahn 22.7 lacks)."""

    def __init__(self, config, label, record_raw=False):
        super().__init__(config)
        loop = asyncio.get_running_loop()
        self.label = label
        self.joined = loop.create_future()
        self.left = loop.create_future()
        self.disconnected = loop.create_future()
        self.received = []
        self.sent = []
        self.record_raw = record_raw
        self.raw_received = []
        self.intercept = None
        self._watchers = []

    def __repr__(self):
        return "<Session {} id={}>".format(self.label, self._session_id)

    def onMessage(self, msg):
        self.received.append(msg)
        self._notify("received", msg)
        if self.intercept is not None:
            raw = self.raw_received[len(self.received) - 1] \
                if self.record_raw and len(self.raw_received) >= len(self.received) else None
            if self.intercept(msg, raw):
                return None
        return super().onMessage(msg)

    def message_sent(self, msg):
        self.sent.append(msg)
        self._notify("sent", msg)

    def _notify(self, direction, msg):
        for watcher in list(self._watchers):
            wdir, predicate, fut = watcher
            if wdir == direction and not fut.done() and predicate(msg):
                fut.set_result(msg)
                self._watchers.remove(watcher)

    async def expect(self, predicate, what, sent=False, timeout=REPLY_TIMEOUT):
        """The first message, already there or still to come, that the router
        sent to this session (or, with sent=True, that this session sent) and
        that satisfies ``predicate``. Bounded; fails at once if the connection
        drops first."""
        direction = "sent" if sent else "received"
        for m in (self.sent if sent else self.received):
            if predicate(m):
                return m
        fut = asyncio.get_running_loop().create_future()
        watcher = (direction, predicate, fut)
        self._watchers.append(watcher)
        what = "{} ({} {})".format(what, self.label, "sending" if sent else "receiving")
        try:
            await wait(asyncio.wait([fut, self.disconnected], return_when=asyncio.FIRST_COMPLETED), what, timeout)
        finally:
            if watcher in self._watchers:
                self._watchers.remove(watcher)
        if fut.done():
            return fut.result()
        raise AssertionError("connection of {} closed while waiting for {}; last messages from the router: {}".format(
            self.label, what, show(self.received[-5:])))

    def onJoin(self, details):
        _settle(self.joined, details)

    def onLeave(self, details):
        _settle(self.left, details)
        _settle(self.joined, exc=SessionAborted(details.reason, details.message))
        return super().onLeave(details)

    def onDisconnect(self):
        _settle(self.disconnected, True)
        _settle(self.joined, exc=ConnectionLost(
            "{}: connection closed before WELCOME/ABORT; router sent {}".format(self.label, show(self.received))))
        return super().onDisconnect()

    def connection_lost(self, stage, exc):
        _settle(self.disconnected, True)
        _settle(self.joined, exc=ConnectionLost(
            "{}: router closed the connection {} (exc={!r}); router sent {}".format(
                self.label, stage, exc, show(self.received))))


class Clients:
    """Opens sessions to one router over one serializer/transport and closes
    them all (GOODBYE, then abort if needed) at the end of the ``async with``."""

    def __init__(self, router, serializer, transport):
        assert serializer in SERIALIZERS, serializer
        assert transport in TRANSPORTS, transport
        self.router = router
        self.serializer = serializer
        self.transport = transport
        self.sessions = []

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        await close_all(self.sessions)

    async def connect(self, realm="realm1", serializer=None, transport=None, label=None,
                      features=None, record_raw=False):
        session = await open_session(
            self.router, serializer or self.serializer, transport or self.transport,
            realm=realm, label=label, track=self.sessions, features=features, record_raw=record_raw)
        return session


def client_roles(features=None):
    """autobahn's default HELLO roles, with ``features`` ({role: {feature:
    value}}) changed: a value of None leaves the feature out of HELLO, any
    other value announces it (also features autobahn 22.7 does not know)."""
    roles = copy.deepcopy(wamp_role.DEFAULT_CLIENT_ROLES)
    for role_name, changes in (features or {}).items():
        role = roles[role_name]
        for feature, value in changes.items():
            setattr(role, feature, value)
    return roles


async def open_session(router, serializer, transport, realm="realm1", label=None, track=None,
                       features=None, record_raw=False):
    """Connect, do the RawSocket handshake and HELLO, and return the joined
    Session. Raises SessionAborted if the router answers ABORT. ``features``
    changes what HELLO announces (see client_roles)."""
    loop = asyncio.get_running_loop()
    label = label or "{}/{}#{}".format(serializer, transport, len(track or ()) + 1)
    session = Session(ComponentConfig(realm=realm), label, record_raw=record_raw)
    if features:
        session._session_roles = client_roles(features)
    if track is not None:
        track.append(session)
    factory = WampRawSocketClientFactory(lambda: session, serializer=SERIALIZERS[serializer]())
    factory.protocol = RawSocketClientProtocol
    factory.session = session
    if transport == "tcp":
        connecting = loop.create_connection(factory, router.host, router.port)
    else:
        connecting = loop.create_unix_connection(factory, router.unix_path)
    await asyncio.wait_for(connecting, CONNECT_TIMEOUT)
    try:
        await asyncio.wait_for(asyncio.shield(session.joined), CONNECT_TIMEOUT)
    except asyncio.TimeoutError:
        raise AssertionError("{}: no WELCOME/ABORT within {}s after HELLO; router sent {}".format(
            label, CONNECT_TIMEOUT, show(session.received))) from None
    return session


async def close_all(sessions, timeout=5.0):
    """Leave every still-open session politely; abort what does not close."""
    for s in sessions:
        try:
            if s.is_attached() and not s._goodbye_sent:
                s.leave()
        except Exception:
            pass
    pending = [s.disconnected for s in sessions if s._transport is not None]
    if pending:
        await asyncio.wait(pending, timeout=timeout)
    for s in sessions:
        transport = s._transport
        if transport is not None and getattr(transport, "transport", None) is not None:
            transport.transport.abort()


async def wait(awaitable, what, timeout=REPLY_TIMEOUT):
    """asyncio.wait_for with a message saying what did not happen."""
    try:
        return await asyncio.wait_for(awaitable, timeout)
    except asyncio.TimeoutError:
        raise AssertionError("timed out after {}s waiting for {}".format(timeout, what)) from None


def with_options(msg, **extra):
    """``msg`` (an autobahn PUBLISH, CALL, CANCEL, REGISTER, SUBSCRIBE or
    YIELD) with ``extra`` merged into its Options dict on the wire. For
    options autobahn 22.7's API cannot express (disclose_me, CALL progress)."""
    cls = type(msg)
    base_marshal = cls.marshal

    def marshal(self):
        raw = base_marshal(self)
        assert isinstance(raw[2], dict), (cls.__name__, raw)
        raw[2] = dict(raw[2], **extra)
        return raw
    msg.__class__ = type(cls.__name__, (cls,), {"__slots__": (), "marshal": marshal})
    return msg


@contextlib.contextmanager
def extra_options(session, **extra):
    """Within the block, every message ``session`` sends carries ``extra`` in
    its Options, e.g. ``with extra_options(s, disclose_me=True): f = s.call(uri)``
    (autobahn sends a CALL or PUBLISH synchronously inside call()/publish())."""
    transport = session._transport
    original = transport.send
    transport.send = lambda msg: original(with_options(msg, **extra))
    try:
        yield
    finally:
        del transport.send


class Inbox:
    """A queue of things a test collects from callbacks (events, invocations,
    progressive results), awaited with a bound, failing at once if the
    session's connection drops."""

    def __init__(self, session, name):
        self.session = session
        self.name = name
        self.queue = asyncio.Queue()

    def put(self, item):
        self.queue.put_nowait(item)

    def event_handler(self, *args, details=None, **kwargs):
        """A subscribe() handler (use SubscribeOptions(details=True)): puts (args, kwargs, EventDetails)."""
        self.put((list(args), kwargs, details))

    async def next(self, what="an item"):
        what = "{} for {}".format(what, self.name)
        if not self.queue.empty():
            return self.queue.get_nowait()
        getter = asyncio.ensure_future(self.queue.get())
        try:
            await wait(asyncio.wait([getter, self.session.disconnected], return_when=asyncio.FIRST_COMPLETED), what)
        finally:
            if not getter.done():
                getter.cancel()
        if getter.done() and not getter.cancelled():
            return getter.result()
        raise AssertionError("connection of {} closed while waiting for {}; last messages from the router: {}".format(
            self.session.label, what, show(self.session.received[-5:])))

    def drain(self):
        items = []
        while not self.queue.empty():
            items.append(self.queue.get_nowait())
        return items

    def assert_empty(self, why):
        pending = [item[:2] if isinstance(item, tuple) else item for item in self.drain()]
        assert not pending, "{}: unexpected {!r} ({})".format(self.name, pending, why)


def unique_uri(prefix):
    """A URI no other test (or earlier run against the same router) uses."""
    return "{}.{}".format(prefix, uuid.uuid4().hex[:12])


def assert_same(expected, actual, path="$"):
    """Deep equality that also checks types: 2 != 2.0, True != 1, b'a' != 'a',
    list lengths and dict key sets exactly. Raises one AssertionError listing
    every difference, each with its path."""
    diffs = []
    _diff(expected, actual, path, diffs)
    if diffs:
        shown = diffs[:12] + (["... {} more".format(len(diffs) - 12)] if len(diffs) > 12 else [])
        raise AssertionError("; ".join(shown))


def _diff(expected, actual, path, diffs):
    if isinstance(expected, (list, tuple)):
        if not isinstance(actual, (list, tuple)):
            diffs.append("{}: expected list {!r}, got {} {!r}".format(path, expected, type(actual).__name__, actual))
        elif len(expected) != len(actual):
            diffs.append("{}: expected {} items {!r}, got {} items {!r}".format(
                path, len(expected), expected, len(actual), actual))
        else:
            for i, (e, a) in enumerate(zip(expected, actual)):
                _diff(e, a, "{}[{}]".format(path, i), diffs)
    elif isinstance(expected, dict):
        if not isinstance(actual, dict):
            diffs.append("{}: expected dict {!r}, got {} {!r}".format(path, expected, type(actual).__name__, actual))
        elif set(expected) != set(actual):
            diffs.append("{}: expected keys {!r}, got {!r}".format(path, sorted(expected), sorted(actual)))
        else:
            for k in expected:
                _diff(expected[k], actual[k], "{}[{!r}]".format(path, k), diffs)
    elif type(expected) is not type(actual) or expected != actual:
        diffs.append("{}: expected {} {!r}, got {} {!r}".format(
            path, type(expected).__name__, expected, type(actual).__name__, actual))


# A payload exercising every type the serializers share. bytes travel
# natively in MessagePack and CBOR, and in UBJSON as a strongly typed uint8
# array ([$U#n, which py-ubjson reads back as bytes); with JSON autobahn sends
# them as a string "\u0000" + base64 (the WAMP spec's convention) and decodes
# them back, so the same payload round-trips on every serializer.
PAYLOAD_ARGS = [
    0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -(2 ** 53),
    1.5, -0.25, 2.0, 3.141592653589793, 1e300, -1e-300,
    "", "plain", "héllo wörld ✓ 😀 中文 \"quoted\" \\ \n\t",
    True, False, None,
    [], {},
    [1, [2, [3, {"x": [None, "y"]}]]],
    {"a": {"b": {"c": [1.5, "z", False]}}},
    b"\x00\x01\x7f\x80\xfe\xffbinary",
]
PAYLOAD_KWARGS = {
    "int": 42,
    "neg": -7,
    "big": 2 ** 40,
    "float": 2.5,
    "text": "ünïcödé ✓",
    "ключ": "значение",
    "nested": {"list": [1, 2, {"deep": [True, None, 0.5]}], "empty": {}, "emptylist": []},
    "bytes": b"\x00\xff\x10",
    "none": None,
}


def run(coro, timeout=60.0):
    """Run one test body in a fresh event loop, bounded as a whole."""
    async def bounded():
        try:
            return await asyncio.wait_for(coro, timeout)
        except asyncio.TimeoutError:
            raise AssertionError("test body did not finish within {}s".format(timeout)) from None
    return asyncio.run(bounded())
