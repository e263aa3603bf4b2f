"""The router's meta API with autobahn 22.7, every serializer x transport: the
session meta API (procedures and events), the subscription and registration
meta APIs, subscription and registration revocation by meta procedure, and
testaments (wamp-proto rfc/text/advanced/ap_session_meta_api.md,
ap_pubsub_subscription_meta_api.md, ap_rpc_registration_meta_api.md,
ap_pubsub_subscription_revocation.md, ap_rpc_registration_revocation.md,
ap_pubsub_testament.md).

Every test runs in the one realm of the suite's router, so meta events about
other sessions' activity (a meta subscriber's own subscriptions, say) arrive
too: the tests pick the events they expect by session and subscription or
registration id (``MetaEvents``) rather than assume nothing else happens.

No test sleeps to show that something does NOT arrive: it uses a fence, a
later message through the same connections that does arrive (see
test_advanced_pubsub.py). The router writes to each connection in the order
it handles messages, and publishes a leaving session's testaments and its
wamp.session.on_leave in the same step, so once a fence publication made
after that on_leave is in, a testament that had been published would be in
too.

What autobahn 22.7 does not handle: a revoking [UNSUBSCRIBED, 0, Details]
(its ApplicationSession raises ProtocolError "UNSUBSCRIBED received for
non-pending request ID 0" and drops the session, although it announces
subscription_revocation); the revocation tests take that message off
autobahn's hands (Session.intercept) and check it on the wire. A revoking
[UNREGISTERED, 0, Details] it only logs. It has no API to drop a connection
without GOODBYE; the testament tests abort the socket underneath.
"""

import asyncio
import datetime

import pytest
from autobahn.wamp import message
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import RegisterOptions, SubscribeOptions

from wamp_client import Inbox, PAYLOAD_ARGS, PAYLOAD_KWARGS, SERIALIZERS, assert_same, run, unique_uri, wait

NO_SUCH_SESSION = "wamp.error.no_such_session"
NO_SUCH_SUBSCRIPTION = "wamp.error.no_such_subscription"
NO_SUCH_REGISTRATION = "wamp.error.no_such_registration"
NO_SUCH_PROCEDURE = "wamp.error.no_such_procedure"
INVALID_URI = "wamp.error.invalid_uri"
INVALID_ARGUMENT = "wamp.error.invalid_argument"
# an id no session, subscription or registration has (ids are random or counted from 1)
UNKNOWN_ID = 2 ** 53 - 7
NO_REVOCATION = {"subscriber": {"subscription_revocation": None}}


# -- helpers -------------------------------------------------------------------------------------------

async def meta(session, procedure, *args, **kwargs):
    """The result of a meta procedure (autobahn: a single positional result, or None)."""
    return await wait(session.call(procedure, *args, **kwargs), "RESULT of {} from {}".format(procedure, session.label))


async def expect_error(awaitable, error, what):
    with pytest.raises(ApplicationError) as info:
        await wait(awaitable, what)
    assert info.value.error == error, "{}: expected {}, got {}".format(what, error, info.value)
    return info.value


class MetaEvents:
    """Every event one session receives on a prefix subscription (e.g. to
    "wamp.session.on_"), as (topic, args, kwargs) in arrival order; tests
    await the ones they expect by predicate."""

    def __init__(self, session, name):
        self.session = session
        self.name = name
        self.items = []
        self._changed = asyncio.Event()

    @classmethod
    async def open(cls, c, prefix, label="meta watcher", serializer=None):
        session = await c.connect(label=label, serializer=serializer)
        self = cls(session, "{} ({}*)".format(label, prefix))
        await wait(session.subscribe(self._handler, prefix, options=SubscribeOptions(match="prefix", details=True)),
                   "SUBSCRIBED to " + prefix)
        return self

    def _handler(self, *args, details=None, **kwargs):
        self.items.append((details.topic, list(args), kwargs))
        self._changed.set()

    async def find(self, topic, args, what=None):
        """Index and item of the first event on ``topic`` whose args equal ``args``
        (a list, or a predicate on the args)."""
        what = "{} {!r} for {}".format(topic, args, self.name) if what is None else what

        def matches(item):
            if item[0] != topic:
                return False
            return args(item[1]) if callable(args) else item[1] == args

        async def scan():
            while True:
                for i, item in enumerate(self.items):
                    if matches(item):
                        return i, item
                self._changed.clear()
                await self._changed.wait()

        task = asyncio.ensure_future(scan())
        try:
            await wait(asyncio.wait([task, self.session.disconnected], return_when=asyncio.FIRST_COMPLETED),
                       "{}; got {!r}".format(what, self.items[-8:]))
        finally:
            if not task.done():
                task.cancel()
        if task.done() and not task.cancelled():
            return task.result()
        raise AssertionError("connection of {} closed while waiting for {}".format(self.session.label, what))

    def about(self, *ids):
        """The events so far whose args mention any of ``ids`` (ids or dicts with an "id"/"session")."""
        def mentions(arg):
            if isinstance(arg, dict):
                return arg.get("id") in ids or arg.get("session") in ids
            return arg in ids
        return [item for item in self.items if any(mentions(a) for a in item[1])]


def parse_time(text, what):
    """An ISO 8601 / RFC 3339 UTC timestamp the router wrote, as an aware datetime near now."""
    assert isinstance(text, str), "{}: not a string: {!r}".format(what, text)
    when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert when.tzinfo is not None, "{}: no time zone in {!r}".format(what, text)
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((now - when).total_seconds()) < 120, "{}: {!r} is not about now ({})".format(what, text, now)
    return when


def drop_transport(session):
    """Close the session's socket without GOODBYE (the router sees the connection end)."""
    session._transport.transport.abort()


