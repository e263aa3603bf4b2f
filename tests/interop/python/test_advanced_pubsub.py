"""Advanced Profile publish & subscribe with autobahn 22.7, every serializer x
transport: the router's feature announcement, pattern-based subscriptions,
publisher exclusion, publisher identification and subscriber black- and
whitelisting (wamp-proto rfc/text/advanced/ap_pubsub_*.md).

No test sleeps to show that an event does NOT arrive. Each uses a fence: a
later publication from the same publisher that the subscriber does receive.
Events from one publisher reach a subscriber in the order they were published
(Basic Profile, "Publish & Subscribe Ordering"), so once the fence is in, an
earlier event that had been routed to that subscriber would be in too.

autobahn 22.7's PublishOptions has no ``disclose_me``; the publisher
identification tests add it to the PUBLISH on the wire with
``wamp_client.extra_options``.
"""

from autobahn.wamp import message
from autobahn.wamp.types import PublishOptions, SubscribeOptions

from wamp_client import (Inbox, PAYLOAD_ARGS, PAYLOAD_KWARGS, SERIALIZERS, assert_same, extra_options, run,
                         show, unique_uri, wait)

# What WELCOME.Details.roles must announce (wamp-proto, "Feature Announcement"):
# the Advanced Profile features the broker and dealer implement ...
ADVANCED_BROKER_FEATURES = {
    "pattern_based_subscription",
    "publisher_exclusion",
    "publisher_identification",
    "subscriber_blackwhite_listing",
    "event_history",
    "event_retention",
    "payload_passthru_mode",
    "publication_trustlevels",
    "subscription_revocation",
}
ADVANCED_DEALER_FEATURES = {
    "pattern_based_registration",
    "shared_registration",
    "caller_identification",
    "progressive_call_results",
    "progressive_call_invocations",
    "call_canceling",
    "call_timeout",
    "call_trustlevels",
    "payload_passthru_mode",
    "registration_revocation",
}
# ... and the meta APIs (src/EdgeWamp.Router/Meta), which the router announces too.
META_BROKER_FEATURES = {"session_meta_api", "subscription_meta_api"}
META_DEALER_FEATURES = {"session_meta_api", "registration_meta_api", "testament_meta_api"}


async def subscribe(session, topic, name, match=None):
    inbox = Inbox(session, name)
    sub = await wait(session.subscribe(inbox.event_handler, topic,
                                       options=SubscribeOptions(match=match, details=True)),
                     "SUBSCRIBED for " + name)
    return inbox, sub


async def expect_event(inbox, expected_args, what):
    args, kwargs, details = await inbox.next(what)
    assert_same(expected_args, args, "{}: EVENT.args ({})".format(inbox.name, what))
    return kwargs, details


def raw_events(session, subscription_id):
    """The EVENT messages (autobahn's parsed form) the router sent for one subscription."""
    return [m for m in session.received if isinstance(m, message.Event) and m.subscription == subscription_id]


# -- feature announcement ------------------------------------------------------------------------

def test_welcome_announces_advanced_features(clients):
    async def body():
        async with clients() as c:
            s = await c.connect(label="client", record_raw=True)
            welcome = s.raw_received[0]
            assert welcome[0] == 2, "first message is not WELCOME: {!r}".format(welcome)
            roles = welcome[2].get("roles")
            assert isinstance(roles, dict) and set(roles) == {"broker", "dealer"}, roles
            for role, expected in (("broker", ADVANCED_BROKER_FEATURES | META_BROKER_FEATURES),
                                   ("dealer", ADVANCED_DEALER_FEATURES | META_DEALER_FEATURES)):
                features = roles[role].get("features")
                assert isinstance(features, dict), (role, roles[role])
                not_true = {k: v for k, v in features.items() if v is not True}
                assert not not_true, "{} features that are not boolean true: {!r}".format(role, not_true)
                missing, extra = expected - set(features), set(features) - expected
                assert not missing and not extra, "{}: missing {} extra {} (announced {})".format(
                    role, sorted(missing), sorted(extra), sorted(features))

            # autobahn's own view (SessionDetails has no roles; ApplicationSession keeps them in
            # _router_roles, dropping features 22.7 does not know, e.g. progressive_call_invocations)
            broker, dealer = s._router_roles["broker"], s._router_roles["dealer"]
            # (only the features 22.7's RoleBrokerFeatures/RoleDealerFeatures know; the raw check above is exact)
            for feature in sorted(ADVANCED_BROKER_FEATURES):
                if hasattr(broker, feature):
                    assert getattr(broker, feature) is True, (feature, broker)
            for feature in sorted(ADVANCED_DEALER_FEATURES - {"progressive_call_invocations"}):
                if hasattr(dealer, feature):
                    assert getattr(dealer, feature) is True, (feature, dealer)
            assert broker.pattern_based_subscription is True and dealer.shared_registration is True
    run(body())


