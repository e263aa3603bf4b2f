using System.Globalization;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Meta;

/// <summary>The registration meta API (WAMP spec, Advanced Profile, "Registration Meta API"): procedures and events, end to end.</summary>
public sealed class RegistrationMetaApiTests : IDisposable
{
    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void List_RegistrationsOfEachPolicy_ListsTheirIdsByPolicy(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        ulong exact1 = callee.RegisterOk(1, "com.myapp.a");
        ulong exact2 = callee.RegisterOk(2, "com.myapp.b");
        ulong prefix = callee.RegisterMatching(3, "com.myapp", "prefix");
        ulong wildcard = callee.RegisterMatching(4, "com..a", "wildcard");

        var lists = Assert.IsType<Dictionary<string, object?>>(caller.CallForValue(1, "wamp.registration.list"));

        Assert.Equal(new HashSet<object?> { exact1, exact2 }, Assert.IsType<List<object?>>(lists["exact"]).ToHashSet());
        WampValue.AssertEqual(new object?[] { prefix }, lists["prefix"]);
        WampValue.AssertEqual(new object?[] { wildcard }, lists["wildcard"]);
        Assert.Equal(3, lists.Count);
    }

    [Fact]
    public void List_NoRegistrations_ListsThreeEmptyLists()
    {
        TestClient caller = _router.Join(WampSerializer.MsgPack);

        object? lists = caller.CallForValue(1, "wamp.registration.list");

        WampValue.AssertEqual(WampValue.Map(("exact", Array.Empty<object?>()), ("prefix", Array.Empty<object?>()), ("wildcard", Array.Empty<object?>())), lists);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Lookup_ByProcedureAndMatchPolicy_FindsTheRegistrationManagingIt(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        ulong exact = callee.RegisterOk(1, "com.myapp.a");
        ulong prefix = callee.RegisterMatching(2, "com.myapp.a", "prefix");
        ulong wildcard = callee.RegisterMatching(3, "com..a", "wildcard");

        Assert.Equal(exact, caller.CallForValue(1, "wamp.registration.lookup", ["com.myapp.a"]));
        Assert.Equal(prefix, caller.CallForValue(2, "wamp.registration.lookup", ["com.myapp.a", WampValue.Map(("match", "prefix"))]));
        Assert.Equal(wildcard, caller.CallForValue(3, "wamp.registration.lookup", ["com..a", WampValue.Map(("match", "wildcard"))]));
        Assert.Null(caller.CallForValue(4, "wamp.registration.lookup", ["com.myapp.b"]));
        Assert.Null(caller.CallForValue(5, "wamp.registration.lookup", ["com.myapp.a.b", WampValue.Map(("match", "prefix"))]));
    }

    /// <summary>match: the registration a call would reach, by the same precedence as routing (exact, longest prefix, wildcard).</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Match_Procedure_ReturnsTheBestMatchingRegistration(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        ulong exact = callee.RegisterOk(1, "a1.b2.c3.d4.e55");
        callee.RegisterMatching(2, "a1.b2.c3", "prefix");
        ulong longPrefix = callee.RegisterMatching(3, "a1.b2.c3.d4", "prefix");
        ulong wildcard = callee.RegisterMatching(4, "a1.b2..d4.e5", "wildcard");

        Assert.Equal(exact, caller.CallForValue(1, "wamp.registration.match", ["a1.b2.c3.d4.e55"]));
        Assert.Equal(longPrefix, caller.CallForValue(2, "wamp.registration.match", ["a1.b2.c3.d4.e325"]));
        Assert.Equal(wildcard, caller.CallForValue(3, "wamp.registration.match", ["a1.b2.c55.d4.e5"]));
        Assert.Null(caller.CallForValue(4, "wamp.registration.match", ["a2.b2.c2.d2.e2"]));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Get_Registration_ReturnsItsDetailsWithTheInvocationPolicy(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient callee = _router.Join(WampSerializer.Cbor);
        DateTimeOffset before = DateTimeOffset.UtcNow.AddSeconds(-1);
        ulong id = callee.RegisterWith(1, "com.myapp", WampValue.Map(("match", "prefix"), ("invoke", "roundrobin")));

        var details = Assert.IsType<Dictionary<string, object?>>(caller.CallForValue(1, "wamp.registration.get", [id]));

        Assert.Equal(id, details["id"]);
        Assert.Equal("com.myapp", details["uri"]);
        Assert.Equal("prefix", details["match"]);
        Assert.Equal("roundrobin", details["invoke"]);
        DateTimeOffset created = DateTimeOffset.Parse(Assert.IsType<string>(details["created"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(created, before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(5, details.Count);
    }

    [Fact]
    public void Get_DefaultRegistration_IsExactAndSingle()
    {
        TestClient caller = _router.Join(WampSerializer.Json);
        TestClient callee = _router.Join(WampSerializer.Json);
        ulong id = callee.RegisterOk(1, "com.myapp.a");

        var details = Assert.IsType<Dictionary<string, object?>>(caller.CallForValue(1, "wamp.registration.get", [id]));

        Assert.Equal("exact", details["match"]);
        Assert.Equal("single", details["invoke"]);
    }

    [Fact]
    public void Get_UnknownRegistration_AnswersNoSuchRegistration()
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, "wamp.registration.get", "wamp.error.no_such_registration", [424242]);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void ListCalleesAndCountCallees_SharedRegistration_NameEveryCallee(WampSerializer serializer)
    {
        TestClient caller = _router.Join(serializer);
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.Json);
        ulong id = a.RegisterShared(1, "com.myapp.compute", "random");
        b.RegisterShared(1, "com.myapp.compute", "random");

        List<object?> callees = Assert.IsType<List<object?>>(caller.CallForValue(1, "wamp.registration.list_callees", [id]));

        Assert.Equal(new HashSet<object?> { a.Id(), b.Id() }, callees.ToHashSet());
        WampValue.AssertEqual(2, caller.CallForValue(2, "wamp.registration.count_callees", [id]));
        a.Session.OnDisconnected();
        WampValue.AssertEqual(new object?[] { b.Id() }, caller.CallForValue(3, "wamp.registration.list_callees", [id]));
        WampValue.AssertEqual(1, caller.CallForValue(4, "wamp.registration.count_callees", [id]));
    }

    [Theory]
    [InlineData("wamp.registration.list_callees")]
    [InlineData("wamp.registration.count_callees")]
    public void ListOrCountCallees_UnknownRegistration_AnswersNoSuchRegistration(string procedure)
    {
        TestClient caller = _router.Join(WampSerializer.Cbor);

        caller.CallFails(1, procedure, "wamp.error.no_such_registration", [424242]);
    }

    /// <summary>on_create [session, details], then on_register [session, registration] (spec: MUST be in this order).</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnCreateAndOnRegister_FirstCallee_ArePublishedInOrder(WampSerializer serializer)
    {
        TestClient observer = ObserveRegistrationEvents(serializer);
        TestClient callee = _router.Join(WampSerializer.Cbor);

        ulong id = callee.RegisterWith(1, "com..a", WampValue.Map(("match", "wildcard"), ("invoke", "first")));

        List<ReceivedMessage> events = observer.TakeAll();
        Assert.Equal(["wamp.registration.on_create", "wamp.registration.on_register"], events.Select(Topic));
        List<object?> created = Arguments(events[0]);
        Assert.Equal(2, created.Count);
        Assert.Equal(callee.Id(), created[0]);
        var details = Assert.IsType<Dictionary<string, object?>>(created[1]);
        Assert.Equal(id, details["id"]);
        Assert.Equal("com..a", details["uri"]);
        Assert.Equal("wildcard", details["match"]);
        Assert.Equal("first", details["invoke"]);
        Assert.IsType<string>(details["created"]);
        WampValue.AssertEqual(new object?[] { callee.Id(), id }, Arguments(events[1]));
    }

    [Fact]
    public void OnRegister_SecondCalleeOfASharedRegistration_IsPublishedWithoutOnCreate()
    {
        TestClient first = _router.Join(WampSerializer.Cbor);
        ulong id = first.RegisterShared(1, "com.myapp.a", "roundrobin");
        TestClient observer = ObserveRegistrationEvents(WampSerializer.Json);
        TestClient second = _router.Join(WampSerializer.Cbor);

        second.RegisterShared(1, "com.myapp.a", "roundrobin");

        ReceivedMessage @event = observer.SingleEvent();
        Assert.Equal("wamp.registration.on_register", Topic(@event));
        WampValue.AssertEqual(new object?[] { second.Id(), id }, Arguments(@event));
    }

    [Fact]
    public void Register_Refused_PublishesNothing()
    {
        TestClient first = _router.Join(WampSerializer.Cbor);
        first.RegisterOk(1, "com.myapp.a");
        TestClient observer = ObserveRegistrationEvents(WampSerializer.Json);
        TestClient second = _router.Join(WampSerializer.Cbor);

        second.Register(1, "com.myapp.a");

        Assert.Equal(WampMessageType.Error, second.Single().Type);
        observer.AssertNothingReceived();
    }

    /// <summary>on_unregister [session, registration]; for the last callee then on_delete [session, registration] (spec: MUST).</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OnUnregisterAndOnDelete_CalleesLeaveOneByOne_AreReportedInOrder(WampSerializer serializer)
    {
        TestClient a = _router.Join(WampSerializer.Cbor);
        TestClient b = _router.Join(WampSerializer.Cbor);
        ulong id = a.RegisterShared(1, "com.myapp.a", "last");
        b.RegisterShared(1, "com.myapp.a", "last");
        TestClient observer = ObserveRegistrationEvents(serializer);

        a.Unregister(2, id);
        Assert.Equal(WampMessageType.Unregistered, a.Single().Type);
        ReceivedMessage first = observer.SingleEvent();
        ulong bId = b.Id();
        b.Session.OnDisconnected();
        List<ReceivedMessage> last = observer.TakeAll();

        Assert.Equal("wamp.registration.on_unregister", Topic(first));
        WampValue.AssertEqual(new object?[] { a.Id(), id }, Arguments(first));
        Assert.Equal(["wamp.registration.on_unregister", "wamp.registration.on_delete"], last.Select(Topic));
        WampValue.AssertEqual(new object?[] { bId, id }, Arguments(last[0]));
        WampValue.AssertEqual(new object?[] { bId, id }, Arguments(last[1]));
    }

    [Fact]
    public void Call_RoleWithoutCallPermissionOnTheRegistrationApi_AnswersNotAuthorized()
    {
        var realm = new RealmOptions
        {
            Name = TestRouter.RealmName,
            Roles = [new Role("anonymous", [new PermissionRule("wamp.session.", UriMatch.Prefix, WampAction.Call)])],
            AnonymousRole = "anonymous",
        };
        using var router = new TestRouter(realm);
        TestClient caller = router.Join(WampSerializer.Cbor);

        caller.Call(1, "wamp.registration.list");

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 1, "wamp.error.not_authorized");
    }

    /// <summary>A session subscribed by prefix to every wamp.registration.on_* event.</summary>
    private TestClient ObserveRegistrationEvents(WampSerializer serializer)
    {
        TestClient observer = _router.Join(serializer);
        observer.SubscribeMatching(100, "wamp.registration.on_", "prefix");
        return observer;
    }

    private static string Topic(ReceivedMessage @event)
    {
        Assert.Equal(WampMessageType.Event, @event.Type);
        return Assert.IsType<string>(@event.DetailsMap["topic"]);
    }

    private static List<object?> Arguments(ReceivedMessage @event) => Assert.IsType<List<object?>>(Assert.Single(@event.PayloadItems));
}