async def fence_event(publisher, subscriber, name):
    """Publish on a fresh topic the subscriber subscribes to, and wait until the event is in."""
    topic = unique_uri("com.meta.fence")
    inbox = Inbox(subscriber, name)
    await wait(subscriber.subscribe(inbox.event_handler, topic, options=SubscribeOptions(details=True)),
               "SUBSCRIBED (fence)")
    publisher.publish(topic, "fence")
    args, _, _ = await inbox.next("the fence event")
    assert args == ["fence"], args


def check_session_details(details, joined, what):
    """wamp.session.get / on_join details for the session that joined with SessionDetails ``joined``."""
    assert isinstance(details, dict), "{}: {!r}".format(what, details)
    expected = {"session": joined.session, "authid": joined.authid, "authrole": joined.authrole,
                "authmethod": joined.authmethod}
    assert {k: details.get(k) for k in expected} == expected, "{}: {!r}, expected {!r}".format(what, details, expected)
    assert joined.authrole == "anonymous" and joined.authmethod == "anonymous", joined
    assert isinstance(details.get("authprovider"), str) and details["authprovider"], (what, details)
    required = {"session", "authid", "authrole", "authmethod", "authprovider"}
    assert required <= set(details) <= required | {"transport"}, "{}: keys {}".format(what, sorted(details))
    assert isinstance(details.get("transport", {}), dict), (what, details)


# -- session meta API: procedures ----------------------------------------------------------------------

def test_session_count_list_and_get(clients):
    async def body():
        async with clients() as c:
            me = await c.connect(label="caller")
            others = [await c.connect(serializer=ser, label="other/" + ser) for ser in sorted(SERIALIZERS)]
            mine = {me._session_id} | {s._session_id for s in others}

            ids = await meta(me, "wamp.session.list")
            assert isinstance(ids, list) and all(type(i) is int for i in ids), ids
            assert mine <= set(ids) and len(set(ids)) == len(ids), (sorted(mine), ids)
            count = await meta(me, "wamp.session.count")
            assert type(count) is int and count == len(ids), (count, ids)

            # filter_authroles: every test session is anonymous
            assert set(await meta(me, "wamp.session.list", ["anonymous"])) == set(ids)
            assert await meta(me, "wamp.session.count", ["anonymous"]) == count
            assert await meta(me, "wamp.session.list", ["admin", "nobody"]) == []
            assert await meta(me, "wamp.session.count", ["nobody"]) == 0
            assert await meta(me, "wamp.session.count", ["nobody", "anonymous"]) == count
            assert await meta(me, "wamp.session.list", []) == []

            for s in [me] + others:
                details = await meta(me, "wamp.session.get", s._session_id)
                check_session_details(details, s.joined.result(), "wamp.session.get({})".format(s.label))
            await expect_error(me.call("wamp.session.get", UNKNOWN_ID), NO_SUCH_SESSION,
                               "wamp.session.get of an unknown session")

            # a session that left is gone from all of them
            gone = others[0]
            gone.leave()
            await wait(gone.disconnected, "the leaving session to disconnect")
            assert gone.joined.result().session not in await meta(me, "wamp.session.list")
            assert await meta(me, "wamp.session.count") == count - 1
            await expect_error(me.call("wamp.session.get", gone.joined.result().session), NO_SUCH_SESSION,
                               "wamp.session.get of a session that left")
    run(body())


# -- session meta API: events ---------------------------------------------------------------------------

