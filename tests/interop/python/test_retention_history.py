"""Event retention, event history, publication and call trust levels, and
payload passthru mode with autobahn 22.7, every serializer x transport
(wamp-proto rfc/text/advanced/ap_28_pubsub_event_retention.md,
ap_27_pubsub_event_history.md, ap_pubsub_publication_trustlevels.md,
ap_rpc_call_trustlevels.md, ap_50_payload_passthru_mode.md).

The suite's router keeps conftest.EVENT_HISTORY events per subscription and
gives the anonymous role (every test session) trust level
conftest.ANONYMOUS_TRUSTLEVEL.

No test sleeps to show that an event does NOT arrive: a fence event from the
same publisher follows (see test_advanced_pubsub.py). A retained event is sent
with the SUBSCRIBED, before any event published after it.

What autobahn 22.7 lacks: its EventDetails and CallDetails have no trustlevel,
and it knows payload passthru mode only by its older name and fields
(payload_transparency, enc_algo/enc_serializer/enc_key). The tests read
trustlevel and the ppt_* details from the decoded wire messages
(record_raw), add the ppt_* options to PUBLISH/CALL on the wire
(wamp_client.extra_options), answer INVOCATIONs with hand-made YIELD/ERROR
messages (Session.intercept), and announce payload_passthru_mode in HELLO
themselves (the spec requires all three peers to announce it).
"""

import asyncio
import datetime

import pytest
from autobahn.wamp import message
from autobahn.wamp.exception import ApplicationError
from autobahn.wamp.types import PublishOptions, RegisterOptions, SubscribeOptions

from conftest import ANONYMOUS_TRUSTLEVEL, EVENT_HISTORY
from wamp_client import (Inbox, PAYLOAD_ARGS, PAYLOAD_KWARGS, SERIALIZERS, assert_same, extra_options, run, show,
                         unique_uri, wait, with_options)

EVENT, INVOCATION, RESULT, ERROR = 36, 68, 50, 8
INVALID_ARGUMENT = "wamp.error.invalid_argument"
NO_SUCH_SUBSCRIPTION = "wamp.error.no_such_subscription"
UNKNOWN_ID = 2 ** 53 - 7

PPT = {"ppt_scheme": "x_custom", "ppt_serializer": "custom", "ppt_cipher": "xsalsa20poly1305",
       "ppt_keyid": "GTtQ37XGJO2O4R8Dvx4AUo8pe61D9evIWpKGQAPdOh0="}
PPT_REPLY = {"ppt_scheme": "x_custom", "ppt_serializer": "flatbuffers", "ppt_cipher": "aes256gcm",
             "ppt_keyid": "0x51e2cb9d7c3c5e7a8b4bb3c23ed2f1d2e6b3a001"}
# an opaque payload: every byte value, and what would look like serializer framing
PPT_PAYLOAD = bytes(range(256)) + b"\x00\x00\xff\x91\xa3abc{\"json\": [1]}"
PPT_REPLY_PAYLOAD = b"\xde\xad\xbe\xef" * 64 + b"\x00"
PASSTHRU = {"publisher": {"payload_passthru_mode": True}, "subscriber": {"payload_passthru_mode": True},
            "caller": {"payload_passthru_mode": True}, "callee": {"payload_passthru_mode": True}}


# -- helpers -------------------------------------------------------------------------------------------

async def subscribe(session, topic, name, **options):
    inbox = Inbox(session, name)
    sub = await wait(session.subscribe(inbox.event_handler, topic, options=SubscribeOptions(details=True, **options)),
                     "SUBSCRIBED for " + name)
    return inbox, sub


async def publish(publisher, topic, *args, **kwargs):
    """An acknowledged publication (PublishOptions from options=...); returns its publication id."""
    options = kwargs.pop("options", {})
    pub = await wait(publisher.publish(topic, *args, options=PublishOptions(acknowledge=True, **options), **kwargs),
                     "PUBLISHED on " + topic)
    return pub.id


def raw_events(session, subscription_id):
    """The EVENTs the router sent for a subscription, as decoded wire lists (the session has record_raw)."""
    return [m for m in session.raw_received if m[0] == EVENT and m[1] == subscription_id]


def show_raw(raws):
    return "[" + ", ".join(repr(r) for r in raws) + "]"


def ppt_of(details):
    return {k: v for k, v in details.items() if k.startswith("ppt_")}


