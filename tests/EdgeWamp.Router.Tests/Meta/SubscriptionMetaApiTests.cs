using System.Globalization;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Meta;

/// <summary>The subscription meta API (WAMP spec, Advanced Profile, "Subscription Meta API"): procedures and events, end to end.</summary>
public sealed class SubscriptionMetaApiTests : IDisposable
{
    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void List_SubscriptionsOfEachPolicy_ListsTheirIdsByPolicy(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong exact1 = subscriber.SubscribeOk(1, "com.myapp.a");
        ulong exact2 = subscriber.SubscribeOk(2, "com.myapp.b");
        ulong prefix = subscriber.SubscribeMatching(3, "com.myapp", "prefix");
        ulong wildcard = subscriber.SubscribeMatching(4, "com..a", "wildcard");

        var lists = Assert.IsType<Dictionary<string, object?>>(caller.CallForValue(1, "wamp.subscription.list"));

        Assert.Equal(new HashSet<object?> { exact1, exact2 }, Assert.IsType<List<object?>>(lists["exact"]).ToHashSet());
        Assert.Equal([prefix], Assert.IsType<List<object?>>(lists["prefix"]));
        Assert.Equal([wildcard], Assert.IsType<List<object?>>(lists["wildcard"]));
        Assert.Equal(3, lists.Count);
    }