def test_session_on_join_and_on_leave(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.session.on_")
            for ser in sorted(SERIALIZERS):
                s = await c.connect(serializer=ser, label="joiner/" + ser)
                joined = s.joined.result()
                _, (_, args, kwargs) = await watcher.find(
                    "wamp.session.on_join", lambda a, sid=joined.session: len(a) == 1 and isinstance(a[0], dict)
                    and a[0].get("session") == sid, "on_join for " + s.label)
                assert kwargs == {}, kwargs
                check_session_details(args[0], joined, "on_join details of " + s.label)
                # the event's details are the session's details
                assert_same(args[0], await meta(watcher.session, "wamp.session.get", joined.session),
                            "wamp.session.get vs on_join")

                # [session, authid, authrole], after a GOODBYE ...
                s.leave()
                await watcher.find("wamp.session.on_leave", [joined.session, joined.authid, "anonymous"],
                                   "on_leave for " + s.label)

            # ... and when the transport just drops
            s = await c.connect(label="dropper")
            joined = s.joined.result()
            await watcher.find("wamp.session.on_join", lambda a: a[0].get("session") == joined.session)
            drop_transport(s)
            await watcher.find("wamp.session.on_leave", [joined.session, joined.authid, "anonymous"],
                               "on_leave for a dropped connection")
            assert len([i for i in watcher.about(joined.session) if i[0] == "wamp.session.on_leave"]) == 1
    run(body())


# -- session meta API: killing sessions -----------------------------------------------------------------

async def expect_killed(victim, reason, message_text):
    """The victim got GOODBYE with ``reason`` (and Details.message, or none), and autobahn left."""
    details = await wait(asyncio.shield(victim.left), "{} to be closed by the router".format(victim.label))
    assert details.reason == reason, (victim.label, details)
    assert details.message == message_text, (victim.label, details)
    goodbyes = [m for m in victim.raw_received if m[0] == 6]
    assert len(goodbyes) == 1, "{}: {!r}".format(victim.label, victim.raw_received[-3:])
    expected = [6, {} if message_text is None else {"message": message_text}, reason]
    assert_same(expected, goodbyes[0], "GOODBYE to " + victim.label)
    await wait(victim.disconnected, "{}'s connection to close".format(victim.label))


def test_session_kill(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.session.on_")
            killer = await c.connect(label="killer")
            victim = await c.connect(label="victim", record_raw=True)
            bystander = await c.connect(label="bystander")
            vid = victim._session_id

            assert await meta(killer, "wamp.session.kill", vid, reason="com.example.kicked",
                              message="bye now") is None
            await expect_killed(victim, "com.example.kicked", "bye now")
            await watcher.find("wamp.session.on_leave", [vid, victim.joined.result().authid, "anonymous"],
                               "on_leave of the killed session")
            assert vid not in await meta(killer, "wamp.session.list")
            await expect_error(killer.call("wamp.session.kill", vid), NO_SUCH_SESSION, "killing it again")

            # defaults: reason wamp.close.normal, no message
            second = await c.connect(label="second victim", record_raw=True)
            assert await meta(killer, "wamp.session.kill", second._session_id) is None
            await expect_killed(second, "wamp.close.normal", None)

            # the caller's own session is "no such session"; so is an unknown id
            await expect_error(killer.call("wamp.session.kill", killer._session_id), NO_SUCH_SESSION,
                               "killing the caller's own session")
            await expect_error(killer.call("wamp.session.kill", UNKNOWN_ID), NO_SUCH_SESSION,
                               "killing an unknown session")
            # a reason that is not a URI is refused, and nobody is killed
            await expect_error(killer.call("wamp.session.kill", bystander._session_id, reason="not a uri!"),
                               INVALID_URI, "kill with an invalid reason")
            assert bystander._session_id in await meta(killer, "wamp.session.list")
            assert killer.is_attached() and bystander.is_attached()
    run(body())


def test_session_kill_by_authid(clients):
    async def body():
        async with clients() as c:
            killer = await c.connect(label="killer")
            victim = await c.connect(label="victim", record_raw=True)
            bystander = await c.connect(label="bystander")
            authid = victim.joined.result().authid
            assert len({authid, killer.joined.result().authid, bystander.joined.result().authid}) == 3

            killed = await meta(killer, "wamp.session.kill_by_authid", authid, reason="com.example.by_authid",
                                message="authid gone")
            assert killed == 1, killed
            await expect_killed(victim, "com.example.by_authid", "authid gone")
            # the caller is never among those it kills
            assert await meta(killer, "wamp.session.kill_by_authid", killer.joined.result().authid) == 0
            assert await meta(killer, "wamp.session.kill_by_authid", "nobody-has-this-authid") == 0
            ids = set(await meta(killer, "wamp.session.list"))
            assert {killer._session_id, bystander._session_id} <= ids and victim.joined.result().session not in ids
            await expect_error(killer.call("wamp.session.kill_by_authid", authid, reason="no uri"), INVALID_URI,
                               "kill_by_authid with an invalid reason")
    run(body())


def test_session_kill_by_authrole_and_kill_all(clients):
    async def body():
        async with clients() as c:
            killer = await c.connect(label="killer")
            victims = [await c.connect(serializer=ser, label="victim/" + ser, record_raw=True)
                       for ser in sorted(SERIALIZERS)]
            others = set(await meta(killer, "wamp.session.list")) - {killer._session_id}
            assert {v._session_id for v in victims} <= others

            assert await meta(killer, "wamp.session.kill_by_authrole", "nobody") == 0
            killed = await meta(killer, "wamp.session.kill_by_authrole", "anonymous",
                                reason="com.example.by_role", message="role gone")
            # every other session in the realm is anonymous; the caller is excluded
            assert killed == len(others), (killed, others)
            for v in victims:
                await expect_killed(v, "com.example.by_role", "role gone")
            assert await meta(killer, "wamp.session.list") == [killer._session_id]
            assert await meta(killer, "wamp.session.count") == 1

            more = [await c.connect(label="more{}".format(i), record_raw=True) for i in range(2)]
            assert await meta(killer, "wamp.session.kill_all") == 2
            for v in more:
                await expect_killed(v, "wamp.close.normal", None)
            assert await meta(killer, "wamp.session.kill_all", reason="com.example.all") == 0
            assert await meta(killer, "wamp.session.count") == 1
            assert killer.is_attached()
    run(body())


# -- subscription meta API ------------------------------------------------------------------------------

def check_entry(details, expected_id, uri, match, what, invoke=None):
    """SubscriptionDetails / RegistrationDetails: {id, created, uri, match[, invoke]}."""
    expected = {"id": expected_id, "uri": uri, "match": match}
    if invoke is not None:
        expected["invoke"] = invoke
    assert isinstance(details, dict) and set(details) == set(expected) | {"created"}, "{}: {!r}".format(what, details)
    assert {k: details[k] for k in expected} == expected, "{}: {!r}, expected {!r}".format(what, details, expected)
    parse_time(details["created"], what + " created")


def test_subscription_meta_events(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.subscription.on_")
            first = await c.connect(label="first")
            second = await c.connect(label="second")
            first_id, second_id = first._session_id, second._session_id
            topic = unique_uri("com.meta.sub")
            s1 = await wait(first.subscribe(lambda *a: None, topic), "SUBSCRIBED (first)")
            i_create, (_, args, _) = await watcher.find(
                "wamp.subscription.on_create", lambda a: len(a) == 2 and a[0] == first_id
                and isinstance(a[1], dict) and a[1].get("uri") == topic, "on_create")
            check_entry(args[1], s1.id, topic, "exact", "on_create SubscriptionDetails")
            i_sub, _ = await watcher.find("wamp.subscription.on_subscribe", [first_id, s1.id])
            assert i_create < i_sub, "on_subscribe before on_create: {!r}".format(watcher.about(s1.id))

            # a second subscriber joins the subscription: no on_create
            s2 = await wait(second.subscribe(lambda *a: None, topic), "SUBSCRIBED (second)")
            assert s2.id == s1.id
            await watcher.find("wamp.subscription.on_subscribe", [second_id, s1.id])

            # a pattern-based subscription, created and deleted
            root = unique_uri("com.meta.subp")
            p = await wait(first.subscribe(lambda *a: None, root, options=SubscribeOptions(match="prefix")),
                           "SUBSCRIBED (prefix)")
            _, (_, args, _) = await watcher.find(
                "wamp.subscription.on_create", lambda a: a[0] == first_id and a[1].get("id") == p.id)
            check_entry(args[1], p.id, root, "prefix", "on_create of the prefix subscription")

            await wait(s2.unsubscribe(), "UNSUBSCRIBED (second)")
            await watcher.find("wamp.subscription.on_unsubscribe", [second_id, s1.id])
            await wait(s1.unsubscribe(), "UNSUBSCRIBED (first)")
            i_unsub, _ = await watcher.find("wamp.subscription.on_unsubscribe", [first_id, s1.id])
            i_del, _ = await watcher.find("wamp.subscription.on_delete", [first_id, s1.id])
            assert i_unsub < i_del, watcher.about(s1.id)
            # a session that leaves is removed from its subscriptions, the last one deleting them
            first.leave()
            i_unsub, _ = await watcher.find("wamp.subscription.on_unsubscribe", [first_id, p.id])
            i_del, _ = await watcher.find("wamp.subscription.on_delete", [first_id, p.id])
            assert i_unsub < i_del, watcher.about(p.id)

            events = [(t, a) for t, a, _ in watcher.about(s1.id)]
            assert [t.rsplit(".", 1)[1] for t, _ in events] == [
                "on_create", "on_subscribe", "on_subscribe", "on_unsubscribe", "on_unsubscribe", "on_delete"], events
    run(body())


def test_subscription_meta_procedures(clients):
    async def body():
        async with clients() as c:
            s1 = await c.connect(label="subscriber 1")
            s2 = await c.connect(label="subscriber 2")
            asker = await c.connect(label="asker")
            root = unique_uri("com.meta.subq")
            topic = root + ".a.leaf"
            exact = await wait(s1.subscribe(lambda *a: None, topic), "SUBSCRIBED (exact)")
            await wait(s2.subscribe(lambda *a: None, topic), "SUBSCRIBED (exact, second)")
            prefix = await wait(s1.subscribe(lambda *a: None, root, options=SubscribeOptions(match="prefix")),
                                "SUBSCRIBED (prefix)")
            wild = await wait(s2.subscribe(lambda *a: None, root + "..leaf",
                                           options=SubscribeOptions(match="wildcard")), "SUBSCRIBED (wildcard)")

            lists = await meta(asker, "wamp.subscription.list")
            assert isinstance(lists, dict) and set(lists) == {"exact", "prefix", "wildcard"}, lists
            assert exact.id in lists["exact"] and prefix.id in lists["prefix"] and wild.id in lists["wildcard"], lists
            assert exact.id not in lists["prefix"] + lists["wildcard"], lists

            # lookup: by URI and match policy (exact unless options say otherwise)
            assert await meta(asker, "wamp.subscription.lookup", topic) == exact.id
            assert await meta(asker, "wamp.subscription.lookup", topic, {"match": "exact"}) == exact.id
            assert await meta(asker, "wamp.subscription.lookup", root) is None
            assert await meta(asker, "wamp.subscription.lookup", root, {"match": "prefix"}) == prefix.id
            assert await meta(asker, "wamp.subscription.lookup", root + "..leaf", {"match": "wildcard"}) == wild.id
            assert await meta(asker, "wamp.subscription.lookup", topic, {"match": "prefix"}) is None
            assert await meta(asker, "wamp.subscription.lookup", unique_uri("com.meta.none")) is None

            # match: every subscription a publication to the topic reaches, whatever the policy
            assert sorted(await meta(asker, "wamp.subscription.match", topic)) == sorted([exact.id, prefix.id, wild.id])
            assert await meta(asker, "wamp.subscription.match", root + ".b") == [prefix.id]
            assert await meta(asker, "wamp.subscription.match", unique_uri("com.meta.none")) in ([], None)

            check_entry(await meta(asker, "wamp.subscription.get", exact.id), exact.id, topic, "exact", "get (exact)")
            check_entry(await meta(asker, "wamp.subscription.get", prefix.id), prefix.id, root, "prefix",
                        "get (prefix)")
            check_entry(await meta(asker, "wamp.subscription.get", wild.id), wild.id, root + "..leaf", "wildcard",
                        "get (wildcard)")

            assert sorted(await meta(asker, "wamp.subscription.list_subscribers", exact.id)) == \
                sorted([s1._session_id, s2._session_id])
            assert await meta(asker, "wamp.subscription.count_subscribers", exact.id) == 2
            assert await meta(asker, "wamp.subscription.list_subscribers", prefix.id) == [s1._session_id]
            assert await meta(asker, "wamp.subscription.count_subscribers", wild.id) == 1

            for proc in ("get", "list_subscribers", "count_subscribers"):
                await expect_error(asker.call("wamp.subscription." + proc, UNKNOWN_ID), NO_SUCH_SUBSCRIPTION,
                                   "wamp.subscription.{} of an unknown subscription".format(proc))

            # after the last subscriber goes, the subscription is gone
            await wait(wild.unsubscribe(), "UNSUBSCRIBED (wildcard)")
            await expect_error(asker.call("wamp.subscription.get", wild.id), NO_SUCH_SUBSCRIPTION,
                               "wamp.subscription.get of a deleted subscription")
            assert wild.id not in (await meta(asker, "wamp.subscription.list"))["wildcard"]
            assert await meta(asker, "wamp.subscription.lookup", root + "..leaf", {"match": "wildcard"}) is None
            s2.leave()
            await wait(s2.disconnected, "subscriber 2 to leave")
            assert await meta(asker, "wamp.subscription.list_subscribers", exact.id) == [s1._session_id]
    run(body())


def swallow_revocations(session):
    """autobahn 22.7 cannot take a revoking UNSUBSCRIBED (see the module docstring): keep it from autobahn."""
    session.intercept = lambda msg, raw: isinstance(msg, message.Unsubscribed) and msg.request == 0


def revocations(session):
    return [m for m in session.raw_received if m[0] == message.Unsubscribed.MESSAGE_TYPE and m[1] == 0]


def test_subscription_revocation(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.subscription.on_")
            revoked = await c.connect(label="revoked subscriber", record_raw=True)
            swallow_revocations(revoked)
            kept = await c.connect(label="other subscriber")
            swallow_revocations(kept)
            admin = await c.connect(label="admin")
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.meta.revoke")
            revoked_inbox, kept_inbox = Inbox(revoked, "revoked subscriber"), Inbox(kept, "other subscriber")
            sub = await wait(revoked.subscribe(revoked_inbox.event_handler, topic,
                                               options=SubscribeOptions(details=True)), "SUBSCRIBED")
            await wait(kept.subscribe(kept_inbox.event_handler, topic, options=SubscribeOptions(details=True)),
                       "SUBSCRIBED (other)")
            publisher.publish(topic, "before")
            for inbox in (revoked_inbox, kept_inbox):
                assert (await inbox.next("the event before the revocation"))[0] == ["before"]

            reason = "com.example.subscription_revoked"
            assert await meta(admin, "wamp.subscription.remove_subscriber", sub.id, revoked._session_id,
                              reason=reason) is None
            got = await revoked.expect(lambda m: isinstance(m, message.Unsubscribed) and m.request == 0,
                                       "the revoking UNSUBSCRIBED")
            assert (got.subscription, got.reason) == (sub.id, reason), got
            assert_same([[35, 0, {"subscription": sub.id, "reason": reason}]], revocations(revoked),
                        "UNSUBSCRIBED on the wire")
            await watcher.find("wamp.subscription.on_unsubscribe", [revoked._session_id, sub.id])
            assert await meta(admin, "wamp.subscription.list_subscribers", sub.id) == [kept._session_id]

            # the revoked subscriber gets no more events; the other one does
            publisher.publish(topic, "after")
            assert (await kept_inbox.next("the event after the revocation"))[0] == ["after"]
            await fence_event(publisher, revoked, "revoked subscriber's fence")
            revoked_inbox.assert_empty("its subscription was revoked")
            assert revoked.is_attached()

            # revoking the last subscriber deletes the subscription
            assert await meta(admin, "wamp.subscription.remove_subscriber", sub.id, kept._session_id) is None
            await watcher.find("wamp.subscription.on_delete", [kept._session_id, sub.id])
            await expect_error(admin.call("wamp.subscription.get", sub.id), NO_SUCH_SUBSCRIPTION,
                               "get of the subscription after its last subscriber was removed")
            await kept.expect(lambda m: isinstance(m, message.Unsubscribed) and m.request == 0,
                              "the revoking UNSUBSCRIBED (other subscriber)")
            assert kept.is_attached() and revoked.is_attached()
    run(body())


def test_remove_subscriber_errors(clients):
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            other = await c.connect(label="not subscribed")
            admin = await c.connect(label="admin")
            sub = await wait(subscriber.subscribe(lambda *a: None, unique_uri("com.meta.rmerr")), "SUBSCRIBED")
            await expect_error(admin.call("wamp.subscription.remove_subscriber", UNKNOWN_ID, subscriber._session_id),
                               NO_SUCH_SUBSCRIPTION, "remove_subscriber of an unknown subscription")
            await expect_error(admin.call("wamp.subscription.remove_subscriber", sub.id, other._session_id),
                               NO_SUCH_SESSION, "remove_subscriber of a session that is not subscribed")
            await expect_error(admin.call("wamp.subscription.remove_subscriber", sub.id, UNKNOWN_ID),
                               NO_SUCH_SESSION, "remove_subscriber of an unknown session")
            assert await meta(admin, "wamp.subscription.list_subscribers", sub.id) == [subscriber._session_id]
    run(body())


def test_subscription_revocation_of_subscriber_without_the_feature(clients):
    # spec: "If the Subscriber does not support subscription_revocation, the Broker MAY still revoke a
    # subscription ... In this case, the Broker MUST NOT send an UNSUBSCRIBED message to the Subscriber."
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.subscription.on_")
            subscriber = await c.connect(label="subscriber without subscription_revocation", features=NO_REVOCATION,
                                         record_raw=True)
            swallow_revocations(subscriber)   # so a wrong UNSUBSCRIBED fails this test, not the session
            hello = [m for m in subscriber.sent if isinstance(m, message.Hello)][0].marshal()
            assert "subscription_revocation" not in hello[2]["roles"]["subscriber"]["features"], hello
            admin = await c.connect(label="admin")
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.meta.revoke2")
            inbox = Inbox(subscriber, "subscriber")
            sub = await wait(subscriber.subscribe(inbox.event_handler, topic, options=SubscribeOptions(details=True)),
                             "SUBSCRIBED")
            assert await meta(admin, "wamp.subscription.remove_subscriber", sub.id, subscriber._session_id,
                              reason="com.example.revoked") is None
            await watcher.find("wamp.subscription.on_unsubscribe", [subscriber._session_id, sub.id])
            publisher.publish(topic, "after")
            await fence_event(publisher, subscriber, "subscriber's fence")
            inbox.assert_empty("its subscription was revoked")
            assert not revocations(subscriber), \
                "UNSUBSCRIBED sent to a subscriber that did not announce subscription_revocation: {!r}".format(
                    revocations(subscriber))
    run(body())


# -- registration meta API ------------------------------------------------------------------------------

def test_registration_meta_events(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.registration.on_")
            first = await c.connect(label="callee 1")
            second = await c.connect(label="callee 2")
            first_id, second_id = first._session_id, second._session_id
            uri = unique_uri("com.meta.reg")
            r1 = await wait(first.register(lambda: 1, uri, options=RegisterOptions(invoke="roundrobin")),
                            "REGISTERED (callee 1)")
            i_create, (_, args, _) = await watcher.find(
                "wamp.registration.on_create", lambda a: len(a) == 2 and a[0] == first_id
                and isinstance(a[1], dict) and a[1].get("uri") == uri, "on_create")
            check_entry(args[1], r1.id, uri, "exact", "on_create RegistrationDetails", invoke="roundrobin")
            i_reg, _ = await watcher.find("wamp.registration.on_register", [first_id, r1.id])
            assert i_create < i_reg, watcher.about(r1.id)

            r2 = await wait(second.register(lambda: 2, uri, options=RegisterOptions(invoke="roundrobin")),
                            "REGISTERED (callee 2)")
            assert r2.id == r1.id
            await watcher.find("wamp.registration.on_register", [second_id, r1.id])

            root = unique_uri("com.meta.regw")
            w = await wait(first.register(lambda: 3, root + "..x", options=RegisterOptions(match="wildcard")),
                           "REGISTERED (wildcard)")
            _, (_, args, _) = await watcher.find(
                "wamp.registration.on_create", lambda a: a[0] == first_id and a[1].get("id") == w.id)
            check_entry(args[1], w.id, root + "..x", "wildcard", "on_create of the wildcard registration",
                        invoke="single")

            await wait(r2.unregister(), "UNREGISTERED (callee 2)")
            await watcher.find("wamp.registration.on_unregister", [second_id, r1.id])
            await wait(r1.unregister(), "UNREGISTERED (callee 1)")
            i_unreg, _ = await watcher.find("wamp.registration.on_unregister", [first_id, r1.id])
            i_del, _ = await watcher.find("wamp.registration.on_delete", [first_id, r1.id])
            assert i_unreg < i_del, watcher.about(r1.id)
            first.leave()
            i_unreg, _ = await watcher.find("wamp.registration.on_unregister", [first_id, w.id])
            i_del, _ = await watcher.find("wamp.registration.on_delete", [first_id, w.id])
            assert i_unreg < i_del, watcher.about(w.id)
            events = [t.rsplit(".", 1)[1] for t, _, _ in watcher.about(r1.id)]
            assert events == ["on_create", "on_register", "on_register", "on_unregister", "on_unregister",
                              "on_delete"], watcher.about(r1.id)
    run(body())


def test_registration_meta_procedures(clients):
    async def body():
        async with clients() as c:
            c1 = await c.connect(label="callee 1")
            c2 = await c.connect(label="callee 2")
            asker = await c.connect(label="asker")
            root = unique_uri("com.meta.regq")
            proc = root + ".a.run"
            exact = await wait(c1.register(lambda: "exact", proc, options=RegisterOptions(invoke="last")),
                               "REGISTERED (exact)")
            await wait(c2.register(lambda: "exact2", proc, options=RegisterOptions(invoke="last")),
                       "REGISTERED (exact, second callee)")
            prefix = await wait(c1.register(lambda: "prefix", root, options=RegisterOptions(match="prefix")),
                                "REGISTERED (prefix)")
            wild = await wait(c2.register(lambda: "wild", root + "..run", options=RegisterOptions(match="wildcard")),
                              "REGISTERED (wildcard)")

            lists = await meta(asker, "wamp.registration.list")
            assert isinstance(lists, dict) and set(lists) == {"exact", "prefix", "wildcard"}, lists
            assert exact.id in lists["exact"] and prefix.id in lists["prefix"] and wild.id in lists["wildcard"], lists

            assert await meta(asker, "wamp.registration.lookup", proc) == exact.id
            assert await meta(asker, "wamp.registration.lookup", root) is None
            assert await meta(asker, "wamp.registration.lookup", root, {"match": "prefix"}) == prefix.id
            assert await meta(asker, "wamp.registration.lookup", root + "..run", {"match": "wildcard"}) == wild.id
            assert await meta(asker, "wamp.registration.lookup", unique_uri("com.meta.none")) is None

            # match: the one registration a call would reach (exact, then longest prefix, then wildcard)
            assert await meta(asker, "wamp.registration.match", proc) == exact.id
            assert await meta(asker, "wamp.registration.match", root + ".b.run") == prefix.id
            assert await meta(asker, "wamp.registration.match", unique_uri("com.meta.none")) is None

            check_entry(await meta(asker, "wamp.registration.get", exact.id), exact.id, proc, "exact", "get (exact)",
                        invoke="last")
            check_entry(await meta(asker, "wamp.registration.get", prefix.id), prefix.id, root, "prefix",
                        "get (prefix)", invoke="single")
            check_entry(await meta(asker, "wamp.registration.get", wild.id), wild.id, root + "..run", "wildcard",
                        "get (wildcard)", invoke="single")

            assert sorted(await meta(asker, "wamp.registration.list_callees", exact.id)) == \
                sorted([c1._session_id, c2._session_id])
            assert await meta(asker, "wamp.registration.count_callees", exact.id) == 2
            assert await meta(asker, "wamp.registration.list_callees", wild.id) == [c2._session_id]
            assert await meta(asker, "wamp.registration.count_callees", prefix.id) == 1

            for name in ("get", "list_callees", "count_callees"):
                await expect_error(asker.call("wamp.registration." + name, UNKNOWN_ID), NO_SUCH_REGISTRATION,
                                   "wamp.registration.{} of an unknown registration".format(name))

            # the registrations that exist now decide
            await wait(prefix.unregister(), "UNREGISTERED (prefix)")
            assert await meta(asker, "wamp.registration.match", root + ".b.run") == wild.id
            await expect_error(asker.call("wamp.registration.get", prefix.id), NO_SUCH_REGISTRATION,
                               "get of a deleted registration")
            c2.leave()
            await wait(c2.disconnected, "callee 2 to leave")
            assert await meta(asker, "wamp.registration.list_callees", exact.id) == [c1._session_id]
            assert await meta(asker, "wamp.registration.match", root + ".b.run") is None
    run(body())


def test_registration_revocation(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.registration.on_")
            revoked = await c.connect(label="revoked callee", record_raw=True)
            kept = await c.connect(label="other callee")
            admin = await c.connect(label="admin")
            caller = await c.connect(label="caller")
            uri = unique_uri("com.meta.unreg")
            invoked = Inbox(revoked, "revoked callee's invocations")

            def endpoint():
                invoked.put(True)
                return "revoked callee"
            reg = await wait(revoked.register(endpoint, uri, options=RegisterOptions(invoke="first")),
                             "REGISTERED (revoked callee)")
            await wait(kept.register(lambda: "other callee", uri, options=RegisterOptions(invoke="first")),
                       "REGISTERED (other callee)")
            assert await wait(caller.call(uri), "RESULT before the revocation") == "revoked callee"
            await invoked.next("the invocation before the revocation")

            reason = "com.example.registration_revoked"
            assert await meta(admin, "wamp.registration.remove_callee", reg.id, revoked._session_id,
                              reason=reason) is None
            got = await revoked.expect(lambda m: isinstance(m, message.Unregistered) and m.request == 0,
                                       "the revoking UNREGISTERED")
            assert (got.registration, got.reason) == (reg.id, reason), got
            raw = [m for m in revoked.raw_received if m[0] == message.Unregistered.MESSAGE_TYPE]
            assert_same([[67, 0, {"registration": reg.id, "reason": reason}]], raw, "UNREGISTERED on the wire")
            await watcher.find("wamp.registration.on_unregister", [revoked._session_id, reg.id])
            assert await meta(admin, "wamp.registration.list_callees", reg.id) == [kept._session_id]

            # calls now go to the remaining callee; once it is removed too, there is no such procedure
            assert await wait(caller.call(uri), "RESULT after the revocation") == "other callee"
            assert await meta(admin, "wamp.registration.remove_callee", reg.id, kept._session_id) is None
            await watcher.find("wamp.registration.on_delete", [kept._session_id, reg.id])
            await expect_error(caller.call(uri), NO_SUCH_PROCEDURE, "a call after both callees were removed")
            invoked.assert_empty("its registration was revoked")
            assert revoked.is_attached() and kept.is_attached()

            await expect_error(admin.call("wamp.registration.remove_callee", UNKNOWN_ID, revoked._session_id),
                               NO_SUCH_REGISTRATION, "remove_callee of an unknown registration")
            other = await wait(kept.register(lambda: None, unique_uri("com.meta.unreg2")), "REGISTERED")
            await expect_error(admin.call("wamp.registration.remove_callee", other.id, revoked._session_id),
                               NO_SUCH_SESSION, "remove_callee of a session that is not a callee")
    run(body())


# -- testaments -----------------------------------------------------------------------------------------

async def watch_topic(c, topic, name="testament subscriber"):
    """A subscriber to ``topic`` per serializer, plus one with a prefix subscription covering it."""
    inboxes = []
    for ser in sorted(SERIALIZERS):
        s = await c.connect(serializer=ser, label="{}/{}".format(name, ser))
        inbox = Inbox(s, "{}/{}".format(name, ser))
        await wait(s.subscribe(inbox.event_handler, topic, options=SubscribeOptions(details=True)), "SUBSCRIBED")
        inboxes.append(inbox)
    s = await c.connect(label=name + "/prefix")
    inbox = Inbox(s, name + "/prefix")
    await wait(s.subscribe(inbox.event_handler, topic.rsplit(".", 1)[0],
                           options=SubscribeOptions(match="prefix", details=True)), "SUBSCRIBED (prefix)")
    inboxes.append(inbox)
    return inboxes


async def left_for_good(watcher, session):
    """The session's wamp.session.on_leave is in: the router has published its testaments (if any)."""
    joined = session.joined.result()
    await watcher.find("wamp.session.on_leave", [joined.session, joined.authid, "anonymous"],
                       "on_leave of " + session.label)


def test_testament_published_when_the_transport_drops(clients):
    async def body():
        async with clients() as c:
            topic = unique_uri("com.meta.testament") + ".last_words"
            inboxes = await watch_topic(c, topic)
            testator = await c.connect(label="testator")
            assert await meta(testator, "wamp.session.add_testament", topic, PAYLOAD_ARGS, PAYLOAD_KWARGS) is None
            drop_transport(testator)
            for inbox in inboxes:
                args, kwargs, details = await inbox.next("the testament event")
                assert_same(PAYLOAD_ARGS, args, inbox.name + " testament args")
                assert_same(PAYLOAD_KWARGS, kwargs, inbox.name + " testament kwargs")
                assert details.topic == topic and details.publisher is None, (inbox.name, details)
    run(body())


def test_testament_payload_shapes(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.session.on_")
            topic = unique_uri("com.meta.shapes") + ".t"
            inboxes = await watch_topic(c, topic)
            testator = await c.connect(label="testator")
            shapes = [(["args only", 1], None), ([], {"kwargs": "only"}), ([], {}), None,
                      ([b"\x00bin", {"n": [1.5, None]}], {"k": [True]})]
            for i, shape in enumerate(shapes):
                extra = [] if shape is None else [shape[0]] if shape[1] is None else list(shape)
                assert await meta(testator, "wamp.session.add_testament", topic, *extra) is None, (i, shape)
            drop_transport(testator)
            await left_for_good(watcher, testator)
            for inbox in inboxes:
                for shape in shapes:
                    args, kwargs, _ = await inbox.next("testament {!r}".format(shape))
                    expected_args = [] if shape is None else shape[0]
                    expected_kwargs = {} if shape is None or shape[1] is None else shape[1]
                    assert_same(expected_args, args, "{} args of testament {!r}".format(inbox.name, shape))
                    assert_same(expected_kwargs, kwargs, "{} kwargs of testament {!r}".format(inbox.name, shape))
    run(body())


def test_testament_on_goodbye_and_kill(clients):
    # "destroyed" scope: the session ends, whether it says GOODBYE or is killed
    async def body():
        async with clients() as c:
            topic = unique_uri("com.meta.bye") + ".t"
            inboxes = await watch_topic(c, topic)
            admin = await c.connect(label="admin")
            polite = await c.connect(label="polite testator")
            await meta(polite, "wamp.session.add_testament", topic, ["goodbye"], {})
            polite.leave()
            for inbox in inboxes:
                assert (await inbox.next("the testament of the session that left"))[:2] == (["goodbye"], {})
            victim = await c.connect(label="killed testator")
            await meta(victim, "wamp.session.add_testament", topic, ["killed"], {"by": "admin"})
            await meta(admin, "wamp.session.kill", victim._session_id)
            for inbox in inboxes:
                assert (await inbox.next("the testament of the killed session"))[:2] == (["killed"], {"by": "admin"})
    run(body())


def test_testament_scopes_and_flush(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.session.on_")
            topic = unique_uri("com.meta.scope") + ".t"
            publisher = await c.connect(label="fence publisher")
            inboxes = await watch_topic(c, topic)

            # detached-scope testaments before destroyed-scope ones, each in the order added
            testator = await c.connect(label="testator")
            for name, scope in (("A", None), ("B", "detached"), ("C", "destroyed"), ("D", "detached")):
                kwargs = {} if scope is None else {"scope": scope}
                assert await meta(testator, "wamp.session.add_testament", topic, [name], {}, **kwargs) is None
            drop_transport(testator)
            for inbox in inboxes:
                got = [(await inbox.next("testament #{}".format(i + 1)))[0] for i in range(4)]
                assert got == [["B"], ["D"], ["A"], ["C"]], (inbox.name, got)

            # flush_testaments removes one scope's testaments (destroyed by default)
            testator = await c.connect(label="flushing testator")

            async def add(name, scope):
                assert await meta(testator, "wamp.session.add_testament", topic, [name], {}, scope=scope) is None
            await add("flushed destroyed 1", "destroyed")
            await add("flushed detached", "detached")
            assert await meta(testator, "wamp.session.flush_testaments", scope="detached") is None
            await add("kept detached", "detached")
            await add("flushed destroyed 2", "destroyed")
            assert await meta(testator, "wamp.session.flush_testaments") is None
            await add("kept destroyed", "destroyed")
            drop_transport(testator)
            await left_for_good(watcher, testator)
            for inbox in inboxes:
                got = [(await inbox.next("a testament after flush #{}".format(i + 1)))[0] for i in range(2)]
                assert got == [["kept detached"], ["kept destroyed"]], (inbox.name, got)
                await fence_event(publisher, inbox.session, inbox.name + " fence")
                inbox.assert_empty("the other testaments were flushed")

            # flushing with nothing to flush is fine; an unknown scope is not
            s = await c.connect(label="flusher")
            assert await meta(s, "wamp.session.flush_testaments", scope="destroyed") is None
            await expect_error(s.call("wamp.session.flush_testaments", scope="sometime"), INVALID_ARGUMENT,
                               "flush_testaments with an unknown scope")
    run(body())


def test_testament_refused(clients):
    async def body():
        async with clients() as c:
            watcher = await MetaEvents.open(c, "wamp.session.on_")
            publisher = await c.connect(label="fence publisher")
            meta_inbox = Inbox(watcher.session, "wamp.session.on_join subscriber")
            reserved = "wamp.session.on_join"
            await wait(watcher.session.subscribe(meta_inbox.event_handler, reserved,
                                                 options=SubscribeOptions(details=True)), "SUBSCRIBED")
            topic = unique_uri("com.meta.refused") + ".t"
            inboxes = await watch_topic(c, topic)
            testator = await c.connect(label="testator")
            await watcher.find("wamp.session.on_join", lambda a: a[0].get("session") == testator._session_id)
            await fence_event(publisher, watcher.session, "meta watcher's fence")
            meta_inbox.drain()
            # the router's own wamp.* topics are not for testaments; nor is a malformed URI or scope
            await expect_error(testator.call("wamp.session.add_testament", reserved, ["fake"], {}), INVALID_URI,
                               "add_testament on a reserved wamp.* topic")
            await expect_error(testator.call("wamp.session.add_testament", "com..bad topic", ["x"], {}), INVALID_URI,
                               "add_testament on an invalid URI")
            await expect_error(testator.call("wamp.session.add_testament", topic, ["x"], {}, scope="forever"),
                               INVALID_ARGUMENT, "add_testament with an unknown scope")
            drop_transport(testator)
            await left_for_good(watcher, testator)
            for inbox in inboxes:
                await fence_event(publisher, inbox.session, inbox.name + " fence")
                inbox.assert_empty("every add_testament was refused")
            await fence_event(publisher, watcher.session, "meta watcher's fence")
            meta_inbox.assert_empty("no on_join testament was stored")
    run(body())