async def expect_error(awaitable, error, what):
    with pytest.raises(ApplicationError) as info:
        await wait(awaitable, what)
    assert info.value.error == error, "{}: expected {}, got {}".format(what, error, info.value)
    return info.value


def with_details(msg, index, **extra):
    """``msg`` with ``extra`` merged into the dict at wire position ``index`` (e.g. ERROR.Details)."""
    cls = type(msg)
    base_marshal = cls.marshal

    def marshal(self):
        raw = base_marshal(self)
        raw[index] = dict(raw[index], **extra)
        return raw
    msg.__class__ = type(cls.__name__, (cls,), {"__slots__": (), "marshal": marshal})
    return msg


# -- event retention -----------------------------------------------------------------------------------

def test_retained_event_on_subscribe(clients):
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.ret.topic")
            await publish(publisher, topic, "older", options={"retain": True})
            retained_id = await publish(publisher, topic, *PAYLOAD_ARGS, options={"retain": True}, **PAYLOAD_KWARGS)
            await publish(publisher, topic, "not retained")

            subscribers = []
            for ser in sorted(SERIALIZERS):
                s = await c.connect(serializer=ser, label="late subscriber/" + ser, record_raw=True)
                inbox, sub = await subscribe(s, topic, s.label, get_retained=True)
                args, kwargs, details = await inbox.next("the retained event")
                assert_same(PAYLOAD_ARGS, args, s.label + " retained EVENT.args")
                assert_same(PAYLOAD_KWARGS, kwargs, s.label + " retained EVENT.kwargs")
                assert details.retained is True and details.publication == retained_id, (s.label, details)
                raw = raw_events(s, sub.id)
                assert len(raw) == 1 and raw[0][3].get("retained") is True, show_raw(raw)
                assert raw[0][2] == retained_id and "topic" not in raw[0][3], raw[0][:4]
                subscribers.append((s, sub, inbox))

            # only the last retained event came; a live event is not marked retained
            await publish(publisher, topic, "live")
            for s, sub, inbox in subscribers:
                args, _, details = await inbox.next("the live event")
                assert args == ["live"] and not details.retained, (s.label, args, details)
                assert "retained" not in raw_events(s, sub.id)[-1][3], raw_events(s, sub.id)[-1][:4]
                inbox.assert_empty("one retained and one live event")
    run(body())


def test_retained_event_only_when_asked(clients):
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.ret.noask")
            await publish(publisher, topic, "retained", options={"retain": True})
            inboxes = []
            for label, options in (("no get_retained", {}), ("get_retained=False", {"get_retained": False})):
                s = await c.connect(label=label)
                inboxes.append((await subscribe(s, topic, label, **options))[0])
            # a publication without retain does not replace the retained one
            await publish(publisher, topic, "live")
            for inbox in inboxes:
                args, _, details = await inbox.next("the first event")
                assert args == ["live"] and not details.retained, (inbox.name, args, details)
            s = await c.connect(label="get_retained")
            inbox, _ = await subscribe(s, topic, "get_retained", get_retained=True)
            args, _, details = await inbox.next("the retained event")
            assert args == ["retained"] and details.retained is True, (args, details)
    run(body())


def test_retained_events_for_pattern_subscriptions(clients):
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher")
            root = unique_uri("com.ret.pat")
            topics = {root + ".a": "a", root + ".b.c": "b.c (newest)", root + ".x.c.d": "x.c.d"}
            await publish(publisher, root + ".b.c", "b.c (replaced)", options={"retain": True})
            for topic, value in topics.items():
                await publish(publisher, topic, value, options={"retain": True})
            await publish(publisher, unique_uri("com.ret.other"), "elsewhere", options={"retain": True})
            await publish(publisher, root + ".nothing.c", "not retained")

            s = await c.connect(label="subscriber", record_raw=True)
            cases = (("prefix", root, set(topics)), ("wildcard", root + "..c", {root + ".b.c"}),
                     ("exact", root + ".a", {root + ".a"}))
            subs = []
            for match, pattern, expected in cases:
                inbox, sub = await subscribe(s, pattern, "{} subscription".format(match),
                                             match=None if match == "exact" else match, get_retained=True)
                got = {}
                for _ in expected:
                    args, _, details = await inbox.next("a retained event")
                    assert details.retained is True, (match, details)
                    got[details.topic] = args
                assert got == {t: [topics[t]] for t in expected}, (match, got)
                # EVENT.Details.topic is on the wire for pattern-based subscriptions only
                wire_topics = sorted(str(e[3].get("topic")) for e in raw_events(s, sub.id))
                assert wire_topics == (sorted(expected) if match != "exact" else ["None"]), \
                    show_raw(raw_events(s, sub.id))
                subs.append(inbox)
            publisher.publish(root + ".a", "fence a")
            publisher.publish(root + ".f.c", "fence c")
            for inbox, fences in zip(subs, (["fence a", "fence c"], ["fence c"], ["fence a"])):
                assert [(await inbox.next("a fence event"))[0][0] for _ in fences] == fences, inbox.name
            for inbox in subs:
                inbox.assert_empty("every retained event that matches came once")
    run(body())