# -- pattern-based subscriptions -----------------------------------------------------------------

def test_prefix_subscription(clients):
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            publisher = await c.connect(label="publisher")
            root = unique_uri("com.adv.prefix")
            inbox, sub = await subscribe(subscriber, root, "prefix subscription", match="prefix")

            # string prefix, as in the spec's examples: "root-low" matches too; "root" minus its
            # last character does not (nor does an unrelated topic).
            publisher.publish(root + ".a.b", *PAYLOAD_ARGS, **PAYLOAD_KWARGS)
            publisher.publish(root[:-1], "shorter: must not match")
            publisher.publish(unique_uri("com.adv.unrelated"), "unrelated: must not match")
            publisher.publish(root, "the prefix itself")
            publisher.publish(root + "-low", "dash")

            args, kwargs, details = await inbox.next("the event on root.a.b")
            assert_same(PAYLOAD_ARGS, args, "EVENT.args")
            assert_same(PAYLOAD_KWARGS, kwargs, "EVENT.kwargs")
            assert details.subscription.id == sub.id, (details.subscription.id, sub.id)
            assert details.topic == root + ".a.b", details.topic
            # the events that did not match would have arrived here, before these (ordering)
            for topic, expected in ((root, "the prefix itself"), (root + "-low", "dash")):
                _, details = await expect_event(inbox, [expected], "the event on " + topic)
                assert details.topic == topic, (topic, details.topic)
            inbox.assert_empty("only the three matching topics were published")
            # EVENT.Details.topic is on the wire (autobahn would fall back to the subscription's URI)
            assert [m.topic for m in raw_events(subscriber, sub.id)] == [root + ".a.b", root, root + "-low"], \
                show(raw_events(subscriber, sub.id))
    run(body())


def test_wildcard_subscription(clients):
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            publisher = await c.connect(label="publisher")
            root = unique_uri("com.adv.wild")
            pattern = root + "..userevent"
            inbox, sub = await subscribe(subscriber, pattern, "wildcard subscription", match="wildcard")

            publisher.publish(root + ".foo.userevent", 1)
            publisher.publish(root + ".foo.userevent.bar", "one component too many")
            publisher.publish(root + ".foo.user", "last component differs")
            publisher.publish(root + ".userevent", "one component too few")
            publisher.publish(root + "2.foo.userevent", "first components differ")
            publisher.publish(root + ".bar.userevent", 2)

            for n, topic in ((1, root + ".foo.userevent"), (2, root + ".bar.userevent")):
                _, details = await expect_event(inbox, [n], "the event on " + topic)
                assert details.topic == topic, (topic, details.topic)
                assert details.subscription.id == sub.id
            inbox.assert_empty("the other topics do not match {}".format(pattern))
            assert [m.topic for m in raw_events(subscriber, sub.id)] == [root + ".foo.userevent",
                                                                         root + ".bar.userevent"]
    run(body())


def test_event_matching_several_subscriptions(clients):
    async def body():
        async with clients() as c:
            subscriber = await c.connect(label="subscriber")
            publisher = await c.connect(label="publisher")
            root = unique_uri("com.adv.multi")
            topic = root + ".x.leaf"
            exact, exact_sub = await subscribe(subscriber, topic, "exact")
            prefix, prefix_sub = await subscribe(subscriber, root + ".x", "prefix", match="prefix")
            wild, wild_sub = await subscribe(subscriber, root + "..leaf", "wildcard", match="wildcard")
            assert len({exact_sub.id, prefix_sub.id, wild_sub.id}) == 3

            pub = await wait(publisher.publish(topic, "once", options=PublishOptions(acknowledge=True)), "PUBLISHED")
            # spec: "the event will be delivered for each subscription", same publication id
            for inbox, sub, detail_topic in ((exact, exact_sub, topic), (prefix, prefix_sub, topic),
                                             (wild, wild_sub, topic)):
                _, details = await expect_event(inbox, ["once"], "the event")
                assert details.publication == pub.id, (inbox.name, details.publication, pub.id)
                assert details.subscription.id == sub.id
                assert details.topic == detail_topic
            # only pattern-based subscriptions carry EVENT.Details.topic on the wire
            assert [m.topic for m in raw_events(subscriber, exact_sub.id)] == [None]
            assert [m.topic for m in raw_events(subscriber, prefix_sub.id)] == [topic]
            assert [m.topic for m in raw_events(subscriber, wild_sub.id)] == [topic]

            # after unsubscribing the prefix subscription, the others still get events, it does not
            await wait(prefix_sub.unsubscribe(), "UNSUBSCRIBED")
            publisher.publish(topic, "twice")
            fence_topic = unique_uri("com.adv.fence")
            fence, _ = await subscribe(subscriber, fence_topic, "fence")
            publisher.publish(fence_topic, "fence")
            await expect_event(exact, ["twice"], "the second event")
            await expect_event(wild, ["twice"], "the second event")
            await expect_event(fence, ["fence"], "the fence event")
            prefix.assert_empty("it was unsubscribed")
            assert len(raw_events(subscriber, prefix_sub.id)) == 1, show(raw_events(subscriber, prefix_sub.id))
            assert subscriber.is_attached()
    run(body())