    [Fact]
    public void List_NoSubscriptions_ListsThreeEmptyLists()
    {
        TestClient caller = _router.Join(WampSerializer.Json);

        object? lists = caller.CallForValue(1, "wamp.subscription.list");

        WampValue.AssertEqual(WampValue.Map(("exact", Array.Empty<object?>()), ("prefix", Array.Empty<object?>()), ("wildcard", Array.Empty<object?>())), lists);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Lookup_ByTopicAndMatchPolicy_FindsTheSubscriptionManagingIt(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong exact = subscriber.SubscribeOk(1, "com.myapp.a");
        ulong prefix = subscriber.SubscribeMatching(2, "com.myapp.a", "prefix");
        ulong wildcard = subscriber.SubscribeMatching(3, "com..a", "wildcard");

        Assert.Equal(exact, caller.CallForValue(1, "wamp.subscription.lookup", ["com.myapp.a"]));
        Assert.Equal(exact, caller.CallForValue(2, "wamp.subscription.lookup", ["com.myapp.a", WampValue.Map(("match", "exact"))]));
        Assert.Equal(prefix, caller.CallForValue(3, "wamp.subscription.lookup", ["com.myapp.a", WampValue.Map(("match", "prefix"))]));
        Assert.Equal(wildcard, caller.CallForValue(4, "wamp.subscription.lookup", ["com..a", WampValue.Map(("match", "wildcard"))]));
    }

    [Fact]
    public void Lookup_NoSuchSubscription_ReturnsNull()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeMatching(1, "com.myapp", "prefix");

        Assert.Null(caller.CallForValue(1, "wamp.subscription.lookup", ["com.myapp"]));
        Assert.Null(caller.CallForValue(2, "wamp.subscription.lookup", ["com.myapp.a", WampValue.Map(("match", "prefix"))]));
        Assert.Null(caller.CallForValue(3, "wamp.subscription.lookup", ["com.other"]));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Match_Topic_ListsEverySubscriptionAnEventWouldReach(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong exact = subscriber.SubscribeOk(1, "com.myapp.a");
        ulong prefix = subscriber.SubscribeMatching(2, "com.myapp", "prefix");
        ulong wildcard = subscriber.SubscribeMatching(3, "com..a", "wildcard");
        subscriber.SubscribeOk(4, "com.myapp.b");
        subscriber.SubscribeMatching(5, "com..b", "wildcard");

        List<object?> ids = Assert.IsType<List<object?>>(caller.CallForValue(1, "wamp.subscription.match", ["com.myapp.a"]));

        Assert.Equal(new HashSet<object?> { exact, prefix, wildcard }, ids.ToHashSet());
        Assert.Equal(3, ids.Count);
    }

    /// <summary>The spec: "(Nullable) subscription_ids|list: A list of all matching subscription IDs, or null."</summary>
    [Fact]
    public void Match_NothingMatches_ReturnsNullOrAnEmptyList()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        object? ids = caller.CallForValue(1, "wamp.subscription.match", ["com.nothing"]);

        Assert.True(ids is null || (ids is List<object?> list && list.Count == 0), $"expected null or [], got {WampValue.Canonical(ids)}");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Get_Subscription_ReturnsItsDetails(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);
        ulong id = subscriber.SubscribeMatching(1, "com.myapp", "prefix");

        var details = Assert.IsType<Dictionary<string, object?>>(caller.CallForValue(1, "wamp.subscription.get", [id]));

        Assert.Equal(id, details["id"]);
        Assert.Equal("com.myapp", details["uri"]);
        Assert.Equal("prefix", details["match"]);
        DateTimeOffset created = DateTimeOffset.Parse(Assert.IsType<string>(details["created"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(created, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(4, details.Count);
    }

    [Fact]
    public void Get_UnknownSubscription_AnswersNoSuchSubscription()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.subscription.get", "wamp.error.no_such_subscription", [424242]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void ListSubscribersAndCountSubscribers_SharedSubscription_NameEverySubscriber(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.Json);
        ulong id = a.SubscribeMatching(1, "com..a", "wildcard");
        b.SubscribeMatching(1, "com..a", "wildcard");

        List<object?> subscribers = Assert.IsType<List<object?>>(caller.CallForValue(1, "wamp.subscription.list_subscribers", [id]));
        object? count = caller.CallForValue(2, "wamp.subscription.count_subscribers", [id]);

        Assert.Equal(new HashSet<object?> { a.Id(), b.Id() }, subscribers.ToHashSet());
        WampValue.AssertEqual(2, count);
        b.Session.OnDisconnected();
        Assert.Equal([a.Id()], Assert.IsType<List<object?>>(caller.CallForValue(3, "wamp.subscription.list_subscribers", [id])));
        WampValue.AssertEqual(1, caller.CallForValue(4, "wamp.subscription.count_subscribers", [id]));
    }

    [Theory]
    [InlineData("wamp.subscription.list_subscribers")]
    [InlineData("wamp.subscription.count_subscribers")]
    public void ListOrCountSubscribers_UnknownSubscription_AnswersNoSuchSubscription(string procedure)
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, procedure, "wamp.error.no_such_subscription", [424242]);
    }

    [Fact]
    public void Get_SubscriptionWhoseLastSubscriberLeft_AnswersNoSuchSubscription()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong id = subscriber.SubscribeOk(1, "com.myapp.a");
        subscriber.Unsubscribe(2, id);
        Assert.Equal(WampMessageType.Unsubscribed, subscriber.Single().Type);

        caller.CallFails(1, "wamp.subscription.get", "wamp.error.no_such_subscription", [id]);
        Assert.Null(caller.CallForValue(2, "wamp.subscription.lookup", ["com.myapp.a"]));
    }

    /// <summary>on_create [session, details], then on_subscribe [session, subscription], in that order (spec: MUST).</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnCreateAndOnSubscribe_FirstSubscriber_ArePublishedInOrder(WampSerializer serializer)
    {
        TestClient observer = ObserveSubscriptionEvents(serializer);
        TestClient subscriber = _router.Join(WampSerializer.Cbor);

        ulong id = subscriber.SubscribeMatching(1, "com.myapp", "prefix");

        List<ReceivedMessage> events = observer.TakeAll();
        Assert.Equal(["wamp.subscription.on_create", "wamp.subscription.on_subscribe"], events.Select(Topic));
        List<object?> created = Arguments(events[0]);
        Assert.Equal(2, created.Count);
        Assert.Equal(subscriber.Id(), created[0]);
        var details = Assert.IsType<Dictionary<string, object?>>(created[1]);
        Assert.Equal(id, details["id"]);
        Assert.Equal("com.myapp", details["uri"]);
        Assert.Equal("prefix", details["match"]);
        Assert.IsType<string>(details["created"]);
        WampValue.AssertEqual(new object?[] { subscriber.Id(), id }, Arguments(events[1]));
    }