def test_retained_event_respects_eligibility(clients):
    # spec: "The Broker MUST NOT send the Subscriber a Retained Event that they would not be eligible to
    # receive if they were subscribing when it was published", and "MUST send the Subscriber the most
    # recent Retained Event that they would have received"
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher")
            wrong = []
            for restriction in ({"eligible_authid": ["nobody-has-this-authid"]}, {"exclude_authrole": ["anonymous"]},
                                {"eligible_authrole": ["admin"]}):
                topic = unique_uri("com.ret.elig")
                await publish(publisher, topic, "for everybody", options={"retain": True})
                await publish(publisher, topic, "restricted", options=dict(retain=True, **restriction))
                s = await c.connect(label="subscriber ({})".format(restriction), record_raw=True)
                inbox, sub = await subscribe(s, topic, s.label, get_retained=True)
                publisher.publish(topic, "fence")
                args, _, details = await inbox.next("the first event")
                if args != ["fence"]:
                    assert (await inbox.next("the fence event"))[0] == ["fence"]
                # expected: the most recent retained event the subscriber was eligible for
                if args != ["for everybody"] or details.retained is not True:
                    wrong.append("retained {} published with {} -> anonymous subscriber (authid {}) got {}".format(
                        ["for everybody", "restricted"], restriction, s._authid, show_raw(raw_events(s, sub.id)[:1])))
            assert not wrong, "; ".join(wrong)
    run(body())


# -- event history -------------------------------------------------------------------------------------

def check_history_entry(entry, sub_id, pub_id, topic, args, kwargs, what):
    assert isinstance(entry, dict), "{}: {!r}".format(what, entry)
    assert {"timestamp", "subscription", "publication", "details"} <= set(entry) <= \
        {"timestamp", "subscription", "publication", "details", "args", "kwargs"}, "{}: {!r}".format(what, entry)
    assert entry["subscription"] == sub_id and entry["publication"] == pub_id, "{}: {!r}".format(what, entry)
    assert isinstance(entry["details"], dict) and entry["details"].get("topic") == topic, "{}: {!r}".format(what, entry)
    # "args" and "kwargs" may be left out when empty
    assert_same(args, entry.get("args", []), what + " args")
    assert_same(kwargs, entry.get("kwargs", {}), what + " kwargs")
    when = datetime.datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00"))
    assert when.tzinfo is not None, entry["timestamp"]
    assert abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds()) < 120, entry["timestamp"]
    return when


async def get_events(session, sub_id, **kwargs):
    events = await wait(session.call("wamp.subscription.get_events", sub_id, **kwargs),
                        "RESULT of wamp.subscription.get_events({}, {})".format(sub_id, kwargs))
    assert isinstance(events, list), events
    return events


def test_event_history(clients):
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.hist.topic")
            _, sub = await subscribe(subscriber, topic, "subscriber")
            payloads = [(["one"], {}), ([], {"two": 2}), (PAYLOAD_ARGS, PAYLOAD_KWARGS), ([], {})]
            pubs = [await publish(publisher, topic, *a, **k) for a, k in payloads]

            # the subscriber and callers on every serializer see the same history, oldest first
            for ser in sorted(SERIALIZERS):
                caller = subscriber if ser == c.serializer else await c.connect(serializer=ser, label="caller/" + ser)
                events = await get_events(caller, sub.id)
                assert len(events) == len(payloads), events
                times = [check_history_entry(e, sub.id, p, topic, a, k, "{} event {}".format(ser, i))
                         for i, (e, p, (a, k)) in enumerate(zip(events, pubs, payloads))]
                assert times == sorted(times), [e["timestamp"] for e in events]

            def publications(events):
                return [e["publication"] for e in events]
            assert publications(await get_events(subscriber, sub.id, limit=2)) == pubs[:2]
            assert publications(await get_events(subscriber, sub.id, reverse=True)) == pubs[::-1]
            assert publications(await get_events(subscriber, sub.id, reverse=True, limit=3)) == pubs[::-1][:3]
            assert publications(await get_events(subscriber, sub.id, reverse=False, limit=10)) == pubs

            await expect_error(subscriber.call("wamp.subscription.get_events", UNKNOWN_ID), NO_SUCH_SUBSCRIPTION,
                               "get_events of an unknown subscription")
    run(body())


