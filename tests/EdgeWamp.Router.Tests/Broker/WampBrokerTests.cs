using System.Text;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Broker;

/// <summary>Publish and subscribe (WAMP spec, Basic Profile, "Publish and Subscribe"), end to end through sessions.</summary>
public sealed class WampBrokerTests : IDisposable
{
    private const string Topic = "sensors.env.temperature";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    public static TheoryData<string> InvalidUris => ["", ".sensors", "sensors.", "sensors..env", "sensors env", "sensors.#", "sensors\tenv", "."];

    private static object?[] SampleArguments =>
    [
        21.5, "°C", -3, 1_700_000_000_000, true, null, new object?[] { 1, "two" }, WampValue.Map(("nested", WampValue.Map(("k", false)))),
        ulong.MaxValue, long.MinValue, 2.0, 0.1, 1e300, "quote \" backslash \\ newline \n tab \t emoji 😀", string.Empty, Array.Empty<object?>(), WampValue.Map(),
    ];

    private static Dictionary<string, object?> SampleArgumentsKw => WampValue.Map(("ts", 1_700_000_000_000), ("unit", "°C"), ("raw", new byte[] { 0, 1, 0xFE, 0xFF }), ("ratio", -0.125), ("k\"ey", "v"), ("empty", Array.Empty<byte>()));

    /// <summary>
    /// Payloads that are well formed in their serializer but hold values outside the WAMP data model, so another
    /// serializer could not carry them: (publisher serializer, subscriber serializer, Arguments as hex).
    /// </summary>
    public static TheoryData<WampSerializer, WampSerializer, string> UntranscodablePayloads => new()
    {
        { WampSerializer.Cbor, WampSerializer.Json, "81A10102" },    // [{1: 2}]: a map with an integer key
        { WampSerializer.Cbor, WampSerializer.MsgPack, "81A10102" },
        { WampSerializer.Cbor, WampSerializer.Json, "81F0" },        // [simple(16)]: an unassigned CBOR simple value
        { WampSerializer.MsgPack, WampSerializer.Json, "91810102" }, // [{1: 2}]
        { WampSerializer.MsgPack, WampSerializer.Cbor, "91810102" },
        { WampSerializer.Json, WampSerializer.Cbor, "5B39393939393939393939393939393939393939395D" }, // [99999999999999999999]: above 2^64
        { WampSerializer.Json, WampSerializer.MsgPack, "5B2D39393939393939393939393939393939393939395D" }, // [-99999999999999999999]: below -2^63
    };

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Subscribe_ValidTopic_AnswersSubscribed(WampSerializer serializer)
    {
        TestClient subscriber = _router.Join(serializer);

        subscriber.Subscribe(7, Topic);

        ReceivedMessage subscribed = subscriber.Single();
        Assert.Equal(WampMessageType.Subscribed, subscribed.Type);
        WampAssert.ValidId(subscribed.SecondId);
        WampAssert.Message(subscribed, 33, 7, subscribed.SecondId);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Subscribe_SameTopicFromTwoSessions_SharesTheSubscriptionId(WampSerializer serializer)
    {
        TestClient first = _router.Join(serializer);
        TestClient second = _router.Join(WampSerializer.Json);

        ulong firstId = first.SubscribeOk(1, Topic);
        ulong secondId = second.SubscribeOk(2, Topic);

        Assert.Equal(firstId, secondId);
    }

    [Fact]
    public void Subscribe_DifferentTopics_GetDifferentSubscriptionIds()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);

        ulong a = subscriber.SubscribeOk(1, "sensors.a");
        ulong b = subscriber.SubscribeOk(2, "sensors.b");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Subscribe_SameTopicTwiceFromOneSession_ReturnsTheSameIdAndDeliversOnce()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong first = subscriber.SubscribeOk(1, Topic);

        ulong second = subscriber.SubscribeOk(2, Topic);
        publisher.Publish(3, Topic, arguments: [1]);

