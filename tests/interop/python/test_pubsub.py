"""Publish & subscribe (broker) with autobahn publishers and subscribers,
every serializer x transport.

No test sleeps to wait for an event that should NOT arrive. Instead each uses
a barrier event and the WAMP ordering guarantee (Basic Profile, "Publish &
Subscribe Ordering"): events from one publisher reach a subscriber in the
order they were published, also across topics. Once the barrier is in, an
earlier event that had been routed to that subscriber would already be in too.
"""

import asyncio

from autobahn.wamp import message
from autobahn.wamp.request import Publication
from autobahn.wamp.types import PublishOptions, SubscribeOptions

from wamp_client import PAYLOAD_ARGS, PAYLOAD_KWARGS, assert_same, run, show, unique_uri, wait


class Inbox:
    """Collects events for one subscription: (args, kwargs, EventDetails)."""

    def __init__(self, session, name):
        self.session = session
        self.name = name
        self.queue = asyncio.Queue()

    def handler(self, *args, details=None, **kwargs):
        self.queue.put_nowait((list(args), kwargs, details))

    async def next(self, what="an EVENT"):
        """The next event; fails at once if the session's connection drops."""
        what = "{} for {}".format(what, self.name)
        if not self.queue.empty():
            return self.queue.get_nowait()
        getter = asyncio.ensure_future(self.queue.get())
        try:
            await wait(asyncio.wait([getter, self.session.disconnected], return_when=asyncio.FIRST_COMPLETED),
                       what)
        finally:
            if not getter.done():
                getter.cancel()
        if getter.done() and not getter.cancelled():
            return getter.result()
        raise AssertionError("connection of {} closed while waiting for {}; last messages from the router: {}".format(
            self.session.label, what, show(self.session.received[-5:])))

    def assert_empty(self, why):
        pending = []
        while not self.queue.empty():
            pending.append(self.queue.get_nowait()[:2])
        assert not pending, "{}: unexpected EVENTs {!r} ({})".format(self.name, pending, why)


async def subscribe(session, topic, name):
    inbox = Inbox(session, name)
    sub = await wait(session.subscribe(inbox.handler, topic, options=SubscribeOptions(details=True)),
                     "SUBSCRIBED for " + name)
    return inbox, sub


def test_publish_to_several_subscribers_and_unsubscribe(clients):
    async def body():
        async with clients() as c:
            topic = unique_uri("com.example.topic")
            barrier = unique_uri("com.example.barrier")
            subscribers = [await c.connect(label="subscriber{}".format(i)) for i in range(3)]
            publisher = await c.connect(label="publisher")
            inboxes, subs = [], []
            for i, s in enumerate(subscribers):
                inbox, sub = await subscribe(s, topic, "subscriber{}".format(i))
                inboxes.append(inbox)
                subs.append(sub)
            barrier_inbox, _ = await subscribe(subscribers[0], barrier, "subscriber0 (barrier)")

            pub = await wait(publisher.publish(topic, *PAYLOAD_ARGS, options=PublishOptions(acknowledge=True),
                                               **PAYLOAD_KWARGS), "PUBLISHED")
            for inbox, sub in zip(inboxes, subs):
                args, kwargs, details = await inbox.next()
                assert_same(PAYLOAD_ARGS, args, inbox.name + " EVENT.args")
                assert_same(PAYLOAD_KWARGS, kwargs, inbox.name + " EVENT.kwargs")
                assert details.publication == pub.id, (inbox.name, details.publication, pub.id)
                assert details.subscription.id == sub.id, (inbox.name, details.subscription.id, sub.id)

            # subscriber0 leaves the topic; the others still get events, it does not
            await wait(subs[0].unsubscribe(), "UNSUBSCRIBED")
            assert not subs[0].active
            mark = len(subscribers[0].received)
            publisher.publish(topic, "after-unsubscribe", n=2)
            publisher.publish(barrier, "barrier")
            for inbox in inboxes[1:]:
                args, kwargs, _ = await inbox.next("the event published after unsubscribe")
                assert_same(["after-unsubscribe"], args, inbox.name + " EVENT.args")
                assert_same({"n": 2}, kwargs, inbox.name + " EVENT.kwargs")
            args, _, _ = await barrier_inbox.next("the barrier event")
            assert_same(["barrier"], args, "barrier EVENT.args")
            inboxes[0].assert_empty("it had unsubscribed before the publication")
            # autobahn drops (and aborts on) an EVENT for a subscription it no
            # longer has, so look at what the router actually sent as well
            late = [m for m in subscribers[0].received[mark:]
                    if isinstance(m, message.Event) and m.subscription == subs[0].id]
            assert not late, "router sent EVENTs for subscription {} after UNSUBSCRIBED: {}".format(
                subs[0].id, show(late))
            assert subscribers[0].is_attached(), "subscriber0 lost its session: {}".format(
                show(subscribers[0].received[mark:]))
    run(body())


def test_exclude_me(clients):
    async def body():
        async with clients() as c:
            topic = unique_uri("com.example.excl")
            me = await c.connect(label="publisher")
            other = await c.connect(label="other")
            mine, _ = await subscribe(me, topic, "publisher's own subscription")
            theirs, _ = await subscribe(other, topic, "other subscriber")

            me.publish(topic, "default")                                         # exclude_me defaults to true
            me.publish(topic, "not-excluded", options=PublishOptions(exclude_me=False))

            for expected in ("default", "not-excluded"):
                args, _, _ = await theirs.next("event {!r}".format(expected))
                assert_same([expected], args, "other subscriber EVENT.args")
            args, _, _ = await mine.next("the exclude_me=False event")
            assert_same(["not-excluded"], args,
                        "publisher's first EVENT.args (the default-excluded event must not be delivered)")
            mine.assert_empty("exclude_me defaulted to true")
    run(body())


def test_acknowledge(clients):
    async def body():
        async with clients() as c:
            topic = unique_uri("com.example.ack")
            publisher = await c.connect(label="publisher")
            subscriber = await c.connect(label="subscriber")
            inbox, _ = await subscribe(subscriber, topic, "subscriber")

            pub = await wait(publisher.publish(topic, 1, options=PublishOptions(acknowledge=True)), "PUBLISHED")
            assert isinstance(pub, Publication), pub
            assert isinstance(pub.id, int) and 1 <= pub.id <= 2 ** 53, pub.id
            _, _, details = await inbox.next()
            assert details.publication == pub.id, (details.publication, pub.id)

            assert publisher.publish(topic, 2) is None   # no acknowledge -> no PUBLISHED awaited
            args, _, _ = await inbox.next("the unacknowledged event")
            assert_same([2], args, "EVENT.args")

            # acknowledged even with no subscriber at all
            pub2 = await wait(publisher.publish(unique_uri("com.example.nobody"), options=PublishOptions(
                acknowledge=True)), "PUBLISHED (no subscribers)")
            assert isinstance(pub2, Publication) and isinstance(pub2.id, int) and pub2.id != pub.id, pub2

            # and the router did not send a PUBLISHED for the unacknowledged publish
            published = [m for m in publisher.received if type(m).__name__ == "Published"]
            assert len(published) == 2, show(published)
    run(body())