def test_event_history_keeps_the_last_events(clients):
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.hist.ring")
            _, sub = await subscribe(subscriber, topic, "subscriber")
            assert await get_events(subscriber, sub.id) == []
            pubs = [await publish(publisher, topic, i) for i in range(EVENT_HISTORY + 3)]
            events = await get_events(subscriber, sub.id)
            assert [e["publication"] for e in events] == pubs[-EVENT_HISTORY:], (events, pubs)
            assert [e["args"] for e in events] == [[i] for i in range(3, EVENT_HISTORY + 3)], events
            assert [e["args"][0] for e in await get_events(subscriber, sub.id, limit=2)] == [3, 4]
            assert [e["args"][0] for e in await get_events(subscriber, sub.id, limit=2, reverse=True)] == \
                [EVENT_HISTORY + 2, EVENT_HISTORY + 1]
    run(body())


def test_event_history_of_pattern_subscriptions(clients):
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            publisher = await c.connect(label="publisher")
            root = unique_uri("com.hist.pat")
            _, prefix = await subscribe(subscriber, root, "prefix", match="prefix")
            _, wild = await subscribe(subscriber, root + "..x", "wildcard", match="wildcard")
            _, exact = await subscribe(subscriber, root + ".a.x", "exact")
            sent = [(root + ".a.x", "1"), (root + ".b", "2"), (root + ".a.x", "3"), (root + ".c.x", "4")]
            pubs = [await publish(publisher, t, v) for t, v in sent]

            def summary(events):
                return [(e["details"].get("topic"), e.get("args")) for e in events]
            assert summary(await get_events(subscriber, prefix.id)) == [(t, [v]) for t, v in sent]
            assert summary(await get_events(subscriber, wild.id)) == [(t, [v]) for t, v in sent if t.endswith(".x")]
            assert summary(await get_events(subscriber, exact.id)) == [(t, [v]) for t, v in sent if t == root + ".a.x"]
            # a publication matching several subscriptions is one publication in each history
            assert (await get_events(subscriber, exact.id))[0]["publication"] == pubs[0]
            assert (await get_events(subscriber, wild.id))[0]["publication"] == pubs[0]
            # the topic filter (for pattern-based subscriptions)
            assert summary(await get_events(subscriber, prefix.id, topic=root + ".a.x")) == \
                [(root + ".a.x", ["1"]), (root + ".a.x", ["3"])]
            assert summary(await get_events(subscriber, prefix.id, topic=root + ".a.x", reverse=True, limit=1)) == \
                [(root + ".a.x", ["3"])]
            assert await get_events(subscriber, prefix.id, topic=root + ".none") == []
    run(body())


def test_event_history_skips_publications_filtered_by_session_id(clients):
    # spec: "all events published with Options.exclude|list[int] or Options.eligible|list[int] should be
    # ignored by the Event History mechanism and not be saved at all"
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            other = await c.connect(label="other")
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.hist.ids")
            inbox, sub = await subscribe(subscriber, topic, "subscriber")
            await publish(publisher, topic, "kept 1")
            await publish(publisher, topic, "eligible", options={"eligible": [subscriber._session_id]})
            await publish(publisher, topic, "exclude", options={"exclude": [other._session_id]})
            await publish(publisher, topic, "both", options={"eligible": [subscriber._session_id],
                                                              "exclude": [other._session_id]})
            await publish(publisher, topic, "kept 2")
            # the filtered publications did reach the subscriber
            assert [(await inbox.next("event"))[0][0] for _ in range(5)] == \
                ["kept 1", "eligible", "exclude", "both", "kept 2"]
            assert [e["args"] for e in await get_events(subscriber, sub.id)] == [["kept 1"], ["kept 2"]]
    run(body())