    [Fact]
    public void OnSubscribe_SecondSubscriberOfTheSameTopic_IsPublishedWithoutOnCreate()
    {
        TestClient first = _router.Join(WampSerializer.Cbor);
        ulong id = first.SubscribeOk(1, "com.myapp.a");
        TestClient observer = ObserveSubscriptionEvents(WampSerializer.Json);
        TestClient second = _router.Join(WampSerializer.Cbor);

        second.SubscribeOk(1, "com.myapp.a");

        ReceivedMessage @event = observer.SingleEvent();
        Assert.Equal("wamp.subscription.on_subscribe", Topic(@event));
        WampValue.AssertEqual(new object?[] { second.Id(), id }, Arguments(@event));
    }

    [Fact]
    public void Subscribe_SameTopicTwiceFromOneSession_PublishesNoSecondOnSubscribe()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, "com.myapp.a");
        TestClient observer = ObserveSubscriptionEvents(WampSerializer.Json);

        subscriber.SubscribeOk(2, "com.myapp.a");

        observer.AssertNothingReceived();
    }

    /// <summary>on_unsubscribe [session, subscription]; for the last subscriber then on_delete [session, subscription] (spec: MUST).</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnUnsubscribeAndOnDelete_SubscribersLeaveOneByOne_AreReportedInOrder(WampSerializer serializer)
    {
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.Cbor);
        ulong id = a.SubscribeMatching(1, "com..a", "wildcard");
        b.SubscribeMatching(1, "com..a", "wildcard");
        TestClient observer = ObserveSubscriptionEvents(serializer);

        a.Unsubscribe(2, id);
        Assert.Equal(WampMessageType.Unsubscribed, a.Single().Type);
        ReceivedMessage first = observer.SingleEvent();
        b.Unsubscribe(2, id);
        Assert.Equal(WampMessageType.Unsubscribed, b.Single().Type);
        List<ReceivedMessage> last = observer.TakeAll();

        Assert.Equal("wamp.subscription.on_unsubscribe", Topic(first));
        WampValue.AssertEqual(new object?[] { a.Id(), id }, Arguments(first));
        Assert.Equal(["wamp.subscription.on_unsubscribe", "wamp.subscription.on_delete"], last.Select(Topic));
        WampValue.AssertEqual(new object?[] { b.Id(), id }, Arguments(last[0]));
        WampValue.AssertEqual(new object?[] { b.Id(), id }, Arguments(last[1]));
    }

    [Fact]
    public void OnUnsubscribeAndOnDelete_SubscriberDisconnects_AreReportedForEachOfItsSubscriptions()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        ulong a = subscriber.SubscribeOk(1, "com.myapp.a");
        ulong b = subscriber.SubscribeMatching(2, "com.myapp", "prefix");
        TestClient observer = ObserveSubscriptionEvents(WampSerializer.MsgPack);
        ulong sessionId = subscriber.Id();

        subscriber.Session.OnDisconnected();

        List<ReceivedMessage> events = observer.TakeAll();
        Assert.Equal(
            ["wamp.subscription.on_unsubscribe", "wamp.subscription.on_delete", "wamp.subscription.on_unsubscribe", "wamp.subscription.on_delete"],
            events.Select(Topic));
        Assert.Equal(
            [a, a, b, b],
            events.Select(e => Assert.IsType<ulong>(Arguments(e)[1])));
        Assert.All(events, e => Assert.Equal(sessionId, Arguments(e)[0]));
    }

    /// <summary>
    /// A session that says GOODBYE gets the router's GOODBYE as its last message (WAMP spec, "Session Closing"): the
    /// meta events its own leaving causes are not sent to it, even when it is subscribed to them.
    /// </summary>
    [Theory]
    [InlineData("wamp.subscription.on_unsubscribe")]
    [InlineData("wamp.subscription.on_delete")]
    public void Goodbye_SessionSubscribedToSubscriptionEvents_GetsNothingAfterTheGoodbye(string metaTopic)
    {
        TestClient observer = _router.Join(WampSerializer.Json);
        observer.SubscribeOk(1, metaTopic);
        TestClient leaving = _router.Join(WampSerializer.Cbor);
        leaving.SubscribeOk(1, "com.myapp.a");
        leaving.Subscribe(2, metaTopic);
        Assert.Equal(WampMessageType.Subscribed, leaving.TakeAll()[0].Type);
        observer.TakeAll();

        leaving.Goodbye();

        List<ReceivedMessage> messages = leaving.TakeAll();
        Assert.True(messages.Count == 1, $"expected only the GOODBYE, got {string.Join("; ", messages)}");
        WampAssert.Goodbye(messages[0], "wamp.close.goodbye_and_out");
        Assert.NotEmpty(observer.TakeAll());
    }

    [Fact]
    public void Kill_VictimSubscribedToSubscriptionEvents_GetsNothingAfterItsGoodbye()
    {
        TestClient admin = _router.Join(WampSerializer.Json);
        TestClient victim = _router.Join(WampSerializer.Cbor);
        victim.SubscribeOk(1, "com.myapp.a");
        victim.Subscribe(2, "wamp.subscription.on_unsubscribe");
        Assert.Equal(WampMessageType.Subscribed, victim.TakeAll()[0].Type);

        admin.CallOk(3, "wamp.session.kill", [victim.Id()]);

        List<ReceivedMessage> messages = victim.TakeAll();
        Assert.True(messages.Count == 1, $"expected only the GOODBYE, got {string.Join("; ", messages)}");
        WampAssert.Goodbye(messages[0], "wamp.close.normal");
    }

    [Fact]
    public void MetaEvents_SubscriptionsToMetaTopics_AreReportedToo()
    {
        TestClient observer = _router.Join(WampSerializer.Cbor);

        observer.Subscribe(1, "wamp.subscription.on_create");

        List<ReceivedMessage> messages = observer.TakeAll();
        Assert.Equal([WampMessageType.Subscribed, WampMessageType.Event], messages.Select(m => m.Type));
        Assert.Equal("wamp.subscription.on_create", Assert.IsType<Dictionary<string, object?>>(Arguments(messages[1])[1])["uri"]);
    }

    [Fact]
    public void Call_RoleWithoutCallPermissionOnTheSubscriptionApi_AnswersNotAuthorized()
    {
        var realm = new RealmOptions
        {
            Name = TestRouter.RealmName,
            Roles = [new Role("anonymous", [new PermissionRule("com.", UriMatch.Prefix, TestRouter.AllActions)])],
            AnonymousRole = "anonymous",
        };
        using var router = new TestRouter(realm);
        TestClient caller = router.Join(WampSerializer.Cbor);

        caller.Call(1, "wamp.subscription.list");

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 1, "wamp.error.not_authorized");
    }

    /// <summary>A session subscribed by prefix to every wamp.subscription.on_* event; its own subscription's events are taken.</summary>
    private TestClient ObserveSubscriptionEvents(WampSerializer serializer)
    {
        TestClient observer = _router.Join(serializer);
        observer.Subscribe(100, "wamp.subscription.on_", WampValue.Map(("match", "prefix")));
        Assert.Equal(WampMessageType.Subscribed, observer.TakeAll()[0].Type);
        return observer;
    }

    private static string Topic(ReceivedMessage @event)
    {
        Assert.Equal(WampMessageType.Event, @event.Type);
        return Assert.IsType<string>(@event.DetailsMap["topic"]);
    }

    private static List<object?> Arguments(ReceivedMessage @event) => Assert.IsType<List<object?>>(Assert.Single(@event.PayloadItems));
}