        Assert.Equal(first, second);
        Assert.Equal(WampMessageType.Event, subscriber.Single().Type);
    }

    [Theory]
    [MemberData(nameof(InvalidUris))]
    public void Subscribe_InvalidUri_AnswersInvalidUri(string topic)
    {
        TestClient subscriber = _router.Join(WampSerializer.Json);

        subscriber.Subscribe(5, topic);

        ReceivedMessage error = subscriber.Single();
        WampAssert.Message(error, 8, 32, 5, WampValue.Map(), "wamp.error.invalid_uri");
    }

    [Fact]
    public void Subscribe_ExplicitExactMatch_Subscribes()
    {
        TestClient subscriber = _router.Join(WampSerializer.MsgPack);

        subscriber.Subscribe(5, Topic, WampValue.Map(("match", "exact")));

        Assert.Equal(WampMessageType.Subscribed, subscriber.Single().Type);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_TwoSubscribers_EachGetsTheEventWithThePublishersPayloadBytes(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient first = _router.Join(serializer);
        TestClient second = _router.Join(serializer);
        ulong subscriptionId = first.SubscribeOk(1, Topic);
        second.SubscribeOk(1, Topic);
        byte[] payload = TestClient.EncodePayload(serializer, SampleArguments, SampleArgumentsKw);

        publisher.Publish(2, Topic, arguments: SampleArguments, argumentsKw: SampleArgumentsKw);

        ReceivedMessage firstEvent = first.Single();
        ReceivedMessage secondEvent = second.Single();
        Assert.Equal(WampMessageType.Event, firstEvent.Type);
        Assert.Equal(subscriptionId, firstEvent.FirstId);
        WampAssert.ValidId(firstEvent.SecondId);
        Assert.Equal(firstEvent.SecondId, secondEvent.SecondId);
        Assert.Equal(2, firstEvent.PayloadCount);
        Assert.Equal(payload, firstEvent.Payload);
        Assert.Equal(firstEvent.Encoded, secondEvent.Encoded);
        WampAssert.Message(firstEvent, 36, subscriptionId, firstEvent.SecondId, WampValue.Map(), SampleArguments, SampleArgumentsKw);
        publisher.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void Publish_SubscriberWithAnotherSerializer_GetsTheSameValues(WampSerializer publisherSerializer, WampSerializer subscriberSerializer)
    {
        TestClient publisher = _router.Join(publisherSerializer);
        TestClient subscriber = _router.Join(subscriberSerializer);
        ulong subscriptionId = subscriber.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("acknowledge", true)), SampleArguments, SampleArgumentsKw);

        ReceivedMessage @event = subscriber.Single();
        ulong publicationId = publisher.Single().SecondId;
        WampAssert.Message(@event, 36, subscriptionId, publicationId, WampValue.Map(), SampleArguments, SampleArgumentsKw);
        WampValue.AssertEqual(new object?[] { SampleArguments, SampleArgumentsKw }, @event.PayloadItems);
    }

    [Fact]
    public void Publish_SubscribersInEverySerializer_EachGetsItsOwnEncodingOfTheSameEvent()
    {
        TestClient publisher = _router.Join(WampSerializer.Json);
        var subscribers = new List<TestClient>();
        foreach (WampSerializer serializer in Serializers.Each)
        {
            subscribers.Add(_router.Join(serializer));
            subscribers.Add(_router.Join(serializer));
        }

        ulong subscriptionId = subscribers.Select(s => s.SubscribeOk(1, Topic)).Distinct().Single();

        publisher.Publish(2, Topic, arguments: SampleArguments, argumentsKw: SampleArgumentsKw);

        var events = subscribers.Select(s => s.Single()).ToList();
        ulong publicationId = events[0].SecondId;
        foreach (ReceivedMessage @event in events)
        {
            WampAssert.Message(@event, 36, subscriptionId, publicationId, WampValue.Map(), SampleArguments, SampleArgumentsKw);
        }

        for (int i = 0; i < events.Count; i += 2)
        {
            Assert.Equal(events[i].Encoded, events[i + 1].Encoded);
        }
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_WithoutPayload_EventHasNoArguments(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(serializer);
        ulong subscriptionId = subscriber.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic);

        ReceivedMessage @event = subscriber.Single();
        Assert.Equal(0, @event.PayloadCount);
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map());
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_ArgumentsOnly_EventHasArgumentsOnly(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong subscriptionId = subscriber.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, arguments: ["on"]);

        ReceivedMessage @event = subscriber.Single();
        Assert.Equal(1, @event.PayloadCount);
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map(), new object?[] { "on" });
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_PublisherIsSubscribed_IsExcludedByDefault(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient other = _router.Join(serializer);
        publisher.SubscribeOk(1, Topic);
        other.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, arguments: [1]);

        publisher.AssertNothingReceived();
        Assert.Equal(WampMessageType.Event, other.Single().Type);
    }

    [Fact]
    public void Publish_ExcludeMeTrue_PublisherIsExcluded()
    {
        TestClient publisher = _router.Join(WampSerializer.Json);
        publisher.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("exclude_me", true)), [1]);

        publisher.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_ExcludeMeFalse_PublisherGetsTheEventToo(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient other = _router.Join(serializer);
        ulong subscriptionId = publisher.SubscribeOk(1, Topic);
        other.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("exclude_me", false), ("acknowledge", true)), [1]);

        List<ReceivedMessage> received = publisher.TakeAll();
        ReceivedMessage @event = Assert.Single(received, m => m.Type == WampMessageType.Event);
        ReceivedMessage published = Assert.Single(received, m => m.Type == WampMessageType.Published);
        Assert.Equal(2, received.Count);
        WampAssert.Message(@event, 36, subscriptionId, published.SecondId, WampValue.Map(), new object?[] { 1 });
        Assert.Equal(published.SecondId, other.Single().SecondId);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_Acknowledge_AnswersPublishedWithTheEventsPublicationId(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient first = _router.Join(serializer);
        TestClient second = _router.Join(WampSerializer.Cbor);
        first.SubscribeOk(1, Topic);
        second.SubscribeOk(1, Topic);

        publisher.Publish(42, Topic, WampValue.Map(("acknowledge", true)), [1]);

        ReceivedMessage published = publisher.Single();
        WampAssert.ValidId(published.SecondId);
        WampAssert.Message(published, 17, 42, published.SecondId);
        Assert.Equal(published.SecondId, first.Single().SecondId);
        Assert.Equal(published.SecondId, second.Single().SecondId);
    }

    [Fact]
    public void Publish_AcknowledgeWithoutSubscribers_StillAnswersPublished()
    {
        TestClient publisher = _router.Join(WampSerializer.Json);

        publisher.Publish(42, Topic, WampValue.Map(("acknowledge", true)), [1]);

        ReceivedMessage published = publisher.Single();
        WampAssert.Message(published, 17, 42, published.SecondId);
        WampAssert.ValidId(published.SecondId);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void Publish_WithoutAcknowledge_AnswersNothing(bool? acknowledge)
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);
        Dictionary<string, object?> options = acknowledge is { } value ? WampValue.Map(("acknowledge", value)) : WampValue.Map();

        publisher.Publish(2, Topic, options, [1]);

        publisher.AssertNothingReceived();
        Assert.Equal(WampMessageType.Event, subscriber.Single().Type);
    }

    [Fact]
    public void Publish_SuccessivePublications_GetDistinctPublicationIds()
    {
        TestClient publisher = _router.Join(WampSerializer.MsgPack);
        TestClient subscriber = _router.Join(WampSerializer.MsgPack);
        subscriber.SubscribeOk(1, Topic);

        for (ulong i = 0; i < 50; i++)
        {
            publisher.Publish(10 + i, Topic, arguments: [i]);
        }

        List<ReceivedMessage> events = subscriber.TakeAll();
        Assert.Equal(50, events.Count);
        Assert.Equal(50, events.Select(e => e.SecondId).Distinct().Count());
        Assert.All(events, e => WampAssert.ValidId(e.SecondId));
    }

    [Theory]
    [MemberData(nameof(InvalidUris))]
    public void Publish_InvalidUriWithAcknowledge_AnswersInvalidUri(string topic)
    {
        TestClient publisher = _router.Join(WampSerializer.Json);

        publisher.Publish(9, topic, WampValue.Map(("acknowledge", true)), [1]);

        ReceivedMessage error = publisher.Single();
        WampAssert.Message(error, 8, 16, 9, WampValue.Map(), "wamp.error.invalid_uri");
    }

    [Theory]
    [MemberData(nameof(InvalidUris))]
    public void Publish_InvalidUriWithoutAcknowledge_AnswersNothing(string topic)
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);

        publisher.Publish(9, topic, arguments: [1]);

        publisher.AssertNothingReceived();
        Assert.False(publisher.Connection.IsClosed);
    }

    /// <summary>
    /// WampUriValidator.IsReserved: "Sessions may not register or publish under wamp.: the router owns that
    /// namespace." Otherwise any client could forge meta events such as wamp.session.on_leave.
    /// </summary>
    [Fact]
    public void Publish_ReservedWampTopic_IsRefusedAndNotDelivered()
    {
        TestClient publisher = _router.Join(WampSerializer.Json);
        TestClient subscriber = _router.Join(WampSerializer.Json);
        subscriber.SubscribeOk(1, "wamp.session.on_leave");

        publisher.Publish(9, "wamp.session.on_leave", WampValue.Map(("acknowledge", true)), [12345]);

        subscriber.AssertNothingReceived();
        WampAssert.RequestRefused(publisher.Single(), WampMessageType.Publish, 9, "wamp.error.invalid_uri");
    }

    [Theory]
    [InlineData(WampSerializer.Cbor)]
    [InlineData(WampSerializer.MsgPack)]
    public void Publish_JsonPeerWithEscapes_SubscribersGetTheUnescapedValues(WampSerializer subscriberSerializer)
    {
        TestClient publisher = _router.Join(WampSerializer.Json);
        TestClient subscriber = _router.Join(subscriberSerializer);
        ulong subscriptionId = subscriber.SubscribeOk(1, Topic);

        // A topic with an escaped dot, a string with escaped non-ASCII (a surrogate pair), and an escaped key.
        publisher.SendRaw(Encoding.UTF8.GetBytes(
            """[16, 2, {}, "sensors\u002eenv.temperature", ["caf\u00e9 \ud83d\ude00", "a\/b"], {"k\"ey": "\n", "\u0041": 1}]"""));

        ReceivedMessage @event = subscriber.Single();
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map(), new object?[] { "café 😀", "a/b" }, WampValue.Map(("k\"ey", "\n"), ("A", 1)));
    }

    [Theory]
    [MemberData(nameof(UntranscodablePayloads))]
    public void Publish_PayloadOutsideTheDataModel_AbortsThePublisherAndKeepsRouting(WampSerializer publisherSerializer, WampSerializer subscriberSerializer, string argumentsHex)
    {
        TestClient publisher = _router.Join(publisherSerializer);
        TestClient sameSerializer = _router.Join(publisherSerializer);
        TestClient otherSerializer = _router.Join(subscriberSerializer);
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.Json);
        sameSerializer.SubscribeOk(1, Topic);
        otherSerializer.SubscribeOk(1, Topic);
        byte[] arguments = Convert.FromHexString(argumentsHex);

        Exception? thrown = Record.Exception(() => publisher.Send(new RequestMessage
        {
            Type = WampMessageType.Publish,
            RequestId = 2,
            Uri = Encoding.UTF8.GetBytes(Topic),
            Payload = new EncodedPayload(publisherSerializer, arguments, 1),
        }));

        // Peer input never throws out of the router: a value outside the WAMP data model is refused when the
        // message is decoded, so the publisher is aborted and no subscriber gets a partial fan-out.
        Assert.True(thrown is null, $"Receive threw {thrown}");
        WampAssert.AbortedAndClosed(publisher, "wamp.error.protocol_violation");
        sameSerializer.AssertNothingReceived();
        otherSerializer.AssertNothingReceived();
        RoutingProbe.AssertRoutes(a, b);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Unsubscribe_OwnSubscription_AnswersUnsubscribedAndStopsEvents(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient leaving = _router.Join(serializer);
        TestClient staying = _router.Join(serializer);
        ulong subscriptionId = leaving.SubscribeOk(1, Topic);
        staying.SubscribeOk(1, Topic);

        leaving.Unsubscribe(2, subscriptionId);

        WampAssert.Message(leaving.Single(), 35, 2);
        publisher.Publish(3, Topic, arguments: [1]);
        leaving.AssertNothingReceived();
        ReceivedMessage @event = staying.Single();
        Assert.Equal(WampMessageType.Event, @event.Type);
        Assert.Equal(subscriptionId, @event.FirstId);
    }

    [Fact]
    public void Unsubscribe_LastSubscriber_TopicDeliversAgainAfterResubscribing()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong first = subscriber.SubscribeOk(1, Topic);
        subscriber.Unsubscribe(2, first);
        subscriber.TakeAll();
        publisher.Publish(3, Topic, arguments: [1]);
        subscriber.AssertNothingReceived();

        ulong second = subscriber.SubscribeOk(4, Topic);
        publisher.Publish(5, Topic, arguments: [2]);

        ReceivedMessage @event = subscriber.Single();
        WampAssert.Message(@event, 36, second, @event.SecondId, WampValue.Map(), new object?[] { 2 });
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Unsubscribe_UnknownId_AnswersNoSuchSubscription(WampSerializer serializer)
    {
        TestClient subscriber = _router.Join(serializer);

        subscriber.Unsubscribe(4, 987654);

        WampAssert.Message(subscriber.Single(), 8, 34, 4, WampValue.Map(), "wamp.error.no_such_subscription");
    }

    [Fact]
    public void Unsubscribe_Twice_SecondAnswersNoSuchSubscription()
    {
        TestClient subscriber = _router.Join(WampSerializer.Json);
        ulong subscriptionId = subscriber.SubscribeOk(1, Topic);
        subscriber.Unsubscribe(2, subscriptionId);
        subscriber.TakeAll();

        subscriber.Unsubscribe(3, subscriptionId);

        WampAssert.RequestRefused(subscriber.Single(), WampMessageType.Unsubscribe, 3, "wamp.error.no_such_subscription");
    }

    [Fact]
    public void Unsubscribe_AnotherSessionsSubscription_AnswersNoSuchSubscriptionAndKeepsIt()
    {
        TestClient publisher = _router.Join(WampSerializer.MsgPack);
        TestClient owner = _router.Join(WampSerializer.MsgPack);
        TestClient intruder = _router.Join(WampSerializer.MsgPack);
        ulong subscriptionId = owner.SubscribeOk(1, Topic);

        intruder.Unsubscribe(2, subscriptionId);

        WampAssert.RequestRefused(intruder.Single(), WampMessageType.Unsubscribe, 2, "wamp.error.no_such_subscription");
        publisher.Publish(3, Topic, arguments: [1]);
        Assert.Equal(subscriptionId, owner.Single().FirstId);
        intruder.AssertNothingReceived();
    }

    [Theory]
    [InlineData(WriteResult.Full)]
    [InlineData(WriteResult.TooLarge)]
    [InlineData(WriteResult.Closed)]
    public void Publish_SubscriberRefusesTheWrite_DropsItsEventAndDeliversToOthers(WriteResult refusal)
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient slow = _router.Join(WampSerializer.Cbor);
        TestClient before = _router.Join(WampSerializer.Cbor);
        TestClient after = _router.Join(WampSerializer.Json);
        before.SubscribeOk(1, Topic);
        slow.SubscribeOk(1, Topic);
        after.SubscribeOk(1, Topic);
        slow.Connection.Result = refusal;

        publisher.Publish(2, Topic, WampValue.Map(("acknowledge", true)), [1]);

        Assert.Equal(1, slow.Session.DroppedEvents);
        Assert.Equal(1, slow.Connection.RefusedCount);
        slow.AssertNothingReceived();
        Assert.False(slow.Connection.IsClosed);
        ulong publicationId = publisher.Single().SecondId;
        Assert.Equal(publicationId, before.Single().SecondId);
        Assert.Equal(publicationId, after.Single().SecondId);
        Assert.Equal(0, before.Session.DroppedEvents);
    }

    [Fact]
    public void Publish_SubscriberRecovers_GetsLaterEventsAndKeepsItsDropCount()
    {
        TestClient publisher = _router.Join(WampSerializer.Json);
        TestClient slow = _router.Join(WampSerializer.Json);
        slow.SubscribeOk(1, Topic);
        slow.Connection.Result = WriteResult.Full;
        publisher.Publish(2, Topic, arguments: [1]);
        publisher.Publish(3, Topic, arguments: [2]);

        slow.Connection.Result = WriteResult.Written;
        publisher.Publish(4, Topic, arguments: [3]);

        Assert.Equal(2, slow.Session.DroppedEvents);
        WampValue.AssertEqual(new object?[] { new object?[] { 3 } }, slow.Single().PayloadItems);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnDisconnected_Subscriber_ItsSubscriptionsAreRemoved(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient gone = _router.Join(serializer);
        TestClient staying = _router.Join(serializer);
        gone.SubscribeOk(1, Topic);
        gone.SubscribeOk(2, "sensors.only.gone");
        ulong shared = staying.SubscribeOk(1, Topic);

        gone.Session.OnDisconnected();
        publisher.Publish(3, Topic, arguments: [1]);
        publisher.Publish(4, "sensors.only.gone", arguments: [1]);

        gone.AssertNothingReceived();
        Assert.Equal(0, gone.Connection.RefusedCount);
        Assert.Equal(shared, staying.Single().FirstId);
    }
}