def test_event_history_respects_authid_and_authrole_lists(clients):
    # spec ("Event History", Security Aspects): black- and whitelisting by authid/authrole "must also apply
    # to event history requests": a publication the requesting peer was not eligible for "must be filtered
    # out from the results of this specific request"
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            other = await c.connect(label="other (may subscribe, not eligible)")
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.hist.auth")
            _, sub = await subscribe(subscriber, topic, "subscriber")
            await publish(publisher, topic, "for all")
            await publish(publisher, topic, "only subscriber", options={"eligible_authid": [subscriber._authid]})
            await publish(publisher, topic, "not other", options={"exclude_authid": [other._authid]})
            await publish(publisher, topic, "admins only", options={"eligible_authrole": ["admin"]})
            await publish(publisher, topic, "no anonymous", options={"exclude_authrole": ["anonymous"]})
            mine = [e["args"][0] for e in await get_events(subscriber, sub.id)]
            assert mine == ["for all", "only subscriber", "not other"], \
                "history for the subscriber (authid {}): {}".format(subscriber._authid, mine)
            theirs = [e["args"][0] for e in await get_events(other, sub.id)]
            assert theirs == ["for all"], "history for another anonymous session (authid {}): {}".format(
                other._authid, theirs)
    run(body())


def test_event_history_range_filters(clients):
    # spec ("Event History"): from/after/before/until_publication select by position in the history (ids are
    # not ordered), from/after/before/until_time by the RFC 3339 timestamp; all filters combine with AND
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            publisher = await c.connect(label="publisher")
            topic = unique_uri("com.hist.range")
            _, sub = await subscribe(subscriber, topic, "subscriber")
            pubs = [await publish(publisher, topic, i) for i in range(5)]

            def values(events):
                return [e["args"][0] for e in events]

            assert values(await get_events(subscriber, sub.id, from_publication=pubs[1])) == [1, 2, 3, 4]
            assert values(await get_events(subscriber, sub.id, after_publication=pubs[1])) == [2, 3, 4]
            assert values(await get_events(subscriber, sub.id, before_publication=pubs[3])) == [0, 1, 2]
            assert values(await get_events(subscriber, sub.id, until_publication=pubs[3])) == [0, 1, 2, 3]
            assert values(await get_events(subscriber, sub.id, after_publication=pubs[0],
                                           before_publication=pubs[4], reverse=True)) == [3, 2, 1]
            assert values(await get_events(subscriber, sub.id, after_publication=UNKNOWN_ID)) == []

            events = await get_events(subscriber, sub.id)
            third = events[2]["timestamp"]
            past = "2000-01-01T00:00:00.000Z"
            future = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime(
                "%Y-%m-%dT%H:%M:%S.000Z")
            assert values(await get_events(subscriber, sub.id, from_time=past, until_time=future)) == [0, 1, 2, 3, 4]
            assert values(await get_events(subscriber, sub.id, after_time=future)) == []
            assert values(await get_events(subscriber, sub.id, before_time=past)) == []
            assert 2 in values(await get_events(subscriber, sub.id, from_time=third))
            assert 2 in values(await get_events(subscriber, sub.id, until_time=third))
            await expect_error(subscriber.call("wamp.subscription.get_events", sub.id, from_time="yesterday"),
                               INVALID_ARGUMENT, "get_events with a timestamp that is not RFC 3339")
    run(body())


# -- trust levels ----------------------------------------------------------------------------------------

def test_publication_trustlevel(clients):
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher")
            root = unique_uri("com.trust.pub")
            topic = root + ".t"
            watched = []
            for ser in sorted(SERIALIZERS):
                s = await c.connect(serializer=ser, label="subscriber/" + ser, record_raw=True)
                for match, uri in ((None, topic), ("prefix", root)):
                    inbox, sub = await subscribe(s, uri, "{} ({})".format(s.label, match or "exact"), match=match)
                    watched.append((s, sub, inbox))
            publisher.publish(topic, "trusted", k=1)
            with extra_options(publisher, disclose_me=True):
                publisher.publish(topic, "disclosed")
            for s, sub, inbox in watched:
                for expected in ("trusted", "disclosed"):
                    assert (await inbox.next("the event"))[0] == [expected]
                for raw in raw_events(s, sub.id):
                    level = raw[3].get("trustlevel")
                    assert type(level) is int and level == ANONYMOUS_TRUSTLEVEL, \
                        "{}: EVENT.Details.trustlevel {!r}; {}".format(inbox.name, level, raw)
    run(body())


