using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Broker;

/// <summary>Publisher identification (WAMP spec, Advanced Profile, "Publisher Identification"), end to end.</summary>
public sealed class PublisherIdentificationTests : IDisposable
{
    private const string Topic = "com.myapp.mytopic1";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Publish_DiscloseMe_EventNamesThePublisherItsAuthIdAndAuthRole(WampSerializer serializer)
    {
        TestClient publisher = _router.Join(serializer);
        TestClient subscriber = _router.Join(serializer);
        ulong subscriptionId = subscriber.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("disclose_me", true)), arguments: ["Hello, world!"]);

        ReceivedMessage @event = subscriber.SingleEvent();
        var expectedDetails = WampValue.Map(
            ("publisher", publisher.Id()),
            ("publisher_authid", TestIdentity.AuthId(publisher)),
            ("publisher_authrole", "anonymous"));
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, expectedDetails, new object?[] { "Hello, world!" });
    }

    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void Publish_DiscloseMeToASubscriberWithAnotherSerializer_NamesThePublisher(WampSerializer publisherSerializer, WampSerializer subscriberSerializer)
    {
        TestClient publisher = _router.Join(publisherSerializer);
        TestClient subscriber = _router.Join(subscriberSerializer);
        subscriber.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("disclose_me", true)));

        Dictionary<string, object?> details = subscriber.SingleEvent().DetailsMap;
        Assert.Equal(publisher.Id(), details["publisher"]);
        Assert.Equal(TestIdentity.AuthId(publisher), details["publisher_authid"]);
        Assert.Equal("anonymous", details["publisher_authrole"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Publish_WithoutDiscloseMe_EventDoesNotNameThePublisher(bool? discloseMe)
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, discloseMe is null ? null : WampValue.Map(("disclose_me", discloseMe)));

        Assert.Empty(subscriber.SingleEvent().DetailsMap);
    }

    [Fact]
    public void Publish_DiscloseMeToAPrefixSubscription_EventNamesThePublisherAndTheTopic()
    {
        TestClient publisher = _router.Join(WampSerializer.MsgPack);
        TestClient subscriber = _router.Join(WampSerializer.Json);
        subscriber.SubscribeMatching(1, "com.myapp", "prefix");

        publisher.Publish(2, Topic, WampValue.Map(("disclose_me", true)));

        Dictionary<string, object?> details = subscriber.SingleEvent().DetailsMap;
        WampValue.AssertEqual(
            WampValue.Map(("publisher", publisher.Id()), ("publisher_authid", TestIdentity.AuthId(publisher)), ("publisher_authrole", "anonymous"), ("topic", Topic)),
            details);
    }

    [Fact]
    public void Publish_DiscloseMeWithSeveralSubscribers_EachSeesTheSamePublisher()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient[] subscribers = [_router.Join(WampSerializer.Cbor), _router.Join(WampSerializer.Json), _router.Join(WampSerializer.MsgPack)];
        foreach (TestClient subscriber in subscribers)
        {
            subscriber.SubscribeOk(1, Topic);
        }

        publisher.Publish(2, Topic, WampValue.Map(("disclose_me", true)));

        Assert.All(subscribers, subscriber => Assert.Equal(publisher.Id(), subscriber.SingleEvent().DetailsMap["publisher"]));
    }

    [Fact]
    public void Publish_DiscloseMeThenWithout_OnlyTheFirstEventNamesThePublisher()
    {
        TestClient publisher = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);

        publisher.Publish(2, Topic, WampValue.Map(("disclose_me", true)));
        publisher.Publish(3, Topic);

        List<ReceivedMessage> events = subscriber.TakeAll();
        Assert.Equal(2, events.Count);
        Assert.True(events[0].DetailsMap.ContainsKey("publisher"));
        Assert.Empty(events[1].DetailsMap);
    }
}