def test_pattern_subscription_shared_between_sessions(clients):
    async def body():
        async with clients() as c:
            first = await c.connect(label="first")
            second = await c.connect(label="second")
            publisher = await c.connect(label="publisher")
            root = unique_uri("com.adv.shared")
            inbox1, sub1 = await subscribe(first, root, "first", match="prefix")
            inbox2, sub2 = await subscribe(second, root, "second", match="prefix")
            # one subscription per (topic, match policy), whoever subscribes
            assert sub1.id == sub2.id, (sub1.id, sub2.id)
            # but an exact subscription to the same URI is a different subscription
            exact, exact_sub = await subscribe(second, root, "second (exact)")
            assert exact_sub.id != sub1.id

            publisher.publish(root + ".a", "a")
            for inbox in (inbox1, inbox2):
                _, details = await expect_event(inbox, ["a"], "the event")
                assert details.topic == root + ".a"
            publisher.publish(root, "exact")
            for inbox in (inbox1, inbox2, exact):
                await expect_event(inbox, ["exact"], "the event on the prefix itself")
            exact.assert_empty("root.a does not match the exact subscription")
    run(body())


# -- publisher exclusion ----------------------------------------------------------------------------

def test_publisher_exclusion_with_pattern_subscription(clients):
    async def body():
        async with clients() as c:
            me = await c.connect(label="publisher")
            other = await c.connect(label="other")
            root = unique_uri("com.adv.exclme")
            mine, _ = await subscribe(me, root, "publisher's prefix subscription", match="prefix")
            theirs, _ = await subscribe(other, root + "..", "other's wildcard subscription", match="wildcard")

            me.publish(root + ".a.b", "default")
            me.publish(root + ".a.b", "excluded", options=PublishOptions(exclude_me=True))
            me.publish(root + ".a.b", "included", options=PublishOptions(exclude_me=False))
            # the publisher is excluded even when a whitelist names it, unless exclude_me is false
            me_id = me._session_id
            me.publish(root + ".a.b", "eligible-but-excluded", options=PublishOptions(eligible=[me_id, other._session_id]))
            me.publish(root + ".a.b", "eligible-and-included",
                       options=PublishOptions(eligible=[me_id], exclude_me=False))

            for expected in ("default", "excluded", "included", "eligible-but-excluded"):
                await expect_event(theirs, [expected], "event {!r}".format(expected))
            await expect_event(mine, ["included"], "the exclude_me=False event (first to reach the publisher)")
            await expect_event(mine, ["eligible-and-included"], "the eligible, exclude_me=False event")
            mine.assert_empty("exclude_me defaults to true")
            theirs.assert_empty("it is not in the last whitelist")
    run(body())


# -- publisher identification -------------------------------------------------------------------------

def test_publisher_identification(clients):
    async def body():
        async with clients() as c:
            publisher = await c.connect(label="publisher")
            pdetails = publisher.joined.result()
            root = unique_uri("com.adv.disclose")
            topic = root + ".t"
            # one subscriber per serializer, so the disclosed details are encoded in each
            inboxes = []
            for ser in sorted(SERIALIZERS):
                s = await c.connect(serializer=ser, label="subscriber/" + ser)
                inboxes.append((await subscribe(s, topic, "exact subscriber/" + ser))[0])
                inboxes.append((await subscribe(s, root, "prefix subscriber/" + ser, match="prefix"))[0])

            with extra_options(publisher, disclose_me=True):
                publisher.publish(topic, "disclosed", k=1)
            publisher.publish(topic, "anonymous")
            with extra_options(publisher, disclose_me=False):
                publisher.publish(topic, "not disclosed")

            for inbox in inboxes:
                kwargs, d = await expect_event(inbox, ["disclosed"], "the disclose_me event")
                assert_same({"k": 1}, kwargs, inbox.name + " EVENT.kwargs")
                assert d.publisher == pdetails.session, (inbox.name, d.publisher, pdetails.session)
                assert d.publisher_authid == pdetails.authid, (inbox.name, d.publisher_authid, pdetails.authid)
                assert d.publisher_authrole == pdetails.authrole == "anonymous", (inbox.name, d.publisher_authrole)
                for expected in ("anonymous", "not disclosed"):
                    _, d = await expect_event(inbox, [expected], "an event without disclose_me")
                    assert (d.publisher, d.publisher_authid, d.publisher_authrole) == (None, None, None), \
                        (inbox.name, expected, d)
    run(body())


