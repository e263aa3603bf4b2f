using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Meta;

/// <summary>
/// Testaments (WAMP spec, Advanced Profile, "Testament"): wamp.session.add_testament(topic, args, kwargs) with kwargs
/// scope and publish_options, and wamp.session.flush_testaments(scope); the router publishes them when the session goes.
/// </summary>
public sealed class TestamentTests : IDisposable
{
    private const string Topic = "com.myapp.mytopic";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    public static TheoryData<string> WaysToLeave => ["disconnect", "goodbye", "abort", "kill"];

    /// <summary>The spec's example: add_testament('com.myapp.mytopic', ['Seeya!'], {'my_name': 'app1'}), then the transport is lost.</summary>
    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void AddTestament_ThenDisconnect_PublishesTheEventWithItsArgsAndKwargs(WampSerializer testatorSerializer, WampSerializer subscriberSerializer)
    {
        TestClient subscriber = _router.Join(subscriberSerializer);
        ulong subscriptionId = subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(testatorSerializer);

        List<object?> result = testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { "Seeya!" }, WampValue.Map(("my_name", "app1"))]);
        Assert.Empty(result);
        subscriber.AssertNothingReceived();
        testator.Session.OnDisconnected();

        ReceivedMessage @event = subscriber.SingleEvent();
        WampAssert.Message(@event, 36, subscriptionId, @event.SecondId, WampValue.Map(), new object?[] { "Seeya!" }, WampValue.Map(("my_name", "app1")));
    }

    [Theory]
    [MemberData(nameof(WaysToLeave))]
    public void AddTestament_AnyWayOfLeaving_PublishesTheTestament(string way)
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);
        TestClient admin = _router.Join(WampSerializer.Cbor);
        TestClient testator = _router.Join(WampSerializer.Json);
        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { way }, WampValue.Map()]);

        switch (way)
        {
            case "disconnect": testator.Session.OnDisconnected(); break;
            case "goodbye": testator.Goodbye(); break;
            case "abort": testator.Abort(); break;
            default: admin.CallOk(3, "wamp.session.kill", [testator.Id()]); break;
        }

        WampValue.AssertEqual(new object?[] { new object?[] { way }, WampValue.Map() }, subscriber.SingleEvent().PayloadItems);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void AddTestament_ArgsOnly_PublishesArgsOnly(WampSerializer serializer)
    {
        TestClient subscriber = _router.Join(serializer);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(serializer);

        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { 1, "two", 3.5 }]);
        testator.Session.OnDisconnected();

        WampValue.AssertEqual(new object?[] { new object?[] { 1, "two", 3.5 } }, subscriber.SingleEvent().PayloadItems);
    }

    [Fact]
    public void AddTestament_TopicOnly_PublishesAnEventWithoutPayload()
    {
        TestClient subscriber = _router.Join(WampSerializer.MsgPack);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(WampSerializer.MsgPack);

        testator.CallOk(2, "wamp.session.add_testament", [Topic]);
        testator.Session.OnDisconnected();

        Assert.Empty(subscriber.SingleEvent().PayloadItems);
    }

    [Fact]
    public void AddTestament_Several_ArePublishedInTheOrderAdded()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeMatching(1, "com.myapp", "prefix");
        TestClient testator = _router.Join(WampSerializer.Cbor);

        testator.CallOk(2, "wamp.session.add_testament", ["com.myapp.first", new object?[] { 1 }]);
        testator.CallOk(3, "wamp.session.add_testament", ["com.myapp.second", new object?[] { 2 }]);
        testator.CallOk(4, "wamp.session.add_testament", ["com.myapp.third", new object?[] { 3 }]);
        testator.Session.OnDisconnected();

        Assert.Equal(["com.myapp.first", "com.myapp.second", "com.myapp.third"], subscriber.TakeAll().Select(e => (string)e.DetailsMap["topic"]!));
    }

    /// <summary>The spec: "A Router that does not allow Session Resumption MUST send detached-scope Testaments before destroyed-scope Testaments."</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void AddTestament_BothScopes_DetachedArePublishedBeforeDestroyed(WampSerializer serializer)
    {
        TestClient subscriber = _router.Join(serializer);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(serializer);

        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { "destroyed 1" }], WampValue.Map(("scope", "destroyed")));
        testator.CallOk(3, "wamp.session.add_testament", [Topic, new object?[] { "detached 1" }], WampValue.Map(("scope", "detached")));
        testator.CallOk(4, "wamp.session.add_testament", [Topic, new object?[] { "default is destroyed" }]);
        testator.CallOk(5, "wamp.session.add_testament", [Topic, new object?[] { "detached 2" }], WampValue.Map(("scope", "detached")));
        testator.Session.OnDisconnected();

        Assert.Equal(
            ["detached 1", "detached 2", "destroyed 1", "default is destroyed"],
            subscriber.TakeAll().Select(e => (string)((List<object?>)e.PayloadItems[0]!)[0]!));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void FlushTestaments_DefaultScope_RemovesTheDestroyedOnes(WampSerializer serializer)
    {
        TestClient subscriber = _router.Join(serializer);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(serializer);
        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { "destroyed" }]);
        testator.CallOk(3, "wamp.session.add_testament", [Topic, new object?[] { "detached" }], WampValue.Map(("scope", "detached")));

        Assert.Empty(testator.CallOk(4, "wamp.session.flush_testaments"));
        testator.Session.OnDisconnected();

        WampValue.AssertEqual(new object?[] { new object?[] { "detached" } }, subscriber.SingleEvent().PayloadItems);
    }

    [Fact]
    public void FlushTestaments_DetachedScope_RemovesOnlyTheDetachedOnes()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(WampSerializer.Json);
        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { "destroyed" }]);
        testator.CallOk(3, "wamp.session.add_testament", [Topic, new object?[] { "detached" }], WampValue.Map(("scope", "detached")));

        testator.CallOk(4, "wamp.session.flush_testaments", argumentsKw: WampValue.Map(("scope", "detached")));
        testator.Session.OnDisconnected();

        WampValue.AssertEqual(new object?[] { new object?[] { "destroyed" } }, subscriber.SingleEvent().PayloadItems);
    }

    [Fact]
    public void FlushTestaments_BothScopes_NothingIsPublished()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(WampSerializer.Cbor);
        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { 1 }]);
        testator.CallOk(3, "wamp.session.add_testament", [Topic, new object?[] { 2 }], WampValue.Map(("scope", "detached")));

        testator.CallOk(4, "wamp.session.flush_testaments", argumentsKw: WampValue.Map(("scope", "detached")));
        testator.CallOk(5, "wamp.session.flush_testaments", argumentsKw: WampValue.Map(("scope", "destroyed")));
        testator.Session.OnDisconnected();

        subscriber.AssertNothingReceived();
    }

    [Fact]
    public void Testaments_AfterTheSessionLeftAndANewOneJoinsOnTheSameConnection_AreNotPublishedAgain()
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(WampSerializer.Cbor);
        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { "once" }]);
        testator.Goodbye();
        Assert.Equal(WampMessageType.Goodbye, testator.Single().Type);
        Assert.Equal(WampMessageType.Event, subscriber.Single().Type);

        testator.Join(TestRouter.RealmName);
        testator.Goodbye();

        subscriber.AssertNothingReceived();
    }

    [Fact]
    public void Testament_PublishedWhileOtherSessionsStay_DoesNotReachTheLeavingSessionsOwnSubscription()
    {
        TestClient other = _router.Join(WampSerializer.Cbor);
        other.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(WampSerializer.Cbor);
        testator.SubscribeOk(1, Topic);
        testator.CallOk(2, "wamp.session.add_testament", [Topic, new object?[] { "bye" }]);

        testator.Session.OnDisconnected();

        Assert.Equal(WampMessageType.Event, other.Single().Type);
        testator.AssertNothingReceived();
    }

    [Fact]
    public void Testament_BeforeOnLeave_IsPublishedFirst()
    {
        TestClient observer = _router.Join(WampSerializer.Cbor);
        observer.SubscribeOk(1, Topic);
        observer.SubscribeOk(2, "wamp.session.on_leave");
        TestClient testator = _router.Join(WampSerializer.Cbor);
        testator.CallOk(3, "wamp.session.add_testament", [Topic, new object?[] { "last words" }]);

        testator.Session.OnDisconnected();

        List<ReceivedMessage> events = observer.TakeAll();
        Assert.Equal(2, events.Count);
        WampValue.AssertEqual(new object?[] { new object?[] { "last words" } }, events[0].PayloadItems);
        Assert.Equal(3, ((List<object?>)events[1].PayloadItems[0]!).Count);
    }

    [Theory]
    [InlineData("wamp.session.on_leave")]
    [InlineData("wamp.custom")]
    public void AddTestament_ReservedTopic_AnswersInvalidUriAndIsNotKept(string topic)
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, topic);
        TestClient testator = _router.Join(WampSerializer.Cbor);

        testator.CallFails(2, "wamp.session.add_testament", "wamp.error.invalid_uri", [topic, new object?[] { "forged" }]);
        testator.Session.OnDisconnected();

        List<ReceivedMessage> events = subscriber.TakeAll();
        Assert.DoesNotContain(events, e => e.PayloadItems.Count > 0 && WampValue.Canonical(e.PayloadItems[0]) == WampValue.Canonical(new object?[] { "forged" }));
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("com..myapp")]
    [InlineData("")]
    public void AddTestament_InvalidTopic_AnswersInvalidUri(string topic)
    {
        TestClient testator = _router.Join(WampSerializer.Json);

        testator.CallFails(1, "wamp.session.add_testament", "wamp.error.invalid_uri", [topic, Array.Empty<object?>()]);
    }

    /// <summary>
    /// add_testament(topic|uri, args|list, kwargs|dict): args and kwargs become the EVENT's Arguments|list and
    /// ArgumentsKw|dict, so other types must be refused when the testament is added, not published as a malformed EVENT.
    /// </summary>
    [Theory]
    [InlineData("not a list", null)]
    [InlineData(42, null)]
    [InlineData(null, "not a dict")]
    [InlineData(null, 42)]
    public void AddTestament_ArgsNotAListOrKwargsNotADict_AnswersInvalidArgument(object? args, object? kwargs)
    {
        TestClient subscriber = _router.Join(WampSerializer.Cbor);
        subscriber.SubscribeOk(1, Topic);
        TestClient testator = _router.Join(WampSerializer.Cbor);

        testator.CallFails(2, "wamp.session.add_testament", "wamp.error.invalid_argument", [Topic, args ?? Array.Empty<object?>(), kwargs ?? WampValue.Map()]);
        testator.Session.OnDisconnected();

        subscriber.AssertNothingReceived();
    }

    [Fact]
    public void AddTestament_WithoutArguments_AnswersInvalidUri()
    {
        TestClient testator = _router.Join(WampSerializer.Json);

        testator.CallFails(1, "wamp.session.add_testament", "wamp.error.invalid_uri");
    }

    [Theory]
    [InlineData("wamp.session.add_testament")]
    [InlineData("wamp.session.flush_testaments")]
    public void Testaments_UnknownScope_AnswersInvalidArgument(string procedure)
    {
        TestClient testator = _router.Join(WampSerializer.Cbor);
        object?[] arguments = procedure.EndsWith("add_testament", StringComparison.Ordinal) ? [Topic, Array.Empty<object?>()] : [];

        testator.CallFails(1, procedure, "wamp.error.invalid_argument", arguments, WampValue.Map(("scope", "forever")));
    }

    [Fact]
    public void AddTestament_TopicTheRoleMayNotPublishTo_AnswersNotAuthorized()
    {
        var realm = new RealmOptions
        {
            Name = TestRouter.RealmName,
            Roles =
            [
                new Role("anonymous", [
                    new PermissionRule("wamp.session.", UriMatch.Prefix, WampAction.Call),
                    new PermissionRule("com.myapp.", UriMatch.Prefix, WampAction.Subscribe | WampAction.Publish),
                    new PermissionRule("com.secret.", UriMatch.Prefix, WampAction.Subscribe)]),
            ],
            AnonymousRole = "anonymous",
        };
        using var router = new TestRouter(realm);
        TestClient testator = router.Join(WampSerializer.Cbor);

        testator.CallFails(1, "wamp.session.add_testament", "wamp.error.not_authorized", ["com.secret.topic", Array.Empty<object?>()]);
        testator.CallOk(2, "wamp.session.add_testament", ["com.myapp.topic", Array.Empty<object?>()]);
    }
}