def test_call_trustlevel(clients):
    async def body():
        async with clients() as c:
            caller = await c.connect(label="caller")
            root = unique_uri("com.trust.call")
            for ser in sorted(SERIALIZERS):
                callee = await c.connect(serializer=ser, label="callee/" + ser, record_raw=True)
                await wait(callee.register(lambda: "exact", root + "." + ser), "REGISTERED (exact)")
                await wait(callee.register(lambda: "prefix", root + "." + ser + ".p",
                                           options=RegisterOptions(match="prefix")), "REGISTERED (prefix)")
                assert await wait(caller.call(root + "." + ser), "RESULT (exact)") == "exact"
                assert await wait(caller.call(root + "." + ser + ".p.x"), "RESULT (prefix)") == "prefix"
                with extra_options(caller, disclose_me=True):
                    pending = caller.call(root + "." + ser)
                assert await wait(pending, "RESULT (disclose_me)") == "exact"
                raws = [m for m in callee.raw_received if m[0] == INVOCATION]
                assert len(raws) == 3, raws
                for raw in raws:
                    level = raw[3].get("trustlevel")
                    assert type(level) is int and level == ANONYMOUS_TRUSTLEVEL, \
                        "{}: INVOCATION.Details.trustlevel {!r}; {}".format(callee.label, level, raw)
    run(body())


# -- payload passthru mode ---------------------------------------------------------------------------------

def check_passthru(raw, expected_ppt, payload, what):
    """A wire EVENT/INVOCATION/RESULT carrying exactly ``expected_ppt`` and [payload] (no kwargs)."""
    details = raw[3] if raw[0] in (EVENT, INVOCATION) else raw[2]
    assert ppt_of(details) == expected_ppt, "{}: ppt details {!r}, expected {!r}; {}".format(
        what, ppt_of(details), expected_ppt, details)
    payload_at = 4 if raw[0] in (EVENT, INVOCATION) else 3
    assert len(raw) == payload_at + 1, "{}: {} items on the wire, expected Arguments only: {!r}".format(
        what, len(raw), raw[:payload_at])
    assert_same([payload], raw[payload_at], what + " Arguments")


def test_publish_passthru(clients):
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher", features=PASSTHRU)
            root = unique_uri("com.ppt.pub")
            topic = root + ".t"
            watched = []
            for ser in sorted(SERIALIZERS):
                s = await c.connect(serializer=ser, label="subscriber/" + ser, features=PASSTHRU, record_raw=True)
                for match, uri in ((None, topic), ("prefix", root)):
                    inbox, sub = await subscribe(s, uri, "{} ({})".format(s.label, match or "exact"), match=match)
                    watched.append((s, sub, inbox))

            with extra_options(publisher, **PPT):
                publisher.publish(topic, PPT_PAYLOAD)
            with extra_options(publisher, ppt_scheme="mqtt"):
                publisher.publish(topic, b"\x30\x05\x00\x01tx")
            for s, sub, inbox in watched:
                args, kwargs, _ = await inbox.next("the passthru event")
                assert_same([PPT_PAYLOAD], args, inbox.name + " EVENT.args")
                assert kwargs == {}, kwargs
                assert (await inbox.next("the mqtt passthru event"))[0] == [b"\x30\x05\x00\x01tx"]
                first, second = raw_events(s, sub.id)
                check_passthru(first, PPT, PPT_PAYLOAD, inbox.name + " EVENT")
                check_passthru(second, {"ppt_scheme": "mqtt"}, b"\x30\x05\x00\x01tx", inbox.name + " EVENT (mqtt)")
                assert first[3].get("trustlevel") == ANONYMOUS_TRUSTLEVEL, first[3]
    run(body())