# -- subscriber black- and whitelisting -----------------------------------------------------------------

async def three_subscribers(c, topic):
    """Subscribers a, b (exact) and p (prefix on the topic), and a publisher."""
    sessions, inboxes = {}, {}
    for name, match in (("a", None), ("b", None), ("p", "prefix")):
        s = await c.connect(label=name)
        sessions[name] = s
        inboxes[name], _ = await subscribe(s, topic, "subscriber " + name, match=match)
    publisher = await c.connect(label="publisher")
    return sessions, inboxes, publisher


async def check_eligibility(c, options_for, expected_receivers):
    """Publishes one event with the PublishOptions options_for(sessions) builds,
    then an unrestricted fence event; each subscriber must get the first event
    exactly if it is in expected_receivers."""
    topic = unique_uri("com.adv.bwlist")
    sessions, inboxes, publisher = await three_subscribers(c, topic)
    options = options_for(sessions)
    await wait(publisher.publish(topic, "restricted", options=PublishOptions(acknowledge=True, **options)),
               "PUBLISHED (restricted)")
    publisher.publish(topic, "fence")
    for name, inbox in sorted(inboxes.items()):
        args, _, _ = await inbox.next("the first event after {}".format(options))
        got = args == ["restricted"]
        assert got == (name in expected_receivers), \
            "subscriber {} (session {}, authid {}) {} the event published with {}".format(
                name, sessions[name]._session_id, sessions[name]._authid,
                "received" if got else "did not receive", options)
        if got:
            await expect_event(inbox, ["fence"], "the fence event")
        else:
            assert_same(["fence"], args, "subscriber {} EVENT.args".format(name))
        inbox.assert_empty("two events were published")


def test_exclude_session_ids(clients):
    async def body():
        async with clients() as c:
            await check_eligibility(c, lambda s: {"exclude": [s["b"]._session_id]}, {"a", "p"})
            await check_eligibility(c, lambda s: {"exclude": [s["a"]._session_id, s["p"]._session_id]}, {"b"})
    run(body())


def test_eligible_session_ids(clients):
    async def body():
        async with clients() as c:
            await check_eligibility(c, lambda s: {"eligible": [s["b"]._session_id]}, {"b"})
            await check_eligibility(c, lambda s: {"eligible": [s["a"]._session_id, s["p"]._session_id]}, {"a", "p"})
            # a whitelist naming no subscriber reaches nobody
            await check_eligibility(c, lambda s: {"eligible": [2 ** 53]}, set())
    run(body())


def test_exclude_authid(clients):
    async def body():
        async with clients() as c:
            await check_eligibility(c, lambda s: {"exclude_authid": [s["a"]._authid]}, {"b", "p"})
    run(body())


def test_eligible_authid(clients):
    async def body():
        async with clients() as c:
            await check_eligibility(c, lambda s: {"eligible_authid": [s["a"]._authid, s["p"]._authid]}, {"a", "p"})
            await check_eligibility(c, lambda s: {"eligible_authid": ["nobody-has-this-authid"]}, set())
    run(body())


def test_authrole_lists(clients):
    # every test session is anonymous (the interop config has one role)
    async def body():
        async with clients() as c:
            await check_eligibility(c, lambda s: {"exclude_authrole": ["anonymous"]}, set())
            await check_eligibility(c, lambda s: {"exclude_authrole": ["admin"]}, {"a", "b", "p"})
            await check_eligibility(c, lambda s: {"eligible_authrole": ["anonymous"]}, {"a", "b", "p"})
            await check_eligibility(c, lambda s: {"eligible_authrole": ["admin"]}, set())
    run(body())


def test_combined_black_and_whitelists(clients):
    # a subscriber gets the event only if every whitelist names it and no blacklist does
    async def body():
        async with clients() as c:
            await check_eligibility(c, lambda s: {"eligible": [s["a"]._session_id, s["b"]._session_id],
                                                  "exclude": [s["b"]._session_id]}, {"a"})
            await check_eligibility(c, lambda s: {"eligible": [s["a"]._session_id, s["b"]._session_id],
                                                  "exclude_authid": [s["a"]._authid]}, {"b"})
            await check_eligibility(c, lambda s: {"eligible_authid": [s["a"]._authid, s["p"]._authid],
                                                  "eligible": [s["p"]._session_id, s["b"]._session_id]}, {"p"})
            await check_eligibility(c, lambda s: {"eligible_authrole": ["anonymous"],
                                                  "exclude": [s["p"]._session_id]}, {"a", "b"})
    run(body())
