using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Broker;

/// <summary>Pattern-based subscriptions (WAMP spec, Advanced Profile, "Pattern-based Subscriptions"), end to end.</summary>
public sealed class PatternSubscriptionTests : IDisposable
{
    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_PrefixSubscription_EventCarriesTheConcreteTopic(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(serializer);
        ulong subscriptionId = subscriber.SubscribeMatching(1, "com.myapp.topic.emergency", "prefix");

        publisher.Publish(2, "com.myapp.topic.emergency.category.severe", arguments: ["Hello, world!"]);

        ReceivedMessage @event = subscriber.SingleEvent();
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map(("topic", "com.myapp.topic.emergency.category.severe")), new object?[] { "Hello, world!" });
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_WildcardSubscription_EventCarriesTheConcreteTopic(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(serializer);
        ulong subscriptionId = subscriber.SubscribeMatching(1, "com.myapp..userevent", "wildcard");

        publisher.Publish(2, "com.myapp.a12.userevent", arguments: [1], argumentsKw: WampValue.Map(("k", "v")));

        ReceivedMessage @event = subscriber.SingleEvent();
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map(("topic", "com.myapp.a12.userevent")), new object?[] { 1 }, WampValue.Map(("k", "v")));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_ExactSubscription_EventHasNoTopic(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(serializer);
        ulong subscriptionId = subscriber.SubscribeMatching(1, "com.myapp.topic", "exact");

        publisher.Publish(2, "com.myapp.topic", arguments: [1]);

        ReceivedMessage @event = subscriber.SingleEvent();
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map(), new object?[] { 1 });
    }

    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void Publish_PatternSubscriberWithAnotherSerializer_GetsTheTopicAndThePayload(WampSerializer publisherSerializer, WampSerializer subscriberSerializer)
    {
        TestClient publisher = _router.Join(publisherSerializer);
        TestClient subscriber = _router.Join(subscriberSerializer);
        ulong subscriptionId = subscriber.SubscribeMatching(1, "sensors.", "wildcard");

        publisher.Publish(2, "sensors.temperature", arguments: [21.5, "°C"], argumentsKw: WampValue.Map(("ts", 1_700_000_000_000)));

        ReceivedMessage @event = subscriber.SingleEvent();
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map(("topic", "sensors.temperature")), new object?[] { 21.5, "°C" }, WampValue.Map(("ts", 1_700_000_000_000)));
    }

    /// <summary>Spec: "When a single event matches more than one of a Subscriber's subscriptions, the event will be delivered for each subscription."</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_SessionSubscribedExactAndByPrefix_GetsTwoEventsWithTheSamePublication(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(serializer);
        ulong exactId = subscriber.SubscribeOk(1, "com.myapp.topic1");
        ulong prefixId = subscriber.SubscribeMatching(2, "com.myapp", "prefix");

        publisher.Publish(3, "com.myapp.topic1", arguments: ["x"]);

        List<ReceivedMessage> events = subscriber.TakeAll();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(WampMessageType.Event, e.Type));
        Assert.NotEqual(exactId, prefixId);
        Assert.Equal(new HashSet<ulong> { exactId, prefixId }, events.Select(e => e.FirstId).ToHashSet());
        Assert.Equal(events[0].SecondId, events[1].SecondId);
        ReceivedMessage viaExact = events.Single(e => e.FirstId == exactId);
        ReceivedMessage viaPrefix = events.Single(e => e.FirstId == prefixId);
        WampAssert.Message(viaExact, 36, exactId, viaExact.SecondId, WampValue.Map(), new object?[] { "x" });
        WampAssert.Message(viaPrefix, 36, prefixId, viaPrefix.SecondId, WampValue.Map(("topic", "com.myapp.topic1")), new object?[] { "x" });
    }

    [Fact]
    public void Publish_SessionSubscribedByPrefixAndWildcard_GetsOneEventPerSubscription()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong prefixId = subscriber.SubscribeMatching(1, "a.b", "prefix");
        ulong shortPrefixId = subscriber.SubscribeMatching(2, "a", "prefix");
        ulong wildcardId = subscriber.SubscribeMatching(3, "a..c", "wildcard");
        subscriber.SubscribeMatching(4, "a..d", "wildcard");

        publisher.Publish(5, "a.b.c");

        List<ReceivedMessage> events = subscriber.TakeAll();
        Assert.Equal(new HashSet<ulong> { prefixId, shortPrefixId, wildcardId }, events.Select(e => e.FirstId).ToHashSet());
        Assert.Equal(3, events.Count);
        Assert.All(events, e => Assert.Equal("a.b.c", e.DetailsMap["topic"]));
    }

    [Theory]
    [InlineData("prefix", "com.myapp.topic.emergency", "com.myapp.topic.emerge")]
    [InlineData("prefix", "com.myapp.topic.emergency", "com.myapp.topic")]
    [InlineData("wildcard", "com.myapp..userevent", "com.myapp.foo.userevent.bar")]
    [InlineData("wildcard", "com.myapp..userevent", "com.myapp.foo.user")]
    [InlineData("wildcard", "com.myapp..userevent", "com.myapp2.foo.userevent")]
    [InlineData("exact", "com.myapp.topic", "com.myapp.topic.sub")]
    public void Publish_TopicThePatternDoesNotMatch_DeliversNothing(string match, string pattern, string topic)
    {
        TestClient publisher = _router.Join(WampSerializer.Json);
        TestClient subscriber = _router.Join(WampSerializer.Json);
        subscriber.SubscribeMatching(1, pattern, match);

        publisher.Publish(2, topic, WampValue.Map(("acknowledge", true)));

        Assert.Equal(WampMessageType.Published, publisher.Single().Type);
        subscriber.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Unsubscribe_PatternSubscription_StopsItsEventsAndKeepsTheOthers(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(serializer);
        ulong exactId = subscriber.SubscribeOk(1, "com.myapp.topic1");
        ulong prefixId = subscriber.SubscribeMatching(2, "com.myapp", "prefix");

        subscriber.Unsubscribe(3, prefixId);

        WampAssert.Message(subscriber.Single(), 35, 3);
        publisher.Publish(4, "com.myapp.topic1");
        Assert.Equal(exactId, subscriber.SingleEvent().FirstId);
        publisher.Publish(5, "com.myapp.topic2");
        subscriber.AssertNothingReceived();
    }

    [Fact]
    public void Unsubscribe_WildcardSubscription_StopsItsEvents()
    {
        TestClient publisher = _router.Join(WampSerializer.MsgPack);
        TestClient subscriber = _router.Join(WampSerializer.MsgPack);
        ulong wildcardId = subscriber.SubscribeMatching(1, "a..c", "wildcard");

        subscriber.Unsubscribe(2, wildcardId);

        Assert.Equal(WampMessageType.Unsubscribed, subscriber.Single().Type);
        publisher.Publish(3, "a.b.c");
        subscriber.AssertNothingReceived();
    }

    [Fact]
    public void Subscribe_SamePatternFromTwoSessions_SharesTheSubscriptionAndBothGetEvents()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient first = _router.Join(WampSerializer.Cbor);
        TestClient second = _router.Join(WampSerializer.Json);

        ulong firstId = first.SubscribeMatching(1, "a..c", "wildcard");
        ulong secondId = second.SubscribeMatching(2, "a..c", "wildcard");
        publisher.Publish(3, "a.b.c");

        Assert.Equal(firstId, secondId);
        Assert.Equal(firstId, first.SingleEvent().FirstId);
        Assert.Equal(secondId, second.SingleEvent().FirstId);
    }

    [Fact]
    public void Subscribe_SameUriUnderDifferentPolicies_GetsDifferentSubscriptions()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);

        ulong exact = subscriber.SubscribeMatching(1, "a.b", "exact");
        ulong prefix = subscriber.SubscribeMatching(2, "a.b", "prefix");
        ulong wildcard = subscriber.SubscribeMatching(3, "a.b", "wildcard");

        Assert.Equal(3, new HashSet<ulong> { exact, prefix, wildcard }.Count);
    }

    [Fact]
    public void Subscribe_SamePatternTwiceFromOneSession_ReturnsTheSameIdAndDeliversOnce()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);

        ulong first = subscriber.SubscribeMatching(1, "a", "prefix");
        ulong second = subscriber.SubscribeMatching(2, "a", "prefix");
        publisher.Publish(3, "a.b");

        Assert.Equal(first, second);
        Assert.Equal(first, subscriber.SingleEvent().FirstId);
    }

    /// <summary>
    /// Options.match has a closed vocabulary: any other value, or a value that is not a string, is a protocol violation
    /// (the decoder's options validation, after the spec's "options_validation" test vectors).
    /// </summary>
    [Theory]
    [InlineData("fuzzy")]
    [InlineData("Prefix")]
    [InlineData("")]
    [InlineData(1)]
    [InlineData(true)]
    public void Subscribe_UnknownMatchPolicy_AbortsWithProtocolViolation(object match)
    {
        TestClient subscriber = _router.Join(WampSerializer.Json);
        TestClient bystander = _router.Join(WampSerializer.Json);

        subscriber.Subscribe(5, "a.b", WampValue.Map(("match", match)));

        WampAssert.AbortedAndClosed(subscriber, "wamp.error.protocol_violation");
        RoutingProbe.AssertRoutes(bystander, _router.Join(WampSerializer.Cbor));
    }

    [Theory]
    [InlineData("wildcard", "a..c")]
    [InlineData("wildcard", ".b.")]
    [InlineData("prefix", "com.myapp.")]
    [InlineData("prefix", ".com")]
    public void Subscribe_PatternValidOnlyUnderItsPolicy_Subscribes(string match, string pattern)
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);

        subscriber.SubscribeMatching(1, pattern, match);

        subscriber.Subscribe(2, pattern);
        WampAssert.Error(subscriber.Single(), WampMessageType.Subscribe, 2, "wamp.error.invalid_uri");
    }

    [Theory]
    [InlineData("wildcard", "a.#.c")]
    [InlineData("wildcard", "a. .c")]
    [InlineData("prefix", "")]
    [InlineData("prefix", "a b")]
    public void Subscribe_InvalidPattern_AnswersInvalidUri(string match, string pattern)
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);

        subscriber.Subscribe(1, pattern, WampValue.Map(("match", match)));

        WampAssert.Error(subscriber.Single(), WampMessageType.Subscribe, 1, "wamp.error.invalid_uri");
    }

    [Fact]
    public void Publish_PrefixSubscriberIsThePublisher_IsExcludedUnlessExcludeMeIsFalse()
    {
        TestClient client = _router.Join(WampSerializer.Cbor);
        ulong subscriptionId = client.SubscribeMatching(1, "a", "prefix");

        client.Publish(2, "a.b");
        client.AssertNothingReceived();
        client.Publish(3, "a.b", WampValue.Map(("exclude_me", false)));

        ReceivedMessage @event = client.SingleEvent();
        Assert.Equal(subscriptionId, @event.FirstId);
        Assert.Equal("a.b", @event.DetailsMap["topic"]);
    }

    [Fact]
    public void OnDisconnected_PatternSubscriber_ItsSubscriptionGoesAndANewOneGetsANewId()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient leaving = _router.Join(WampSerializer.Cbor);
        ulong oldId = leaving.SubscribeMatching(1, "a", "prefix");

        leaving.Session.OnDisconnected();
        TestClient next = _router.Join(WampSerializer.Cbor);
        ulong newId = next.SubscribeMatching(2, "a", "prefix");
        publisher.Publish(3, "a.b");

        Assert.NotEqual(oldId, newId);
        Assert.Equal(newId, next.SingleEvent().FirstId);
    }
}