class PassthruCallee:
    """A callee whose INVOCATIONs for one registration the test answers itself with raw YIELD/ERROR."""

    def __init__(self, session, name):
        self.session = session
        self.invocations = Inbox(session, name + ": INVOCATIONs")

    @classmethod
    async def open(cls, c, uri, serializer, features=PASSTHRU):
        session = await c.connect(serializer=serializer, label="callee/" + serializer, features=features,
                                  record_raw=True)
        self = cls(session, session.label)
        reg = await wait(session.register(lambda *a, **k: "not reached", uri), "REGISTERED " + session.label)

        def intercept(msg, raw):
            if isinstance(msg, message.Invocation) and msg.registration == reg.id:
                self.invocations.put(raw)
                return True
            return False
        session.intercept = intercept
        return self

    def send(self, msg):
        self.session._transport.send(msg)


def test_call_passthru(clients):
    async def body():
        async with clients() as c:
            caller = await c.connect(label="caller", features=PASSTHRU, record_raw=True)
            for ser in sorted(SERIALIZERS):
                uri = unique_uri("com.ppt.call")
                callee = await PassthruCallee.open(c, uri, ser)
                with extra_options(caller, **PPT):
                    pending = caller.call(uri, PPT_PAYLOAD)
                raw = await callee.invocations.next("the passthru INVOCATION")
                check_passthru(raw, PPT, PPT_PAYLOAD, callee.session.label + " INVOCATION")
                assert raw[3].get("trustlevel") == ANONYMOUS_TRUSTLEVEL, raw[3]
                callee.send(with_options(message.Yield(raw[1], args=[PPT_REPLY_PAYLOAD]), **PPT_REPLY))
                assert_same(PPT_REPLY_PAYLOAD, await wait(pending, "RESULT of the passthru call"), "RESULT payload")
                result = [m for m in caller.raw_received if m[0] == RESULT][-1]
                check_passthru(result, PPT_REPLY, PPT_REPLY_PAYLOAD, "RESULT from " + callee.session.label)

                # spec: the ppt_* attributes are forwarded "as well as ERROR messages in the case of failures"
                with extra_options(caller, **PPT):
                    pending = caller.call(uri, PPT_PAYLOAD)
                raw = await callee.invocations.next("the second passthru INVOCATION")
                callee.send(with_details(message.Error(INVOCATION, raw[1], "com.example.ppt_failed",
                                                       args=[PPT_REPLY_PAYLOAD]), 3, **PPT_REPLY))
                err = await expect_error(pending, "com.example.ppt_failed", "ERROR of the passthru call")
                assert_same([PPT_REPLY_PAYLOAD], list(err.args), "ERROR.Arguments")
                error = [m for m in caller.raw_received if m[0] == ERROR][-1]
                assert ppt_of(error[3]) == PPT_REPLY, error[:5]
    run(body())


def test_progressive_call_invocations_keep_passthru(clients):
    # spec ("Progressive Call Invocations"): the Details of every INVOCATION of the call are based on the
    # initiating CALL; here every chunk's CALL carries the same ppt_* options too
    async def body():
        async with clients() as c:
            features = {role: dict(f) for role, f in PASSTHRU.items()}
            features["caller"]["progressive_call_invocations"] = True
            features["callee"]["progressive_call_invocations"] = True
            caller = await c.connect(label="caller", features=features)
            uri = unique_uri("com.ppt.chunks")
            callee = await PassthruCallee.open(c, uri, c.serializer, features=features)
            chunks = [b"\x01chunk-1", b"\x02chunk-2", b"\x03chunk-3"]
            with extra_options(caller, progress=True, **PPT):
                pending = caller.call(uri, chunks[0])
            req = [m for m in caller.sent if isinstance(m, message.Call)][-1].request
            for i, chunk in enumerate(chunks[1:], start=2):
                options = dict(PPT, progress=True) if i < len(chunks) else dict(PPT)
                caller._transport.send(with_options(message.Call(req, uri, args=[chunk]), **options))
            raws = [await callee.invocations.next("INVOCATION #{}".format(i + 1)) for i in range(len(chunks))]
            callee.send(message.Yield(raws[0][1], args=["done"]))
            assert await wait(pending, "RESULT") == "done"
            for i, (raw, chunk) in enumerate(zip(raws, chunks)):
                assert_same([chunk], raw[4], "INVOCATION #{} Arguments".format(i + 1))
            missing = [i + 1 for i, raw in enumerate(raws) if ppt_of(raw[3]) != PPT]
            assert not missing, "INVOCATIONs {} lack the ppt_* details; Details: {!r}".format(
                missing, [raw[3] for raw in raws])
    run(body())


def test_retained_event_keeps_the_publication_details(clients):
    # a retained event is "the most recent Retained Event that they would have received": the same
    # EVENT (passthru attributes, trust level), marked retained
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher", features=PASSTHRU)
            topic = unique_uri("com.ppt.retain")
            live = await c.connect(label="live subscriber", features=PASSTHRU, record_raw=True)
            live_inbox, live_sub = await subscribe(live, topic, "live subscriber")
            with extra_options(publisher, retain=True, **PPT):
                publisher.publish(topic, PPT_PAYLOAD)
            await live_inbox.next("the live passthru event")
            live_details = raw_events(live, live_sub.id)[0][3]
            assert ppt_of(live_details) == PPT, live_details

            late = await c.connect(label="late subscriber", features=PASSTHRU, record_raw=True)
            inbox, sub = await subscribe(late, topic, "late subscriber", get_retained=True)
            args, _, details = await inbox.next("the retained passthru event")
            assert_same([PPT_PAYLOAD], args, "retained EVENT.args")
            retained = raw_events(late, sub.id)[0]
            assert retained[3] == dict(live_details, retained=True), \
                "retained EVENT.Details {!r}, live EVENT.Details {!r}".format(retained[3], live_details)
    run(body())


def test_passthru_without_announcing_the_feature(clients):
    # spec: a PUBLISH or CALL with payload passthru from a peer that did not announce payload_passthru_mode
    # "MUST be treated as PROTOCOL ERRORS and the underlying WAMP connections must be aborted with the
    # wamp.error.protocol_violation error reason" (autobahn's older name payload_transparency is left out too)
    async def body():
        async with clients() as c:
            without = {"publisher": {"payload_transparency": None}, "caller": {"payload_transparency": None}}
            callee = await c.connect(label="callee", features=PASSTHRU)
            uri = unique_uri("com.ppt.unannounced")
            await wait(callee.register(lambda *a: "reached", uri), "REGISTERED")
            wrong = []
            for kind in ("PUBLISH", "CALL"):
                s = await c.connect(label="peer without payload_passthru_mode ({})".format(kind), features=without)
                with extra_options(s, **PPT):
                    if kind == "PUBLISH":
                        pending = s.publish(uri, PPT_PAYLOAD, options=PublishOptions(acknowledge=True))
                    else:
                        pending = s.call(uri, PPT_PAYLOAD)
                # the answer (PUBLISHED, RESULT) or the ABORT, whichever the router sends
                await wait(asyncio.wait([pending, s.disconnected], return_when=asyncio.FIRST_COMPLETED),
                           "an answer to the {} with ppt_scheme, or ABORT".format(kind))
                aborts = [m for m in s.received if isinstance(m, message.Abort)]
                if not aborts or aborts[0].reason != "wamp.error.protocol_violation":
                    wrong.append("{} with ppt_* from a peer without the feature: router sent {}".format(
                        kind, show(s.received[1:])))
            assert not wrong, "; ".join(wrong)
    run(body())


def test_passthru_call_to_callee_without_the_feature(clients):
    # spec: a CALL with payload passthru "which then must be routed to a Callee which doesn't support
    # payload passthru, MUST be treated as APPLICATION ERRORS and the Dealer MUST respond to the Caller
    # with a wamp.error.feature_not_supported error message"
    async def body():
        async with clients() as c:
            without = {"callee": {"payload_transparency": None}}
            uri = unique_uri("com.ppt.plaincallee")
            callee = await PassthruCallee.open(c, uri, c.serializer, features=without)
            caller = await c.connect(label="caller", features=PASSTHRU)
            with extra_options(caller, **PPT):
                pending = caller.call(uri, PPT_PAYLOAD)
            invoked = asyncio.ensure_future(callee.invocations.next("an INVOCATION"))
            await wait(asyncio.wait([pending, invoked], return_when=asyncio.FIRST_COMPLETED),
                       "the caller's ERROR (or an INVOCATION to the callee)")
            if invoked.done():
                raw = invoked.result()
                callee.send(message.Yield(raw[1], args=["invoked"]))
                raise AssertionError("the callee without payload_passthru_mode was invoked: {!r}".format(raw[:4]))
            invoked.cancel()
            await expect_error(pending, "wamp.error.feature_not_supported",
                               "ERROR for a passthru CALL to a callee without payload_passthru_mode")
    run(body())
